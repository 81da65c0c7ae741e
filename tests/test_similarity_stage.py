"""Tests for lib/newslens/similarity/stage.py: the stage's tables, whatever the partitioning."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newslens.config import RunConfig
from newslens.pipeline.engines import PoolEngine, SerialEngine
from newslens.pipeline.stages import run_stage, split_corpus
from newslens.similarity import STAGE, shared_passages, stage_tables, tfidf_similarity
from helpers import texts_corpus as corpus

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"
TABLES = ["similarity_docs", "similarity_outlets", "shared_passages"]


TOY = corpus(["rebels hold idlib", "rebels hold idlib province", "typhoon hits philippines"],
             ["A", "B", "B"])


@pytest.fixture(scope="module")
def cleaned_fixture() -> pd.DataFrame:
    from newslens.clean import clean_corpus
    from newslens.corpus import load_corpus

    return clean_corpus(load_corpus(FIXTURE))[0]


@pytest.mark.parametrize("top_k, n_rows", [(None, 3), (1, 3), (2, 6)])
def test_stage_tables(top_k, n_rows):
    tables = stage_tables(TOY, config=RunConfig(top_k=top_k))
    assert list(tables) == TABLES
    assert len(tables["similarity_docs"]) == n_rows
    assert list(tables["similarity_docs"].columns) == ["a", "b", "cosine"]
    assert tables["similarity_outlets"][["a", "b"]].values.tolist() == [["A", "B"]]


@pytest.mark.parametrize("texts", [[], ["only one article here"], [None, "rebels hold idlib"]])
def test_tiny_corpora_give_empty_or_small_tables(texts):
    tables = stage_tables(corpus(texts), config=RunConfig())
    assert len(tables["similarity_docs"]) == len(texts) * (len(texts) - 1) // 2
    assert tables["similarity_outlets"].empty             # one outlet: no pair
    assert list(tables["shared_passages"].columns)[:2] == ["doc_a", "doc_b"]


@pytest.mark.parametrize("top_k", [None, 3])
def test_stage_tables_are_the_library_functions_tables(cleaned_fixture, top_k):
    # one definition: the stage's steps give what tfidf_similarity and shared_passages give
    df = cleaned_fixture
    tables = stage_tables(df, config=RunConfig(top_k=top_k, min_passage_words=10))
    pd.testing.assert_frame_equal(tables["similarity_docs"], tfidf_similarity(df, top_k=top_k))
    pd.testing.assert_frame_equal(tables["similarity_outlets"],
                                  tfidf_similarity(df, by="outlet"))
    pd.testing.assert_frame_equal(tables["shared_passages"], shared_passages(df, min_words=10))
    assert len(tables["shared_passages"]) > 0


@pytest.mark.parametrize("top_k", [None, 3])
def test_three_partitions_give_the_one_partition_tables(cleaned_fixture, top_k):
    config = RunConfig(top_k=top_k)
    reference = stage_tables(cleaned_fixture, config=config)
    ctx, _, _ = run_stage(STAGE, SerialEngine(), split_corpus(cleaned_fixture, 3), config=config)
    assert list(ctx["tables"]) == TABLES
    for name in TABLES:
        pd.testing.assert_frame_equal(ctx["tables"][name], reference[name])


def test_a_process_pool_gives_the_one_partition_tables(cleaned_fixture):
    reference = stage_tables(cleaned_fixture, config=RunConfig())
    ctx, _, _ = run_stage(STAGE, PoolEngine(2), split_corpus(cleaned_fixture, 3),
                          config=RunConfig())
    assert list(ctx["tables"]) == TABLES
    for name in TABLES:
        pd.testing.assert_frame_equal(ctx["tables"][name], reference[name])


@pytest.mark.parametrize("config", [RunConfig(top_k=0), RunConfig(min_passage_words=0)])
def test_bad_options_raise(config):
    with pytest.raises(ValueError):
        stage_tables(TOY, config=config)


def test_duplicate_doc_ids_are_refused():
    # doc_ids number the documents across partitions (load_corpus renames duplicates)
    with pytest.raises(ValueError, match="unique doc_id"):
        stage_tables(corpus(["a b c", "a b c"]).assign(doc_id=["x", "x"]), config=RunConfig())
