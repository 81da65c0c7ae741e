"""Shared helpers for benchmarks: dataset paths, timing, peak memory, machine description.

Benchmarks read the large corpora from ``../shared/datasets`` (never copied into the
project) and exit with a clear message when they are absent. Every result file states the
corpus, the machine and the figures, and compares against a baseline timed in the same run.
"""
from __future__ import annotations

import json
import lzma
import os
import platform
import resource
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJ_ROOT = BENCH_DIR.parent
DATASETS = Path(os.environ.get("NEWSLENS_DATASETS", PROJ_ROOT.parent / "shared" / "datasets"))
RESULTS_DIR = BENCH_DIR / "results"
ALLSIDES = DATASETS / "allsides-articles.jsonl.xz"
BBC = DATASETS / "bbc-news-2225.jsonl.xz"


def require(path: Path) -> Path:
    """Exit with a clear message (status 2) when a benchmark dataset is missing."""
    if not path.exists():
        sys.exit(f"benchmark dataset not found: {path}\n"
                 "Benchmarks read ../shared/datasets/ (or $NEWSLENS_DATASETS); see "
                 "benchmarks/README.md.")
    return path


def read_jsonl_xz(path: Path, limit: int | None = None) -> list[dict]:
    """Records of an xz-compressed JSON Lines file, in file order."""
    out = []
    with lzma.open(require(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def rss_mb() -> float:
    """Current resident memory of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


@dataclass
class Timing:
    label: str
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_mb: float = 0.0
    start_mb: float = 0.0

    @property
    def peak_delta_mb(self) -> float:
        return self.peak_mb - self.start_mb


@contextmanager
def measure(label: str, *, interval: float = 0.05):
    """Time a block: wall time, CPU time (all threads of this process and finished
    children), and the peak resident memory sampled every ``interval`` seconds."""
    t = Timing(label)
    t.start_mb = rss_mb()
    peak = [t.start_mb]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb())
            stop.wait(interval)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    r0s, r0c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    try:
        yield t
    finally:
        t.wall_s = time.perf_counter() - w0
        r1s, r1c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        t.cpu_s = (r1s.ru_utime + r1s.ru_stime - r0s.ru_utime - r0s.ru_stime
                   + r1c.ru_utime + r1c.ru_stime - r0c.ru_utime - r0c.ru_stime)
        stop.set()
        th.join()
        t.peak_mb = max(peak[0], rss_mb())


def machine_description() -> str:
    """Cores, memory, CPU model, Python and library versions, as Markdown lines."""
    try:
        with open("/proc/meminfo") as fh:
            mem_gb = int(fh.readline().split()[1]) / 1e6
    except OSError:
        mem_gb = float("nan")
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    libs = []
    for name in ("newslens", "pandas", "numpy", "scipy", "scikit-learn", "nltk", "ftfy",
                 "datasketch", "rapidfuzz", "dask", "distributed"):
        try:
            libs.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return "\n".join([
        f"- machine: {os.cpu_count()} cores ({cpu}), {mem_gb:.1f} GB memory, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; " + ", ".join(libs),
    ])


def write_results(name: str, markdown: str) -> Path:
    """Write ``benchmarks/results/<name>.md`` and echo it to stdout."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    print(markdown)
    return path
