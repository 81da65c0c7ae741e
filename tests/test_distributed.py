"""Tests for newslens.distributed: partitions, the map-reduce of repeated lines, and the
engines (forked processes, Dask LocalCluster) writing the same bytes as one process."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens import distributed as dist
from newslens import clean
from newslens.clean import learn_repeated_lines
from newslens.corpus import load_corpus
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
    # one pass over all articles, and the same as a direct count of the rule's definition.
    paras = [p for p, _ in articles]
    groups = [g for _, g in articles]
    bounds = dist.partition_bounds(len(paras), n_parts)
    parts = [dist.repeat_statistics(paras[a:b], groups[a:b]) for a, b in bounds]
    combined = parts[0]
    for p in parts[1:]:
        combined = dist.combine_repeat_statistics(combined, p)
    one_pass = clean.select_repeated(clean.repeat_statistics(paras, groups))
    assert dist.select_repeated(combined) == one_pass == _repeated_by_definition(paras, groups)


def _repeated_by_definition(paras, groups):
    """The rule written out naively: exact (previous, next) pairs, no digests."""
    out = {}
    for g in sorted(set(groups)):
        arts = [p for p, gg in zip(paras, groups) if gg == g]
        docs, occ, ctx = {}, {}, {}
        for lines in arts:
            keys = [clean.repeat_key(x) for x in lines]
            for i in range(1, len(keys)):
                k = keys[i]
                occ[k] = occ.get(k, 0) + 1
                ctx.setdefault(k, set()).add((keys[i - 1], keys[i + 1] if i + 1 < len(keys) else ""))
            for k in set(keys[1:]):
                docs[k] = docs.get(k, 0) + 1
        if not ctx:
            continue
        need = max(3, -(-0.02 * len(arts) // 1))
        out[g] = frozenset(k for k in ctx if docs[k] >= need and len(ctx[k]) >= need
                           and occ[k] <= 3 * docs[k])
    return out


def test_distributed_and_clean_share_one_rule():
    # one implementation of the repeated-line statistics, not a copy per engine
    assert dist.repeat_statistics is clean.repeat_statistics
    assert dist.select_repeated is clean.select_repeated
    assert dist.combine_repeat_statistics is clean.combine_repeat_statistics


def test_lone_surrogate_lines_are_counted():
    # a line with an unpaired surrogate (a stray JSON escape) has no UTF-8 form; it is
    # still counted and still boilerplate when it repeats (3 articles, 3 surroundings)
    paras = _articles(["Share \ud800"] * 3)
    assert dist.select_repeated(dist.repeat_statistics(paras, ["o"] * 3)) == \
        {"o": frozenset({"share \ud800"})}


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


# ----------------------------------------------------------------------------- term counts

def _tiny_corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"], "outlet": ["B", "A", "B", "C"],
        "text_clean": ["Regime forces shelled Idlib.", "Rebels held Idlib, rebels said.",
                       "The regime advanced.", "Talks in Sochi."]})


def test_merged_term_counts_by_hand():
    from newslens.terms import count_partition, merge_group_counts

    df = _tiny_corpus()
    merged = merge_group_counts([count_partition(df.iloc[:2]), count_partition(df.iloc[2:])])
    assert merged.labels.tolist() == ["A", "B", "C"]          # sorted union of the outlets
    assert merged.terms.tolist() == sorted(merged.terms.tolist())
    col = {t: i for i, t in enumerate(merged.terms)}
    # "regime": d1 (B) once + d3 (B) once -> B counts 2 in 2 documents; "rebels": d2 (A) twice
    assert merged.counts[1, col["regime"]] == 2 and merged.doc_freq[1, col["regime"]] == 2
    assert merged.counts[0, col["rebels"]] == 2 and merged.doc_freq[0, col["rebels"]] == 1
    # words (stop words in, numbers out): B = 4 ("regime forces shelled idlib") + 3 = 7
    assert merged.words.tolist()[1] == 7
    assert merged.n_docs == 4


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.permutations(range(4)))
def test_merged_term_counts_equal_one_pass(n_parts, order):
    # any split, merged in any order, gives the one-pass sums (hence the same tables)
    from newslens.terms import count_partition, merge_group_counts, stage_tables

    df = _tiny_corpus()
    whole = count_partition(df)
    parts = [count_partition(df.iloc[a:b]) for a, b in dist.partition_bounds(len(df), n_parts)]
    merged = merge_group_counts([parts[i] for i in order if i < len(parts)])
    assert merged.labels.tolist() == whole.labels.tolist()
    assert merged.terms.tolist() == whole.terms.tolist()
    assert (merged.counts != whole.counts).nnz == 0 and (merged.doc_freq != whole.doc_freq).nnz == 0
    assert merged.words.tolist() == whole.words.tolist()
    assert (merged.framing == whole.framing).all()
    a = stage_tables(df, config=dist.RunConfig(), counts=merged)
    b = stage_tables(df, config=dist.RunConfig())
    for name in b:
        pd.testing.assert_frame_equal(a[name], b[name])


# ----------------------------------------------------------------------------- TF-IDF

@pytest.mark.parametrize("n_parts", [1, 2, 3, 7])
def test_partitioned_tfidf_is_bit_identical(n_parts):
    import numpy as np
    import scipy.sparse as sp

    from newslens.clean import clean_corpus
    from newslens.corpus import load_corpus
    from newslens.similarity import _texts, tfidf_matrix

    df, _ = clean_corpus(load_corpus(FIXTURE))
    X, terms = tfidf_matrix(df)
    counts = [dist.tfidf_partition_counts(_texts(df.iloc[a:b]))
              for a, b in dist.partition_bounds(len(df), n_parts)]
    voc = dist.tfidf_vocabulary(counts)
    rows = [dist.tfidf_partition_rows(c, appear=m["appear"], column=m["column"], idf=voc["idf"])
            for c, m in zip(counts, voc["parts"])]
    Y = sp.vstack(rows, format="csr")
    assert voc["terms"].tolist() == terms.tolist()
    assert np.array_equal(Y.indptr, X.indptr) and np.array_equal(Y.indices, X.indices)
    assert Y.data.tobytes() == X.data.tobytes()     # the same floats, not merely close


def test_idf_by_hand():
    # 3 documents; "idlib" in 2 of them: idf = ln((1 + 3) / (1 + 2)) + 1 = 1.287682...
    import math

    counts = [dist.tfidf_partition_counts(["idlib rebels", "idlib"]),
              dist.tfidf_partition_counts(["rebels rebels talks"])]
    voc = dist.tfidf_vocabulary(counts)
    assert voc["terms"].tolist() == ["idlib", "rebels", "talks"]
    assert voc["idf"][0] == pytest.approx(math.log(4 / 3) + 1)
    assert voc["idf"][2] == pytest.approx(math.log(4 / 2) + 1)     # "talks" in 1 document


def test_corpus_wide_tfidf_options_are_refused():
    with pytest.raises(ValueError, match="min_df"):
        dist.tfidf_partition_counts(["a b"], options={"min_df": 2})


# ----------------------------------------------------------------------------- top-k

@pytest.mark.parametrize("block_cells, n_groups, dense", [
    (40 * 40, 1, False), (40 * 3, 4, False), (40, 40, False),
    (40 * 3, 4, True),   # common terms multiplied densely (BLAS), as on corpora of 5,000+
])
def test_top_k_parts_merge_to_the_one_process_answer(monkeypatch, block_cells, n_groups, dense):
    # Blocks of the upper triangle split into runs, each folded into its own top-k, then
    # merged: the same neighbours and the same floats as the one-process top-k.
    import numpy as np

    from newslens import similarity
    from newslens.clean import clean_corpus
    from newslens.corpus import load_corpus

    df, _ = clean_corpus(load_corpus(FIXTURE))
    X, _ = similarity.tfidf_matrix(df)
    monkeypatch.setattr(similarity, "_BLOCK_CELLS", block_cells)
    if dense:
        monkeypatch.setattr(similarity, "_DENSE_MIN_DOCS", 10)
        assert similarity._CosineKernel(X).dense is not None
    expected = similarity._top_k_pairs(X, 3, n_jobs=1)
    blocks = dist._kernel_blocks(X, "test")
    groups = dist._balanced_groups(blocks, X.shape[0], n_groups)
    assert sum(len(g) for g in groups) == len(blocks) and len(groups) <= n_groups
    parts = [dist._top_k_of_blocks(X, "test", g, 3) for g in groups]
    dist._forget_kernels()
    got, _ = dist.merge_top_k_parts(reversed(parts), X.shape[0], 3)  # any arrival order
    for e, g in zip(expected, got):
        assert e.tobytes() == g.tobytes()
    assert np.all(got[1] != got[0])          # never its own neighbour


# ----------------------------------------------------------------------------- shared passages

@pytest.mark.parametrize("n_parts, n_buckets", [(1, 1), (3, 4), (7, 5)])
def test_partitioned_passages_equal_the_whole(n_parts, n_buckets):
    # n-grams indexed per partition with a process-independent hash, seeds found per hash
    # bucket, regions aligned in runs of pairs: the table of shared_passages
    import numpy as np

    from newslens import passages as P
    from newslens.clean import clean_corpus
    from newslens.corpus import load_corpus

    df, _ = clean_corpus(load_corpus(FIXTURE))
    expected = P.shared_passages(df)
    assert len(expected) >= 3
    ids, texts, outlets, code, order = P.corpus_arrays(df)
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(len(order))
    index = [P.ngram_index(df["text_clean"].iloc[a:b].tolist(), number[a:b], n_buckets=n_buckets)
             for a, b in dist.partition_bounds(len(df), n_parts)]
    seeds = [P.ngram_seeds([i[j] for i in index], code) for j in range(n_buckets)]
    a, b, pa, pb = (np.concatenate([s[k] for s in seeds]) for k in range(4))
    regions = P.seed_regions(a, b, pa, pb, ngram=5, max_gap=4, n_docs=len(ids), min_words=12)
    # two runs of whole pairs, each with only the documents it names
    pair = list(zip(regions["a"], regions["b"]))
    cut = pair.index(pair[len(pair) // 2])
    rows = []
    for chunk in (regions.iloc[:cut], regions.iloc[cut:]):
        needed = set(chunk["a"]) | set(chunk["b"])
        docs = {int(d): (ids[d], outlets[d], texts[d]) for d in needed}
        rows += dist._align_chunk(chunk, docs, max_gap=4, min_anchor=3, min_words=12)["rows"]
    pd.testing.assert_frame_equal(P.passage_table(rows), expected)


@given(st.lists(st.integers(0, 6), max_size=40).map(sorted), st.integers(1, 9))
def test_pair_runs_cover_in_order_without_cutting_a_pair(pairs, n_runs):
    runs = dist._pair_runs(pairs, n_runs)
    assert [i for a, b in runs for i in range(a, b)] == list(range(len(pairs)))
    assert len(runs) <= n_runs and all(b > a for a, b in runs)
    for a, b in runs[1:]:
        assert pairs[a - 1] != pairs[a]          # a run starts where a new pair starts


def test_stable_word_hashes_do_not_depend_on_the_process():
    # the n-gram index of a partition must mean the same on every worker: same words, same
    # hashes in a fresh interpreter (Python's own hash is salted per process)
    import subprocess
    import sys

    from newslens.passages import _encode_stable

    code = ("from newslens.passages import _encode_stable;"
            "print(_encode_stable(['Syria\\u2019s rebels held Idlib'])[0][0].tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == str(_encode_stable(["Syria\u2019s rebels held Idlib"])[0][0].tolist())


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


def _task_prefixes(stream) -> set[str]:
    from dask.utils import key_split

    # key_split drops the leading underscore of a private function's name
    return {"_" + key_split(t["key"]).lstrip("_") for t in stream.data}


#: What must run on the workers: cleaning, term counts and their merge, the TF-IDF maps,
#: the shared passages' n-gram index, seeds and alignment, and the quotes.
_WORKER_TASKS = {"_clean_start", "_clean_finish", "_terms_partition", "_merge_terms",
                 "_tfidf_counts_partition", "_tfidf_rows_partition",
                 "_passage_index_partition", "_bucket_seeds", "_align_chunk",
                 "_stance_partition"}


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_dask_cluster_writes_the_same_bytes(corpus, serial_tables, dask_client, tmp_path):
    from dask.distributed import get_task_stream

    with get_task_stream(dask_client) as stream:
        run_pipeline(CORPORA[corpus], tmp_path, engine="dask", scheduler=dask_client)
    _assert_same(serial_tables[corpus], tmp_path)
    # the corpus-wide stages were map-reduced on the workers, not run whole on the client
    assert _WORKER_TASKS <= _task_prefixes(stream)
    # the client given by the caller stays open for them
    assert dask_client.status == "running"


def test_dask_top_k_on_workers_writes_the_same_bytes(dask_client, tmp_path):
    # top_k=3 on the fixture: the documents' nearest neighbours are computed on the workers
    from dask.distributed import get_task_stream

    from newslens.config import RunConfig

    config = RunConfig(top_k=3)
    serial = tmp_path / "serial"
    run_pipeline(FIXTURE, serial, config=config, stages=("similarity",))
    with get_task_stream(dask_client) as stream:
        run_pipeline(FIXTURE, tmp_path / "dask", config=config, stages=("similarity",),
                     engine="dask", scheduler=dask_client)
    assert "_top_k_of_blocks" in _task_prefixes(stream)
    for name in ("similarity_docs.csv", "similarity_outlets.csv", "shared_passages.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (serial / name).read_bytes()
    assert len(pd.read_csv(serial / "similarity_docs.csv")) == 40 * 3


def test_dask_scheduler_address(serial_tables, dask_client, tmp_path):
    # `newslens run --engine dask --scheduler tcp://...`: a client of its own, closed after
    address = dask_client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    run_pipeline(None, tmp_path, engine="dask", scheduler=address)
    _assert_same(serial_tables["bundled"], tmp_path)
    assert dask_client.status == "running"


def _stop_words_corpus(tmp_path):
    """Nothing but stop words and an empty text: an empty TF-IDF vocabulary, no repeated
    line, no passage, no quote."""
    import json

    corpus = tmp_path / "stopwords.jsonl"
    rows = [{"doc_id": "a", "outlet": "X", "title": "the", "text": "The and of."},
            {"doc_id": "b", "outlet": "Y", "title": "of", "text": "It is the."},
            {"doc_id": "c", "outlet": "Y", "title": "it", "text": ""}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return corpus


def test_dask_degenerate_corpus_writes_the_same_bytes(dask_client, tmp_path):
    # the map-reduce paths give the one-process tables, without crashing
    corpus = _stop_words_corpus(tmp_path)
    run_pipeline(corpus, tmp_path / "serial")
    run_pipeline(corpus, tmp_path / "dask", engine="dask", scheduler=dask_client)
    _assert_same(_csv_bytes(tmp_path / "serial"), tmp_path / "dask")


def test_dask_engine_uses_the_cluster_workers(dask_client):
    eng = dist.make_engine("dask", scheduler=dask_client)
    assert eng.n_workers == 2
    futures = eng.map(len, eng.scatter([[1, 2], [3]]))
    assert eng.gather(futures) == [2, 1]
    assert eng.reduce(lambda a, b: a + b, eng.scatter([[1], [2], [3]])) == [1, 2, 3]
    eng.close()
    assert dask_client.status == "running"


# ----------------------------------------------------------------------------- local engine

@pytest.mark.parametrize("lengths, parts, expected", [
    # costs length+1: 11,2,2,2,2,11 (total 30); cuts where the running total reaches
    # 15 (after row 3: 11+2+2=15) -> rows 0-2 | 3-5
    ([10, 1, 1, 1, 1, 10], 2, [(0, 3), (3, 6)]),
    # one long article: 100+1 of 104; every cut lands after it, empty ranges dropped
    ([100, 0, 0, 0], 3, [(0, 1), (1, 4)]),
    ([5, 5, 5, 5], 4, [(0, 1), (1, 2), (2, 3), (3, 4)]),
    ([], 2, [(0, 0)]),
])
def test_balanced_bounds(lengths, parts, expected):
    assert dist.balanced_bounds(lengths, parts) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 1000), max_size=30), st.integers(1, 6))
def test_balanced_bounds_cover_in_order(lengths, parts):
    bounds = dist.balanced_bounds(lengths, parts)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(lengths)
    assert all(a < b for a, b in bounds) or lengths == []
    assert all(b == a2 for (_, b), (a2, _) in zip(bounds, bounds[1:]))
    assert len(bounds) <= parts


@pytest.mark.parametrize("workers", [2, 3])
def test_clean_locally_equals_clean_corpus(workers):
    df = load_corpus(FIXTURE)
    expected, expected_log = clean.clean_corpus(df)
    finished, info = dist.clean_locally(dist.ProcessEngine(workers), df)
    # partitions of about equal characters (a long article can leave fewer than asked)
    assert workers <= len(finished) <= workers * dist.PARTITIONS_PER_WORKER
    assert info["children_cpu_s"] > 0
    out, log = dist.assemble_cleaned(df, finished)
    for col in ("text_clean", "headline", "subheadings"):
        assert out[col].tolist() == expected[col].tolist()
    pd.testing.assert_frame_equal(log.reset_index(drop=True), expected_log.reset_index(drop=True))


def test_clean_locally_reports_a_child_failure(monkeypatch):
    # the child (partition 1) fails in map step 1: the parent raises the child's error
    # instead of waiting for counts that never come
    df = load_corpus(FIXTURE)
    start = dist._clean_start

    def failing(part, **kwargs):
        if part.index[0] != df.index[0]:
            raise ValueError("boom in a child")
        return start(part, **kwargs)

    monkeypatch.setattr(dist, "_clean_start", failing)
    with pytest.raises(ValueError, match="boom in a child"):
        dist.clean_locally(dist.ProcessEngine(2), df)


def test_local_engine_with_three_processes_and_a_stage_subset(serial_tables, tmp_path):
    run_pipeline(FIXTURE, tmp_path, workers=3)
    _assert_same(serial_tables["allsides-idlib"], tmp_path)
    one = run_pipeline(FIXTURE, None, workers=1, stages=("similarity",))
    two = run_pipeline(FIXTURE, None, workers=2, stages=("similarity",))
    assert list(two.tables) == list(one.tables)   # same tables, in the same order
    for name, table in one.tables.items():
        pd.testing.assert_frame_equal(two.tables[name], table)
    assert [t.stage for t in two.timings] == ["load", "clean", "similarity", "write"]


def _slow_pid(base, *, i):
    import os
    import time

    time.sleep(0.1)
    return (base + i, os.getpid())


def test_parent_shares_the_calls_with_the_pool():
    import os

    dist._INHERITED["test"] = (100,)
    try:
        calls = [("t", _slow_pid, {"i": i}) for i in range(8)]
        out = dist._share_with_pool(dist.ProcessEngine(2), "test", calls)
    finally:
        dist._INHERITED.pop("test", None)
    assert [v for v, _ in out] == list(range(100, 108))      # in the order of the calls
    pids = {pid for _, pid in out}
    assert os.getpid() in pids and len(pids) == 2            # the parent and one child


def _fail_on(base, *, i):
    import time

    time.sleep(0.05)
    if i == 5:
        raise ValueError(f"call {i} failed")
    return base + i


def test_a_failing_call_is_raised_by_the_parent():
    dist._INHERITED["test"] = (100,)
    try:
        with pytest.raises(ValueError, match="call 5 failed"):
            dist._share_with_pool(dist.ProcessEngine(2), "test",
                                  [("t", _fail_on, {"i": i}) for i in range(8)])
    finally:
        dist._INHERITED.pop("test", None)


def test_local_engine_degenerate_corpus_writes_the_same_bytes(tmp_path):
    # more processes than articles: the local engine gives the one-process tables (fewer
    # partitions than processes)
    corpus = _stop_words_corpus(tmp_path)
    run_pipeline(corpus, tmp_path / "serial")
    run_pipeline(corpus, tmp_path / "local", workers=4)
    _assert_same(_csv_bytes(tmp_path / "serial"), tmp_path / "local")


def test_error_for_parent_keeps_what_can_travel_and_names_what_cannot():
    import threading

    from newslens.distributed import _error_for_parent

    plain = ValueError("bad partition 3")
    assert _error_for_parent(plain) is plain
    held = ValueError("holds a lock")
    held.lock = threading.Lock()          # cannot be rebuilt in another process
    out = _error_for_parent(held)
    assert isinstance(out, RuntimeError) and "holds a lock" in str(out)


# ----------------------------------------------------------------------------- writing

def _tables_for_writing() -> dict[str, pd.DataFrame]:
    return {f"t{i}": pd.DataFrame({"doc_id": [f"d{j}" for j in range(i + 2, 0, -1)],
                                   "text": ["=SUM(A1)", "x\ry"] + ["plain"] * i,
                                   "score": [0.1234567 * j for j in range(i + 2)]})
            for i in range(4)}


def test_tables_are_written_by_both_processes_with_the_serial_bytes(monkeypatch, tmp_path):
    import os
    import time

    from newslens import io

    tables = _tables_for_writing()
    sort_keys = {"t1": ["doc_id"], "t3": ["doc_id"]}
    for name, table in tables.items():
        io.write_table(table, tmp_path / "serial" / f"{name}.csv", sort_by=sort_keys.get(name))
    real = io.write_table

    def slow_write(df, path, *, sort_by=None):   # long enough that the child takes some
        time.sleep(0.3)
        out = real(df, path, sort_by=sort_by)
        Path(f"{path}.pid").write_text(str(os.getpid()))
        return out

    monkeypatch.setattr(io, "write_table", slow_write)   # inherited by the forked child
    paths, _ = dist.write_tables_locally(dist.ProcessEngine(2), tables, tmp_path / "two",
                                         sort_keys)
    assert [p.name for p in paths] == [f"{name}.csv" for name in tables]   # table order
    pids = {(tmp_path / "two" / f"{name}.csv.pid").read_text() for name in tables}
    assert str(os.getpid()) in pids and len(pids) == 2
    for name in tables:
        assert paths[list(tables).index(name)].read_bytes() == \
            (tmp_path / "serial" / f"{name}.csv").read_bytes(), name


def test_a_failing_write_in_a_child_is_raised_by_the_parent(monkeypatch, tmp_path):
    import os
    import time

    from newslens import io

    parent = os.getpid()
    real = io.write_table

    def write_or_fail(df, path, *, sort_by=None):
        time.sleep(0.2)
        if os.getpid() != parent:
            raise OSError(f"No space left on device: {path}")
        return real(df, path, sort_by=sort_by)

    monkeypatch.setattr(io, "write_table", write_or_fail)
    with pytest.raises(OSError, match="No space left on device"):
        dist.write_tables_locally(dist.ProcessEngine(2), _tables_for_writing(), tmp_path, {})


def test_write_cost_orders_text_heavy_tables_first():
    long_text = pd.DataFrame({"doc_id": ["a", "b"], "text": ["word " * 200_000] * 2})
    many_rows = pd.DataFrame({"a": range(10_000), "b": range(10_000)})
    empty = pd.DataFrame({"a": []})
    # 2 rows of 1 MB text each: about 2 x 2 cells x 1e-6 + 2e6 x 2e-8 = 0.04 s
    assert dist._write_cost(long_text) == pytest.approx(0.04, rel=0.01)
    # 20,000 cells, no text: 0.02 s
    assert dist._write_cost(many_rows) == pytest.approx(0.02)
    assert dist._write_cost(empty) == 0.0
    assert dist._write_cost(long_text) > dist._write_cost(many_rows)   # text first
