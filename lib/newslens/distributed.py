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
   surroundings (:func:`repeat_statistics`);
2. *reduce*: add the counts of all partitions (:func:`combine_repeat_statistics`) and
   select the boilerplate lines (:func:`select_repeated`), exactly the thresholds of
   :func:`newslens.clean.learn_repeated_lines`;
3. *map*: finish each article with its outlet's learned lines.

The distinct surroundings of a line are counted as a set of 64-bit BLAKE2b digests of the
pair (previous line, next line); ``clean_corpus`` uses Python's ``hash`` of the same pair,
which differs between processes (hash randomisation) and so cannot be combined across
workers. Both count distinct pairs; they differ only if two different pairs collide in 64
bits (probability about :math:`m^2 / 2^{65}` for *m* pairs, below :math:`10^{-7}` for ten
million pairs).

Quotes and stance are per article (:func:`newslens.quotes.extract_quotes` and
:func:`newslens.stance.assign_stance` on each partition), and only the per-actor summary
(:func:`newslens.stance.stance_summary`) is computed over all of them.

Term counts, keyness, TF-IDF similarity and shared passages do not yet expose a
per-partition/combine API, so they run on the whole cleaned corpus: on the local engine in
two forked processes side by side (one stage each), on a Dask cluster in the client
process. Every engine produces byte-identical tables (``tests/test_distributed.py``).
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

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

    ``engine="local"``: ``workers`` processes (None or 1: this process only). One process is
    the default because it was the faster one in the only measurement we have (whole
    AllSides corpus on a shared 2-core machine: 807 s wall in one process, 1,939 s with two;
    see benchmarks/results/pipeline.md); pass ``workers=2`` or more to fork. ``engine="dask"``: a client of the
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

@dataclass
class RepeatStatistics:
    """Per outlet counts behind the ``repeated_line`` rule, for one or several partitions.

    Attributes
    ----------
    contexts : outlet -> line key -> set of 64-bit digests of (previous key, next key).
    docs : outlet -> line key -> articles with the line.
    occurrences : outlet -> line key -> occurrences of the line.
    sizes : outlet -> articles.
    """

    contexts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    docs: dict = field(default_factory=lambda: defaultdict(Counter))
    occurrences: dict = field(default_factory=lambda: defaultdict(Counter))
    sizes: Counter = field(default_factory=Counter)

    def __getstate__(self):  # defaultdicts of lambdas do not pickle; plain dicts do
        return {"contexts": {g: dict(v) for g, v in self.contexts.items()},
                "docs": dict(self.docs), "occurrences": dict(self.occurrences),
                "sizes": self.sizes}

    def __setstate__(self, state) -> None:
        self.__init__()
        for g, v in state["contexts"].items():
            self.contexts[g].update(v)
        self.docs.update(state["docs"])
        self.occurrences.update(state["occurrences"])
        self.sizes = state["sizes"]


def _context_digest(prev: str, nxt: str) -> int:
    h = hashlib.blake2b(prev.encode("utf-8", "surrogatepass"), digest_size=8)
    h.update(b"\x00")
    h.update(nxt.encode("utf-8", "surrogatepass"))
    return int.from_bytes(h.digest(), "little")


def repeat_statistics(paragraph_lists: Iterable[list[str]], groups: Sequence[str], *,
                      max_words: int = 60) -> RepeatStatistics:
    """Count, per outlet, each short line's articles, occurrences and surroundings.

    The same counts as ``newslens.clean._learn_repeats`` (the headline, line 0, is never
    counted; lines over ``max_words`` words or ``12 * max_words`` characters are skipped),
    with surroundings as stable digests so that partitions can be added.
    """
    from .clean import repeat_key

    st = RepeatStatistics()
    for paras, group in zip(paragraph_lists, groups):
        st.sizes[group] += 1
        keys = [repeat_key(p) for p in paras]
        seen: Counter = Counter()
        ctx = st.contexts[group]
        for i in range(1, len(keys)):
            k = keys[i]
            if len(k) > max_words * 12 or len(k.split()) > max_words:
                continue
            nxt = keys[i + 1] if i + 1 < len(keys) else ""
            ctx[k].add(_context_digest(keys[i - 1], nxt))
            seen[k] += 1
        st.docs[group].update(seen.keys())
        st.occurrences[group].update(seen)
    return st


