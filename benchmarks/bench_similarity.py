"""Similarity stage at scale: top-10 neighbours of every AllSides article and the passages
outlets share, timed against a bare ``TfidfVectorizer().fit_transform`` in the same run.

The corpus is cleaned first (``clean_corpus``, not timed: it is the previous stage), so the
stage sees what ``newslens run`` gives it. Then, on the same cleaned texts and in this order:

1. baseline: ``sklearn.feature_extraction.text.TfidfVectorizer().fit_transform(texts)``;
2. the stage, ``newslens.similarity.STAGE`` run in one process (what
   ``similarity.stage_tables(df, config=RunConfig())`` does): TF-IDF with the package
   defaults, each article's 10 nearest neighbours (more than 2,000 articles), all pairs of
   outlets, and the shared passages; each step's map and combine are wrapped to record their
   wall and CPU time, and peak memory is sampled throughout;
3. the same stage on a process pool with one process per core (``PoolEngine``), as
   ``newslens run`` runs it from 1,000 articles.

Checks printed with the results: the top-10 of 50 random articles against their exact rows
of ``X @ X.T`` computed directly, and a fixed-seed sample of 20 cross-outlet passages written
to ``benchmarks/out/similarity_handcheck_sample.md`` for the hand check.

Usage::

    .venv/bin/python benchmarks/bench_similarity.py            # the whole corpus (~6 min)
    .venv/bin/python benchmarks/bench_similarity.py --limit 3000

Writes ``benchmarks/results/similarity.md`` (``similarity_limit<N>.md`` with ``--limit``).
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (ALLSIDES, BENCH_DIR, machine_description, measure, read_jsonl_xz,  # noqa: E402
                     require, write_results)

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from newslens import similarity  # noqa: E402
from newslens.clean import clean_corpus  # noqa: E402
from newslens.config import RANDOM_STATE, RunConfig  # noqa: E402
from newslens.pipeline.engines import PoolEngine, SerialEngine  # noqa: E402
from newslens.pipeline.run import PARTITIONS_PER_WORKER  # noqa: E402
from newslens.pipeline.stages import Stage, Step, run_stage, split_corpus  # noqa: E402

HANDCHECK_N = 20
EXACTNESS_N = 50


def timed(parts: dict[str, list[float]], label: str, fn):  # noqa: D103
    """Wrap ``fn`` so that its wall and CPU time (all threads) are added to ``parts[label]``."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc = parts.setdefault(label, [0.0, 0.0])
            acc[0] += time.perf_counter() - w0
            acc[1] += time.process_time() - c0
    return wrapper


def check_exactness(df: pd.DataFrame, docs: pd.DataFrame, n: int) -> tuple[int, int]:
    """Top-10 of ``n`` random articles recomputed from their exact rows of X @ X.T."""
    X, _ = similarity.tfidf_matrix(df)
    ids = df["doc_id"].astype(str).to_numpy()
    rng = np.random.default_rng(RANDOM_STATE)
    same = 0
    for i in rng.choice(len(df), size=min(n, len(df)), replace=False):
        row = (X[i] @ X.T).toarray().ravel()
        row[i] = -np.inf
        ref = pd.DataFrame({"b": ids, "cosine": row}).sort_values(
            ["cosine", "b"], ascending=[False, True], kind="mergesort").head(10)
        got = docs[docs["a"] == ids[i]]
        same += int(got["b"].tolist() == ref["b"].tolist()
                    and np.allclose(got["cosine"], ref["cosine"], atol=1e-12))
    return same, min(n, len(df))


