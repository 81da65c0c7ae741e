"""Tests for newslens.stance.stage: the stage's tables on the bundled and fixture corpora,
whatever the partitioning and the engine."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import newslens
from newslens.config import RunConfig
from newslens.pipeline.engines import PoolEngine, SerialEngine
from newslens.pipeline.stages import run_stage, split_corpus
from newslens.stance import STAGE, STANCE_COLUMNS, stage_tables, stance_summary

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"


@pytest.fixture(scope="module")
def study_quotes(bundled):
    from test_stance_evaluate import example_study_config
    return stage_tables(bundled, config=example_study_config())


def test_bundled_stance_summary_reads_as_the_story(study_quotes):
    s = stance_summary(study_quotes["quotes"]).set_index("actor")
    for actor in ("Antonio Guterres", "Turkey", "Nikki Haley", "Mevlut Cavusoglu"):
        assert s.loc[actor, "stance"] == "oppose"
    for actor in ("Sergei Lavrov", "Walid Muallem"):
        assert s.loc[actor, "stance"] == "support"


def test_stage_tables_sorted_and_deterministic(bundled, bundled_quotes):
    again = stage_tables(bundled, config=RunConfig())
    for name in ("quotes", "stance"):
        pd.testing.assert_frame_equal(bundled_quotes[name], again[name])
    q = bundled_quotes["quotes"]
    assert q[["doc_id", "start"]].apply(tuple, axis=1).is_monotonic_increasing
    texts = dict(zip(bundled.doc_id, bundled.text_clean))
    assert all(texts[r.doc_id][r.start:r.end] == r.quote for r in q.itertuples())
    assert list(bundled_quotes["stance"].columns) == STANCE_COLUMNS


@pytest.fixture(scope="module")
def fixture_corpus():
    df, _ = newslens.clean_corpus(newslens.load_corpus(FIXTURE))
    return df


@pytest.fixture(scope="module")
def one_partition(fixture_corpus):
    return stage_tables(fixture_corpus, config=RunConfig())


def _assert_same_tables(got, want):
    assert list(got) == list(want) == ["quotes", "stance"]
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name])


def test_three_partitions_give_the_tables_of_one(fixture_corpus, one_partition):
    parts = split_corpus(fixture_corpus, 3)
    assert len(parts) == 3
    ctx, _, _ = run_stage(STAGE, SerialEngine(), parts, config=RunConfig())
    assert len(one_partition["quotes"]) > 500  # (the fixture is quoted: the test compares something)
    _assert_same_tables(ctx["tables"], one_partition)


def test_a_process_pool_gives_the_tables_of_one_partition(fixture_corpus, one_partition):
    ctx, _, _ = run_stage(STAGE, PoolEngine(2), split_corpus(fixture_corpus, 3), config=RunConfig())
    _assert_same_tables(ctx["tables"], one_partition)


def test_a_partition_without_quotes_changes_nothing(fixture_corpus, one_partition):
    empty = fixture_corpus.iloc[:0]
    ctx, _, _ = run_stage(STAGE, SerialEngine(), [empty, fixture_corpus, empty], config=RunConfig())
    _assert_same_tables(ctx["tables"], one_partition)


def test_a_surname_joins_the_one_full_name_across_articles_and_partitions():
    import pandas as pd

    from newslens.config import RunConfig
    from newslens.pipeline.engines import SerialEngine
    from newslens.pipeline.stages import run_stage
    from newslens.stance.stage import STAGE

    df = pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["X", "Y"],
        "text_clean": ['"We will not give up on this plan," said Jon Huntsman on Monday.',
                       '"The plan is sound and it will pass," Huntsman said.'],
    })
    engine = SerialEngine()
    ctx, _, _ = run_stage(STAGE, engine, engine.scatter([df.iloc[[0]], df.iloc[[1]]]),
                          config=RunConfig())
    actors = ctx["tables"]["quotes"].query("kind == 'direct'")["actor"].tolist()
    assert actors == ["Jon Huntsman", "Jon Huntsman"]