def combine_repeat_statistics(a: RepeatStatistics, b: RepeatStatistics) -> RepeatStatistics:
    """The statistics of two disjoint sets of articles together (sets united, counts added).

    Modifies and returns ``a``.
    """
    for group, lines in b.contexts.items():
        mine = a.contexts[group]
        for k, ctx in lines.items():
            mine[k] |= ctx
    for group, c in b.docs.items():
        a.docs[group].update(c)
    for group, c in b.occurrences.items():
        a.occurrences[group].update(c)
    a.sizes.update(b.sizes)
    return a


def select_repeated(st: RepeatStatistics, *, min_docs: int = 3, min_share: float = 0.02
                    ) -> dict[str, frozenset[str]]:
    """Boilerplate lines per outlet: in at least
    :math:`\\max(\\text{min\\_docs}, \\lceil \\text{min\\_share} \\cdot n_o \\rceil)` articles
    and as many distinct surroundings, and at most
    :data:`newslens.clean.MAX_REPEATS_PER_ARTICLE` occurrences per article on average
    (the rule of :func:`newslens.clean.learn_repeated_lines`)."""
    from .clean import MAX_REPEATS_PER_ARTICLE

    out: dict[str, frozenset[str]] = {}
    for group, lines in st.contexts.items():
        if not lines:  # an outlet whose articles have no line but the headline
            continue
        need = max(min_docs, -(-min_share * st.sizes[group] // 1))
        n_docs, n_occ = st.docs[group], st.occurrences[group]
        out[group] = frozenset(
            k for k, ctx in lines.items()
            if n_docs[k] >= need and len(ctx) >= need
            and n_occ[k] <= MAX_REPEATS_PER_ARTICLE * n_docs[k])
    return out


def _texts_and_groups(part: pd.DataFrame) -> tuple[list[str], list[str]]:
    texts = [t if isinstance(t, str) else "" for t in part["text"].tolist()]
    groups = (part["outlet"].astype(str).tolist() if "outlet" in part.columns
              else ["" for _ in texts])
    return texts, groups


def _clean_start(part: pd.DataFrame, *, disabled: tuple[str, ...], keep_part: bool = True):
    """Map step 1: character rules on each article, and the partition's repeat counts.

    ``keep_part=False`` leaves the partition out of the result (the local engine's parent
    holds it already; sending it back would only cost pickling)."""
    from .clean import _active, _run_text_stage

    w0, c0 = time.perf_counter(), time.process_time()
    active = _active(None, disabled)
    texts, groups = _texts_and_groups(part)
    started = [_run_text_stage(text, active) for text in texts]
    stats = (repeat_statistics((doc.paragraphs for doc, _ in started), groups)
             if any(r.name == "repeated_line" for r in active) else RepeatStatistics())
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
        rep = engine.client.scatter(repeated, broadcast=True)
        finished = engine.map(_clean_finish, started, disabled=disabled, repeated=rep)
    else:
        for s, part in zip(started, parts):
            s["stats"] = None  # no longer needed: don't send it to the children
            s["part"] = part   # the parent's own copy, inherited by the children
        finished = engine.map(_clean_finish, started, disabled=disabled, repeated=repeated,
                              keep_part=False)
    del started
    return finished, {"repeated": repeated, "reduce_wall_s": reduce_wall, "reduce_cpu_s": reduce_cpu}


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


# =========================================================================== whole stages

def _stage_in_child(df: pd.DataFrame, *, name: str, config: RunConfig):
    import importlib

    module = importlib.import_module(f".{name}", __package__)
    return _timed(module.stage_tables, df, config=config)


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


def run_stages(engine, df: pd.DataFrame, *, config: RunConfig, stages: Sequence[str]
               ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, pd.DataFrame]],
                          list[StageTiming]]:
    """Clean ``df`` and run the analysis ``stages`` on a parallel ``engine``.

    The per-article work (cleaning, quotes and stance) runs on partitions; term counts and
    similarity run whole: on a :class:`ProcessEngine` each in its own child process,
    alongside the stance partitions; on a :class:`DaskEngine` in this process while the
    workers extract quotes.

    Returns
    -------
    (cleaned df, cleaning log, tables by stage, timings). The tables equal those of
    :func:`newslens.clean.clean_corpus` followed by each stage's ``stage_tables``.
    """
    timings: list[StageTiming] = []
    n_parts = max(1, engine.n_workers * PARTITIONS_PER_WORKER)
    w0 = time.perf_counter()
    c_main = time.process_time()
    if isinstance(engine, ProcessEngine):
        _warm_up(stages, config)
    parts = split_corpus(df, n_parts)
    is_dask = isinstance(engine, DaskEngine)
    if is_dask:
        parts = engine.scatter(parts)
    finished, info = clean_partitions(engine, parts, disabled=config.disabled_clean_rules)
    del parts
    stance_futures = None
    if is_dask and "stance" in stages:
        stance_futures = engine.map(_stance_partition, finished, config=config)
    finished_local = engine.gather(engine.map(_without_part, finished) if is_dask else finished)
    del finished
    clean_df, log = assemble_cleaned(df, finished_local)
    timings.append(StageTiming(
        "clean", time.perf_counter() - w0,
        sum(f["cpu_s"] for f in finished_local) + time.process_time() - c_main))
    del finished_local

    tables: dict[str, dict[str, pd.DataFrame]] = {}
    whole = [s for s in stages if s != "stance"]
    if is_dask:
        for name in whole:
            import importlib

            module = importlib.import_module(f".{name}", __package__)
            out, wall, cpu = _timed(module.stage_tables, clean_df, config=config)
            tables[name] = out
            timings.append(StageTiming(name, wall, cpu))
        if stance_futures is not None:
            w1 = time.perf_counter()
            results = engine.gather(stance_futures)
            tables["stance"] = combine_stance(results)
            timings.append(StageTiming("stance", max(r["wall_s"] for r in results)
                                       + time.perf_counter() - w1,
                                       sum(r["cpu_s"] for r in results)))
    else:
        # One pool: the whole stages first (the longest tasks), then the stance partitions.
        _INHERITED["run"] = (clean_df,)
        try:
            with ProcessPoolExecutor(max_workers=engine.n_workers, mp_context=engine._ctx) as pool:
                whole_f = {name: pool.submit(_call_inherited_args, _stage_in_child, "run",
                                             {"name": name, "config": config}) for name in whole}
                stance_f = []
                if "stance" in stages:
                    stance_f = [pool.submit(_call_inherited_args, _stance_of_rows, "run",
                                            {"bounds": b, "config": config})
                                for b in partition_bounds(len(clean_df), n_parts)]
                for name, f in whole_f.items():
                    out, wall, cpu = f.result()
                    tables[name] = out
                    timings.append(StageTiming(name, wall, cpu))
                if stance_f:
                    results = [f.result() for f in stance_f]
                    tables["stance"] = combine_stance(results)
                    timings.append(StageTiming("stance", sum(r["wall_s"] for r in results),
                                               sum(r["cpu_s"] for r in results)))
        finally:
            _INHERITED.pop("run", None)
    return clean_df, log, tables, timings


__all__ = ["SerialEngine", "ProcessEngine", "DaskEngine", "make_engine", "partition_bounds",
           "RepeatStatistics", "repeat_statistics", "combine_repeat_statistics",
           "select_repeated", "clean_partitions", "assemble_cleaned", "combine_stance",
           "StageTiming", "run_stages", "split_corpus"]
