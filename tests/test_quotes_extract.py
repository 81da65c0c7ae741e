"""Tests for newslens.quotes.extract: the quotes table, its offsets, and any input."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.quotes import QUOTE_COLUMNS, extract_doc, extract_quotes, load_actors, quoted_words

_ACTORS = load_actors()


@pytest.mark.parametrize("text, n_words, kind", [
    ('She called it "baseless."', 1, "scare"),
    ('She called it "very strange".', 2, "scare"),
    ('She called it "a purulent abscess."', 3, "direct"),   # three words: a statement
    ('"No," he said.', 1, "direct"),                          # a whole sentence with attribution
])
def test_scare_quote_threshold(text, n_words, kind):
    (r,) = extract_doc(text, actors=_ACTORS)
    assert quoted_words(r["quote"]) == n_words
    assert r["kind"] == kind


def test_user_actors_file(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,group,type,pronoun,aliases,titles\n"
                    "Maria Ortega,City Council,person,she,Maria Ortega|Ortega,council president\n",
                    encoding="utf-8")
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["o"],
                       "text_clean": ['"We will vote on Monday," the council president said.']})
    q = extract_quotes(df, actors=path)
    assert q[["actor", "group", "attribution"]].values.tolist() == [["Maria Ortega", "City Council", "title"]]


def test_extract_quotes_table_shape_and_offsets():
    df = pd.DataFrame({"doc_id": ["b", "a"], "outlet": ["o2", "o1"],
                       "text_clean": ['"Second," Pierce said.', 'Lavrov said the plan was fine. "Yes," he said.']})
    q = extract_quotes(df)
    assert list(q.columns) == QUOTE_COLUMNS
    assert q["doc_id"].tolist() == sorted(q["doc_id"].tolist())
    texts = dict(zip(df.doc_id, df.text_clean))
    for r in q.itertuples():
        assert texts[r.doc_id][r.start:r.end] == r.quote


def test_falls_back_to_text_column():
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["o"], "text": ['"Fine words here," Pierce said.']})
    assert extract_quotes(df)["actor"].tolist() == ["Karen Pierce"]


def test_empty_inputs():
    df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["o", "o"], "text_clean": ["", "   \n\n "]})
    q = extract_quotes(df)
    assert len(q) == 0 and list(q.columns) == QUOTE_COLUMNS


_ALPHABET = st.sampled_from(list("ab Z.,;:!?-'\"\n") + ["\u201c", "\u201d", "\u2018", "\u2019", "\u00a0",
                                                         " said ", " he ", " Pierce ", " that ",
                                                         " according to ", "\n\n", " Lavrov: "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_always_point_back_to_the_text(text):
    # for every input: no exception, and text[start:end] == quote, inside the text
    for r in extract_doc(text, actors=_ACTORS):
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["quote"]
        assert r["kind"] in ("direct", "reported", "scare")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_string(text):
    for r in extract_doc(text, actors=_ACTORS):
        assert text[r["start"]:r["end"]] == r["quote"]


def test_a_mixed_quote_left_open_at_the_end_of_the_text_is_kept():
    # an AllSides article ended this way and stopped the whole run (IndexError)
    from newslens.quotes import load_actors
    from newslens.quotes.extract import extract_doc

    text = ("In his closing statement, Ryan said the ticket would give the country leaders "
            '"who, when they say they are going to do something, they go do it.')
    rows = list(extract_doc(text, actors=load_actors(None)))
    assert [(r["speaker"], r["end"]) for r in rows] == [("Ryan", len(text))]
    assert rows[0]["quote"].startswith("the ticket would give")
