"""Tests for the bundled stance lexicon's general cue families and the negation rule.

Every sentence is written for the test (none is taken from an annotation); the event is a
made-up "summit", named only through the target terms, as a user would name it.
"""
from __future__ import annotations

import pytest

from newslens.stance import load_stance_lexicon, score_statement

EVENT = ("summit", "meeting")


@pytest.fixture(scope="module")
def lex():
    return load_stance_lexicon(target_terms=EVENT)


@pytest.mark.parametrize("frame, stance, cue", [
    # calls to stop the event
    ("The opposition demanded that the government cancel the summit.", "oppose", "call_to_stop"),
    ("Postpone it until the spring, she said.", "oppose", "call_to_stop"),
    ("Critics say the meeting should be postponed.", "oppose", "should_be_stopped"),
    ("Three countries will boycott the summit.", "oppose", "call_to_stop"),
    ("The meeting should not go ahead.", "oppose", "must_not_go_ahead"),
    ("The meeting must go ahead as planned.", "support", "must_go_ahead"),
    # opposing, criticising, warning, concern
    ("Our party opposes the summit.", "oppose", "oppose_event"),
    ("I am definitely voting no.", "oppose", "vote_no"),
    ("She criticised the summit sharply.", "oppose", "criticise_event"),
    ("He warned that the summit would embolden hardliners.", "oppose", "warn_about_event"),
    ("We have serious concerns about this summit.", "oppose", "concern_about_event"),
    # judging it bad, predicting harm
    ("The whole summit is a sham.", "oppose", "pejorative"),
    ("It is a sham.", "oppose", "pejorative"),
    ("Ordinary families will be hurt.", "oppose", "predicted_harm"),
    ("It would add billions to the debt.", "oppose", "fiscal_harm"),
    ("The deal is a giveaway to billionaires.", "oppose", "serves_the_few"),
    ("They rushed it through behind closed doors.", "oppose", "process_complaint"),
    # supporting, welcoming, praising, hoping for, passing, predicting benefit
    ("We fully support the summit.", "support", "support_event"),
    ("She will vote yes.", "support", "vote_yes"),
    ("The minister welcomed the summit warmly.", "support", "praise_event"),
    ("It was a historic day for both countries.", "support", "approval"),
    ("We hope the summit brings results.", "support", "hope_for_event"),
    ("We are going to get it done.", "support", "get_it_done"),
    ("A side deal addressed her concerns about the summit.", "support", "concerns_met"),
    ("The agreement will boost exports and create new jobs.", "support", "predicted_benefit"),
])
def test_each_cue_family(frame, stance, cue, lex):
    got_stance, _, got_cue = score_statement(frame, lex)
    assert got_stance == stance
    assert got_cue.split(":")[0].removeprefix("negated ") == cue


@pytest.mark.parametrize("frame, stance", [
    # a negated stance verb counts for the other side ("flip")
    ("I will not support the summit.", "oppose"),
    ("I won't vote for this.", "oppose"),
    ("He no longer opposes the summit.", "support"),
    ("The summit must not be cancelled.", "support"),
    ("Nobody should cancel the meeting, and we will not boycott it.", "support"),
    # a negated judgement does not count ("cancel")
    ("It will not be a disaster.", "neutral"),
    ("That is not going to create jobs.", "neutral"),
    # "rather ... than" negates
    ("She would rather resign than vote for the summit.", "oppose"),
    # a negator in another clause does not reach the cue
    ("No, we back the summit.", "support"),
    ("Not yet; but we support the meeting.", "support"),
])
def test_negation(frame, stance, lex):
    assert score_statement(frame, lex)[0] == stance


def test_negation_score_by_hand(lex):
    # "will not support the summit": support_event (weight 2) negated -> counts as oppose 2;
    # s = 2 - 0 = 2, and the cue says it was negated
    assert score_statement("I will not support the summit.", lex) == (
        "oppose", 2.0, 'negated support_event: "support the summit"')
    # "welcomed the summit" (praise_event, support 2) and "a sham" (pejorative, oppose 1):
    # s = 1 - 2 = -1
    assert score_statement("They welcomed the summit, which critics call a sham.", lex)[:2] == ("support", -1.0)


def test_cues_about_something_else_need_the_event(lex):
    # the name-bound cues fire only on the event's names or an anaphor
    assert score_statement("Our party opposes the tariffs.", lex)[0] == "neutral"
    assert score_statement("The minister welcomed the delegates.", lex)[0] == "neutral"
    # a pejorative counts only with the event (or an anaphor) in its sentence
    assert score_statement("He withstood a horrible smear by the opposition.", lex)[0] == "neutral"
    # "threatened to" reports speech, it predicts no harm
    assert score_statement("He threatened to hold the summit over the weekend.", lex)[0] == "neutral"
    # criticism of each other, not of the event
    assert score_statement("Pundits keep attacking each other over the summit.", lex)[0] == "neutral"


def test_bundled_lexicon_names_no_event():
    # the bundled file carries no story's words: no target term, no place
    from newslens.stance.lexicon import DEFAULT_LEXICON_PATH
    import re
    words = set(re.findall(r"[a-z]+", DEFAULT_LEXICON_PATH.read_text(encoding="utf-8").lower()))
    for word in ("idlib", "syria", "syrian", "tax", "taxes", "summit", "assad", "trump", "russia", "turkey"):
        assert word not in words, word


@pytest.mark.parametrize("frame, stance", [
    # a condition or a wish judges nothing yet
    ("We will fight the summit if it only helps billionaires.", "oppose"),  # fight_event counts, the condition not
    ("I want it to be a historic success.", "neutral"),
    ("Unless the meeting brings jobs, nothing changes.", "neutral"),
    # the main clause after the condition counts
    ("If the summit goes ahead, it will be a disaster.", "oppose"),
])
def test_conditionals(frame, stance, lex):
    assert score_statement(frame, lex)[0] == stance
