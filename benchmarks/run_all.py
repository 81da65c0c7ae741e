"""Run every benchmark and assemble ``benchmarks/RESULTS.md`` (what ``make bench`` runs).

Every ``benchmarks/bench_*.py`` and ``benchmarks/eval_*.py`` runs in turn, each in its own
process with this Python, its output kept in ``benchmarks/out/<name>.log``. Each script
writes its figures into ``benchmarks/results/<name>.md``; this script then concatenates
them into ``benchmarks/RESULTS.md``: the whole-pipeline results first
(``pipeline.md``, the notes ``pipeline_notes.md``, the profile findings
``pipeline_profile.md``), then the other
results files in name order. Hand-check files (``*_handcheck*.md``) and samples are linked,
not copied.

Usage::

    .venv/bin/python benchmarks/run_all.py                    # everything (tens of minutes)
    .venv/bin/python benchmarks/run_all.py --only pipeline    # one benchmark (repeatable)
    .venv/bin/python benchmarks/run_all.py --skip quotes      # all but one (repeatable)
    .venv/bin/python benchmarks/run_all.py --collect          # only rebuild RESULTS.md
    .venv/bin/python benchmarks/run_all.py --limit 2000       # pass --limit to every script
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJ_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
LOG_DIR = BENCH_DIR / "out"
RESULTS_MD = BENCH_DIR / "RESULTS.md"

#: Results shown first, in this order.
FIRST = ("pipeline.md", "pipeline_notes.md", "pipeline_profile.md")


def discover() -> list[Path]:
    """The benchmark scripts: bench_*.py then eval_*.py, by name; bench_pipeline.py last
    (the longest, and the one that uses every stage)."""
    scripts = sorted(BENCH_DIR.glob("bench_*.py")) + sorted(BENCH_DIR.glob("eval_*.py"))
    return sorted(scripts, key=lambda p: p.name == "bench_pipeline.py")


def short_name(script: Path) -> str:
    """``bench_pipeline.py`` -> ``pipeline``; ``eval_similarity.py`` -> ``eval_similarity``."""
    stem = script.stem
    return stem[len("bench_"):] if stem.startswith("bench_") else stem


def _matches(script: Path, names: list[str]) -> bool:
    return any(n in (script.stem, short_name(script), script.name) for n in names)


def run(script: Path, extra: list[str]) -> tuple[int, float]:
    """Run one script; its stdout and stderr go to benchmarks/out/<stem>.log."""
    LOG_DIR.mkdir(exist_ok=True)
    log = LOG_DIR / f"{script.stem}.log"
    t0 = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run([sys.executable, str(script), *extra], cwd=PROJ_ROOT,
                              stdout=fh, stderr=subprocess.STDOUT)
    return proc.returncode, time.perf_counter() - t0


def assemble(status: list[tuple[str, int, float]]) -> Path:
    """Concatenate the results files into RESULTS.md."""
    files = sorted(RESULTS_DIR.glob("*.md")) if RESULTS_DIR.exists() else []
    by_name = {p.name: p for p in files}
    linked = [p for p in files if "handcheck" in p.name or "sample" in p.name]
    inline = [by_name[n] for n in FIRST if n in by_name]
    inline += [p for p in files if p not in inline and p not in linked]
    parts = ["# Benchmark results", "",
             "Assembled by `benchmarks/run_all.py` (`make bench`) from `benchmarks/results/*.md`; "
             "each section is one benchmark's own results file. Raw logs: `benchmarks/out/`.", ""]
    if status:
        parts += ["| benchmark | exit status | minutes |", "|---|---:|---:|"]
        parts += [f"| {n} | {rc} | {sec / 60:.1f} |" for n, rc, sec in status]
        parts.append("")
    parts += ["Contents: " + ", ".join(f"[{p.stem}](#{p.stem.replace('_', '-')})" for p in inline), ""]
    for p in inline:
        body = p.read_text(encoding="utf-8").rstrip()
        # each file starts with its own H1; demote its headings one level under the anchor
        body = "\n".join(("#" + line) if line.startswith("#") else line for line in body.splitlines())
        parts += [f'<a id="{p.stem.replace("_", "-")}"></a>', "", f"<!-- results/{p.name} -->",
                  body, ""]
    if linked:
        parts += ["## Hand checks and samples", ""]
        parts += [f"- [`results/{p.name}`](results/{p.name})" for p in linked]
        parts.append("")
    RESULTS_MD.write_text("\n".join(parts).rstrip() + "\n", encoding="utf-8")
    return RESULTS_MD


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only this benchmark (pipeline, bench_clean, eval_similarity, ...)")
    ap.add_argument("--skip", action="append", default=[], metavar="NAME", help="skip this benchmark")
    ap.add_argument("--limit", type=int, default=None, help="pass --limit N to every script")
    ap.add_argument("--collect", action="store_true", help="only assemble RESULTS.md")
    args = ap.parse_args()
    scripts = discover()
    if args.only:
        unknown = [n for n in args.only if not any(_matches(s, [n]) for s in scripts)]
        if unknown:
            ap.error(f"no benchmark named {', '.join(unknown)}; have: "
                     + ", ".join(short_name(s) for s in scripts))
        scripts = [s for s in scripts if _matches(s, args.only)]
    scripts = [s for s in scripts if not _matches(s, args.skip)]
    status: list[tuple[str, int, float]] = []
    if not args.collect:
        extra = ["--limit", str(args.limit)] if args.limit is not None else []
        for script in scripts:
            print(f"running {script.name} ...", flush=True)
            rc, sec = run(script, extra)
            status.append((script.name, rc, sec))
            print(f"  {script.name}: exit {rc}, {sec / 60:.1f} min (log: benchmarks/out/{script.stem}.log)",
                  flush=True)
    path = assemble(status)
    print(f"wrote {path.relative_to(PROJ_ROOT)}")
    return 1 if any(rc != 0 for _, rc, _ in status) else 0


if __name__ == "__main__":
    sys.exit(main())
