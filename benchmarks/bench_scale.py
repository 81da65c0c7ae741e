"""Benchmark: the cost of one block of the all-pairs neighbour search, for docs/scale.md.

The neighbour search (similarity step 3) is the one stage that grows with the square of the
corpus: every article is compared with every later one, in row blocks
(:class:`newslens.similarity.neighbours.CosineKernel`). What one block costs per cell, and
how that changes as the corpus grows, is what the extrapolation to 1 and 10 million
articles in ``docs/scale.md`` multiplies by the number of cells.

What is measured, for the first *N* AllSides articles (file order) at four doublings:

- the TF-IDF rows (``TfidfVectorizer().fit_transform`` of ``content_original``: the stage's
  own weighting is bit-identical to it) and their size (non-zeros, MB of the CSR arrays);
- the first row block of ``b = 2,000`` rows against all later rows, top-10 kept
  (``top_k_of_blocks``), one thread: CPU seconds (least of ``--runs``) and CPU per million
  cells. The first block is the widest (it meets every column), so it is the dearest per
  row and the figure is an upper bound for the others.

Usage::

    NEWSLENS_DATASETS=/work/shared/datasets .venv/bin/python benchmarks/bench_scale.py

Writes ``benchmarks/results/scale_blocks.md``.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from sklearn.feature_extraction.text import TfidfVectorizer   # noqa: E402

from _common import machine_description, read_jsonl_xz, require, write_results  # noqa: E402
from newslens.similarity.neighbours import CosineKernel, top_k_of_blocks  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("NEWSLENS_DATASETS", HERE.parents[1] / "shared" / "datasets"))
BLOCK_ROWS = 2000
K = 10


def measure(texts: list[str], runs: int) -> dict:
    X = TfidfVectorizer().fit_transform(texts).tocsr()
    n = X.shape[0]
    kernel = CosineKernel(X)
    cpu = []
    for _ in range(runs):
        c0 = time.process_time()
        top_k_of_blocks(kernel, [(0, min(n, BLOCK_ROWS))], K)
        cpu.append(time.process_time() - c0)
    cells = min(n, BLOCK_ROWS) * n
    mb = (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 1e6
    return {"n": n, "nnz": X.nnz, "mb": mb, "terms": X.shape[1], "cpu": min(cpu),
            "cells": cells, "us_per_mcell": min(cpu) / cells * 1e6}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rows = read_jsonl_xz(require(DATA / "allsides-articles.jsonl.xz"))
    texts = [r.get("content_original") or "" for r in rows]
    sizes = [len(texts) // 8, len(texts) // 4, len(texts) // 2, len(texts)]
    results = [measure(texts[:n], args.runs) for n in sizes]
    lines = [
        "# One block of the neighbour search",
        "",
        f"Corpus: the first N articles of `allsides-articles.jsonl.xz`. Block: rows 0:{BLOCK_ROWS} "
        f"against every row, top-{K} kept, one thread, least CPU of {args.runs} runs "
        "(`benchmarks/bench_scale.py`).",
        "",
        machine_description(),
        "",
        "| articles | terms | non-zeros per article | TF-IDF MB | block CPU s | CPU s per million cells |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['n']:,} | {r['terms']:,} | {r['nnz'] / r['n']:.0f} | {r['mb']:.0f} | "
                     f"{r['cpu']:.2f} | {r['us_per_mcell']:.3f} |")
    write_results("scale_blocks", "\n".join(lines))


if __name__ == "__main__":
    main()
