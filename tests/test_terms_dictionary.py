"""Tests for newslens.terms.dictionary: reading a framing dictionary."""
from __future__ import annotations

import pytest

from newslens.errors import NewslensError
from newslens.terms import load_framing


@pytest.mark.parametrize("text, message", [
    ("fam:\n  terms:\n    t: x\n  exclude: []\n", "'exclude' of family"),
    ("just a string", "must map family"),
    ("fam:\n  label: x\n", "needs a 'terms' mapping"),
    ("fam:\n  terms:\n    t: []\n", "needs a pattern"),
    ("fam: [unclosed", "not valid YAML"),
])
def test_load_framing_rejects_malformed_files(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NewslensError, match=message):
        load_framing(path)


def test_load_framing_missing_file():
    with pytest.raises(NewslensError, match="cannot read"):
        load_framing("/nonexistent/framing.yaml")


def test_bundled_framing_dictionary_has_the_issue_families():
    d = load_framing()
    terms = set(d["term"])
    assert {"government", "armed_groups", "offensive"} <= set(d["family"])
    assert {"regime", "government", "rebels", "opposition", "insurgents", "militants",
            "jihadists", "terrorists", "offensive", "assault", "operation",
            "counterterrorism operation", "bloodbath"} <= terms
