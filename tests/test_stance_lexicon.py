"""Tests for newslens.stance.lexicon: the lexicon file, its literal lists and the gate."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.stance import load_stance_lexicon, score_statement
from newslens.stance.lexicon import LiteralGate, fold, literals_of

_LEX = load_stance_lexicon(target_terms=("battle", "offensive", "summit", "tax bill"))
_CUE_WORDS = st.sampled_from(
    "retake prevent \u212aILL CONDEMN escalation Risks RE\u017fPOND protects from tumour "
    "avoid AVOID a the battle Battle in Idlib must not be bloodbath \u212aill chemical attack "
    "Chemical ATTACK offensive against them eliminate liquidated averted risk no military solution "
    "war crimes , . ' \u00e9 - cease-fire call for truce R\u0130SK \u017fabotage \u0130dlib "
    "summit it this cancel postponed oppose support not no longer vote yes welcome hope get done "
    "giveaway to the wealthy deficit add boost jobs rushed warned that concerns about".split()
    + [" ", "\n"])




def _texts():
    return (st.lists(_CUE_WORDS, max_size=30).map(" ".join) | st.text(max_size=200)
            | st.lists(_CUE_WORDS | st.text(max_size=3), max_size=20).map("".join))


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_every_match_of_a_cue_contains_one_of_its_literals(text):
    # the literal lists of the bundled lexicon are sound: a cue that matches a text is
    # always among those the gate lets through, so gating never changes a score
    low = fold(text)
    possible = _LEX.gate.possible(low)
    for i, cue in enumerate(_LEX.cues):
        for m in cue.regex.finditer(text):
            assert cue.literals is None or any(lit in fold(m.group(0)) for lit in cue.literals), cue.name
            assert i in possible
    if _LEX.not_the_event.search(text):
        assert any(lit in low for lit in _LEX.not_the_event_literals)


def test_ignorecase_fold_covers_every_code_point():
    # every character outside ASCII that IGNORECASE matches with an ASCII character is folded
    # to it (so a literal test never misses a match); checked over all of Unicode
    ascii_ci = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    for c in map(chr, range(128, sys.maxunicode + 1)):
        if ascii_ci.fullmatch(c):
            folded = fold(c)
            assert folded.isascii() and re.fullmatch(re.escape(folded), c, re.IGNORECASE)


@pytest.mark.parametrize("entries, expected", [
    (["Against", "risk"], ("against", "risk")),
    # a class stands for the longest word of each entry
    (["{T}"], ("assault", "operation")),
    (["{T}", "no"], ("assault", "no", "operation")),
    ([], None),                      # no literal: no gate
    (["caf\u00e9"], None),            # outside ASCII: no gate
])
def test_literals_of_by_hand(entries, expected):
    assert literals_of(entries, {"T": ["military operation", "assault"]}) == expected


def test_gate_by_hand():
    # expression 0 needs "no", 1 needs "not", 2 has no literal: "not" contains "no" too
    gate = LiteralGate.of([("no",), ("not",), None])
    assert gate.possible("it is not") == {0, 1, 2}
    assert gate.possible("no, now") == {0, 2}
    assert gate.possible("yes") == {2}


def test_a_cue_without_literals_is_always_tried(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("cues:\n"
                    "  - {name: doom, stance: oppose, weight: 2, pattern: '\\bdoom\\b'}\n"
                    "  - {name: hope, stance: support, weight: 1, pattern: '\\bhope\\b', literals: [hope]}\n",
                    encoding="utf-8")
    lex = load_stance_lexicon(path)
    assert [c.literals for c in lex.cues] == [None, ("hope",)]
    assert score_statement("Doom, and no hope", lex) == ("oppose", 1.0, 'doom: "Doom"')


def test_target_terms_expand_in_patterns_and_literals():
    lex = load_stance_lexicon(target_terms=("air raid",))
    denial = next(c for c in lex.cues if c.name == "denial")
    assert denial.literals == ("raid",)
    assert score_statement("there will be no air-raids", lex)[2] == 'denial: "no air-raids"'
