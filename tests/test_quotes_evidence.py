"""Evidence columns, actor names and output hygiene of the quotes table (issues 17 and 20)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import newslens
from newslens.quotes import QUOTE_COLUMNS, extract_quotes, merge_surnames
from helpers import FIXTURE


def _q(text: str) -> pd.DataFrame:
    return extract_quotes(pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]}))


def test_evidence_columns_point_back_to_the_text():
    text = ('Anna Mulder runs the shop. Carl Brandt did not hesitate. "It is this for sure," he said. '
            "According to Maria Lenz, the shop will close.")
    q = _q(text)
    assert list(q.columns) == QUOTE_COLUMNS
    rows = q[["quote", "actor", "speech_cue", "speech_cue_start", "speaker_mention",
              "speaker_mention_start"]].values.tolist()
    assert rows == [["It is this for sure,", "Carl Brandt", "said", 83, "Carl Brandt", 27],
                    ["the shop will close", "Maria Lenz", "According to", 89, "Maria Lenz", 102]]


def test_unresolved_speaker_keeps_its_raw_mention():
    q = _q('"We will win," she said.')
    r = q.iloc[0]
    assert (r["actor"], r["speaker_mention"], r["speaker_mention_start"]) == ("unknown", "she", 15)


@pytest.mark.parametrize("text", [
    'Whoever wins, "the talks will go on," said the mayor.',
    'Rebuffing the offer, "we will strike on Monday and Tuesday," the union said.',
    '"Prices rose again in March," Sept. 4 figures said.',
    'MORE "This is not what we voted for," he said.',
])
def test_sentence_words_are_never_actors(text):
    q = _q(text)
    assert not set(q["actor"]) & {"Whoever", "Rebuffing", "Sept", "MORE"}


def test_surname_merged_with_full_name_within_an_article():
    q = _q('Jon Huntsman spoke first. "We need the summit," Huntsman said.')
    assert q["actor"].tolist() == ["Jon Huntsman"]


def test_merge_surnames_across_articles_only_when_unambiguous():
    q = pd.DataFrame({"actor": ["Jon Huntsman", "Huntsman", "Bush", "George W. Bush", "Jeb Bush",
                                "Russia", "unknown"]})
    got = merge_surnames(q, listed={"Russia"})["actor"].tolist()
    assert got == ["Jon Huntsman", "Jon Huntsman", "Bush", "George W. Bush", "Jeb Bush", "Russia", "unknown"]


def _string_cells(q: pd.DataFrame):
    for col in q.columns:
        # (pandas 3 gives text columns its "str" dtype, pandas 2 object: both are read)
        if q[col].dtype == object or pd.api.types.is_string_dtype(q[col]):
            for v in q[col].dropna().astype(str):
                yield col, v


@pytest.mark.parametrize("corpus", ["fixture", "bundled"])
def test_no_masking_text_in_any_cell(corpus):
    """The quote masks (runs of "x" over quoted words) never leak into an output cell."""
    if corpus == "fixture":
        df = newslens.load_corpus(FIXTURE, text_col="content_original", id_col="ID",
                                  outlet_col="source", title_col="title")
    else:
        df = newslens.load_corpus()
    df, _ = newslens.clean_corpus(df)
    texts = " ".join(df["text_clean"].astype(str))
    q = extract_quotes(df)
    assert len(q) > 20
    leaks = [(c, v) for c, v in _string_cells(q) if re.search(r"x{4,}", v) and not re.search(r"x{4,}", texts)]
    assert leaks == []


def test_masked_words_in_a_subject_are_restored():
    # a subject that spans a quoted title: its words come from the text, not the mask
    q = _q('The "Fair Roads Now" group, a coalition of drivers, said the toll was unfair.')
    assert all("xxx" not in v for _, v in _string_cells(q))
