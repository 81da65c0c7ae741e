"""Benchmark: the whole ``newslens run`` on AllSides, against a bare TF-IDF of the same texts.

What is measured, each configuration in a fresh child process (so that peak memory is that
run's own):

- ``run_pipeline(<corpus>.jsonl.xz, <tmp dir>)``: load (the ``.jsonl.xz`` is read and
  parsed by ``load_corpus``; loading counts), clean, terms, similarity, stance (quotes and
  stance) and writing every CSV table; per stage wall and CPU seconds (``RunResult.timings``)
  and the whole run's wall time, CPU time (this process and its finished children: the
  forked processes of the local engine, the Dask workers) and peak memory (proportional set
  size, PSS, of the process and all its descendants, sampled every second: PSS counts a
  page shared by forked processes once, so the sum is the memory really in use);
- the baseline, timed in the same benchmark run: ``sklearn TfidfVectorizer().fit_transform``
  of the same articles' raw ``content_original`` texts (already in memory; reading them is
  not timed).

Sizes: the first 1/8, 1/4, 1/2 of the articles **in file order**, and all of them (37,554);
a subset is written as a temporary ``.jsonl.xz`` of the first *N* lines so that every size
is loaded the same way. Engines: ``local`` with ``workers=1`` (one process, per stage
timings) at every size; ``local`` with one process per core and ``dask`` (a loopback
``LocalCluster``, one worker process per core, one thread each) at the largest size.

Growth: for a stage taking :math:`t_1` on :math:`n_1` articles and :math:`t_2` on
:math:`n_2`, the exponent :math:`\\log(t_2/t_1) / \\log(n_2/n_1)` is 1 for linear growth and
2 for quadratic.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py                 # 1/8, 1/4, 1/2, 1
    .venv/bin/python benchmarks/bench_pipeline.py --limit 2000 --fractions 0.5,1
    .venv/bin/python benchmarks/bench_pipeline.py --profile 0.125  # pyinstrument, 1/8

``--limit N`` runs on the first N articles instead of 37,554 (fractions are of N); results
then go to ``results/pipeline_limit<N>.md``.
"""
from __future__ import annotations

import argparse
import json
import lzma
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ALLSIDES, RESULTS_DIR, machine_description, require, write_results  # noqa: E402

STAGES = ("load", "clean", "terms", "similarity", "stance", "write")


# ----------------------------------------------------------------------------- memory

def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                continue
            out.extend(kids)
            todo.extend(kids)
    return out


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1e3
    except OSError:
        pass
    return 0.0


