"""newslens.clean.rules and registry: switching rules off, adding rules, the rule list."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.clean import (DEFAULT_RULES, Rule, clean_corpus, clean_document, clean_text,
                            drop_lines, list_rules, replace_text)
from helpers import EXPECTED_PLAIN, wrap


def test_disabled_rules_and_unknown_names():
    text = wrap("Advertisement")
    assert "Advertisement" in clean_text(text, disabled=("advertisement", "subheadings"))
    with pytest.raises(ValueError, match="unknown cleaning rule"):
        clean_text(text, disabled=("no_such_rule",))
    df = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    out, _ = clean_corpus(df, disabled=["advertisement", "subheadings"])
    assert "Advertisement" in out.loc[0, "text_clean"]


def test_user_rules_extend_the_defaults():
    promo = drop_lines("promo", "our promo line", r"Buy now.*")
    assert clean_text(wrap("Buy now and save!"), rules=DEFAULT_RULES + (promo,)) == EXPECTED_PLAIN
    dots = replace_text("ellipsis", "three dots", r"\.\.\.", "\u2026")
    doc, log = clean_document("Wait... and wait...", rules=(dots,))
    assert doc.text == "Wait\u2026 and wait\u2026"
    assert log == [("ellipsis", ("...", "\u2026", 2))]
    with pytest.raises(ValueError):
        Rule("bad", "neither fn nor pattern")


def test_list_rules_is_the_default_order():
    table = list_rules()
    assert table["name"].tolist() == [r.name for r in DEFAULT_RULES]
    assert table["name"].is_unique
    assert list(table.columns) == ["order", "name", "stage", "description"]
    assert (table["description"].str.len() > 20).all()
