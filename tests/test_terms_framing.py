"""Tests for newslens.terms.framing: how often each group names things each way."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.terms import count_terms, framing_rates, load_framing
from helpers import outlet_corpus as corpus


def test_framing_rates_by_hand():
    df = corpus(("A", "Government forces attacked. The regime's army and the regime."),
                ("B", "Rebel fighters, jihadists and terrorists fought government troops"))
    t = framing_rates(df)
    assert list(t.columns) == ["group", "family", "term", "count", "words", "per_10k", "share"]
    a = t[t["group"] == "A"].set_index("term")
    # A's words: government forces attacked the regime army and the regime = 9
    assert a.loc["government", "count"] == 1
    assert a.loc["regime", "count"] == 2 and a.loc["regime", "words"] == 9
    assert a.loc["regime", "per_10k"] == pytest.approx(2 / 9 * 1e4)
    # share within the family: regime 2 of the 3 government-family matches
    assert a.loc["regime", "share"] == pytest.approx(2 / 3)
    # "attacked" is not "attack": patterns match whole tokens
    assert a.loc["attack", "count"] == 0
    b = t[t["group"] == "B"].set_index("term")
    # "rebel fighters" is one match of the longer pattern (rebels), not also "fighters"
    assert b.loc["rebels", "count"] == 1 and b.loc["fighters", "count"] == 0
    # the glob "jihadi*" matches "jihadists"; "terrorist*" matches "terrorists"
    assert b.loc["jihadists", "count"] == 1 and b.loc["terrorists", "count"] == 1
    assert b.loc["government", "count"] == 1
    # a family never used in the group has no shares
    assert b[b["family"] == "offensive"]["share"].isna().all()
    # one row per group x dictionary term, zeros included
    d = load_framing()
    assert len(t) == 2 * d[~d["exclude"]][["family", "term"]].drop_duplicates().shape[0]


def test_framing_patterns_do_not_span_punctuation(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("naming:\n  label: test\n  terms:\n"
                    "    assad forces: [assad forces]\n"
                    "    chemical: ['chem*']\n", encoding="utf-8")
    df = corpus(("A", "Assad's forces. Assad, forces. Chemical chemistry"))
    t = framing_rates(df, dictionary=path).set_index("term")
    assert t.loc["assad forces", "count"] == 1
    assert t.loc["chemical", "count"] == 2


def test_framing_exclusions_take_their_stretch_out_of_the_family(tmp_path):
    # bundled exclusions: the Free Syrian Army is a rebel group, a chemical attack is not
    # the offensive; the Syrian army and an artillery attack still count
    df = corpus(("A", "The Free Syrian Army fought the Syrian army. A chemical attack, "
                      "then an artillery attack."))
    t = framing_rates(df).set_index("term")
    assert t.loc["Syrian army", "count"] == 1
    assert t.loc["attack", "count"] == 1
    assert "" not in t.index  # exclusions are not terms
    # a custom file: the exclusion wins over a term pattern of the same length
    path = tmp_path / "f.yaml"
    path.write_text("fam:\n  terms:\n    army: [syrian army, army]\n"
                    "  exclude: [free syrian, syrian army]\n", encoding="utf-8")
    t = framing_rates(corpus(("A", "Free Syrian Army and the Syrian army; an army.")),
                      dictionary=path).set_index("term")
    # "free syrian" excluded, then "army" counts; "syrian army" excluded; "army" counts
    assert t.loc["army", "count"] == 2


def test_framing_from_shared_counts_equals_standalone():
    df = corpus(("A", "The regime's offensive on rebel-held Idlib."),
                ("B", "A counter-terrorism operation against terrorists, said Damascus."))
    counts = count_terms(df, framing=None)
    pd.testing.assert_frame_equal(framing_rates(df, counts=counts), framing_rates(df))
    t = framing_rates(df).set_index(["group", "term"])
    assert t.loc[("B", "counterterrorism operation"), "count"] == 1
    assert t.loc[("B", "operation"), "count"] == 0
    assert t.loc[("A", "rebels"), "count"] == 1  # rebel-held
