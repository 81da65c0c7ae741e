"""What 1 and 10 million articles would cost per stage: measured costs times counts.

Not a benchmark of its own: it multiplies two measurements this folder already has,

- ``results/pipeline.json`` (``bench_pipeline.py``): each stage's CPU seconds on the whole
  AllSides corpus in one process;
- ``results/scale_blocks.md`` (``bench_scale.py``): CPU seconds per million cosine cells of
  one block of the neighbour search, at the largest size,

by the work a larger corpus of AllSides-like articles implies: every stage but the
neighbour search grows with the number of articles (their growth exponents are in
``results/pipeline.md``), and the neighbour search with the cells of the upper triangle,
``n (n - 1) / 2``. The neighbour search's share of the measured similarity CPU is taken out
of the similarity stage before scaling the rest linearly. Workers divide the work of the
stages that map on workers; ``load`` and ``write`` run in the driver and do not divide.
Nothing here is measured on a cluster: it is arithmetic on one machine's figures, stated as
such in ``docs/scale.md``.

Usage::

    .venv/bin/python benchmarks/scale_estimate.py     # writes results/scale_estimate.md
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from _common import write_results

HERE = Path(__file__).resolve().parent
SIZES = (1_000_000, 10_000_000)
WORKERS = (8, 32, 128)
DRIVER_STAGES = ("load", "write")


def per_mcell_cpu() -> float:
    """CPU seconds per million cells at the largest size of ``scale_blocks.md``."""
    rows = [r for r in (HERE / "results" / "scale_blocks.md").read_text().splitlines()
            if re.match(r"\| [\d,]+ \|", r)]
    return float(rows[-1].strip("|").split("|")[-1])


def main() -> None:
    runs = json.loads((HERE / "results" / "pipeline.json").read_text())
    size = max(int(k.split(":")[0]) for k in runs if k.endswith(":serial"))
    serial = runs[f"{size}:serial"]
    cpu = {stage: wall_cpu[1] for stage, wall_cpu in serial["stages"].items()}
    mcell = per_mcell_cpu()
    neigh_now = mcell * size * (size - 1) / 2 / 1e6
    linear = dict(cpu)
    linear["similarity"] = max(0.0, cpu["similarity"] - neigh_now)
    lines = [
        "# Cost of 1 and 10 million articles, per stage (arithmetic, not a measurement)",
        "",
        f"Inputs: one-process CPU seconds per stage on {size:,} AllSides articles "
        f"(`results/pipeline.json`, code {serial.get('code', '?')}) and {mcell:.3f} CPU s per "
        "million cosine cells (`results/scale_blocks.md`). Linear stages scale with articles; "
        "the neighbour search with n(n-1)/2 cells. `benchmarks/scale_estimate.py`.",
        "",
        f"On {size:,} articles: neighbour search {neigh_now:.0f} CPU s of the similarity "
        f"stage's {cpu['similarity']:.0f}; the rest of similarity {linear['similarity']:.0f}.",
        "",
        "| stage | CPU s per 1,000 articles | " + " | ".join(
            f"{n / 1e6:g} M articles, CPU h" for n in SIZES) + " |",
        "|---|---:|" + "---:|" * len(SIZES),
    ]
    totals = {n: {} for n in SIZES}
    for stage, c in linear.items():
        per_k = c / size * 1000
        cells = []
        for n in SIZES:
            totals[n][stage] = c / size * n
            cells.append(f"{totals[n][stage] / 3600:,.1f}")
        lines.append(f"| {stage} | {per_k:.2f} | " + " | ".join(cells) + " |")
    cells = []
    for n in SIZES:
        totals[n]["neighbours"] = mcell * n * (n - 1) / 2 / 1e6
        cells.append(f"{totals[n]['neighbours'] / 3600:,.1f}")
    lines.append("| neighbour search (n²/2 cells) | – | " + " | ".join(cells) + " |")
    lines += ["", "Wall time on a cluster of N one-core workers (driver stages not divided; "
              "no transfer or scheduling cost counted):", "",
              "| articles | " + " | ".join(f"{w} workers, h" for w in WORKERS)
              + " | largest part |", "|---:|" + "---:|" * len(WORKERS) + "---|"]
    for n in SIZES:
        row = []
        for w in WORKERS:
            driver = sum(totals[n][s] for s in DRIVER_STAGES if s in totals[n])
            rest = sum(v for s, v in totals[n].items() if s not in DRIVER_STAGES)
            row.append(f"{(driver + rest / w) / 3600:,.1f}")
        top = max(totals[n], key=totals[n].get)
        lines.append(f"| {n:,} | " + " | ".join(row) + f" | {top} "
                     f"({totals[n][top] / sum(totals[n].values()):.0%} of CPU) |")
    write_results("scale_estimate", "\n".join(lines))


if __name__ == "__main__":
    main()