def write_sample(passages: pd.DataFrame, n: int) -> Path:
    sample = passages.sample(n=min(n, len(passages)), random_state=RANDOM_STATE)
    lines = [f"# Shared passages: hand-check sample ({len(sample)} of {len(passages):,}, "
             f"seed {RANDOM_STATE})", ""]
    for i, r in enumerate(sample.itertuples(), start=1):
        lines += [f"## {i}. {r.doc_a} ({r.outlet_a})  ×  {r.doc_b} ({r.outlet_b})",
                  f"n_words = {r.n_words}; edits: {r.edits or '(none)'}", "",
                  "**a:** " + " ".join(str(r.text_a).split())[:1500], "",
                  "**b:** " + " ".join(str(r.text_b).split())[:1500], ""]
    out = BENCH_DIR / "out" / "similarity_handcheck_sample.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args()

    records = read_jsonl_xz(require(ALLSIDES), limit=args.limit)
    raw = pd.DataFrame({"doc_id": [str(r["ID"]) for r in records],
                        "outlet": [r.get("source") or "unknown" for r in records],
                        "title": [r.get("title") or "" for r in records],
                        "published": "", "text": [r.get("content_original") or "" for r in records],
                        "source": "allsides"})
    del records
    t0 = time.perf_counter()
    df, _ = clean_corpus(raw)
    clean_s = time.perf_counter() - t0
    del raw
    texts = df["text_clean"].tolist()
    n_chars = sum(map(len, texts))
    print(f"{len(df):,} articles, {n_chars:,} characters cleaned in {clean_s:.0f} s", flush=True)

    with measure("baseline") as base:
        X0 = TfidfVectorizer().fit_transform(texts)
    base_shape = X0.shape
    del X0
    print(f"baseline {base.wall_s:.1f} s wall, {base.cpu_s:.1f} s CPU", flush=True)

    parts: dict[str, list[float]] = {}
    steps = tuple(Step(timed(parts, f"step {i}: {step.map.__name__}", step.map),
                       timed(parts, f"step {i}: {step.combine.__name__}", step.combine),
                       step.over, step.gather)
                  for i, step in enumerate(similarity.STAGE.steps, start=1))
    with measure("stage") as stage:
        ctx, _, _ = run_stage(Stage("similarity", "timed", steps), SerialEngine(), [df],
                              config=RunConfig())
    tables = ctx["tables"]
    print(f"stage {stage.wall_s:.1f} s wall, {stage.cpu_s:.1f} s CPU, peak {stage.peak_mb:.0f} MB",
          flush=True)
    workers = os.cpu_count() or 1
    pool = PoolEngine(workers)
    with measure("pool") as pooled:
        pool_ctx, _, _ = run_stage(similarity.STAGE, pool,
                                   split_corpus(df, workers * PARTITIONS_PER_WORKER,
                                                text_col="text_clean"), config=RunConfig())
    pool_same = all(pool_ctx["tables"][k].equals(tables[k]) for k in tables)
    del pool_ctx
    print(f"pool of {workers}: {pooled.wall_s:.1f} s wall (workers' CPU not in this "
          f"process's figure)", flush=True)

    docs, outlets, passages = (tables["similarity_docs"], tables["similarity_outlets"],
                               tables["shared_passages"])
    same, checked = check_exactness(df, docs, EXACTNESS_N)
    sample_path = write_sample(passages, HANDCHECK_N)

    groups = similarity.outlet_groups(df)
    group_of = dict(zip(df["doc_id"], groups))
    first = docs.groupby("a", sort=False).head(1)
    same_outlet_nn = float((first["a"].map(group_of) == first["b"].map(group_of)).mean())
    pairs = passages[["doc_a", "doc_b"]].drop_duplicates()
    outlet_pairs = passages.assign(ga=passages["doc_a"].map(group_of),
                                   gb=passages["doc_b"].map(group_of))[["ga", "gb"]].drop_duplicates()
    docs_with = len(set(passages["doc_a"]) | set(passages["doc_b"]))

    ratio_wall = stage.wall_s / base.wall_s
    ratio_cpu = stage.cpu_s / base.cpu_s
    part_rows = "\n".join(f"| {k} | {w:.1f} | {c:.1f} | {w / base.wall_s:.1f}x |"
                          for k, (w, c) in parts.items())
    md = f"""# Similarity stage at scale: AllSides

Corpus: `allsides-articles.jsonl.xz`, {len(df):,} articles, {groups.nunique():,} outlets,
{n_chars:,} characters of cleaned text (`clean_corpus` first, {clean_s:.0f} s, not timed).

{machine_description()}

The machine is shared with other jobs: wall times vary from run to run by up to a factor of two;
CPU times (all threads of this process) vary less. Baseline and stage run in the same process on
the same texts, one after the other.

## Time and memory

| step | wall s | CPU s | peak RSS MB (delta) |
|---|---:|---:|---:|
| baseline: `TfidfVectorizer().fit_transform` ({base_shape[1]:,} terms) | {base.wall_s:.1f} | {base.cpu_s:.1f} | {base.peak_mb:.0f} ({base.peak_delta_mb:+.0f}) |
| **stage**, one process (`similarity.stage_tables`) | **{stage.wall_s:.1f}** | **{stage.cpu_s:.1f}** | **{stage.peak_mb:.0f}** ({stage.peak_delta_mb:+.0f}) |
| stage on a pool of {workers} processes (`PoolEngine`, {workers * PARTITIONS_PER_WORKER} partitions) | {pooled.wall_s:.1f} | (workers not counted) | {pooled.peak_mb:.0f} (this process) |

- one process / baseline: **{ratio_wall:.1f}x** wall, **{ratio_cpu:.1f}x** CPU; pool / baseline:
  **{pooled.wall_s / base.wall_s:.1f}x** wall. Pool tables equal the one-process tables: {pool_same}.
- peak memory of this process during the one-process stage: **{stage.peak_mb / 1000:.2f} GB**.

Where the one-process stage's time goes, step by step (`newslens.similarity.STAGE`; a map runs
once per item, its times are summed):

| step | wall s | CPU s | wall / baseline wall |
|---|---:|---:|---:|
{part_rows}

## What the stage produced

- `similarity_docs`: {len(docs):,} rows (10 nearest neighbours of each article; exact, not
  approximate: for {checked} random articles the top 10 recomputed from their full row of
  `X @ X.T` is identical in {same} of {checked}).
- Nearest neighbour from the same outlet: {same_outlet_nn:.1%} of articles.
- `similarity_outlets`: {len(outlets):,} pairs of {groups.nunique():,} outlets.
- `shared_passages`: {len(passages):,} passages between {len(pairs):,} pairs of articles
  ({docs_with:,} articles, {len(outlet_pairs):,} pairs of outlets); {(passages['edits'] != '').sum():,}
  passages carry at least one edit. Matching words per passage: median
  {passages['n_words'].median():.0f}, 90th percentile {passages['n_words'].quantile(0.9):.0f},
  maximum {passages['n_words'].max():,}.
- Hand check of {min(HANDCHECK_N, len(passages))} passages sampled with seed {RANDOM_STATE}:
  `benchmarks/results/similarity_handcheck.md`.
"""
    name = "similarity" + (f"_limit{args.limit}" if args.limit else "")
    write_results(name, md)
    print(f"hand-check sample: {sample_path.relative_to(BENCH_DIR.parent)}")


if __name__ == "__main__":
    main()