class TreeMemory:
    """Peak PSS of this process plus its descendants, sampled in a thread.

    Reading ``/proc/<pid>/smaps_rollup`` walks the process's page tables: about 30 ms of
    (kernel) CPU for a 2 GB process, counted in this process's CPU time. Sampling every
    second keeps that under 3% of a core per process sampled."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self.peak_self_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            own = _pss_mb(me)
            total = own + sum(_pss_mb(p) for p in _descendants(me))
            self.peak_mb = max(self.peak_mb, total)
            self.peak_self_mb = max(self.peak_self_mb, own)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


# ----------------------------------------------------------------------------- child runs

def code_version() -> str:
    """A digest of the library's source, to tell whether two runs ran the same code (the
    stages were still being edited while this benchmark ran)."""
    import hashlib

    h = hashlib.sha1()
    for path in sorted((Path(__file__).resolve().parents[1] / "lib" / "newslens").rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def child(spec: dict) -> dict:
    """One measured run (in its own process); returns the figures as a dict."""
    if spec["kind"] == "baseline":
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = []
        with lzma.open(spec["corpus"], "rt", encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line).get("content_original") or "")
        with TreeMemory() as mem:
            c0, w0 = _cpu(), time.perf_counter()
            X = TfidfVectorizer().fit_transform(texts)
            wall, cpu = time.perf_counter() - w0, _cpu() - c0
        return {"wall_s": wall, "cpu_s": cpu, "peak_mb": mem.peak_mb, "shape": list(X.shape),
                "nnz": int(X.nnz)}
    from newslens.pipeline import run_pipeline

    code = code_version()
    with TreeMemory() as mem:
        c0, w0 = _cpu(), time.perf_counter()
        res = run_pipeline(spec["corpus"], spec["out"], engine=spec["engine"],
                           workers=spec["workers"])
        wall, cpu = time.perf_counter() - w0, _cpu() - c0
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": mem.peak_mb, "peak_self_mb": mem.peak_self_mb,
            "code": code,
            "n_articles": res.n_articles, "n_outlets": res.n_outlets,
            "stages": {t.stage: [t.wall_s, t.cpu_s] for t in res.timings},
            "rows": {k: len(v) for k, v in res.tables.items()}}


def run_child(spec: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-5000:])
        raise SystemExit(f"child run failed: {spec}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- corpus subsets

def prepare(limit: int | None, fractions: list[float], tmp: Path, *, write: bool = True) -> list[dict]:
    """The subsets (first N articles in file order) as .jsonl.xz files, with their sizes."""
    lines = []
    with lzma.open(require(ALLSIDES), "rt", encoding="utf-8") as fh:
        for line in fh:
            lines.append(line)
            if limit is not None and len(lines) >= limit:
                break
    chars = [len(json.loads(line).get("content_original") or "") for line in lines]
    total = len(lines)
    out = []
    for f in sorted(fractions):
        n = max(1, round(f * total))
        if (limit is None and n == total) or not write:
            path = ALLSIDES
        else:
            path = tmp / f"allsides-first{n}.jsonl.xz"
            with lzma.open(path, "wt", encoding="utf-8", preset=1) as fh:
                fh.writelines(lines[:n])
        out.append({"fraction": f, "n": n, "path": str(path), "mb": sum(chars[:n]) / 1e6})
    return out


# ----------------------------------------------------------------------------- report

def _exp(t1: float, t2: float, n1: int, n2: int) -> str:
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return "n/a"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def report(sizes: list[dict], runs: dict, meta: dict) -> str:
    primary = meta["primary"]
    plabel = "one process" if primary == "serial" else f"local engine, {os.cpu_count()} processes"
    lines = ["# The whole pipeline at scale", "",
             f"Corpus: `{ALLSIDES.name}`; sizes are the first *N* articles in file order "
             f"(fractions {', '.join(str(s['fraction']) for s in sizes)} of "
             f"{meta['total']:,}). Text size is the characters of `content_original`.", "",
             machine_description(),
             f"- load average (1/5/15 min) at start {meta['load_start']}, at end {meta['load_end']}: "
             "the machine's 2 cores are shared with other jobs, so wall time includes waiting "
             "for a core; CPU time does not, and is the steadier figure.",
             f"- benchmark run took {meta['elapsed_s'] / 60:.1f} min", ""]

    lines += ["## Whole run against the bare TF-IDF baseline", "",
              "| articles | text MB | engine | wall s | CPU s | peak MB (PSS, all processes) "
              "| MB/s (wall) | articles/s (wall) | TF-IDF wall s | TF-IDF CPU s | ratio wall | ratio CPU |",
              "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        base = runs.get((s["n"], "baseline"))
        for engine in ("serial", "local", "dask"):
            r = runs.get((s["n"], engine))
            if r is None:
                continue
            label = {"serial": "local, 1 process", "local": f"local, {os.cpu_count()} processes",
                     "dask": f"dask LocalCluster, {os.cpu_count()} workers"}[engine]
            rw = f"{r['wall_s'] / base['wall_s']:.1f}x" if base else "n/a"
            rc = f"{r['cpu_s'] / base['cpu_s']:.1f}x" if base else "n/a"
            lines.append(
                f"| {s['n']:,} | {s['mb']:.1f} | {label} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
                f"{r['peak_mb']:,.0f} | {s['mb'] / r['wall_s']:.2f} | {s['n'] / r['wall_s']:.0f} | "
                f"{base['wall_s']:.1f} | {base['cpu_s']:.1f} | {rw} | {rc} |" if base else
                f"| {s['n']:,} | {s['mb']:.1f} | {label} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
                f"{r['peak_mb']:,.0f} | {s['mb'] / r['wall_s']:.2f} | {s['n'] / r['wall_s']:.0f} | | | | |")
    lines += ["", "Targets (issue 9): whole run within 4x the bare TF-IDF time, peak memory under "
              "6 GB, both cores used where the work is parallel.", ""]

    lines += [f"## Per stage ({plabel})", "",
              "Wall / CPU seconds of each stage, measured inside the run "
              "(`RunResult.timings`; with several processes, CPU summed over the processes that "
              "ran the stage, and walls of stages that ran side by side overlap); `load` includes "
              "reading and decompressing the .jsonl.xz.", "",
              "| stage | " + " | ".join(f"{s['n']:,} wall | CPU" for s in sizes) + " | share of CPU (largest) |",
              "|---|" + "---:|---:|" * len(sizes) + "---:|"]
    largest = runs.get((sizes[-1]["n"], primary))
    for stage in STAGES:
        row = [stage]
        for s in sizes:
            r = runs.get((s["n"], primary))
            w, c = r["stages"].get(stage, [float("nan")] * 2) if r else [float("nan")] * 2
            row += [f"{w:.1f}", f"{c:.1f}"]
        if largest:
            tot = sum(v[1] for v in largest["stages"].values())
            row.append(f"{100 * largest['stages'].get(stage, [0, 0])[1] / tot:.0f}%")
        lines.append("| " + " | ".join(row) + " |")

    lines += ["", "## Growth exponents", "",
              "log(t2/t1) / log(x2/x1) between consecutive sizes, where x is the **text size in "
              "MB** (the work is proportional to text, and the articles are not all the same "
              "length: the MB ratios are " + ", ".join(
                  f"{b['mb'] / a['mb']:.2f}" for a, b in zip(sizes, sizes[1:])) + " for article "
              "ratios of " + ", ".join(f"{b['n'] / a['n']:.2f}" for a, b in zip(sizes, sizes[1:]))
              + "). On CPU time, wall time in brackets; 1 = linear, 2 = quadratic. Memory: peak "
              "PSS of the whole run.", "",
              "The last column is the least-squares slope of log CPU time on log MB over all "
              "sizes, steadier than any one pair on a shared machine (CPU time itself varies by "
              "some 10-30% when the cores are oversubscribed).", "",
              "| stage | " + " | ".join(f"{a['n']:,} -> {b['n']:,}" for a, b in zip(sizes, sizes[1:]))
              + " | fit, all sizes |",
              "|---|" + "---:|" * (len(sizes) - 1) + "---:|"]
    def fit(values: list[float]) -> str:
        pts = [(math.log(s["mb"]), math.log(v)) for s, v in zip(sizes, values) if v and v > 0]
        if len(pts) < 3:
            return "n/a"
        mx = sum(x for x, _ in pts) / len(pts)
        my = sum(y for _, y in pts) / len(pts)
        sxx = sum((x - mx) ** 2 for x, _ in pts)
        return f"{sum((x - mx) * (y - my) for x, y in pts) / sxx:.2f}" if sxx else "n/a"

    for stage in STAGES + ("whole run", "peak memory", "baseline TF-IDF"):
        row = [stage]
        rs = [runs.get((s["n"], "baseline" if stage == "baseline TF-IDF" else primary)) for s in sizes]
        if any(r is None for r in rs):
            fitted = "n/a"
        elif stage in ("whole run", "baseline TF-IDF"):
            fitted = fit([r["cpu_s"] for r in rs])
        elif stage == "peak memory":
            fitted = fit([r["peak_mb"] for r in rs])
        else:
            fitted = fit([r["stages"].get(stage, [0, 0])[1] for r in rs])
        for a, b in zip(sizes, sizes[1:]):
            if stage == "baseline TF-IDF":
                ra, rb = runs.get((a["n"], "baseline")), runs.get((b["n"], "baseline"))
                if not (ra and rb):
                    row.append("n/a")
                    continue
                row.append(f"{_exp(ra['cpu_s'], rb['cpu_s'], a['mb'], b['mb'])} "
                           f"({_exp(ra['wall_s'], rb['wall_s'], a['mb'], b['mb'])})")
                continue
            ra, rb = runs.get((a["n"], primary)), runs.get((b["n"], primary))
            if not (ra and rb):
                row.append("n/a")
            elif stage == "whole run":
                row.append(f"{_exp(ra['cpu_s'], rb['cpu_s'], a['mb'], b['mb'])} "
                           f"({_exp(ra['wall_s'], rb['wall_s'], a['mb'], b['mb'])})")
            elif stage == "peak memory":
                row.append(_exp(ra["peak_mb"], rb["peak_mb"], a["mb"], b["mb"]))
            else:
                wa, ca = ra["stages"].get(stage, [0, 0])
                wb, cb = rb["stages"].get(stage, [0, 0])
                row.append(f"{_exp(ca, cb, a['mb'], b['mb'])} ({_exp(wa, wb, a['mb'], b['mb'])})")
        row.append(fitted)
        lines.append("| " + " | ".join(row) + " |")

    par = [(e, runs.get((sizes[-1]["n"], e))) for e in ("local", "dask") if e != primary]
    par = [(e, r) for e, r in par if r]
    if par:
        lines += ["", f"## Parallel engines on {sizes[-1]['n']:,} articles", "",
                  "Per stage: wall seconds as seen by the pipeline, CPU seconds summed over the "
                  "processes that ran it. On the local engine the parent and a forked child clean "
                  "partitions, then take the analysis calls longest first from a shared "
                  "counter (the cosines, the shared passages, terms, the stance partitions), "
                  "so the analysis stages' walls overlap; on Dask every stage after loading "
                  "runs as map and reduce tasks on the workers.", "",
                  f"| stage | {plabel} wall | CPU | " + " | ".join(f"{e} wall | CPU" for e, _ in par) + " |",
                  "|---|---:|---:|" + "---:|---:|" * len(par)]
        for stage in STAGES:
            row = [stage]
            w, c = largest["stages"].get(stage, [float("nan")] * 2) if largest else [float("nan")] * 2
            row += [f"{w:.1f}", f"{c:.1f}"]
            for _, r in par:
                w, c = r["stages"].get(stage, [float("nan")] * 2)
                row += [f"{w:.1f}", f"{c:.1f}"]
            lines.append("| " + " | ".join(row) + " |")
        for e, r in par:
            if largest:
                lines.append("")
                lines.append(f"- {e}: whole run {r['wall_s']:.1f} s wall ({largest['wall_s'] / r['wall_s']:.2f}x "
                             f"as fast as the {plabel} run), {r['cpu_s']:.1f} s CPU, peak {r['peak_mb']:,.0f} MB "
                             f"(main process {r['peak_self_mb']:,.0f} MB).")
    if meta.get("identical") is not None:
        lines += ["", f"Tables byte-identical to the {plabel} run: "
                  f"{meta['identical']}."]
    if largest:
        lines += ["", "Rows written on the largest size: " + ", ".join(
            f"{k} {v:,}" for k, v in largest["rows"].items()) + "."]
    return "\n".join(lines)


def _same_tables(a: Path, b: Path) -> str:
    names = sorted(p.name for p in a.glob("*.csv"))
    diff = [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()]
    return "yes" if not diff else "NO, differ: " + ", ".join(diff)


# ----------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N articles instead of all")
    ap.add_argument("--fractions", default="0.125,0.25,0.5,1", help="comma-separated fractions")
    ap.add_argument("--engines", default="serial,local,dask",
                    help="engines, the first at every size, the others at the largest only: "
                         "serial (local, one process), local (one process per core), dask "
                         "(LocalCluster, one worker per core)")
    ap.add_argument("--profile", type=float, default=None, metavar="FRACTION",
                    help="profile one single-process run with pyinstrument instead")
    ap.add_argument("--rerender", action="store_true",
                    help="rewrite the results file from the saved .json (no runs)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    t_start = time.perf_counter()
    fractions = [float(x) for x in args.fractions.split(",")]
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory(prefix="newslens-bench-") as tmpdir:
        tmp = Path(tmpdir)
        if args.profile is not None:
            profile(args, tmp)
            return
        if args.rerender:
            rerender(args, fractions, engines, tmp)
            return
        sizes = prepare(args.limit, fractions, tmp)
        primary = "serial" if "serial" in engines else engines[0]
        meta = {"total": args.limit or 37554, "load_start": _load(), "primary": primary,
                "identical": None}
        runs: dict = {}
        name = "pipeline" if args.limit is None else f"pipeline_limit{args.limit}"

        def save() -> None:
            # after every run, so that an interrupted benchmark still leaves its figures
            meta["load_end"] = _load()
            meta["elapsed_s"] = time.perf_counter() - t_start
            write_results(name, report([s for s in sizes if (s["n"], primary) in runs] or sizes[:1],
                                       runs, meta))
            (RESULTS_DIR / f"{name}.json").write_text(json.dumps(
                {**{f"{n}:{e}": r for (n, e), r in runs.items()}, "_meta": meta}, indent=1,
                sort_keys=True) + "\n")

        def pipeline(s: dict, engine: str) -> Path:
            out = tmp / f"out-{engine}-{s['n']}"
            workers = 1 if engine == "serial" else os.cpu_count()
            runs[(s["n"], engine)] = run_child({"kind": "pipeline", "corpus": s["path"],
                                                "out": str(out), "workers": workers,
                                                "engine": "dask" if engine == "dask" else "local"})
            print(f"{s['n']} {engine} {runs[(s['n'], engine)]['wall_s']:.1f} s", flush=True)
            return out

        for s in sizes:
            runs[(s["n"], "baseline")] = run_child({"kind": "baseline", "corpus": s["path"]})
            print(f"{s['n']} baseline {runs[(s['n'], 'baseline')]['wall_s']:.1f} s", flush=True)
            out = pipeline(s, primary)
            if s is not sizes[-1]:
                shutil.rmtree(out, ignore_errors=True)
            save()
        big = sizes[-1]
        same = []
        for engine in engines:
            if engine == primary:
                continue
            out = pipeline(big, engine)
            reference = tmp / f"out-{primary}-{big['n']}"
            same.append(f"{engine}: {_same_tables(reference, out)}")
            shutil.rmtree(out, ignore_errors=True)
            meta["identical"] = "; ".join(same)
            save()


def rerender(args, fractions: list[float], engines: list[str], tmp: Path) -> None:
    """Rewrite results/<name>.md from results/<name>.json (after a change to the report)."""
    import re

    name = "pipeline" if args.limit is None else f"pipeline_limit{args.limit}"
    saved = json.loads((RESULTS_DIR / f"{name}.json").read_text())
    meta = saved.pop("_meta", None)
    if meta is None:  # a file written before the metadata was saved: read it from the .md
        md = (RESULTS_DIR / f"{name}.md").read_text()
        m = re.search(r"at start ([\d./ ]+), at end ([\d./ ]+):", md)
        e = re.search(r"benchmark run took ([\d.]+) min", md)
        ident = re.search(r"byte-identical to the .*? run: (.*)\.$", md, re.M)
        meta = {"load_start": m.group(1) if m else "n/a", "load_end": m.group(2) if m else "n/a",
                "elapsed_s": float(e.group(1)) * 60 if e else float("nan"),
                "identical": ident.group(1) if ident else None}
    meta.setdefault("total", args.limit or 37554)
    meta.setdefault("primary", "serial" if "serial" in engines else engines[0])
    runs = {(int(k.split(":")[0]), k.split(":")[1]): v for k, v in saved.items()}
    sizes = [s for s in prepare(args.limit, fractions, tmp, write=False)
             if (s["n"], meta["primary"]) in runs]
    write_results(name, report(sizes, runs, meta))


def profile(args, tmp: Path) -> None:
    """pyinstrument on one single-process run; writes results/pipeline_profile_raw.txt."""
    from pyinstrument import Profiler

    from newslens.pipeline import run_pipeline

    sizes = prepare(args.limit, [args.profile], tmp)
    s = sizes[0]
    prof = Profiler(interval=0.005)
    prof.start()
    res = run_pipeline(s["path"], tmp / "out", workers=1)
    prof.stop()
    text = prof.output_text(unicode=False, color=False, show_all=False)
    header = (f"pyinstrument, one process, first {s['n']:,} AllSides articles ({s['mb']:.1f} MB)\n"
              + "\n".join(f"{t.stage}: wall {t.wall_s:.1f} s, CPU {t.cpu_s:.1f} s" for t in res.timings)
              + "\n\n")
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "pipeline_profile_raw.txt").write_text(header + text)
    print(header + text[:20000])


if __name__ == "__main__":
    main()
