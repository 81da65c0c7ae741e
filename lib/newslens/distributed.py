"""Run the pipeline's per-article work on several processes or on a Dask cluster.

The pipeline has two kinds of work:

- **per-article** steps, where each article's result depends on that article alone (the
  cleaning rules, quote extraction and stance), which split into partitions of
  consecutive articles and run anywhere;
- **corpus-wide** steps, which need statistics over every article: the lines an outlet
  repeats (learned boilerplate), term counts and keyness, TF-IDF document frequencies,
  nearest neighbours, shared passages.

An *engine* maps a function over partitions and reduces partial results:

``SerialEngine``
    everything in this process (the reference; what ``workers=1`` runs).
``ProcessEngine``
    a pool of forked processes on this machine (``engine="local"`` with several workers).
    The children inherit the corpus through ``fork`` instead of receiving a pickled copy;
    only their results travel back.
``DaskEngine``
    a ``dask.distributed`` cluster (``engine="dask"``): partitions are scattered to the
    workers and stay there between the two cleaning passes and quote extraction.

Cleaning is corpus-wide in one respect: the ``repeated_line`` rule drops lines that repeat
across many articles of one outlet, learned from the whole corpus. It is split into

1. *map*: run the character rules on each article (:func:`newslens.clean._run_text_stage`)
   and count, per outlet, each short line's articles, occurrences and distinct
   surroundings (:func:`newslens.clean.repeat_statistics`);
2. *reduce*: add the counts of all partitions
   (:func:`newslens.clean.combine_repeat_statistics`) and select the boilerplate lines
   (:func:`newslens.clean.select_repeated`);
3. *map*: finish each article with its outlet's learned lines.

These are the functions ``clean_corpus`` itself uses on the whole corpus (one partition),
so the rule is written once.

On a Dask cluster the analysis stages are map-reduced too, where the cleaned partitions
are (on the workers):

terms
    *map* :func:`newslens.terms.count_partition` (tokens counted and summed per outlet),
    *reduce* :func:`newslens.terms.merge_group_counts` (a tree of pairwise merges on the
    workers: vocabularies united and sorted, integer counts added); the client computes
    the term, keyness and framing tables from the merged sums.
similarity
    *map* :func:`tfidf_partition_counts` (scikit-learn's analyzer and counting loop),
    *reduce* :func:`tfidf_vocabulary` on the client (sorted vocabulary, document
    frequencies added, idf), *map* :func:`tfidf_partition_rows` (each partition's unit
    TF-IDF rows with the corpus idf); the client stacks the rows, scatters the matrix once
    and *maps* runs of row blocks of the cosine's upper triangle to the workers
    (:func:`top_k_on_engine`), each returning every row's best *k* among its cells,
    *reduced* by :func:`merge_top_k_parts`. All pairs (corpora up to
    ``ALL_PAIRS_MAX_DOCS``) and the outlets' table (one row per outlet) are computed on
    the client.
shared passages
    *map* :func:`newslens.passages.ngram_index` (each partition's word n-grams, hashed
    with a hash that is the same in every process, split by hash into buckets), *reduce*
    :func:`newslens.passages.ngram_seeds` per bucket on the workers (an n-gram's
    boilerplate filters depend on that n-gram only, so buckets are independent); the
    client chains the seeds into candidate regions
    (:func:`newslens.passages.seed_regions`) and *maps* runs of whole pairs, with the
    texts they name, to the workers for alignment
    (:func:`newslens.passages.align_regions`).
stance
    quotes and stance per partition (:func:`newslens.quotes.extract_quotes`,
    :func:`newslens.stance.assign_stance`); the client concatenates and summarises
    (:func:`newslens.stance.stance_summary`).

On the local engine (forked processes on one machine) the parent cleans partitions
itself beside ``n_workers - 1`` forked children (:func:`clean_locally`: only the repeat
counts, the learned lines and the cleaned columns travel); then the parent and
``n_workers - 1`` children forked with the cleaned corpus take, from a shared counter,
longest first, terms, the similarity cosines and the shared passages (each whole, one
call) and the stance partitions (:func:`_run_locally`, :func:`_share_with_pool`). Every
engine produces byte-identical tables (``tests/test_distributed.py``).
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from .clean import (RepeatStatistics, combine_repeat_statistics, repeat_statistics,
                    select_repeated)
from .config import RunConfig


#: Partitions per worker: more partitions than workers balance articles of uneven length.
PARTITIONS_PER_WORKER = 4


# =========================================================================== engines

def partition_bounds(n: int, n_parts: int) -> list[tuple[int, int]]:
    """Split ``range(n)`` into ``n_parts`` consecutive, nearly equal ``(start, stop)`` ranges.

    Partition *i* holds rows :math:`\\lfloor i n / p \\rfloor` to
    :math:`\\lfloor (i+1) n / p \\rfloor`, so sizes differ by at most one and the
    concatenation of the partitions is the corpus in its order.

    Examples
    --------
    >>> partition_bounds(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    n_parts = max(1, min(n_parts, n)) if n else 1
    return [(i * n // n_parts, (i + 1) * n // n_parts) for i in range(n_parts)]


class _Done:
    """A finished result with the ``Future.result()`` interface."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class SerialEngine:
    """Everything in this process, in order. Handles are the results themselves."""

    name = "serial"
    n_workers = 1

    def map(self, fn: Callable, handles: Sequence, **kwargs) -> list:
        return [fn(h, **kwargs) for h in handles]

    def gather(self, handles: Sequence) -> list:
        return list(handles)

    def scatter(self, items: Sequence) -> list:
        return list(items)

    def reduce(self, fn: Callable, handles: Sequence):
        it = iter(handles)
        acc = next(it)
        for h in it:
            acc = fn(acc, h)
        return acc

    def submit(self, fn: Callable, *args, **kwargs):
        return _Done(fn(*args, **kwargs))

    def close(self) -> None:
        pass


# Data a forked child reads: set in the parent just before the pool forks.
_INHERITED: dict[str, Any] = {}


def _one_blas_thread():
    """One BLAS/OpenMP thread in a worker process: the engine already runs one process per
    core, and a multithreaded OpenBLAS (the dense cosine products of the similarity stage)
    would oversubscribe the cores and spin-wait. Measured on AllSides: the similarity stage
    took 352 s of CPU in a forked child next to the quote partitions, against 163 s alone.
    Dask's nanny sets ``OPENBLAS_NUM_THREADS=1`` for its workers for the same reason."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _call_inherited(fn: Callable, key: str, i: int, kwargs: dict):
    with _one_blas_thread():
        return fn(_INHERITED[key][i], **kwargs)


def _call_inherited_args(fn: Callable, key: str, kwargs: dict):
    with _one_blas_thread():
        return fn(*_INHERITED[key], **kwargs)


class ProcessEngine:
    """A pool of ``n_workers`` forked processes per step; inputs are inherited, not pickled.

    Each :meth:`map` stores its inputs in a module global and forks a fresh pool, so the
    children see the parent's objects at fork time (copy-on-write) and only the results
    are pickled back. Handles are results held in the parent.
    """

    name = "processes"

    def __init__(self, n_workers: int) -> None:
        self.n_workers = max(1, int(n_workers))
        self._ctx = multiprocessing.get_context("fork")
        self._pools: list[ProcessPoolExecutor] = []

    def _pool(self, n: int) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=max(1, min(self.n_workers, n)), mp_context=self._ctx)
        self._pools.append(pool)
        return pool

    def map(self, fn: Callable, handles: Sequence, **kwargs) -> list:
        key = f"map{id(handles)}"
        _INHERITED[key] = list(handles)
        try:
            with ProcessPoolExecutor(max_workers=max(1, min(self.n_workers, len(handles))),
                                     mp_context=self._ctx) as pool:
                futures = [pool.submit(_call_inherited, fn, key, i, kwargs)
                           for i in range(len(handles))]
                return [f.result() for f in futures]
        finally:
            _INHERITED.pop(key, None)

    def gather(self, handles: Sequence) -> list:
        return list(handles)

    def scatter(self, items: Sequence) -> list:
        return list(items)

    def reduce(self, fn: Callable, handles: Sequence):
        return SerialEngine.reduce(self, fn, handles)

    def submit(self, fn: Callable, *args, **kwargs):
        """Run ``fn(*args)`` in a forked child now; ``.result()`` waits for it."""
        key = f"submit{len(self._pools)}_{id(args)}"
        _INHERITED[key] = args
        pool = self._pool(1)
        future = pool.submit(_call_inherited_args, fn, key, kwargs)
        # the child has forked with the arguments; the parent no longer needs the reference
        _INHERITED.pop(key, None)
        return future

    def close(self) -> None:
        for pool in self._pools:
            pool.shutdown(wait=True)
        self._pools.clear()


class DaskEngine:
    """A ``dask.distributed`` client; handles are futures that stay on the workers."""

    name = "dask"

    def __init__(self, scheduler: Any = None) -> None:
        try:
            from dask.distributed import Client
        except ImportError as exc:  # the optional extra
            raise ImportError("engine='dask' needs the dask extra: pip install -e '.[dask]'") from exc
        if scheduler is None:
            # No address: a cluster of local processes, one per core, on loopback only.
            from dask.distributed import LocalCluster
            self._cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                                         processes=True, host="127.0.0.1",
                                         dashboard_address=None)
            self.client = Client(self._cluster)
            self._own_client = True
        elif hasattr(scheduler, "submit") and hasattr(scheduler, "gather"):
            self._cluster = None
            self.client = scheduler  # an existing Client
            self._own_client = False
        else:
            self._cluster = None
            self.client = Client(scheduler)  # an address, or a cluster object
            self._own_client = True
        info = self.client.scheduler_info()
        self.n_workers = max(1, len(info.get("workers", {})))

    def map(self, fn: Callable, handles: Sequence, **kwargs) -> list:
        # pure=False: results are not deduplicated by hashing the (large) inputs
        return self.client.map(fn, list(handles), pure=False, **kwargs)

    def gather(self, handles: Sequence) -> list:
        return self.client.gather(list(handles))

    def scatter(self, items: Sequence) -> list:
        # hash=False: by default equal objects (two empty or identical partitions) share one
        # key, and releasing one future deletes the data the other still needs ("lost
        # dependencies", seen in the test suite)
        return self.client.scatter(list(items), hash=False)

    def reduce(self, fn: Callable, handles: Sequence):
        """Pairwise tree reduction on the workers; returns the final value."""
        level = list(handles)
        while len(level) > 1:
            nxt = [self.client.submit(fn, level[i], level[i + 1], pure=False)
                   for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                nxt.append(level[-1])
            level = nxt
        return level[0].result() if hasattr(level[0], "result") else level[0]

    def submit(self, fn: Callable, *args, **kwargs):
        return self.client.submit(fn, *args, pure=False, **kwargs)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(engine: str = "local", *, scheduler: Any = None, workers: int | None = None):
    """The engine for ``run_pipeline(engine=..., scheduler=..., workers=...)``.

    ``engine="local"``: ``workers`` processes (None or 1: this process only; 2 or more: the
    parent and ``workers - 1`` forked children, :func:`_run_locally`; ``run_pipeline``
    replaces None by :func:`newslens.pipeline.default_workers`). Measured on a
    shared 2-core machine (first 4,694 / 9,388 AllSides articles, tables not written,
    three interleaved runs each, load average 1.1-2.0): one process 16.6-17.0 /
    33.5-33.9 s wall, 18.0-18.6 / 36.8-37.3 s CPU; two processes 10.2-10.3 / 19.9-20.4 s
    wall, 18.4-18.8 / 36.2-36.8 s CPU (the same CPU, 1.65x less wall). The whole
    corpus: benchmarks/results/pipeline.md. ``engine="dask"``: a client of the
    scheduler at ``scheduler`` (an address such as ``"tcp://10.0.0.5:8786"``, a
    ``Client`` or a cluster object; None starts a loopback ``LocalCluster`` with
    ``workers`` processes, default one per core).
    """
    if engine == "local":
        if workers is None:
            workers = 1
        return SerialEngine() if workers <= 1 else ProcessEngine(workers)
    if engine == "dask":
        if scheduler is None and workers is not None:
            from dask.distributed import LocalCluster
            scheduler = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     host="127.0.0.1", dashboard_address=None)
            eng = DaskEngine(scheduler)
            eng._cluster = scheduler
            return eng
        return DaskEngine(scheduler)
    raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")


# =========================================================================== timing

@dataclass
class StageTiming:
    """Wall and CPU seconds of one stage, measured in the process that ran it (CPU summed
    over the partitions when it ran in several processes)."""

    stage: str
    wall_s: float = 0.0
    cpu_s: float = 0.0


def _timed(fn: Callable, *args, **kwargs):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - w0, time.process_time() - c0


# =========================================================================== cleaning

def _texts_and_groups(part: pd.DataFrame) -> tuple[list[str], list[str]]:
    texts = [t if isinstance(t, str) else "" for t in part["text"].tolist()]
    groups = (part["outlet"].astype(str).tolist() if "outlet" in part.columns
              else ["" for _ in texts])
    return texts, groups


def _clean_start(part: pd.DataFrame, *, disabled: tuple[str, ...], keep_part: bool = True):
    """Map step 1: character rules on each article, and the partition's repeat counts.

    ``keep_part=False`` leaves the partition out of the result (the local engine's parent
    holds it already; sending it back would only cost pickling)."""
    from .clean import _active, _run_text_stage, paragraph_keys

    w0, c0 = time.perf_counter(), time.process_time()
    active = _active(None, disabled)
    texts, groups = _texts_and_groups(part)
    started = [_run_text_stage(text, active) for text in texts]
    stats = RepeatStatistics()
    if any(r.name == "repeated_line" for r in active):
        stats = repeat_statistics((paragraph_keys(doc) for doc, _ in started), groups,
                                  keyed=True)
        if not keep_part:
            # the local engine pickles the started articles back to the parent: the
            # remembered keys would only add to it
            for doc, _ in started:
                doc.memo.pop("repeat_keys", None)
    return {"part": part if keep_part else None, "started": started, "stats": stats,
            "cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - w0}


def _get_stats(started: dict) -> RepeatStatistics:
    return started["stats"]


def _clean_finish(started: dict, *, disabled: tuple[str, ...], repeated: dict,
                  keep_part: bool = True):
    """Map step 3: finish each article with its outlet's learned lines (as ``clean_corpus``).

    Returns the three new columns as lists and the log rows; with ``keep_part`` also the
    raw partition (so that quotes can run where it is, on a Dask worker)."""
    from .clean import _active, finish_documents

    w0, c0 = time.perf_counter(), time.process_time()
    active = _active(None, disabled)
    part = started["part"]
    _, groups = _texts_and_groups(part)
    doc_ids = part["doc_id"].astype(str).tolist()
    cleaned, headlines, subheads, rows = finish_documents(started["started"], doc_ids, groups,
                                                          repeated, active)
    return {"part": part if keep_part else None,
            "columns": {"text_clean": cleaned, "headline": headlines, "subheadings": subheads},
            "log_rows": rows,
            "cpu_s": started["cpu_s"] + time.process_time() - c0,
            "wall_s": started["wall_s"] + time.perf_counter() - w0}


def _without_part(finished: dict) -> dict:
    return {k: v for k, v in finished.items() if k != "part"}


def _cleaned_part(finished: dict) -> pd.DataFrame:
    """The partition with the cleaned columns (where the partition is)."""
    part = finished["part"].copy()
    for col, values in finished["columns"].items():
        part[col] = pd.Series(values, index=part.index, dtype=object)
    return part


def _log_frame(rows: list) -> pd.DataFrame:
    from .clean import LOG_COLUMNS

    return pd.DataFrame(rows, columns=LOG_COLUMNS).astype(
        {"doc_id": object, "rule": object, "removed_or_replaced_text": object,
         "replacement": object, "count": "int64"})


def clean_partitions(engine, parts: Sequence, *, disabled: Iterable[str] = ()) -> tuple[list, dict]:
    """Clean partitions of a corpus on ``engine``: the same text, columns and log as
    :func:`newslens.clean.clean_corpus` on their concatenation.

    Parameters
    ----------
    engine : a :class:`SerialEngine`, :class:`ProcessEngine` or :class:`DaskEngine`.
    parts : partitions (DataFrames, or the engine's handles to them), in corpus order.
    disabled : names of cleaning rules switched off.

    Returns
    -------
    (handles, info): the engine's handles to dicts ``{"columns": {"text_clean": [...],
    "headline": [...], "subheadings": [...]}, "log_rows": [...], "part", "cpu_s", "wall_s"}``
    (``part``, the raw partition, only on Dask), and ``info`` with the learned lines
    (``"repeated"``, outlet -> frozenset of keys) and the reduce time.
    """
    disabled = tuple(disabled)
    is_dask = isinstance(engine, DaskEngine)
    started = engine.map(_clean_start, parts, disabled=disabled, keep_part=is_dask)
    w0, c0 = time.perf_counter(), time.process_time()
    if is_dask:
        stats = engine.reduce(combine_repeat_statistics, engine.map(_get_stats, started))
    else:
        stats = engine.reduce(combine_repeat_statistics, [s["stats"] for s in started])
    repeated = select_repeated(stats)
    del stats
    reduce_wall, reduce_cpu = time.perf_counter() - w0, time.process_time() - c0
    if is_dask:
        # in a list: scatter sends a dict item by item, keyed by the outlet names (and an
        # empty dict, a corpus without a counted line, cannot be scattered at all)
        rep = engine.client.scatter([repeated], broadcast=True, hash=False)[0]
        finished = engine.map(_clean_finish, started, disabled=disabled, repeated=rep)
    else:
        for s, part in zip(started, parts):
            s["stats"] = None  # no longer needed: don't send it to the children
            s["part"] = part   # the parent's own copy, inherited by the children
        finished = engine.map(_clean_finish, started, disabled=disabled, repeated=repeated,
                              keep_part=False)
    del started
    return finished, {"repeated": repeated, "reduce_wall_s": reduce_wall, "reduce_cpu_s": reduce_cpu}


def balanced_bounds(lengths: Sequence[int], n_parts: int) -> list[tuple[int, int]]:
    """Split rows into at most ``n_parts`` consecutive ``(start, stop)`` ranges of about
    equal total ``lengths`` (cleaning costs about the same per character, and articles
    differ in length by two orders of magnitude).

    Range *i* ends at the first row where the running total reaches
    :math:`(i+1)/p` of the whole; empty ranges are dropped.

    Examples
    --------
    >>> balanced_bounds([10, 1, 1, 1, 1, 10], 2)
    [(0, 3), (3, 6)]
    """
    import numpy as np

    n = len(lengths)
    if n == 0:
        return [(0, 0)]
    total = np.cumsum(np.asarray(lengths, dtype=np.float64) + 1.0)   # +1: empty texts cost too
    cuts = [0]
    for i in range(1, max(1, n_parts)):
        cut = int(np.searchsorted(total, total[-1] * i / n_parts)) + 1
        cuts.append(min(n, max(cuts[-1], cut)))
    cuts.append(n)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _take(counter, n: int) -> int | None:
    """The next index of a counter shared by forked processes, None when ``n`` are taken."""
    with counter.get_lock():
        i = counter.value
        if i >= n:
            return None
        counter.value = i + 1
    return i


def _from_children(results_q, procs: list, what: str) -> tuple:
    """The next message a forked child put on ``results_q``; a RuntimeError if a child died
    (killed, out of memory) without sending what the parent waits for."""
    import queue as queue_module

    while True:
        try:
            return results_q.get(timeout=1.0)
        except queue_module.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                raise RuntimeError(f"a {what} process of the local engine died") from None


def _error_for_parent(exc: BaseException) -> BaseException:
    """``exc`` if it can travel to the parent, else a RuntimeError naming it.

    An exception goes through the queue by its reduce protocol (``__reduce_ex__``), the
    protocol ``copy.deepcopy`` also uses: one holding something that cannot be rebuilt (a
    lock, an open file) fails both, and would be lost in the queue's feeder thread instead
    of being raised by the parent. (A copy, not a trial serialisation: this package never
    imports ``pickle``, see tests/test_hostile_inputs.py.)
    """
    import copy

    try:
        copy.deepcopy(exc)
        return exc
    except Exception:          # an exception that cannot be rebuilt
        return RuntimeError(repr(exc))


def _clean_child(results, conn, counter, disabled: tuple[str, ...]) -> None:
    """A forked cleaning worker (:func:`clean_locally`): start partitions taken from the
    shared counter and put their repeat counts on ``results``, receive the learned lines,
    finish the same partitions and put their cleaned columns. The started articles (and
    their remembered paragraph keys) never leave the process."""
    try:
        with _one_blas_thread():
            parts = _INHERITED["clean"]
            mine = {}
            while (i := _take(counter, len(parts))) is not None:
                mine[i] = _clean_start(parts[i], disabled=disabled)
                results.put(("stats", i, mine[i].pop("stats")))
            results.put(("started", -1, None))
            kind, repeated = conn.recv()
            if kind != "ok":
                return
            for i, started in mine.items():
                results.put(("columns", i, _clean_finish(started, disabled=disabled,
                                                          repeated=repeated, keep_part=False)))
    except BaseException as exc:  # report to the parent instead of dying silently
        results.put(("error", -1, _error_for_parent(exc)))
    finally:
        conn.close()


def clean_locally(engine: "ProcessEngine", df: pd.DataFrame, *, disabled: Iterable[str] = (),
                  meanwhile: Callable[[], Any] | None = None) -> tuple[list[dict], dict]:
    """:func:`clean_partitions` for forked processes on this machine, the parent being one
    of the ``engine.n_workers`` workers.

    The corpus is cut into ``n_workers * PARTITIONS_PER_WORKER`` consecutive partitions of
    about equal characters (:func:`balanced_bounds`). The parent forks ``n_workers - 1``
    children, which inherit the partitions, runs ``meanwhile()`` (the imports the later
    analysis children should inherit), and then every process takes the next partition
    from a shared counter and runs map step 1 on it, so the parent simply takes fewer. The
    children send their partitions' repeat counts to the parent, which reduces them in
    partition order (as :class:`SerialEngine` does) and sends the learned lines back, and
    every process finishes the partitions it started (map step 3). Unlike a pool of
    tasks, the started articles stay in the process that started them (with the paragraph
    keys they remember): only the counts, the learned lines and the cleaned columns travel.

    Returns ``(finished, info)`` as :func:`clean_partitions`, with
    ``info["children_cpu_s"]``: the CPU seconds of the children's partitions.
    """
    from functools import reduce

    disabled = tuple(disabled)
    texts, _ = _texts_and_groups(df)
    parts = []
    for a, b in balanced_bounds([len(t) for t in texts],
                                engine.n_workers * PARTITIONS_PER_WORKER):
        part = df.iloc[a:b]
        part.attrs = {}
        parts.append(part)
    n = len(parts)
    ctx = engine._ctx
    counter = ctx.Value("q", 0)
    results_q = ctx.Queue()
    _INHERITED["clean"] = parts
    conns, procs = [], []
    finished: list = [None] * n
    ok = False

    def receive(count: int) -> list:
        got = []
        while len(got) < count:
            kind, i, value = _from_children(results_q, procs, "cleaning")
            if kind == "error":
                raise value
            got.append((kind, i, value))
        return got

    try:
        for _ in range(1, min(engine.n_workers, n)):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_clean_child, args=(results_q, theirs, counter, disabled),
                               daemon=True)
            proc.start()
            theirs.close()
            conns.append(mine)
            procs.append(proc)
        if meanwhile is not None:
            meanwhile()
        own = {}
        stats: list = [None] * n
        while (i := _take(counter, n)) is not None:
            own[i] = _clean_start(parts[i], disabled=disabled)
            stats[i] = own[i].pop("stats")
        _INHERITED.pop("clean", None)
        del parts
        # every child's counts, then its "started" mark
        pending = len(procs)
        while pending:
            for kind, i, value in receive(1):
                if kind == "started":
                    pending -= 1
                else:
                    stats[i] = value
        w0, c1 = time.perf_counter(), time.process_time()
        repeated = select_repeated(reduce(combine_repeat_statistics, stats))
        del stats
        reduce_wall, reduce_cpu = time.perf_counter() - w0, time.process_time() - c1
        for c in conns:
            c.send(("ok", repeated))
        for i in sorted(own):
            finished[i] = _clean_finish(own.pop(i), disabled=disabled, repeated=repeated,
                                        keep_part=False)
        from_children = [i for i in range(n) if finished[i] is None]
        for _, i, value in receive(len(from_children)):
            finished[i] = value
        ok = True
    finally:
        _INHERITED.pop("clean", None)
        for c in conns:
            if not ok:
                try:
                    c.send(("stop", None))
                except OSError:
                    pass
            c.close()
        for proc in procs:
            if not ok:
                proc.terminate()
            proc.join()
    return finished, {"repeated": repeated, "reduce_wall_s": reduce_wall,
                      "reduce_cpu_s": reduce_cpu,
                      "children_cpu_s": sum(finished[i]["cpu_s"] for i in from_children)}


def assemble_cleaned(df: pd.DataFrame, finished: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``clean_corpus``'s ``(df, log)`` from the cleaned partitions' columns and log rows:
    a copy of ``df`` with ``text_clean``, ``headline`` and ``subheadings``."""
    out = df.copy()
    for col in ("text_clean", "headline", "subheadings"):
        values = [v for f in finished for v in f["columns"][col]]
        out[col] = pd.Series(values, index=df.index, dtype=object)
    log = _log_frame([r for f in finished for r in f["log_rows"]])
    out.attrs["cleaning_log"] = log
    return out, log


# =========================================================================== quotes and stance

#: Actor indexes by actors file, one per process: built once (in the parent before the local
#: engine forks, once per Dask worker), not once per partition.
_ACTORS: dict = {}


def _actors_for(path):
    from .quotes import load_actors

    key = str(path)
    if key not in _ACTORS:
        _ACTORS[key] = load_actors(path)
    return _ACTORS[key]


def _warm_up(stages: Sequence[str], config: RunConfig) -> None:
    """Import the stage modules (compiling their patterns) and build the actor index in this
    process, so that forked children inherit them instead of each doing it again."""
    import importlib

    for name in ("clean", "quotes", *stages):
        importlib.import_module(f".{name}", __package__)
    if "stance" in stages:
        _actors_for(config.actors_path)


def _stance_partition(part: Any, *, config: RunConfig) -> dict:
    """Quotes with stance of one partition (per article: the same rows as on the corpus)."""
    from .quotes import extract_quotes
    from .stance import assign_stance

    w0, c0 = time.perf_counter(), time.process_time()
    if isinstance(part, dict):  # a cleaning result where the partition is (Dask)
        part = _cleaned_part(part)
    actors = _actors_for(config.actors_path)
    quotes = extract_quotes(part, actors=actors)
    quotes = assign_stance(quotes, target_terms=config.target_terms,
                           target_place=config.target_place, texts=part)
    return {"quotes": quotes, "cpu_s": time.process_time() - c0,
            "wall_s": time.perf_counter() - w0}


def combine_stance(results: list[dict]) -> dict[str, pd.DataFrame]:
    """The ``quotes`` and ``stance`` tables from per-partition quotes (as
    :func:`newslens.stance.stage_tables`)."""
    from .stance import stance_summary

    frames = [r["quotes"] for r in results]
    # an empty partition's table has object columns; leave it out so dtypes stay those of
    # a partition with rows (a corpus without any quote keeps one empty table)
    nonempty = [f for f in frames if len(f)] or frames[:1]
    quotes = pd.concat(nonempty, ignore_index=True)
    quotes = quotes.sort_values(["doc_id", "start", "end", "kind"], kind="mergesort").reset_index(drop=True)
    return {"quotes": quotes, "stance": stance_summary(quotes)}


# =========================================================================== term counts

def _terms_partition(part: Any, *, framing) -> dict:
    """Map: one cleaned partition's term counts summed per outlet
    (:func:`newslens.terms.count_partition`, the same counting as the one-process stage)."""
    from .terms import count_partition

    w0, c0 = time.perf_counter(), time.process_time()
    if isinstance(part, dict):
        part = _cleaned_part(part)
    counts = count_partition(part, by="outlet", framing=framing)
    return {"counts": counts, "cpu_s": time.process_time() - c0,
            "wall_s": time.perf_counter() - w0}


def _merge_terms(a: dict, b: dict) -> dict:
    """Reduce: two partial term counts added (:func:`newslens.terms.merge_group_counts`)."""
    from .terms import merge_group_counts

    w0, c0 = time.perf_counter(), time.process_time()
    merged = merge_group_counts([a["counts"], b["counts"]])
    return {"counts": merged, "cpu_s": a["cpu_s"] + b["cpu_s"] + time.process_time() - c0,
            "wall_s": max(a["wall_s"], b["wall_s"]) + time.perf_counter() - w0}


# =========================================================================== TF-IDF

#: ``TfidfVectorizer`` options whose effect needs the whole corpus before the vocabulary
#: is known (pruning by document frequency, a vocabulary cap); the map-reduce below
#: supports them only at their defaults (``stage_tables`` uses the defaults).
_CORPUS_PRUNING = {"min_df": 1, "max_df": 1.0, "max_features": None, "vocabulary": None}


def _vectorizer(options: dict | None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .similarity import DEFAULT_TFIDF_OPTIONS

    options = {**DEFAULT_TFIDF_OPTIONS, **(options or {})}
    for name, default in _CORPUS_PRUNING.items():
        if options.get(name, default) != default:
            raise ValueError(f"TF-IDF option {name}={options[name]!r} needs the whole corpus; "
                             "the partitioned TF-IDF supports it only at its default")
    return TfidfVectorizer(**options)


def tfidf_partition_counts(texts: Sequence[str], *, options: dict | None = None) -> dict:
    """Map step of TF-IDF: one partition's term counts, as ``TfidfVectorizer`` counts them.

    The tokens are those of ``TfidfVectorizer(**options).build_analyzer()`` (default
    :data:`newslens.similarity.DEFAULT_TFIDF_OPTIONS`); the loop is scikit-learn's
    ``CountVectorizer._count_vocab``: term ids in order of first appearance, each row's
    ids sorted. The first-appearance order is kept because scikit-learn's rows are stored
    in that order when they are L2-normalised, and the order of a float sum is part of
    its value.

    Returns
    -------
    dict with ``terms`` (the partition's terms in order of first appearance), ``matrix``
    (documents x those terms, float64 CSR), ``doc_freq`` (documents per term) and
    ``n_docs``.
    """
    import numpy as np
    import scipy.sparse as sp

    analyze = _vectorizer(options).build_analyzer()
    vocab: dict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__
    j_indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for doc in texts:
        counter: dict[int, int] = {}
        for feature in analyze(doc):
            idx = vocab[feature]
            counter[idx] = counter.get(idx, 0) + 1
        j_indices.extend(counter)
        values.extend(counter.values())
        indptr.append(len(j_indices))
    X = sp.csr_matrix((np.asarray(values, dtype=np.float64), np.asarray(j_indices, dtype=np.int64),
                       np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, len(vocab)))
    X.sort_indices()
    return {"terms": list(vocab), "matrix": X,
            "doc_freq": np.bincount(X.indices, minlength=len(vocab)).astype(np.int64),
            "n_docs": X.shape[0]}


def tfidf_vocabulary(parts: Sequence[dict]) -> dict:
    """Reduce step of TF-IDF: the corpus vocabulary and idf from the partitions' counts.

    With the partitions in corpus order, a term's *appearance id* is its rank by first
    appearance in the corpus (what a one-pass ``CountVectorizer`` assigns) and its
    *column* its rank in alphabetical order (scikit-learn's sorted vocabulary). Document
    frequencies add over partitions, and the idf is scikit-learn's (``smooth_idf=True``)
    computed with the same float operations::

        idf(t) = ln((1 + n) / (1 + df(t))) + 1

    Returns
    -------
    dict with ``terms`` (sorted), ``idf``, and per partition ``appear`` and ``column``:
    the appearance id and column of each of its terms.
    """
    import numpy as np

    names = [np.array(p["terms"], dtype=object) for p in parts]
    # first appearance over the partitions in order = a one-pass vocabulary's ids
    # (pandas' unique keeps the order of appearance; hash tables in C)
    appear = pd.Index(pd.unique(np.concatenate(names)) if names else [], dtype=object)
    terms = sorted(appear)                 # scikit-learn: sorted(vocabulary.items())
    column = pd.Index(terms, dtype=object)
    df = np.zeros(len(terms), dtype=np.int64)
    per_part = []
    for p, name in zip(parts, names):
        cols = column.get_indexer(name).astype(np.int64)
        ids = appear.get_indexer(name).astype(np.int64)
        df[cols] += p["doc_freq"]
        per_part.append({"appear": ids, "column": cols})
    n = sum(p["n_docs"] for p in parts)
    # scikit-learn's TfidfTransformer.fit, operation for operation (smooth_idf=True)
    dff = df.astype(np.float64)
    dff += 1.0
    idf = np.full_like(dff, fill_value=n + 1, dtype=np.float64)
    idf /= dff
    np.log(idf, out=idf)
    idf += 1.0
    return {"terms": np.array(terms, dtype=object), "idf": idf, "parts": per_part}


def tfidf_partition_rows(counts: dict, *, appear, column, idf, options: dict | None = None):
    """Map step of TF-IDF: one partition's unit TF-IDF rows in the corpus's columns.

    Each row's entries are first put in corpus appearance order (as scikit-learn stores
    them), then weighted and normalised by scikit-learn's own ``TfidfTransformer`` with
    the corpus idf, then sorted by column: the same floats as
    :func:`newslens.similarity.tfidf_matrix` on the whole corpus.
    """
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    vec = _vectorizer(options)
    X = counts["matrix"]
    n, V = X.shape[0], len(idf)
    if n == 0 or V == 0:
        return sp.csr_matrix((n, V), dtype=np.float64)
    rows = np.repeat(np.arange(n), np.diff(X.indptr))
    order = np.lexsort((appear[X.indices], rows))
    M = sp.csr_matrix((X.data[order], column[X.indices[order]], X.indptr.copy()), shape=(n, V))
    transformer = TfidfTransformer(norm=vec.norm, use_idf=vec.use_idf, smooth_idf=vec.smooth_idf,
                                   sublinear_tf=vec.sublinear_tf)
    transformer.idf_ = idf
    transformer.n_features_in_ = V
    M = transformer.transform(M, copy=False)
    M = sp.csr_matrix(M, dtype=np.float64)
    if vec.norm != "l2":
        from .similarity import _unit_rows

        M = _unit_rows(M)
    M.sort_indices()
    return M


def _tfidf_counts_partition(part: Any) -> dict:
    from .similarity import _texts

    w0, c0 = time.perf_counter(), time.process_time()
    if isinstance(part, dict):
        part = _cleaned_part(part)
    out = tfidf_partition_counts(_texts(part))
    out["cpu_s"], out["wall_s"] = time.process_time() - c0, time.perf_counter() - w0
    return out


def _tfidf_vocab_part(counts: dict) -> dict:
    """What the reduce step needs of a partition's counts (the matrix stays on the worker)."""
    return {"terms": counts["terms"], "doc_freq": counts["doc_freq"], "n_docs": counts["n_docs"],
            "cpu_s": counts["cpu_s"]}


def _tfidf_rows_partition(counts: dict, maps: dict, idf) -> dict:
    c0 = time.process_time()
    M = tfidf_partition_rows(counts, appear=maps["appear"], column=maps["column"], idf=idf)
    return {"rows": M, "cpu_s": time.process_time() - c0}


# =========================================================================== top-k neighbours

#: The cosine kernel of a scattered matrix, one per worker process and token.
_KERNELS: dict = {}


def _kernel(V, token: str):
    from .similarity import _CosineKernel

    kernel = _KERNELS.get(token)
    if kernel is None:
        _KERNELS.clear()      # one matrix at a time
        kernel = _KERNELS[token] = _CosineKernel(V)
    return kernel


def _kernel_blocks(V, token: str) -> list[tuple[int, int]]:
    kernel = _kernel(V, token)
    return [(s, min(kernel.n, s + kernel.block_rows)) for s in kernel.starts()]


def _top_k_of_blocks(V, token: str, blocks: list[tuple[int, int]], k: int) -> dict:
    """Map step of the top-k: the best ``k`` neighbours of every row among the cells of
    some row blocks of the upper triangle.

    Each block is the one-process run's block (same rows, same products, so the same
    floats) folded into a running top-k by :func:`newslens.similarity._merge_block`.
    """
    import numpy as np

    from .similarity import _NO_INDEX, _merge_block

    c0 = time.process_time()
    with _one_blas_thread():
        kernel = _kernel(V, token)
        n = kernel.n
        best_v = np.full((n, k), -np.inf)
        best_i = np.full((n, k), _NO_INDEX, dtype=np.int64)
        for s, e in blocks:
            _merge_block(kernel.block(s, e), s, e, n, k, best_v, best_i)
    return {"v": best_v, "i": best_i, "cpu_s": time.process_time() - c0}


def _forget_kernels() -> None:
    _KERNELS.clear()


def _balanced_groups(blocks: list[tuple[int, int]], n: int, n_groups: int) -> list[list]:
    """Consecutive runs of blocks with about equal work; block ``s:e`` costs
    :math:`(e - s)(n - s)` cells (the upper triangle from row ``s``)."""
    cost = [(e - s) * (n - s) for s, e in blocks]
    total = sum(cost) or 1
    groups: list[list] = [[]]
    acc = 0
    for b, c in zip(blocks, cost):
        if groups[-1] and acc >= total * len(groups) / n_groups:
            groups.append([])
        groups[-1].append(b)
        acc += c
    return groups


def top_k_on_engine(engine: "DaskEngine", V, k: int, *, tasks: int | None = None):
    """Each row's ``k`` nearest other rows of ``V`` (unit rows), computed on the cluster.

    ``V`` is scattered once to every worker; the upper triangle's row blocks (those of
    :class:`newslens.similarity._CosineKernel`) are split into ``tasks`` runs of about
    equal work, each task returns every row's best ``k`` among its cells (map), and the
    answers are merged with :func:`newslens.similarity._merge_top_k` (reduce). Each
    cosine is computed by the same block product as in one process and the top-k order
    is total (cosine descending, then column), so the result is identical to
    ``_top_k_pairs``.

    Returns
    -------
    (a, b, cosine) arrays as ``newslens.similarity._top_k_pairs``, and the workers' CPU
    seconds.
    """
    import uuid

    import numpy as np

    n = V.shape[0]
    k = min(k, n - 1)
    if k <= 0:
        return (np.array([], dtype=np.int64),) * 2 + (np.array([], dtype=np.float64),), 0.0
    client = engine.client
    token = uuid.uuid4().hex
    V_f = client.scatter(V, broadcast=True, hash=False)
    try:
        blocks = client.submit(_kernel_blocks, V_f, token, pure=False).result()
        groups = _balanced_groups(blocks, n, tasks or engine.n_workers * PARTITIONS_PER_WORKER)
        futures = [client.submit(_top_k_of_blocks, V_f, token, g, k, pure=False) for g in groups]
        return merge_top_k_parts((f.result() for f in futures), n, k)
    finally:
        client.run(_forget_kernels)
        del V_f


def merge_top_k_parts(parts: Iterable[dict], n: int, k: int):
    """Reduce step of the top-k: merge partial answers ``{"v", "i"}`` (each ``n x k``, from
    :func:`_top_k_of_blocks`) into the ``(a, b, cosine)`` arrays of the whole.

    The order is total (cosine descending, then the smaller column,
    :func:`newslens.similarity._merge_top_k`), so the answer does not depend on how the
    blocks were split nor in which order the parts arrive.
    """
    import numpy as np

    from .similarity import _NO_INDEX, _merge_top_k

    best_v = np.full((n, k), -np.inf)
    best_i = np.full((n, k), _NO_INDEX, dtype=np.int64)
    rows = np.arange(n)
    cpu = 0.0
    for r in parts:
        _merge_top_k(best_v, best_i, rows, r["v"], r["i"], k)
        cpu += r["cpu_s"]
    return (np.repeat(np.arange(n), k), best_i.ravel(), best_v.ravel()), cpu


def _pairs_frame(labels, a, b, v) -> pd.DataFrame:
    """The ``a, b, cosine`` table of ``newslens.similarity._pairs_table`` (top-k rows)."""
    import numpy as np

    out = pd.DataFrame({"a": labels[a] if len(a) else np.array([], dtype=object),
                        "b": labels[b] if len(b) else np.array([], dtype=object),
                        "cosine": v.astype(np.float64)})
    return out.astype({"a": object, "b": object})


# =========================================================================== shared passages

def _passage_index_partition(part: Any, *, docs, n_buckets: int, ngram: int) -> list:
    """Map: one cleaned partition's word n-grams by hash bucket
    (:func:`newslens.passages.ngram_index`); ``docs`` are its rows' document numbers."""
    from .passages import ngram_index

    c0 = time.process_time()
    if isinstance(part, dict):
        part = _cleaned_part(part)
    text_col = "text_clean" if "text_clean" in part.columns else "text"
    texts = ["" if not isinstance(t, str) else t for t in part[text_col].tolist()]
    return {"buckets": ngram_index(texts, docs, ngram=ngram, n_buckets=n_buckets),
            "cpu_s": time.process_time() - c0}


def _bucket_of(index: dict, j: int) -> tuple:
    return index["buckets"][j]


def _index_cpu(index: dict) -> float:
    return index["cpu_s"]


def _bucket_seeds(pieces: list, outlet_code, *, max_doc_freq: int, max_outlet_doc_freq: int
                  ) -> dict:
    """Reduce: the seeds of one bucket of n-grams (:func:`newslens.passages.ngram_seeds`)."""
    from .passages import ngram_seeds

    c0 = time.process_time()
    seeds = ngram_seeds(pieces, outlet_code, max_doc_freq=max_doc_freq,
                        max_outlet_doc_freq=max_outlet_doc_freq)
    return {"seeds": seeds, "cpu_s": time.process_time() - c0}


def _align_chunk(regions: pd.DataFrame, docs: dict, *, max_gap: int, min_anchor: int,
                 min_words: int) -> dict:
    """Map: align a run of whole pairs' candidate regions
    (:func:`newslens.passages.align_regions`); ``docs`` maps each document number the
    regions name to its ``(doc_id, outlet, text)``."""
    from .passages import _encode, align_regions

    c0 = time.process_time()
    numbers = list(docs)
    seqs, lengths = _encode([docs[d][2] for d in numbers])
    rows = align_regions(regions, dict(zip(numbers, seqs)), dict(zip(numbers, lengths.tolist())),
                         {d: v[0] for d, v in docs.items()}, {d: v[1] for d, v in docs.items()},
                         {d: v[2] for d, v in docs.items()}, max_gap=max_gap,
                         min_anchor=min_anchor, min_words=min_words)
    return {"rows": rows, "cpu_s": time.process_time() - c0}


#: Options of :func:`newslens.passages.shared_passages` the pipeline uses (its defaults but
#: ``min_words``, from the run configuration).
_PASSAGE_OPTIONS = {"ngram": 5, "max_doc_freq": 100, "max_outlet_doc_freq": 5, "max_gap": 4,
                    "min_anchor": 3}


def _submit_passages(engine: "DaskEngine", cleaned: list, df: pd.DataFrame) -> dict:
    """Start the map (n-gram index per partition) and reduce (seeds per hash bucket) steps
    of the shared passages on the workers."""
    import numpy as np

    from .passages import corpus_arrays

    client = engine.client
    ids, _, outlets, outlet_code, order = corpus_arrays(df)
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(len(order))            # row of df -> document number
    n_buckets = max(1, engine.n_workers * PARTITIONS_PER_WORKER)
    bounds = partition_bounds(len(df), len(cleaned))
    index = [client.submit(_passage_index_partition, part, docs=number[a:b],
                           n_buckets=n_buckets, ngram=_PASSAGE_OPTIONS["ngram"], pure=False)
             for part, (a, b) in zip(cleaned, bounds)]
    codes = client.scatter(outlet_code, broadcast=True, hash=False)
    seeds = []
    for j in range(n_buckets):
        pieces = [client.submit(_bucket_of, f, j, pure=False) for f in index]
        seeds.append(client.submit(_bucket_seeds, pieces, codes, pure=False,
                                   max_doc_freq=_PASSAGE_OPTIONS["max_doc_freq"],
                                   max_outlet_doc_freq=_PASSAGE_OPTIONS["max_outlet_doc_freq"]))
    return {"seeds": seeds, "index_cpu": [client.submit(_index_cpu, f, pure=False) for f in index],
            "ids": ids, "outlets": outlets}


def _pair_runs(pair, n_runs: int) -> list[tuple[int, int]]:
    """Split rows sorted by pair into at most ``n_runs`` consecutive ``(start, stop)`` runs of
    about equal length, never cutting a pair's rows (a pair's passages are resolved together).

    Examples
    --------
    >>> _pair_runs([7, 7, 7, 8, 9, 9], 3)
    [(0, 3), (3, 4), (4, 6)]
    """
    import numpy as np

    pair = np.asarray(pair)
    n = len(pair)
    if n == 0:
        return []
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    cuts = {0, n}
    for t in range(1, max(1, n_runs)):
        i = np.searchsorted(starts, n * t // n_runs)   # the first pair starting at or after
        cuts.add(int(starts[i]) if i < len(starts) else n)
    cuts = sorted(cuts)
    return list(zip(cuts, cuts[1:]))


def _passages_on_dask(engine: "DaskEngine", job: dict, clean_df: pd.DataFrame, *,
                      min_words: int) -> tuple[pd.DataFrame, float]:
    """The shared-passages table from the seeds reduced on the workers: candidate regions
    on the client (:func:`newslens.passages.seed_regions`), alignment of runs of whole pairs
    on the workers, rows concatenated in region order (:func:`newslens.passages.passage_table`)."""
    import numpy as np

    from .passages import corpus_arrays, passage_table, seed_regions

    if min_words < 1:
        raise ValueError("shared_passages: min_words must be >= 1")
    client = engine.client
    results = engine.gather(job["seeds"])
    cpu = sum(r["cpu_s"] for r in results) + sum(engine.gather(job["index_cpu"]))
    a, b, pa, pb = (np.concatenate([r["seeds"][i] for r in results]) for i in range(4))
    del results
    regions = seed_regions(a, b, pa, pb, ngram=_PASSAGE_OPTIONS["ngram"],
                           max_gap=_PASSAGE_OPTIONS["max_gap"], n_docs=len(clean_df),
                           min_words=min_words)
    del a, b, pa, pb
    ids, texts, outlets, _, _ = corpus_arrays(clean_df)
    pair = regions["a"].to_numpy() * len(ids) + regions["b"].to_numpy()
    futures = []
    for lo, hi in _pair_runs(pair, engine.n_workers * PARTITIONS_PER_WORKER):
        chunk = regions.iloc[lo:hi]
        needed = np.unique(np.r_[chunk["a"].to_numpy(), chunk["b"].to_numpy()])
        docs = {int(d): (ids[d], outlets[d], texts[d]) for d in needed}
        futures.append(client.submit(_align_chunk, chunk, docs, pure=False,
                                     max_gap=_PASSAGE_OPTIONS["max_gap"],
                                     min_anchor=_PASSAGE_OPTIONS["min_anchor"],
                                     min_words=min_words))
    rows = []
    for f in futures:   # in region order
        r = f.result()
        rows.extend(r["rows"])
        cpu += r["cpu_s"]
    return passage_table(rows), cpu


def _similarity_on_dask(engine: "DaskEngine", counts: list, passages: dict,
                        clean_df: pd.DataFrame, config: RunConfig
                        ) -> tuple[dict[str, pd.DataFrame], float]:
    """The similarity stage's tables from the partitions' TF-IDF counts (futures on the
    workers): idf reduced on the client, unit rows built on the workers, the documents' top-k
    on the workers, the outlets' (small) table on the client; shared passages from the
    seeds reduced on the workers (:func:`_passages_on_dask`). Returns the tables and the
    workers' CPU seconds."""
    import numpy as np
    import scipy.sparse as sp

    from .similarity import _pairs_table, _units, default_top_k

    client = engine.client
    vocab_parts = engine.gather(engine.map(_tfidf_vocab_part, counts))
    cpu = sum(p["cpu_s"] for p in vocab_parts)
    voc = tfidf_vocabulary(vocab_parts)
    del vocab_parts
    idf = client.scatter(voc["idf"], broadcast=True, hash=False)
    row_futures = [client.submit(_tfidf_rows_partition, c, m, idf, pure=False)
                   for c, m in zip(counts, voc["parts"])]
    rows = engine.gather(row_futures)
    del row_futures, idf
    cpu += sum(r["cpu_s"] for r in rows)
    n_terms = len(voc["terms"])
    X = (sp.vstack([r["rows"] for r in rows], format="csr") if rows
         else sp.csr_matrix((0, n_terms)))
    del rows
    X = sp.csr_matrix(X, dtype=np.float64)
    X.sort_indices()
    tables = {}
    V, labels = _units(clean_df, X, "doc")
    top_k = default_top_k(len(labels), config.top_k)
    if top_k is None:
        tables["similarity_docs"] = _pairs_table(V, labels, None)
    else:
        if top_k < 1:
            raise ValueError(f"top_k must be a positive number of neighbours, not {top_k}")
        (a, b, v), top_cpu = top_k_on_engine(engine, V, top_k)
        cpu += top_cpu
        tables["similarity_docs"] = _pairs_frame(labels, a, b, v)
    V, labels = _units(clean_df, X, "outlet")
    tables["similarity_outlets"] = _pairs_table(V, labels, default_top_k(len(labels), None))
    del X, V
    tables["shared_passages"], passage_cpu = _passages_on_dask(
        engine, passages, clean_df, min_words=config.min_passage_words)
    return tables, cpu + passage_cpu


# =========================================================================== whole stages

def _stage_in_child(df: pd.DataFrame, *, name: str, config: RunConfig):
    import importlib

    module = importlib.import_module(f".{name}", __package__)
    return _timed(module.stage_tables, df, config=config)


def _similarity_cosines(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """The cosine tables of :func:`newslens.similarity.stage_tables` (``similarity_docs``,
    ``similarity_outlets``), one thread: on the local engine the other cores run the other
    tasks, and the top-k does not depend on its number of threads."""
    from .similarity import _pairs_table, _units, default_top_k, tfidf_matrix

    X, _ = tfidf_matrix(df)
    V, labels = _units(df, X, "doc")
    tables = {"similarity_docs": _pairs_table(V, labels, default_top_k(len(labels), config.top_k),
                                              n_jobs=1)}
    V, labels = _units(df, X, "outlet")
    tables["similarity_outlets"] = _pairs_table(V, labels, default_top_k(len(labels), None),
                                                n_jobs=1)
    return tables


def _similarity_passages(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """The ``shared_passages`` table of :func:`newslens.similarity.stage_tables`."""
    from .similarity import shared_passages

    return {"shared_passages": shared_passages(df, min_words=config.min_passage_words)}


def _task_in_child(df: pd.DataFrame, *, task: str, config: RunConfig):
    """One task of the local engine's analysis pool on the inherited cleaned corpus:
    ``"terms"`` (the whole stage), ``"cosines"`` or ``"passages"`` (the two halves of the
    similarity stage, which share no work but the cleaned texts)."""
    if task == "cosines":
        return _timed(_similarity_cosines, df, config=config)
    if task == "passages":
        return _timed(_similarity_passages, df, config=config)
    return _stage_in_child(df, name=task, config=config)


def _stance_of_rows(df: pd.DataFrame, bounds: tuple[int, int], config: RunConfig) -> dict:
    return _stance_partition(df.iloc[bounds[0]:bounds[1]], config=config)


def split_corpus(df: pd.DataFrame, n_parts: int) -> list[pd.DataFrame]:
    """Consecutive partitions of ``df`` (without ``attrs``, which would travel with each)."""
    parts = []
    for a, b in partition_bounds(len(df), n_parts):
        part = df.iloc[a:b]
        part.attrs = {}
        parts.append(part)
    return parts


def _submit_on_dask(engine: "DaskEngine", finished: list, df: pd.DataFrame, *,
                    config: RunConfig, stages: Sequence[str]) -> dict:
    """Start every map step of the analysis stages on the workers, where the cleaned
    partitions are; the client reduces them in :func:`_finish_on_dask`. Submitted in the
    order the client needs their results (the scheduler runs earlier tasks first)."""
    cleaned = engine.map(_cleaned_part, finished)
    jobs: dict = {}
    if "terms" in stages:
        jobs["terms"] = engine.map(_terms_partition, cleaned, framing=config.framing_path)
    if "similarity" in stages:
        jobs["tfidf"] = engine.map(_tfidf_counts_partition, cleaned)
        jobs["passages"] = _submit_passages(engine, cleaned, df)
    if "stance" in stages:
        jobs["stance"] = engine.map(_stance_partition, cleaned, config=config)
    return jobs


def _finish_on_dask(engine: "DaskEngine", *, df: pd.DataFrame, jobs: dict, config: RunConfig,
                    stages: Sequence[str], tables: dict, timings: list) -> None:
    """Reduce the map steps started by :func:`_submit_on_dask` into each stage's tables
    (in ``tables``, timings appended: wall on the client, CPU of the workers' tasks plus
    the client's)."""
    import importlib

    for name in stages:
        w1, c1 = time.perf_counter(), time.process_time()
        if name == "terms":
            from .terms import stage_tables as terms_tables

            merged = engine.reduce(_merge_terms, jobs.pop("terms"))
            tables[name] = terms_tables(df, config=config, counts=merged["counts"])
            worker_cpu = merged["cpu_s"]
        elif name == "similarity":
            tables[name], worker_cpu = _similarity_on_dask(
                engine, jobs.pop("tfidf"), jobs.pop("passages"), df, config)
        elif name == "stance":
            results = engine.gather(jobs.pop("stance"))
            tables[name] = combine_stance(results)
            worker_cpu = sum(r["cpu_s"] for r in results)
        else:  # a stage without a partitioned form: whole, in this process
            module = importlib.import_module(f".{name}", __package__)
            tables[name] = module.stage_tables(df, config=config)
            worker_cpu = 0.0
        timings.append(StageTiming(name, time.perf_counter() - w1,
                                   worker_cpu + time.process_time() - c1))


def run_stages(engine, df: pd.DataFrame, *, config: RunConfig, stages: Sequence[str]
               ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, pd.DataFrame]],
                          list[StageTiming]]:
    """Clean ``df`` and run the analysis ``stages`` on a parallel ``engine``.

    The per-article work (cleaning, quotes and stance) runs on partitions. Term counts
    and similarity run whole on a :class:`ProcessEngine` (terms, the cosines and the shared
    passages each a task of its own, alongside the stance partitions: :func:`_run_locally`)
    and as map-reduce steps on a :class:`DaskEngine` (see the module docstring).

    Returns
    -------
    (cleaned df, cleaning log, tables by stage, timings). The tables equal those of
    :func:`newslens.clean.clean_corpus` followed by each stage's ``stage_tables``.
    """
    if isinstance(engine, ProcessEngine):
        return _run_locally(engine, df, config=config, stages=stages)
    timings: list[StageTiming] = []
    n_parts = max(1, engine.n_workers * PARTITIONS_PER_WORKER)
    w0 = time.perf_counter()
    c_main = time.process_time()
    parts = split_corpus(df, n_parts)
    is_dask = isinstance(engine, DaskEngine)
    if is_dask:
        parts = engine.scatter(parts)
    finished, info = clean_partitions(engine, parts, disabled=config.disabled_clean_rules)
    del parts
    if is_dask:
        # the cleaned columns first (the scheduler runs tasks in the order they were
        # submitted), then every map step of the analysis, so that the client assembles the
        # cleaned corpus while the workers go on
        columns = engine.map(_without_part, finished)
        jobs = _submit_on_dask(engine, finished, df, config=config, stages=stages)
        finished_local = engine.gather(columns)
        del columns
    else:
        jobs, finished_local = {}, finished
    del finished
    clean_df, log = assemble_cleaned(df, finished_local)
    timings.append(StageTiming(
        "clean", time.perf_counter() - w0,
        sum(f["cpu_s"] for f in finished_local) + time.process_time() - c_main))
    del finished_local

    tables: dict[str, dict[str, pd.DataFrame]] = {}
    if is_dask:
        _finish_on_dask(engine, df=clean_df, jobs=jobs, config=config, stages=stages,
                        tables=tables, timings=timings)
    else:
        import importlib

        for name in stages:
            w1, c1 = time.perf_counter(), time.process_time()
            module = importlib.import_module(f".{name}", __package__)
            tables[name] = module.stage_tables(clean_df, config=config)
            timings.append(StageTiming(name, time.perf_counter() - w1, time.process_time() - c1))
    return clean_df, log, tables, timings


def _pull_calls(key: str, calls: list, counter, queue) -> None:
    """A forked worker of :func:`_share_with_pool`: take the next call from the shared
    counter until none is left, putting each result on ``queue`` (its feeder thread sends
    it while the worker goes on with the next call)."""
    with _one_blas_thread():
        while True:
            if (i := _take(counter, len(calls))) is None:
                break
            _, fn, kwargs = calls[i]
            try:
                queue.put(("ok", i, fn(*_INHERITED[key], **kwargs)))
            except BaseException as exc:  # report to the parent instead of dying silently
                queue.put(("error", i, _error_for_parent(exc)))
                break
    queue.put(("done", -1, None))


def _share_with_pool(engine: "ProcessEngine", key: str, calls: list) -> list:
    """Run ``fn(*_INHERITED[key], **kwargs)`` for each ``(label, fn, kwargs)`` of ``calls``
    on ``engine.n_workers`` processes, the parent being one of them; results in the order
    of ``calls``.

    The parent forks ``n_workers - 1`` children (which inherit ``calls`` and the data), and
    every process takes the next call from a shared counter whenever it is free, so no
    call waits in a busy process's queue while another idles, nobody waits for a
    dispatcher (a pool's dispatching thread in the parent competes for the interpreter
    lock with the parent's own calls: 0.1-0.2 s between two calls of a child, measured),
    the parent's own results are never pickled, and one process fewer is forked. Calls
    should come longest first (greedy longest-first scheduling: the short ones at the end
    fill the gaps).
    """
    if engine.n_workers <= 1 or len(calls) <= 1:
        return [_call_inherited_args(fn, key, kwargs) for _, fn, kwargs in calls]
    ctx = engine._ctx
    counter = ctx.Value("q", 0)
    results_q = ctx.Queue()
    procs = [ctx.Process(target=_pull_calls, args=(key, calls, counter, results_q), daemon=True)
             for _ in range(min(engine.n_workers - 1, len(calls) - 1))]
    for proc in procs:
        proc.start()
    results: list = [None] * len(calls)
    failure: BaseException | None = None
    finished = False
    try:
        with _one_blas_thread():
            while failure is None:
                if (i := _take(counter, len(calls))) is None:
                    break
                _, fn, kwargs = calls[i]
                results[i] = fn(*_INHERITED[key], **kwargs)
        done = 0
        while done < len(procs):
            kind, i, value = _from_children(results_q, procs, "worker")
            if kind == "done":
                done += 1
            elif kind == "error":
                failure = failure or value
            else:
                results[i] = value
        finished = True
    finally:
        with counter.get_lock():
            counter.value = len(calls)         # nothing more to take
        for proc in procs:
            if not finished:                   # the parent failed: its children's work is lost
                proc.terminate()
            proc.join()
    if failure is not None:
        raise failure
    return results


def _write_one(tables: dict, *, name: str, path, sort_by):
    from .io import write_table

    c0 = time.process_time()
    path = write_table(tables[name], path, sort_by=sort_by)
    return path, time.process_time() - c0, os.getpid()


def _write_cost(df: pd.DataFrame) -> float:
    """A rough cost of writing ``df`` (seconds on this machine), only to order the writes
    longest first: about 1 µs per cell plus 20 ns per character of text (fitted on the
    pipeline's tables of 9,388 AllSides articles: ``quotes``, 161,286 rows and 52 MB,
    1.85 s; ``articles``, 9,388 rows and 56 MB, 1.10 s). The characters are estimated
    from at most 200 evenly spaced rows, so the estimate costs next to nothing; the
    order changes only which process writes which file, never the bytes."""
    import numpy as np

    n = len(df)
    cells = n * max(1, df.shape[1])
    if n == 0:
        return 0.0
    rows = df.iloc[np.linspace(0, n - 1, min(n, 200)).astype(np.int64)]
    chars = 0
    for col in rows.columns:
        if rows[col].dtype == object or pd.api.types.is_string_dtype(rows[col]):
            chars += sum(len(v) for v in rows[col].tolist() if isinstance(v, str))
    return cells * 1e-6 + chars * n / len(rows) * 2e-8


def write_tables_locally(engine: "ProcessEngine", tables: dict, out, sort_keys: dict
                         ) -> tuple[list, float]:
    """Write each of ``tables`` as ``out/<name>.csv`` (:func:`newslens.io.write_table`)
    on the engine's processes, the parent being one of them. Returns the paths in the
    order of ``tables``, and the CPU seconds the forked children spent writing (the
    parent's own are in its process time).

    Each file is written whole by one process with the same code as the serial run, so
    the bytes cannot differ; the tables are inherited through ``fork``, not sent. Longest
    first (:func:`_write_cost`): ``quotes`` and ``articles`` are most of the work (1.85
    and 1.10 of 3.9 s on 9,388 AllSides articles), so two processes write them side by
    side; on the whole corpus writing took 7.2 s of wall against 14.3 s in one process
    (``benchmarks/results/pipeline.md``).
    """
    from pathlib import Path

    out = Path(out)
    names = sorted(tables, key=lambda name: -_write_cost(tables[name]))  # stable: ties keep order
    calls = [(name, _write_one, {"name": name, "path": out / f"{name}.csv",
                                 "sort_by": sort_keys.get(name)}) for name in names]
    _INHERITED["write"] = (tables,)
    try:
        done = _share_with_pool(engine, "write", calls)
    finally:
        _INHERITED.pop("write", None)
    by_name = {name: path for name, (path, _, _) in zip(names, done)}
    children_cpu = sum(cpu for _, cpu, pid in done if pid != os.getpid())
    return [by_name[name] for name in tables], children_cpu


def _run_locally(engine: "ProcessEngine", df: pd.DataFrame, *, config: RunConfig,
                 stages: Sequence[str]):
    """:func:`run_stages` on forked processes of this machine.

    Cleaning: :func:`clean_locally` (the parent and ``n_workers - 1`` children take
    partitions as they go, the parent after the imports the analysis children inherit). Analysis: the parent and ``n_workers - 1`` children forked once the
    cleaned corpus is assembled, so that they inherit it (:func:`_share_with_pool`); the
    tasks, longest first so that no core idles at the end (greedy longest-first
    scheduling), are the similarity stage's cosines and shared passages, the terms stage,
    and the quotes and stance of ``n_workers * PARTITIONS_PER_WORKER`` partitions of about
    equal characters (short tasks that fill the gaps). Only the children's tables travel
    back, which are small.

    The corpus-wide steps run whole here (each one call) rather than map-reduced as on
    Dask. Measured on the first 4,694 / 9,388 AllSides articles (one-process CPU s): the
    longest call, the cosines (3.2 / 9.4), is well under half of the analysis work (about
    15 / 30), so longest-first scheduling already keeps two cores busy to the end (the
    parent and the child finish within 0.1 s of each other); partitioning would move the
    reduce steps, which are serial, into the parent (terms: merge 0.09 s, tables from the
    counts 0.58 s; TF-IDF: vocabulary 0.05 s, rows 0.25 s at 4,694). The partial results
    themselves are cheap to send (8-10 MB, 0.01 s to pickle). The top-k grows faster than
    linearly (x2.9 from 4,694 to 9,388 articles): on many more cores, or a much larger
    corpus, the cosines call becomes the longest path, and the row-block batches of
    :func:`top_k_on_engine` would be the next step for this engine too.
    """
    timings: list[StageTiming] = []
    w0, c_main = time.perf_counter(), time.process_time()
    finished, info = clean_locally(engine, df, disabled=config.disabled_clean_rules,
                                   meanwhile=lambda: _warm_up(stages, config))
    clean_df, log = assemble_cleaned(df, finished)
    del finished
    timings.append(StageTiming("clean", time.perf_counter() - w0,
                               info["children_cpu_s"] + time.process_time() - c_main))

    tables: dict[str, dict[str, pd.DataFrame]] = {}
    tasks = []            # (stage, task), longest first (measured one-process CPU)
    if "similarity" in stages:
        tasks += [("similarity", "cosines"), ("similarity", "passages")]
    tasks += [(s, s) for s in stages if s not in ("similarity", "stance")]
    n_parts = max(1, engine.n_workers * PARTITIONS_PER_WORKER)
    calls = [(stage, _task_in_child, {"task": task, "config": config}) for stage, task in tasks]
    if "stance" in stages:
        lengths = clean_df["text_clean"].str.len().fillna(0).tolist()
        calls += [("stance", _stance_of_rows, {"bounds": b, "config": config})
                  for b in balanced_bounds(lengths, n_parts)]
    _INHERITED["run"] = (clean_df,)
    try:
        results = _share_with_pool(engine, "run", calls)
    finally:
        _INHERITED.pop("run", None)
    by_stage: dict[str, StageTiming] = {}
    stance = []
    for (stage, _, _), out in zip(calls, results):
        if stage == "stance":
            stance.append(out)
            continue
        out, wall, cpu = out
        tables.setdefault(stage, {}).update(out)
        t = by_stage.setdefault(stage, StageTiming(stage))
        t.wall_s += wall
        t.cpu_s += cpu
    if stance:
        tables["stance"] = combine_stance(stance)
        by_stage["stance"] = StageTiming("stance", sum(r["wall_s"] for r in stance),
                                         sum(r["cpu_s"] for r in stance))
    if "similarity" in tables:   # the one-process stage's order of tables
        sim = tables["similarity"]
        tables["similarity"] = {k: sim[k] for k in ("similarity_docs", "similarity_outlets",
                                                     "shared_passages")}
    timings.extend(by_stage[s] for s in stages if s in by_stage)
    return clean_df, log, tables, timings


__all__ = ["SerialEngine", "ProcessEngine", "DaskEngine", "make_engine", "partition_bounds",
           "RepeatStatistics", "repeat_statistics", "combine_repeat_statistics",
           "select_repeated", "clean_partitions", "assemble_cleaned", "combine_stance",
           "tfidf_partition_counts", "tfidf_vocabulary", "tfidf_partition_rows",
           "top_k_on_engine", "merge_top_k_parts",
           "StageTiming", "run_stages", "split_corpus", "clean_locally", "balanced_bounds",
           "write_tables_locally"]
