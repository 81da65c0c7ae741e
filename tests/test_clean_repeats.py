"""newslens.clean.repeats: lines an outlet repeats are learned (by hand-checked counts) and
dropped by clean_corpus only."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.clean import (Document, clean_corpus, clean_text, learn_repeated_lines,
                            paragraph_keys, repeat_key)

_TOPICS = ["talks", "floods", "budget", "strike", "election", "harvest", "trial", "storm", "vote", "fire"]


def _outlet_article(i: int, boiler: str | None) -> str:
    t = _TOPICS[i]
    paras = [f"Headline about the {t}", f"The {t} story begins with its own first sentence.",
             f"The {t} story goes on with a second, different sentence."]
    if boiler:
        paras.insert(2, boiler)
    return "\n\n".join(paras)


def test_learned_repeats_need_min_docs_distinct_contexts():
    boiler = "Follow our live coverage on the website."
    texts = [_outlet_article(i, boiler) for i in range(3)] + [_outlet_article(9, None)]
    # outlet A: 4 articles; need = max(min_docs=3, ceil(0.02 * 4) = 1) = 3; the line sits in
    # 3 articles between 3 different pairs of neighbours -> learned.
    learned = learn_repeated_lines(texts, ["A"] * 4)
    assert learned["A"] == frozenset({repeat_key(boiler)})
    # only 2 articles: 2 < 3 -> not learned
    assert learn_repeated_lines(texts[:2], ["A"] * 2)["A"] == frozenset()
    # the same story printed three times: same neighbours -> one context -> not boilerplate
    same = [_outlet_article(1, boiler)] * 3
    assert learn_repeated_lines(same, ["A"] * 3)["A"] == frozenset()
    # per outlet: three outlets with one article each learn nothing
    assert all(not v for v in learn_repeated_lines(texts[:3], ["A", "B", "C"]).values())


def test_learned_repeats_removed_by_clean_corpus_not_clean_text():
    boiler = "Follow our live coverage on the website."
    texts = [_outlet_article(i, boiler) for i in range(4)]
    df = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["A"] * 4, "text": texts})
    out, log = clean_corpus(df)
    assert not out["text_clean"].str.contains(boiler).any()
    assert (log["rule"] == "repeated_line").sum() == 4
    assert boiler in clean_text(texts[0])
    out2, _ = clean_corpus(df, learn_repeats=False)
    assert out2["text_clean"].str.contains(boiler).all()


def test_learned_repeats_skip_structure_repeated_within_articles():
    # a speaker label: in 3 articles, 4 times in each -> 12 occurrences > 3.0 * 3 articles
    def transcript(i: int) -> str:
        t = _TOPICS[i]
        turns = [f"jane doe\n\nOn the {t}, turn {w} of the talk is here." for w in
                 ("one", "two", "three", "four")]
        return f"Episode on the {t}\n\n" + "\n\n".join(turns)
    texts = [transcript(i) for i in range(3)]
    assert learn_repeated_lines(texts, ["A"] * 3)["A"] == frozenset()
    # one article with the line in many surroundings is still one article: 1 < 3
    assert learn_repeated_lines(texts[:1], ["A"])["A"] == frozenset()


def test_paragraph_keys_follow_edits():
    # remembered keys are looked up by paragraph text, so an edited paragraph is keyed anew
    doc = Document(text="", paragraphs=["Head", "Copyright 2019  Times"])
    assert paragraph_keys(doc) == ["head", "copyright 0 times"]
    doc.paragraphs = ["Head", "Read MORE 12"]
    assert paragraph_keys(doc) == ["head", "read more 0"]


@pytest.mark.parametrize("line, key", [
    ("Copyright  2019 The Times", "copyright 0 the times"),       # digits -> 0, spaces collapsed
    ("Copyright \u00a9 2020 The Times", "copyright \u00a9 0 the times"),
    ("  Read\tMORE\u00a0on 12 or 345 \n", "read more on 0 or 0"),  # any whitespace, ends stripped
    ("STRASSE Stra\u00dfe", "strasse strasse"),                   # case-folded, not lower-cased
])
def test_repeat_key(line, key):
    assert repeat_key(line) == key
