"""Tests for newslens.terms.stage: the tables of ``newslens run`` and how they split."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newslens.clean import clean_corpus
from newslens.config import RunConfig
from newslens.corpus import load_corpus
from newslens.pipeline.engines import PoolEngine, SerialEngine
from newslens.pipeline.stages import run_stage, split_corpus
from newslens.study import example_study
from newslens.terms import STAGE, stage_tables
from helpers import outlet_corpus as corpus

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"
#: The example study's options (its framing file): this fixture is about the same story.
EXAMPLE = example_study().config


def test_stage_tables_shape_and_determinism():
    df = corpus(("A", "The regime's offensive on rebel-held Idlib. The regime attacked."
                      " The regime, the regime."),
                ("B", "Government forces and rebels. The offensive, an assault, began."),
                ("B", "Jihadists and terrorists in Idlib; the government denied it. Idlib"
                      " rebels and rebels."))
    one = stage_tables(df, config=EXAMPLE)
    two = stage_tables(df.iloc[::-1].reset_index(drop=True), config=EXAMPLE)
    assert set(one) == {"terms", "keyness", "framing"}
    assert list(one["keyness"].columns) == ["group", "term", "statistic", "score",
                                            "count_group", "count_rest", "p_value"]
    assert set(one["keyness"]["statistic"]) == {"log_odds_dirichlet", "g2"}
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name])
    assert (one["terms"]["count"] >= 2).all()


def test_stage_uses_the_configured_framing_file(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("only:\n  terms:\n    idlib: idlib\n", encoding="utf-8")
    df = corpus(("A", "Idlib and Idlib"), ("B", "Idlib"))
    t = stage_tables(df, config=RunConfig(framing_path=path))["framing"]
    assert t["term"].tolist() == ["idlib", "idlib"] and t["count"].tolist() == [2, 1]


def test_no_framing_file_no_framing_table():
    # a study's framing families are its own: with none named, none is applied (issue 15)
    df = corpus(("A", "The regime's offensive on rebel-held Idlib."), ("B", "The regime."))
    tables = stage_tables(df, config=RunConfig())
    assert set(tables) == {"terms", "keyness"}


@pytest.fixture(scope="module")
def cleaned() -> pd.DataFrame:
    df, _ = clean_corpus(load_corpus(FIXTURE))
    return df


@pytest.mark.parametrize("engine", [SerialEngine, lambda: PoolEngine(2)],
                         ids=["serial", "pool"])
def test_partitioned_stage_equals_one_partition(cleaned, engine):
    whole = stage_tables(cleaned, config=EXAMPLE)
    parts = split_corpus(cleaned, 3)
    assert len(parts) == 3
    ctx, _, _ = run_stage(STAGE, engine(), parts, config=EXAMPLE)
    assert list(ctx["tables"]) == ["terms", "keyness", "framing"]
    for name, table in whole.items():
        pd.testing.assert_frame_equal(ctx["tables"][name], table)
