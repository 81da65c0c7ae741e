"""How a stage says, once, how it splits over partitions of the corpus.

A *stage* (cleaning, terms, similarity, quotes and stance) is a short list of
map-reduce *steps*. Each step maps a function over items on an engine's workers and
combines the results in the driver:

.. code-block:: text

    context = {"config": RunConfig, "workers": engine.n_workers}
    for step in stage.steps:
        items    = the stage's partitions | an earlier step's results | step.over(context)
        results  = engine.map(step.map, items, context)      # on the workers
        partials = engine.gather(results, step.gather)       # only what combine needs
        context  = step.combine(partials, context)           # in the driver
    tables = context["tables"]

The engines (:mod:`newslens.pipeline.engines`) know nothing about stages: they map a
function over a list, with a read-only context sent once per worker. The stage modules
know nothing about engines. Running the steps on one partition with the serial engine is
the stage's reference result (:func:`run_serial`); every engine and every partitioning
gives the same tables, because a step's combine only adds counts, concatenates rows or
merges per-row results that do not depend on the partitioning (each stage's docstring
says why for its own combine).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
from tqdm import tqdm

__all__ = ["Step", "Stage", "StageTiming", "run_stage", "run_serial", "split_corpus",
           "balanced_bounds"]


@dataclass(frozen=True)
class Step:
    """One map-reduce round of a stage.

    Attributes
    ----------
    map : ``map(item, context) -> result``. A module-level function (engines may pickle
        it); ``context`` is the dict the previous combine returned, read-only.
    combine : ``combine(partials, context) -> dict``: the next context, from the gathered
        results in item order. The first context holds ``"config"`` and ``"workers"``
        (how many workers the engine has: a stage may cut its work into that many items,
        never in a way that changes a table). The last step's context holds ``"tables"``
        (``dict[str, pandas.DataFrame]``).
    over : what ``map`` runs over: ``"partitions"`` (the stage's input partitions:
        DataFrames of consecutive articles), ``"previous"`` (the previous step's results,
        left where they are: on a Dask cluster, on the workers), an ``int`` *i* (the
        results of the stage's step *i*, counted from 0, also left where they are: a
        step can reuse what an earlier one computed per partition), or a function
        ``over(context) -> list`` (row blocks of a matrix, pairs to align, ...).
    gather : optional ``gather(result) -> small``, run where the result is, so that only
        what ``combine`` needs travels (the result itself stays for a later step that
        maps over it). None: the whole result.
    """

    map: Callable[[Any, dict], Any]
    combine: Callable[[list, dict], dict]
    over: str | int | Callable[[dict], list] = "partitions"
    gather: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Stage:
    """A named list of steps; see the module docstring."""

    name: str
    description: str
    steps: tuple[Step, ...]


@dataclass
class StageTiming:
    """Wall and CPU seconds of one stage (CPU: the driver's plus the workers')."""

    stage: str
    wall_s: float = 0.0
    cpu_s: float = 0.0


def run_stage(stage: Stage, engine, partitions: list, *, config,
              context: dict | None = None, progress: bool = False
              ) -> tuple[dict, list, StageTiming]:
    """Run ``stage`` on ``partitions`` (engine handles) with ``engine``.

    ``progress``: a tqdm bar for the stage on stderr, one tick per step (map and combine
    done), the step's map function named beside it: the same on every engine, since it
    follows the driver.

    Returns
    -------
    (the last context, the last step's result handles, the stage's timing). The tables are
    ``context["tables"]``.
    """
    w0, c0, e0 = time.perf_counter(), time.process_time(), engine.cpu_s
    ctx = {"config": config, "workers": engine.n_workers, **(context or {})}
    kept = {step.over for step in stage.steps if isinstance(step.over, int)}
    results: dict[int, list] = {}      # the results a later step maps over
    previous: list = partitions
    bar = tqdm(total=len(stage.steps), desc=stage.name, unit="step", leave=False,
               disable=not progress)
    for number, step in enumerate(stage.steps):
        bar.set_postfix_str(getattr(step.map, "__name__", ""))   # a few steps: draw each
        if isinstance(step.over, int):
            if step.over not in results:
                raise ValueError(f"stage {stage.name!r}: step {number} maps over the results "
                                 f"of step {step.over}, which is not an earlier step")
            items = results[step.over]
        elif step.over == "partitions":
            items = partitions
        elif step.over == "previous":
            items = previous
        else:
            items = engine.scatter(step.over(ctx))
        previous = engine.map(step.map, items, ctx)
        if number in kept:
            results[number] = previous
        ctx = step.combine(engine.gather(previous, step.gather), ctx)
        for done in [i for i in results if all(
                s.over != i for s in stage.steps[number + 1:])]:
            del results[done]           # no later step needs them: let the engine free them
        bar.update()
        bar.refresh()
    bar.close()
    timing = StageTiming(stage.name, time.perf_counter() - w0,
                         time.process_time() - c0 + engine.cpu_s - e0)
    return ctx, previous, timing


def run_serial(stage: Stage, df: pd.DataFrame, *, config) -> dict[str, pd.DataFrame]:
    """The stage's tables for the whole of ``df`` in this process: one partition, the
    serial engine. This is what each stage's ``stage_tables`` returns."""
    from .engines import SerialEngine

    ctx, _, _ = run_stage(stage, SerialEngine(), [df], config=config)
    return ctx["tables"]


def balanced_bounds(lengths, n_parts: int) -> list[tuple[int, int]]:
    """Split rows into at most ``n_parts`` consecutive ``(start, stop)`` ranges of about
    equal total ``lengths`` (the work per article grows with its characters, and articles
    differ in length by two orders of magnitude).

    Range *i* ends at the first row where the running total of ``length + 1`` reaches
    :math:`(i+1)/p` of the whole (the ``+ 1``: empty texts cost too); empty ranges are
    dropped.

    Examples
    --------
    >>> balanced_bounds([10, 1, 1, 1, 1, 10], 2)
    [(0, 3), (3, 6)]
    """
    import numpy as np

    n = len(lengths)
    if n == 0:
        return [(0, 0)]
    total = np.cumsum(np.asarray(lengths, dtype=np.float64) + 1.0)
    cuts = [0]
    for i in range(1, max(1, n_parts)):
        cut = int(np.searchsorted(total, total[-1] * i / n_parts)) + 1
        cuts.append(min(n, max(cuts[-1], cut)))
    cuts.append(n)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def split_corpus(df: pd.DataFrame, n_parts: int, *, text_col: str = "text") -> list[pd.DataFrame]:
    """``df`` as at most ``n_parts`` partitions of consecutive rows with about equal
    characters of ``text_col`` (:func:`balanced_bounds`); their concatenation is ``df``."""
    if n_parts <= 1 or len(df) <= 1:
        return [df]
    lengths = df[text_col].str.len().fillna(0).tolist()
    return [df.iloc[a:b] for a, b in balanced_bounds(lengths, n_parts)]
