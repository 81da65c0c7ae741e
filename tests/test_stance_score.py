"""Tests for newslens.stance.score: cues, negation, modality and the score."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.stance import load_stance_lexicon, score_statement


# the bundled lexicon names no event: these tests name a military one, as a study would
WAR = ("offensive", "assault", "attack", "operation", "battle", "bloodbath", "escalation",
       "military operation", "counterterrorism operation")


@pytest.fixture(scope="module")
def lex():
    return load_stance_lexicon(target_terms=WAR)


@pytest.mark.parametrize("frame, stance", [
    # opposition, with modality
    ("'Bloodbath' must be averted", "oppose"),
    ("a bombing campaign there would be a massacre", "oppose"),
    ("It is absolutely essential to avoid a full-scale battle in Idlib", "oppose"),
    ("Turkey has warned against such an attack", "oppose"),
    ("the rebel-held province must not be transformed into a bloodbath", "oppose"),  # prohibition
    ("There is no doubt that an all-out military operation would result in a catastrophe", "oppose"),
    ("Turkey is appealing for a ceasefire", "oppose"),
    ("A possible attack would sabotage the ongoing political process", "oppose"),
    # support
    ("This abscess must be liquidated.", "support"),
    ("the planned assault on Idlib is a counterterrorism operation", "support"),
    ("the determination of his government to liberate all Syrian territory", "support"),
    ("we ourselves are simply reacting to the attacks coming from the zone", "support"),
    ("prepare an operation against them while minimizing the risks to civilians", "support"),
    # neutral: negation, denial, another kind of event, nothing
    ("The offensive will not be a bloodbath.", "neutral"),
    ("No major offensive planned in Syria's Idlib", "neutral"),
    ("Russia accused rebels of preparing a chemical attack", "neutral"),
    ("The negotiations between Turkey and HTS are still ongoing", "neutral"),
])
def test_score_statement_table(frame, stance, lex):
    assert score_statement(frame, lex)[0] == stance


def test_score_by_hand(lex):
    # "This abscess must be liquidated.": eliminate_must (support, weight 2) and dehumanise
    # ("abscess", support, weight 1): s = 0 - (2 + 1) = -3
    stance, score, cue = score_statement("This abscess must be liquidated.", lex)
    assert (stance, score) == ("support", -3.0)
    assert cue == 'eliminate_must: "must be liquidated"'
    # "a massacre ... and reckless": harm (oppose 2) + condemnation (oppose 1) = 3
    assert score_statement("it would be a massacre and reckless", lex)[1] == 3.0
    # one oppose cue of weight 2 and one support cue of weight 2 cancel: neutral, both shown
    stance, score, cue = score_statement("avoid a bloodbath; the terrorists must be eliminated", lex)
    assert (stance, score) == ("neutral", 0.0)
    assert "avoid_event" in cue and "eliminate_must" in cue


def test_target_terms_are_parameters(lex):
    # with another event's names, "against the strike" is opposition; with the default names
    # it is not about the event
    other = load_stance_lexicon(target_terms=("strike",))
    assert score_statement("they warned against the strike", other)[0] == "oppose"
    assert score_statement("they warned against the strike", lex)[0] == "neutral"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_score_statement_never_raises(text):
    stance, score, cue = score_statement(text, _LEX)
    assert stance in ("support", "oppose", "neutral")
    assert (score > 0) == (stance == "oppose") and (score < 0) == (stance == "support")


_LEX = load_stance_lexicon(target_terms=WAR)
