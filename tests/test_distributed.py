"""Tests for newslens.distributed: partitions, the map-reduce of repeated lines, and the
engines (forked processes, Dask LocalCluster) writing the same bytes as one process."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens import distributed as dist
from newslens.clean import _learn_repeats, learn_repeated_lines
from newslens.pipeline import run_pipeline

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"
CORPORA = {"bundled": None, "allsides-idlib": FIXTURE}


# ----------------------------------------------------------------------------- partitions

@pytest.mark.parametrize("n, parts, expected", [
    (10, 3, [(0, 3), (3, 6), (6, 10)]),  # floor(10/3)=3, floor(20/3)=6, 10
    (5, 8, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]),  # never an empty partition
    (0, 4, [(0, 0)]),
    (7, 1, [(0, 7)]),
])
def test_partition_bounds(n, parts, expected):
    assert dist.partition_bounds(n, parts) == expected


@given(st.integers(0, 500), st.integers(1, 40))
def test_partition_bounds_cover_in_order(n, parts):
    bounds = dist.partition_bounds(n, parts)
    assert bounds[0][0] == 0 and bounds[-1][1] == n
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    sizes = [b - a for a, b in bounds]
    assert max(sizes) - min(sizes) <= 1


# ----------------------------------------------------------------------------- repeated lines

_WORDS = ["alpha", "beta", "gamma", "delta", "epsilon"]


def _articles(middle: list[str]) -> list[list[str]]:
    # neighbours differ by a word (digits would all become "0" in the line key)
    return [["Headline", f"Body {w}.", m, f"End {w}."] for w, m in zip(_WORDS, middle)]


def test_repeated_line_thresholds_by_hand():
    # Outlet "o", 3 articles, each with "Subscribe now" between different neighbours:
    # need = max(min_docs=3, ceil(0.02 * 3) = 1) = 3 articles and 3 distinct surroundings
    # (("body alpha.", "end alpha."), ("body beta.", ...), ("body gamma.", ...)) -> boilerplate.
    paras = _articles(["Subscribe now"] * 3)
    stats = dist.repeat_statistics(paras, ["o"] * 3)
    assert stats.docs["o"]["subscribe now"] == 3
    assert len(stats.contexts["o"]["subscribe now"]) == 3
    assert dist.select_repeated(stats) == {"o": frozenset({"subscribe now"})}
    # The same line in the same surroundings three times (a wire story republished):
    # 1 distinct surrounding < 3 -> not boilerplate.
    same = [["Headline", "Body.", "Subscribe now", "End."]] * 3
    assert dist.select_repeated(dist.repeat_statistics(same, ["o"] * 3)) == {"o": frozenset()}


def test_headline_is_never_counted():
    paras = [["Subscribe now", f"Body {i}."] for i in range(5)]
    assert dist.select_repeated(dist.repeat_statistics(paras, ["o"] * 5)) == {"o": frozenset()}


_LINES = st.sampled_from(["Subscribe now", "Advertisement", "Read more", "Share this",
                          "The army advanced.", "Talks failed.", "2019 Copyright", "x"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(_LINES, min_size=1, max_size=8), st.sampled_from("ab")),
                min_size=1, max_size=30),
       st.integers(1, 6))
def test_map_reduce_equals_one_pass(articles, n_parts):
    # Any split into partitions, counted separately and combined, selects the same lines as
    # the clean module's one-pass learner.
    paras = [p for p, _ in articles]
    groups = [g for _, g in articles]
    bounds = dist.partition_bounds(len(paras), n_parts)
    parts = [dist.repeat_statistics(paras[a:b], groups[a:b]) for a, b in bounds]
    combined = parts[0]
    for p in parts[1:]:
        combined = dist.combine_repeat_statistics(combined, p)
    expected = _learn_repeats(paras, groups, min_docs=3, min_share=0.02, max_words=60)
    assert dist.select_repeated(combined) == expected


def test_statistics_survive_pickling():
    import pickle

    stats = dist.repeat_statistics(_articles(["Subscribe now"] * 3), ["o"] * 3)
    again = pickle.loads(pickle.dumps(stats))
    assert dist.select_repeated(again) == dist.select_repeated(stats)


def test_learned_lines_match_clean_on_fixture():
    from newslens.clean import _active, _run_text_stage
    from newslens.corpus import load_corpus

    df = load_corpus(FIXTURE)
    active = _active(None, ())
    paras = [_run_text_stage(t, active)[0].paragraphs for t in df["text"]]
    groups = df["outlet"].astype(str).tolist()
    assert dist.select_repeated(dist.repeat_statistics(paras, groups)) == \
        learn_repeated_lines(df["text"].tolist(), groups)


# ----------------------------------------------------------------------------- stance combine

def test_combine_stance_skips_empty_partitions():
    from newslens.quotes import extract_quotes
    from newslens.stance import assign_stance

    texts = ['"We will still try," Pierce said.', "No quotes here.", '"Stop," he said.']
    part = pd.DataFrame({"doc_id": ["b", "c", "a"], "outlet": ["o", "o", "p"], "text_clean": texts})
    whole = assign_stance(extract_quotes(part), texts=part)
    pieces = [dist._stance_partition(part.iloc[i:i + 1], config=dist.RunConfig())
              for i in range(3)]
    assert len(pieces[1]["quotes"]) == 0
    out = dist.combine_stance(pieces)["quotes"]
    expected = whole.sort_values(["doc_id", "start", "end", "kind"], kind="mergesort").reset_index(drop=True)
    pd.testing.assert_frame_equal(out, expected)
    assert list(out["doc_id"]) == ["a", "b"]  # sorted by doc_id, not by partition


# ----------------------------------------------------------------------------- engines

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
def test_local_processes_write_the_same_bytes(corpus, serial_tables, tmp_path):
    result = run_pipeline(CORPORA[corpus], tmp_path, workers=2)
    _assert_same(serial_tables[corpus], tmp_path)
    assert [t.stage for t in result.timings] == ["load", "clean", "terms", "similarity",
                                                 "stance", "write"]


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engine"):
        run_pipeline(None, None, engine="spark")


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


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_dask_cluster_writes_the_same_bytes(corpus, serial_tables, dask_client, tmp_path):
    run_pipeline(CORPORA[corpus], tmp_path, engine="dask", scheduler=dask_client)
    _assert_same(serial_tables[corpus], tmp_path)
    # the client given by the caller stays open for them
    assert dask_client.status == "running"


def test_dask_engine_uses_the_cluster_workers(dask_client):
    eng = dist.make_engine("dask", scheduler=dask_client)
    assert eng.n_workers == 2
    futures = eng.map(len, eng.scatter([[1, 2], [3]]))
    assert eng.gather(futures) == [2, 1]
    assert eng.reduce(lambda a, b: a + b, eng.scatter([[1], [2], [3]])) == [1, 2, 3]
    eng.close()
    assert dask_client.status == "running"
