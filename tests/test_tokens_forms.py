"""Tests for newslens.tokens.forms: steps 1-3 and 5: normalising, canonical word forms, stems."""
from __future__ import annotations

import pytest

from newslens.tokens import canonical_terms, normalise_text, stem_term, tokenize


def test_normalise_text_folds_and_lowercases():
    assert normalise_text("Syria\u2019s US\u2011backed") == "syria's u.s.-backed"


@pytest.mark.parametrize("token, expected", [
    ("u.s", (("u.s.", False),)),
    ("idlib.2018", (("idlib", False), ("2018", True))),
    ("2018", (("2018", True),)),
    (".", ()),
    ("___", ()),
    ("regime", (("regime", False),)),
])
def test_canonical_terms(token, expected):
    assert canonical_terms(token) == expected


def test_stemming_uses_snowball_on_the_head_word():
    assert tokenize("Rebels attacked positions", stem=True) == ["rebel", "attack", "posit"]
    assert stem_term("security councils") == "security council"
    assert stem_term("de-escalation") == "de-escal"
