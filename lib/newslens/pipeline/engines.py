"""Where the steps of a stage run: this process, a pool of processes, or a Dask cluster.

An engine maps a function over a list with a read-only ``context`` and gathers the
results, in order. It knows nothing about stages (:mod:`newslens.pipeline.stages`), as
scikit-learn's estimators know nothing about joblib's backends. Four methods:

``scatter(items) -> handles``
    place items where the workers are (Dask: on the cluster; else: the items).
``map(fn, handles, context) -> handles``
    ``fn(item, context)`` for each item, on the workers.
``gather(handles, fn=None) -> list``
    the results (``fn(result)`` computed where each result is, when given).
``close()``

Every engine also counts the CPU seconds its workers spent (``cpu_s``), so that a
stage's timing includes them.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

__all__ = ["SerialEngine", "PoolEngine", "DaskEngine", "make_engine"]


class SerialEngine:
    """Everything in this process, in order: the reference every other engine matches."""

    n_workers = 1
    shares_files = True      # its workers write to this machine's files

    def __init__(self) -> None:
        self.cpu_s = 0.0     # this process's CPU is the driver's: nothing extra

    def scatter(self, items: Sequence) -> list:
        return list(items)

    def map(self, fn: Callable, handles: Sequence, context: Any = None) -> list:
        return [fn(item, context) for item in handles]

    def gather(self, handles: Sequence, fn: Callable | None = None) -> list:
        return [fn(h) for h in handles] if fn is not None else list(handles)

    def close(self) -> None:
        pass


# What a pool's workers read: set in the parent just before the pool forks, so that the
# children inherit the function, the items and the context instead of unpickling them.
_FORKED: tuple = ()


def _start_worker() -> None:
    # A forked worker inherits the command line's SIGTERM handler (newslens.cli), which
    # turns SIGTERM into an interruption for the main process; a worker dies on it as usual.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Each worker one BLAS thread: n processes x n threads would oversubscribe the cores.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _call_forked(i: int) -> tuple[Any, float]:
    fn, items, context = _FORKED
    c0 = time.process_time()
    value = fn(items[i], context)
    return value, time.process_time() - c0


class PoolEngine:
    """``concurrent.futures.ProcessPoolExecutor`` with ``n_workers`` forked processes.

    A new pool is forked for each ``map`` so that the children inherit the function, the
    items and the context (fork copies memory pages only when written); only the item's
    index goes to a child and only its result comes back. Items are handed out one at a
    time in order, so callers that sort long items first balance the cores.
    """

    shares_files = True

    def __init__(self, n_workers: int) -> None:
        self.n_workers = n_workers
        self.cpu_s = 0.0
        self._ctx = multiprocessing.get_context("fork")

    def scatter(self, items: Sequence) -> list:
        return list(items)

    def map(self, fn: Callable, handles: Sequence, context: Any = None) -> list:
        global _FORKED
        items = list(handles)
        if len(items) <= 1:
            return [fn(item, context) for item in items]   # one item: no fork
        _FORKED = (fn, items, context)
        try:
            with ProcessPoolExecutor(min(self.n_workers, len(items)), mp_context=self._ctx,
                                     initializer=_start_worker) as pool:
                done = list(pool.map(_call_forked, range(len(items))))
        finally:
            _FORKED = ()
        self.cpu_s += sum(cpu for _, cpu in done)
        return [value for value, _ in done]

    def gather(self, handles: Sequence, fn: Callable | None = None) -> list:
        return [fn(h) for h in handles] if fn is not None else list(handles)

    def close(self) -> None:
        pass


class _Box:
    """One object around the context, so that Dask scatters it whole (a dict would be
    scattered value by value)."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _timed(fn: Callable, item: Any, box: _Box) -> tuple[Any, float]:
    c0 = time.process_time()
    return fn(item, box.value), time.process_time() - c0


def _value(pair: tuple) -> Any:
    return pair[0]


def _cpu(pair: tuple) -> float:
    return pair[1]


class DaskEngine:
    """A ``dask.distributed`` client: results are futures that stay on the workers.

    ``scheduler``: the address of a running scheduler (``"tcp://host:8786"``), a
    ``Client`` or a cluster object; None starts a ``LocalCluster`` of ``n_workers``
    processes (default one per core) listening on loopback only.
    """

    shares_files = False     # a cluster's workers may be other machines

    def __init__(self, scheduler: Any = None, *, n_workers: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # the optional extra
            raise ImportError("engine='dask' needs the dask extra: "
                              "pip install 'newslens[dask]'") from exc
        self._cluster = None
        self._own_client = True
        if scheduler is None:
            scheduler = self._cluster = LocalCluster(
                n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                processes=True, host="127.0.0.1", dashboard_address=None)
        if hasattr(scheduler, "submit") and hasattr(scheduler, "gather"):
            self.client, self._own_client = scheduler, False   # an existing Client
        else:
            self.client = Client(scheduler)
        self.n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.cpu_s = 0.0

    def scatter(self, items: Sequence) -> list:
        # hash=False: equal items (two empty partitions) must not share one key, or
        # releasing one future deletes the data the other still needs
        return self.client.scatter(list(items), hash=False) if len(items) else []

    def map(self, fn: Callable, handles: Sequence, context: Any = None) -> list:
        if not len(handles):
            return []
        # the context once per worker, not once per task
        ctx = self.client.scatter(_Box(context), broadcast=True, hash=False)
        # pure=False: results are not deduplicated by hashing the (large) inputs
        pairs = self.client.map(_timed, [fn] * len(handles), list(handles),
                                [ctx] * len(handles), pure=False)
        self.cpu_s += sum(self.client.gather(self.client.map(_cpu, pairs, pure=False)))
        return self.client.map(_value, pairs, pure=False)

    def gather(self, handles: Sequence, fn: Callable | None = None) -> list:
        if not len(handles):
            return []
        if fn is not None:
            handles = self.client.map(fn, list(handles), pure=False)
        return self.client.gather(list(handles))

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(engine: str = "local", *, scheduler: Any = None, workers: int | None = None):
    """The engine ``run_pipeline(engine=..., scheduler=..., workers=...)`` asks for:
    ``"local"`` with ``workers`` processes (1 or None: :class:`SerialEngine`), or
    ``"dask"`` (:class:`DaskEngine`)."""
    if engine == "local":
        return SerialEngine() if (workers or 1) <= 1 else PoolEngine(workers)
    if engine == "dask":
        return DaskEngine(scheduler, n_workers=workers)
    raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
