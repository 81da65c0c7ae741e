"""Tests for newslens.stance.relevance and assign: which statements are about the event."""
from __future__ import annotations

import pandas as pd

from newslens.quotes import extract_quotes
from newslens.stance import assign_stance


def _doc(*paragraphs):
    return "\n\n".join(paragraphs)


def test_relevance_window_and_locale_break():
    text = _doc(
        "Talks on the future of the region continue.",                  # 0: no place
        "Government forces massed around Idlib this week.",            # 1: the place
        '"An assault would be a massacre," Pierce said.',              # 2: context (1 back)
        "In Deir Ezzor, the SDF launched its offensive on Monday.",     # 3: another place
        '"The battle will be over soon," said Dairi.',                  # 4: after the break
    )
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    q = assign_stance(extract_quotes(df), texts=df)
    got = q[["quote", "relevance", "stance"]].values.tolist()
    assert got == [["An assault would be a massacre,", "context", "oppose"],
                   ["The battle will be over soon,", "", "off_target"]]


def test_relevance_without_texts_uses_the_frame_only():
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": [_doc("Idlib is tense.", '"It would be a massacre," Pierce said.')]})
    q = extract_quotes(df)
    assert assign_stance(q)["stance"].tolist() == ["off_target"]
    assert assign_stance(q, texts=df)["stance"].tolist() == ["oppose"]
    # an empty target place means any place
    assert assign_stance(q, target_place=())["relevance"].tolist() == ["any place"]


def test_relevance_reaches_back_to_the_headline_until_another_place():
    text = _doc(
        "Idlib braces for an offensive",                                   # 0: headline names it
        "Talks went on.", "More talks.", "Still talks.", "Yet more.", "And more.",
        '"An assault would be a massacre," Pierce said.',                  # 6: 6 back: "article"
        "DAMASCUS (Reuters) - A new story starts here.",                  # 7: a dateline
        '"The battle will be a massacre," said Dairi.',                    # 8: off target
    )
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    q = assign_stance(extract_quotes(df), texts=df)
    assert q[["relevance", "stance"]].values.tolist() == [["article", "oppose"], ["", "off_target"]]


def test_the_place_is_matched_in_any_case_and_spelling_of_its_words():
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": ['"An assault on \u0130DLIB would be a massacre," Pierce said.']})
    q = assign_stance(extract_quotes(df), texts=df)
    assert q[["relevance", "stance"]].values.tolist() == [["statement", "oppose"]]
    q = assign_stance(extract_quotes(df), texts=df, target_place=("New York",))
    assert q["stance"].tolist() == ["off_target"]
