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


WIRE = ("The agency said the ceasefire talks would resume in Geneva next week, according to "
        "two officials familiar with the plan.")
TEMPLATE = "Follow our live coverage on the website."


def _wire_corpus(outlets_with_wire: list[str]) -> pd.DataFrame:
    # outlet A: fifty articles; four on unrelated stories have the same agency paragraph and
    # the same template line in different surroundings (8% of A's articles); the other
    # outlets print the agency paragraph once each
    rows = [("A", f"Other story {n}\n\nA sentence of its own, number {n}.") for n in range(46)]
    for i in range(4):
        t = _TOPICS[i]
        rows.append(("A", f"Headline about the {t}\n\nThe {t} story begins here, in its own "
                          f"words.\n\n{WIRE}\n\n{TEMPLATE}\n\nThe {t} story ends with a "
                          "different sentence."))
    for j, outlet in enumerate(outlets_with_wire):
        t = _TOPICS[5 + j]
        rows.append((outlet, f"Headline on the {t}\n\nOn the {t}, a first sentence of its own."
                             f"\n\n{WIRE}\n\nA last sentence about the {t}."))
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                         "outlet": [o for o, _ in rows], "text": [t for _, t in rows]})


def test_wire_copy_printed_by_several_outlets_stays():
    out, log = clean_corpus(_wire_corpus(["B", "C", "D", "E"]))   # five outlets print it
    assert out["text_clean"].iloc[46:].str.contains(WIRE, regex=False).all()
    removed = set(log.loc[log["rule"] == "repeated_line", "removed_or_replaced_text"])
    assert removed == {TEMPLATE}                          # the template still goes


def test_a_long_line_under_a_large_share_of_an_outlets_articles_is_its_template():
    corpus = _wire_corpus(["B", "C", "D", "E"]).iloc[46:]   # A has four articles: 100%
    out, _ = clean_corpus(corpus)
    assert not out.loc[out["outlet"] == "A", "text_clean"].str.contains(WIRE, regex=False).any()


def test_a_long_line_only_one_outlet_repeats_is_its_template():
    out, log = clean_corpus(_wire_corpus(["B", "C", "D"]))   # four outlets print it: 4 < 5
    a_texts = out["text_clean"].iloc[46:50]
    assert not a_texts.str.contains(WIRE, regex=False).any()
    assert out.loc[out["outlet"] == "B", "text_clean"].str.contains(WIRE, regex=False).all()
