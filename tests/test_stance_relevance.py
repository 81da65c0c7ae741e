"""Tests for newslens.stance.relevance and assign: which statements are about the event."""
from __future__ import annotations

import pandas as pd

import pytest

from newslens.quotes import extract_quotes
from newslens.stance import assign_stance, stance_summary

# the place tests name a military event and its place, as the example study does
WAR = dict(target_terms=("offensive", "assault", "attack", "operation", "battle"), target_place=("idlib",))


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
    q = assign_stance(extract_quotes(df), texts=df, **WAR)
    got = q[["quote", "relevance", "stance"]].values.tolist()
    assert got == [["An assault would be a massacre,", "context", "oppose"],
                   ["The battle will be over soon,", "", "off_target"]]


def test_relevance_without_texts_uses_the_frame_only():
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": [_doc("Idlib is tense.", '"It would be a massacre," Pierce said.')]})
    q = extract_quotes(df)
    assert assign_stance(q, **WAR)["stance"].tolist() == ["off_target"]
    assert assign_stance(q, texts=df, **WAR)["stance"].tolist() == ["oppose"]


def test_relevance_reaches_back_to_the_headline_until_another_place():
    text = _doc(
        "Idlib braces for an offensive",                                   # 0: headline names it
        "Talks went on.", "More talks.", "Still talks.", "Yet more.", "And more.",
        '"An assault would be a massacre," Pierce said.',                  # 6: 6 back: "article"
        "DAMASCUS (Reuters) - A new story starts here.",                  # 7: a dateline
        '"The battle will be a massacre," said Dairi.',                    # 8: off target
    )
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    q = assign_stance(extract_quotes(df), texts=df, **WAR)
    assert q[["relevance", "stance"]].values.tolist() == [["article", "oppose"], ["", "off_target"]]


def test_the_place_is_matched_in_any_case_and_spelling_of_its_words():
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": ['"An assault on \u0130DLIB would be a massacre," Pierce said.']})
    q = assign_stance(extract_quotes(df), texts=df, **WAR)
    assert q[["relevance", "stance"]].values.tolist() == [["statement", "oppose"]]
    q = assign_stance(extract_quotes(df), texts=df, target_terms=WAR["target_terms"],
                      target_place=("New York",))
    assert q["stance"].tolist() == ["off_target"]


# ------------------------------------------------------------------ by the event's names

def _stance(text, rules=None, terms=("summit",)):
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    kw = {} if rules is None else {"relevance_rules": rules}
    q = assign_stance(extract_quotes(df), texts=df, target_terms=terms, **kw)
    return q[["relevance", "stance"]].values.tolist()


def test_the_statement_names_the_event():
    assert _stance('"We oppose the summit," Pierce said.') == [["statement", "oppose"]]


def test_an_anaphor_refers_to_the_sentence_before():
    text = _doc("The summit opened on Monday.", '"It is a disaster," Pierce said.')
    assert _stance(text, ("statement", "anaphor")) == [["anaphor", "oppose"]]
    # without the anaphor rule, or without the name in the sentence before, it is off target
    assert _stance(text, ("statement",)) == [["", "off_target"]]
    far = _doc("The summit opened on Monday. Rain fell all day. Traffic was slow. Shops shut.",
               '"It is a disaster," Pierce said.')
    assert _stance(far, ("statement", "anaphor")) == [["", "off_target"]]


def test_preceding_and_paragraph_rules():
    text = _doc("The summit opened on Monday.", '"Families will be hurt," Pierce said.')
    assert _stance(text, ("statement", "anaphor")) == [["", "off_target"]]  # no anaphor
    assert _stance(text, ("statement", "anaphor", "preceding")) == [["preceding", "oppose"]]
    # the name three sentences back: too far for "preceding" (the sentence and two before)
    text = _doc('The summit opened on Monday. Rain fell all day. Traffic was slow. '
                '"Families will be hurt," Pierce said.')
    assert _stance(text, ("statement", "preceding")) == [["", "off_target"]]
    assert _stance(text, ("statement", "preceding", "paragraph")) == [["paragraph", "oppose"]]


def test_a_speaker_who_goes_on_stays_on_the_event():
    text = _doc('"We oppose the summit," Pierce said.',
                'Rain fell. Traffic was slow. Pierce went on: "Families will be hurt."',
                'Prices rose. Markets fell. Then Lee said: "Families will be hurt."')
    got = _stance(text, ("statement", "speaker"))
    assert got == [["statement", "oppose"], ["speaker", "oppose"], ["", "off_target"]]
    assert _stance(text, ("statement",))[1] == ["", "off_target"]


def test_a_statement_about_something_else_is_off_target_not_guessed():
    text = _doc("The summit opened on Monday.", "Farmers protested elsewhere.",
                'Prices rose. "We oppose the tariffs and they are a disaster," Pierce said.')
    assert _stance(text) == [["", "off_target"]]


def test_unknown_relevance_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown relevance rules"):
        _stance("The summit opened. \"It is a disaster,\" Pierce said.", ("statement", "nearby"))


def test_no_target_terms_no_stance():
    # without target terms there is no event: every statement is no_target (never
    # off_target), nothing crashes, and the actor summary is empty
    text = _doc("The summit opened on Monday.", '"We oppose the summit," Pierce said.')
    for terms in ((), ("", "  ")):
        got = _stance(text, terms=terms)
        assert got == [["", "no_target"]]
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    assert stance_summary(assign_stance(extract_quotes(df), texts=df)).empty
