"""Tests for newslens.pipeline: the stage protocol, the engines, and whole runs writing the
same bytes whatever the engine (one process, a process pool, a Dask LocalCluster)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.config import RunConfig
from newslens.pipeline import run_pipeline
from newslens.pipeline.engines import PoolEngine, SerialEngine, make_engine
from newslens.pipeline.stages import Stage, Step, balanced_bounds, run_stage, split_corpus

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"
CORPORA = {"bundled": None, "allsides-idlib": FIXTURE}


# ----------------------------------------------------------------------------- partitions

@pytest.mark.parametrize("lengths, parts, expected", [
    ([10, 1, 1, 1, 1, 10], 2, [(0, 3), (3, 6)]),   # totals 11+2+2 = 15 of 30 at row 3
    ([5, 5, 5, 5], 4, [(0, 1), (1, 2), (2, 3), (3, 4)]),
    # running totals 101, 103, 105: the thirds (35, 70) both fall in the long article, so it
    # is a partition of its own and the two short ones share the rest
    ([100, 1, 1], 3, [(0, 1), (1, 3)]),
    ([], 3, [(0, 0)]),
    ([7], 5, [(0, 1)]),
])
def test_balanced_bounds(lengths, parts, expected):
    assert balanced_bounds(lengths, parts) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 1000), max_size=30), st.integers(1, 6))
def test_balanced_bounds_cover_in_order(lengths, parts):
    bounds = balanced_bounds(lengths, parts)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(lengths)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert len(bounds) <= max(1, parts)


def test_split_corpus_concatenates_to_the_corpus():
    df = pd.DataFrame({"doc_id": list("abcdefg"), "text": ["x" * n for n in (50, 1, 2, 3, 40, 5, 6)]})
    parts = split_corpus(df, 3)
    assert 1 < len(parts) <= 3
    pd.testing.assert_frame_equal(pd.concat(parts), df)
    assert split_corpus(df, 1)[0] is df


# ----------------------------------------------------------------------------- engines

def _add_offset(item, context):
    return item + context["offset"]


def _fail_on_three(item, context):
    if item == 3:
        raise ValueError(f"item {item} is bad")
    return item


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip(
        "dask.distributed",
        reason="dask is an optional extra (pip install -e '.[dask]'); engine='dask' not tested")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(params=["serial", "pool", "dask"])
def engine(request):
    if request.param == "serial":
        yield SerialEngine()
    elif request.param == "pool":
        yield PoolEngine(2)
    else:
        eng = make_engine("dask", scheduler=request.getfixturevalue("dask_client"))
        yield eng
        eng.close()


def test_engine_maps_in_order_with_the_context(engine):
    handles = engine.map(_add_offset, engine.scatter([5, 1, 4, 2, 3]), {"offset": 10})
    assert engine.gather(handles) == [15, 11, 14, 12, 13]
    assert engine.gather(handles, str) == ["15", "11", "14", "12", "13"]


def test_an_empty_list_maps_to_an_empty_list(engine):
    assert engine.gather(engine.map(_add_offset, engine.scatter([]), {"offset": 1})) == []


def test_an_error_in_a_worker_reaches_the_caller(engine):
    with pytest.raises(ValueError, match="item 3 is bad"):
        engine.gather(engine.map(_fail_on_three, engine.scatter([1, 2, 3, 4]), None))


def test_dask_engine_counts_the_cluster_workers_and_leaves_the_client_open(dask_client):
    eng = make_engine("dask", scheduler=dask_client)
    assert eng.n_workers == 2
    eng.close()
    assert dask_client.status == "running"


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("spark")
    with pytest.raises(ValueError, match="unknown engine"):
        run_pipeline(None, None, engine="spark")


# ----------------------------------------------------------------------------- stages

def _count_words(part, context):
    return {"words": int(part["text"].str.split().str.len().sum()), "part": part}


def _words_only(result):
    return result["words"]


def _total(partials, context):
    return {**context, "total": sum(partials)}


def _share(result, context):
    return result["words"] / context["total"]


def _shares(partials, context):
    return {**context, "shares": partials, "blocks": [(0, 1), (1, 3)]}


def _block_sum(block, context):
    a, b = block
    return sum(context["shares"][a:b])


def _tables(partials, context):
    return {**context, "tables": {"blocks": pd.DataFrame({"sum": partials})}}


#: A toy stage that uses every kind of step: over the partitions (gathering only the
#: counts), over the previous step's results (left on the workers), over items made
#: from the context.
TOY = Stage("toy", "word shares", (
    Step(_count_words, _total, gather=_words_only),
    Step(_share, _shares, over="previous"),
    Step(_block_sum, _tables, over=lambda ctx: ctx["blocks"]),
))


def test_a_stage_runs_its_steps_in_order_on_every_engine(engine):
    df = pd.DataFrame({"text": ["a b", "c d e f", "g h"]})       # 2 + 4 + 2 = 8 words
    parts = engine.scatter([df.iloc[[0]], df.iloc[[1]], df.iloc[[2]]])
    ctx, _, timing = run_stage(TOY, engine, parts, config=RunConfig())
    assert ctx["total"] == 8
    assert ctx["shares"] == [0.25, 0.5, 0.25]
    assert ctx["tables"]["blocks"]["sum"].tolist() == [0.25, 0.75]
    assert timing.stage == "toy"


def _first_letters(result, context):
    # maps over step 0's results, two steps later: each still holds its partition
    return "".join(result["part"]["text"].str[0])


def _letters(partials, context):
    return {**context, "letters": "".join(partials)}


#: The toy stage with a fourth step over the *first* step's results (kept on the workers
#: while steps 1 and 2 run), as the similarity stage reads step 4's hashed words in step 6.
TOY_REUSE = Stage("toy", "word shares, then first letters", TOY.steps + (
    Step(_first_letters, _letters, over=0),
))


def test_a_step_maps_over_an_earlier_steps_results_on_every_engine(engine):
    df = pd.DataFrame({"text": ["a b", "c d e f", "g h"]})
    parts = engine.scatter([df.iloc[[0]], df.iloc[[1]], df.iloc[[2]]])
    ctx, _, _ = run_stage(TOY_REUSE, engine, parts, config=RunConfig())
    assert ctx["letters"] == "acg"
    assert ctx["tables"]["blocks"]["sum"].tolist() == [0.25, 0.75]


def test_a_step_cannot_map_over_a_later_step():
    bad = Stage("bad", "step 0 over step 1", (Step(_share, _shares, over=1),
                                              Step(_count_words, _total)))
    with pytest.raises(ValueError, match="step 0 maps over the results of step 1"):
        run_stage(bad, SerialEngine(), [pd.DataFrame({"text": ["a"]})], config=RunConfig())


def test_a_stage_shows_a_progress_bar_of_its_steps_on_every_engine(engine, capsys):
    df = pd.DataFrame({"text": ["a b", "c d e f", "g h"]})
    parts = engine.scatter([df.iloc[[0]], df.iloc[[1]]])
    run_stage(TOY, engine, parts, config=RunConfig(), progress=True)
    err = capsys.readouterr().err
    assert "toy" in err and "3/3" in err and "_block_sum" in err
    run_stage(TOY, engine, parts, config=RunConfig())          # no bar unless asked
    assert capsys.readouterr().err == ""


def _burn(item, context):
    return sum(i * i for i in range(item))


def test_a_pool_counts_its_workers_cpu():
    # stage timings add the workers' CPU seconds (the parent's clock does not see them)
    engine = PoolEngine(2)
    assert engine.cpu_s == 0.0
    engine.gather(engine.map(_burn, engine.scatter([300_000] * 4), None))
    assert engine.cpu_s > 0.0


# ----------------------------------------------------------------------------- whole runs

def _csv_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def serial_tables(tmp_path_factory):
    out = {}
    for name, corpus in CORPORA.items():
        folder = tmp_path_factory.mktemp(f"serial-{name}")
        run_pipeline(corpus, folder, workers=1)
        out[name] = _csv_bytes(folder)
    return out


def _assert_same(expected: dict[str, bytes], folder: Path) -> None:
    got = _csv_bytes(folder)
    assert sorted(got) == sorted(expected)
    assert len(got) >= 11  # every table of the pipeline
    for name in expected:
        assert got[name] == expected[name], f"{name} differs from the single-process run"


@pytest.mark.parametrize("corpus", sorted(CORPORA))
@pytest.mark.parametrize("workers", [2, 3])
def test_a_process_pool_writes_the_same_bytes(corpus, workers, serial_tables, tmp_path):
    result = run_pipeline(CORPORA[corpus], tmp_path, workers=workers)
    _assert_same(serial_tables[corpus], tmp_path)
    assert [t.stage for t in result.timings] == ["load", "clean", "terms", "similarity",
                                                 "stance", "write"]


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_a_dask_cluster_writes_the_same_bytes(corpus, serial_tables, dask_client, tmp_path):
    from dask.distributed import get_task_stream

    with get_task_stream(dask_client) as stream:
        run_pipeline(CORPORA[corpus], tmp_path, engine="dask", scheduler=dask_client)
    _assert_same(serial_tables[corpus], tmp_path)
    assert len(stream.data) > 0            # the work ran on the cluster's workers
    assert dask_client.status == "running"  # the caller's client stays open


def test_a_dask_scheduler_address(serial_tables, dask_client, tmp_path):
    # `newslens run --engine dask --scheduler tcp://...`: a client of its own, closed after
    address = dask_client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    run_pipeline(None, tmp_path, engine="dask", scheduler=address)
    _assert_same(serial_tables["bundled"], tmp_path)
    assert dask_client.status == "running"


def test_top_k_neighbours_are_the_same_on_every_engine(dask_client, tmp_path):
    config = RunConfig(top_k=3)
    run_pipeline(FIXTURE, tmp_path / "serial", config=config, stages=("similarity",), workers=1)
    run_pipeline(FIXTURE, tmp_path / "pool", config=config, stages=("similarity",), workers=2)
    run_pipeline(FIXTURE, tmp_path / "dask", config=config, stages=("similarity",),
                 engine="dask", scheduler=dask_client)
    expected = _csv_bytes(tmp_path / "serial")
    assert len(pd.read_csv(tmp_path / "serial" / "similarity_docs.csv")) == 40 * 3
    for name in ("pool", "dask"):
        got = _csv_bytes(tmp_path / name)
        for table in ("similarity_docs.csv", "similarity_outlets.csv", "shared_passages.csv"):
            assert got[table] == expected[table], f"{table} differs on {name}"


def _stop_words_corpus(tmp_path):
    """Nothing but stop words and an empty text: an empty TF-IDF vocabulary, no repeated
    line, no passage, no quote."""
    corpus = tmp_path / "stopwords.jsonl"
    rows = [{"doc_id": "a", "outlet": "X", "title": "the", "text": "The and of."},
            {"doc_id": "b", "outlet": "Y", "title": "of", "text": "It is the."},
            {"doc_id": "c", "outlet": "Y", "title": "it", "text": ""}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return corpus


def test_a_degenerate_corpus_writes_the_same_bytes_on_every_engine(dask_client, tmp_path):
    # more processes than articles, an empty vocabulary: the one-process tables, no crash
    corpus = _stop_words_corpus(tmp_path)
    run_pipeline(corpus, tmp_path / "serial")
    run_pipeline(corpus, tmp_path / "pool", workers=4)
    run_pipeline(corpus, tmp_path / "dask", engine="dask", scheduler=dask_client)
    _assert_same(_csv_bytes(tmp_path / "serial"), tmp_path / "pool")
    _assert_same(_csv_bytes(tmp_path / "serial"), tmp_path / "dask")
