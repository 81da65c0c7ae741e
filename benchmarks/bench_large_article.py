"""Benchmark: one 20 MB article on one line against 20 MB of ordinary articles.

The question: does any stage become super-linear (quadratic) in the length of one article?
Each stage should take about as long on one 20 MB article as on 20 MB of ordinary articles.

Both corpora hold the same characters. The baseline is AllSides articles (``content_original``,
in file order) up to the target size, each article kept as it is, one JSON line each, with
its outlet. The large article is the same texts joined into one line (newlines replaced by
spaces) under one outlet; two ordinary articles of another outlet ride along so that stages
comparing articles or outlets have something to compare (they add < 0.1% of the volume).

What is timed, per corpus, in the same process, stage by stage:
``load_corpus`` (JSON Lines) -> ``clean_corpus`` -> each analysis stage's ``stage_tables``
(terms, similarity, stance) -> ``write_table`` for every table. The ratio large / baseline
is reported per stage. A scaling series (the one-line article at 1/8, 1/4, 1/2 of the target
size, then the target) gives each stage's exponent k in t ~ n^k (k = 1 linear, 2 quadratic);
a stage whose extrapolated time at the next size exceeds ``--budget`` seconds is not run at
that size and is reported as super-linear with its extrapolation.

``--profile`` runs pyinstrument on the slowest large-article stage and writes its text
report next to the results.

``--sentence`` asks the same question of one *sentence* (issue #19): a realistic attributed
clause (``--clause``, default ``Lavrov said "the offensive will go ahead" in Idlib,``)
repeated ``--repeats`` times with no sentence break, on one line, at 1/8, 1/4, 1/2 of the
repeats and then all of them; the baseline is the same clauses ended by full stops (the
same characters in ordinary sentences, still one article on one line). It prints each
stage's exponent k, and ``extract_quotes`` alone on other clause shapes (reported speech
with "that", inverted '"...," said X', a pronoun, a relative clause, no comma), and writes
``benchmarks/results/large_article_sentence.md``.

Usage: ``.venv/bin/python benchmarks/bench_large_article.py [--mb 20] [--limit N] [--profile]``
(``--limit N`` reads at most N AllSides articles, for a quick check);
``.venv/bin/python benchmarks/bench_large_article.py --sentence [--repeats 64000] [--runs 3]
[--clause TEXT]`` (``--runs``: each size timed that many times, the least CPU time kept).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (ALLSIDES, RESULTS_DIR, machine_description, measure,  # noqa: E402
                     read_jsonl_xz, write_results)

STAGES = ("load", "clean", "terms", "similarity", "stance", "write")


def allsides_texts(target_chars: int, limit: int | None) -> list[dict]:
    """AllSides records in file order until their texts add up to ``target_chars``."""
    out, total = [], 0
    for rec in read_jsonl_xz(ALLSIDES, limit=limit):
        text = rec.get("content_original") or ""
        if not text.strip():
            continue
        out.append({"id": str(rec.get("ID")), "source": rec.get("source") or "unknown",
                    "title": rec.get("title") or "", "content": text})
        total += len(text)
        if total >= target_chars:
            break
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def one_line_corpus(records: list[dict], n_chars: int, companions: list[dict]) -> list[dict]:
    """The records' texts joined into one line of ``n_chars`` characters, plus companions."""
    parts, size = [], 0
    for r in records:
        line = " ".join(r["content"].split())
        parts.append(line)
        size += len(line) + 1
        if size >= n_chars:
            break
    text = " ".join(parts)[:n_chars]
    return [{"id": "huge", "source": "One Line Gazette", "title": "One long article",
             "content": text}] + companions


#: The attributed clause the one-sentence input repeats (issue #19's example).
SENTENCE_CLAUSE = 'Lavrov said "the offensive will go ahead" in Idlib, '

#: The target event of the stance stage in every run: words common in AllSides and in the
#: sentence clauses, so that the relevance rules have statements to read around.
TARGET_TERMS = ("offensive", "Trump", "tax")

#: Other clause shapes timed through ``extract_quotes`` alone in ``--sentence`` mode: each
#: sends the parser down another rule (reported speech, inverted attribution, a pronoun in a
#: subordinate clause, a relative clause, a participle, "according to", no comma at all).
SENTENCE_SHAPES = {
    "direct quote, comma": SENTENCE_CLAUSE,
    "reported, that, and": "Lavrov said that the offensive will go ahead in Idlib and ",
    "inverted": '"The offensive will go ahead," said Lavrov in Idlib; ',
    "pronoun, when": "he said the offensive will go ahead when he said ",
    "relative clause": "Lavrov, who warned the offensive will go ahead, ",
    "participle": "Lavrov spoke in Idlib, warning that the offensive will go ahead, ",
    "according to": "according to Lavrov the offensive will go ahead in Idlib ",
    "according to, chained": "the offensive will go ahead, according to Lavrov, and ",
    "no comma": 'Lavrov said "the offensive will go ahead" and ',
}


def one_sentence_corpus(clause: str, repeats: int, companions: list[dict], *,
                        break_sentences: bool = False) -> list[dict]:
    """``clause`` repeated ``repeats`` times as one sentence on one line (its trailing
    comma or semicolon turned into a final full stop), plus companions; with
    ``break_sentences`` every clause ends with a full stop instead (the same characters)."""
    body = clause.rstrip()
    if break_sentences:
        body = body.rstrip(",;") + "."
        text = " ".join([body] * repeats)
    else:
        text = " ".join([body] * repeats).rstrip(",;") + "."
    return [{"id": "sentence", "source": "One Sentence Gazette", "title": "One long sentence",
             "content": text}] + companions


def _stages_in_child(path: Path, out: Path, skip: set[str], disabled: tuple[str, ...],
                     queue) -> None:
    """Run the stages, putting (stage, seconds) on ``queue`` as each one finishes."""
    from newslens.clean import clean_corpus
    from newslens.config import RunConfig
    from newslens.corpus import load_corpus, load_report
    from newslens.io import write_table
    from newslens.pipeline import SORT_KEYS, articles_table

    # stance with a target event, as a study runs it: relevance to the event reads the
    # sentences before every statement (without an event that path is never taken)
    config = RunConfig(disabled_clean_rules=disabled, target_terms=TARGET_TERMS)
    tables = {}
    with measure("load") as t:
        df = load_corpus(path)
    queue.put(("load", t.cpu_s, t.wall_s))
    tables["load_report"] = load_report(df)
    with measure("clean") as t:
        df, log = clean_corpus(df, disabled=disabled)
    queue.put(("clean", t.cpu_s, t.wall_s))
    tables["cleaning_log"] = log
    tables["articles"] = articles_table(df)
    for name in ("terms", "similarity", "stance"):
        if name in skip:
            queue.put((name, math.nan, math.nan))
            continue
        module = importlib.import_module(f"newslens.{name}")
        gc.collect()
        with measure(name) as t:
            tables.update(module.stage_tables(df, config=config))
        queue.put((name, t.cpu_s, t.wall_s))
    with measure("write") as t:
        for name, table in tables.items():
            write_table(table, out / f"{name}.csv", sort_by=SORT_KEYS.get(name))
    queue.put(("write", t.cpu_s, t.wall_s))


class _ListQueue:
    """Stands in for a multiprocessing queue when the stages run in this process."""

    def __init__(self) -> None:
        self.items: list[tuple[str, float, float]] = []

    def put(self, item: tuple[str, float, float]) -> None:
        self.items.append(item)


#: Stages that did not finish within the time limit: stage -> seconds it had run.
STOPPED: dict[tuple[str, int], float] = {}


#: Wall seconds of every stage timed, by (stage, corpus key), for the report.
WALL: dict[tuple[str, int], float] = {}


def run_stages(path: Path, out: Path, *, skip: set[str], disabled: tuple[str, ...] = (),
               limit: float = 1800.0, key: int = 0) -> dict[str, float]:
    """CPU seconds of each stage on the corpus at ``path`` (NaN: skipped or not reached).

    CPU time (this process and its threads), not wall time: the benchmark machine is
    shared, and other jobs stretch wall time by factors of 2 to 10 from minute to minute
    while CPU time stays put. Wall seconds are kept in :data:`WALL`.

    The stages run in a child process so that a stage that does not finish within
    ``limit`` seconds can be stopped and reported instead of hanging the benchmark.
    """
    import multiprocessing as mp
    import queue as queue_module

    ctx = mp.get_context("fork")
    q = ctx.Queue()
    child = ctx.Process(target=_stages_in_child, args=(path, out, skip, disabled, q))
    start = time.perf_counter()
    child.start()
    times: dict[str, float] = {}
    last = start
    while len(times) < len(STAGES):
        remaining = limit - (time.perf_counter() - start)
        try:
            stage, seconds, wall = q.get(timeout=max(remaining, 0.1))
        except queue_module.Empty:
            if child.is_alive() and time.perf_counter() - start < limit:
                continue
            running = next(s for s in STAGES if s not in times)
            STOPPED[(running, key)] = time.perf_counter() - last
            print(f"    {running:<10} stopped after {STOPPED[(running, key)]:.0f} s", flush=True)
            break
        times[stage] = seconds
        WALL[(stage, key)] = wall
        last = time.perf_counter()
        print(f"    {stage:<10} {fmt(seconds):>8} s CPU {fmt(wall):>8} s wall", flush=True)
    if child.is_alive():
        child.kill()
    child.join()
    return {s: times.get(s, math.nan) for s in STAGES}


def best_of(runs: int, run) -> dict[str, float]:
    """Each stage's least CPU seconds over ``runs`` calls of ``run`` (one timing of a stage
    of a few seconds varies by 10-20 % on a shared machine, enough to move an exponent by
    0.3); a run in which a stage was stopped is not repeated."""
    best = run()
    for _ in range(runs - 1):
        if STOPPED:
            break
        again = run()
        best = {s: min(best[s], again[s]) if not math.isnan(again[s]) else best[s] for s in best}
    return best


def exponent(t_small: float, t_big: float, ratio: float) -> float:
    """k in t ~ n^k from two timings at sizes n and ratio*n (NaN when too fast to tell)."""
    if not (t_small > 0.05 and t_big > 0) or math.isnan(t_small) or math.isnan(t_big):
        return math.nan
    return math.log(t_big / t_small) / math.log(ratio)


def fmt(x: float, digits: int = 2) -> str:
    return "skipped" if math.isnan(x) else f"{x:.{digits}f}"


def sentence_main(args: argparse.Namespace) -> None:
    """``--sentence``: the one-sentence series (see the module docstring)."""
    from newslens.clean import clean_corpus
    from newslens.quotes import extract_quotes, load_actors

    records = allsides_texts(20_000, 20)
    companions = [{**r, "id": f"companion-{i}", "source": "Companion Times"}
                  for i, r in enumerate(records[:2])]
    tmp = Path(tempfile.mkdtemp(prefix="bench_sentence_"))
    disabled = tuple(args.disable_rule)
    q = _ListQueue()
    _stages_in_child(write_jsonl(tmp / "warm.jsonl", records[:20]), tmp / "out-warm", set(),
                     disabled, q)
    print(f"warm-up on 20 articles: {sum(w for _, _, w in q.items):.1f} s", flush=True)

    clause, n = args.clause, args.repeats
    repeats = [n // 8, n // 4, n // 2, n]
    base_path = write_jsonl(tmp / "baseline.jsonl",
                            one_sentence_corpus(clause, n, companions, break_sentences=True))
    print(f"baseline: the clause {n:,} times as sentences", flush=True)

    def best_of(path: Path, out: Path, skip: set[str], key: int) -> dict[str, float]:
        # the least CPU time of --runs runs of every stage: other jobs on the machine only
        # ever add time (cache misses, a shared core), and one run at a size is too noisy
        # to tell 1.1 from 1.3
        runs = [run_stages(path, out, skip=skip, disabled=disabled, limit=args.stage_limit,
                           key=key) for _ in range(args.runs)]
        return {s: min((r[s] for r in runs if not math.isnan(r[s])), default=math.nan)
                for s in STAGES}

    base = best_of(base_path, tmp / "out-baseline", set(), -1)
    series: dict[int, dict[str, float]] = {}
    chars: dict[int, int] = {}
    skip: set[str] = set()
    for i, r in enumerate(repeats):
        if i >= 2:  # a stage whose time at this size extrapolates beyond the budget stops
            prev, prev2 = series[repeats[i - 1]], series[repeats[i - 2]]
            for stage in ("terms", "similarity", "stance"):
                k = exponent(prev2[stage], prev[stage], 2.0)
                if stage not in skip and not math.isnan(k) and prev[stage] * 2 ** max(k, 1.0) > args.budget:
                    skip.add(stage)
        corpus = one_sentence_corpus(clause, r, companions)
        chars[r] = len(corpus[0]["content"])
        print(f"one sentence of {r:,} clauses ({chars[r] / 1e6:.2f} M characters)", flush=True)
        series[r] = best_of(write_jsonl(tmp / f"sentence-{i}.jsonl", corpus),
                            tmp / f"out-sentence-{i}", skip, r)

    def fmt_k(k: float) -> str:
        return "n/a" if math.isnan(k) else f"{k:.2f}"

    def cell(stage: str, r: int) -> str:
        if (stage, r) in STOPPED:
            return f"> {STOPPED[(stage, r)]:.0f} (stopped)"
        return fmt(series[r][stage])

    rows = []
    worst = 0.0
    for stage in STAGES:
        ks = [exponent(series[a][stage], series[b][stage], chars[b] / chars[a])
              for a, b in zip(repeats, repeats[1:])]
        known = [k for k in ks if not math.isnan(k)]
        stopped = any((stage, r) in STOPPED for r in repeats) or stage in skip
        if known:
            worst = max(worst, max(known))
        verdict = ("super-linear" if stopped or (known and max(known) > 1.2)
                   else "linear" if known else "too fast to tell")
        big = series[n][stage]
        ratio = big / base[stage] if base[stage] > 0 and not math.isnan(big) else math.nan
        rows.append(f"| {stage} | {fmt(base[stage])} | {cell(stage, n)} | {fmt(ratio)} | "
                    f"{', '.join(fmt_k(k) for k in ks)} | {verdict} |")
        print(f"  {stage:<10} k = {', '.join(fmt_k(k) for k in ks)}  ({verdict})", flush=True)

    # extract_quotes alone on other clause shapes, in this process (CPU seconds)
    actors = load_actors(None)
    shape_rows = []
    for name, shape in SENTENCE_SHAPES.items():
        times, times_off, sizes = [], [], []
        for r in repeats:
            df = load_corpus_records(tmp / "shape.jsonl", one_sentence_corpus(shape, r, []))
            df, _ = clean_corpus(df, disabled=disabled)
            best = best_off = math.inf
            for _ in range(args.runs):
                gc.collect()
                t0 = time.process_time()
                found = extract_quotes(df, actors=actors)
                best = min(best, time.process_time() - t0)
                # the same with Python's garbage collector off: how much of any growth
                # beyond linear is the collector's (its full passes over every live object)
                gc.collect()
                gc.disable()
                try:
                    t0 = time.process_time()
                    extract_quotes(df, actors=actors)
                    best_off = min(best_off, time.process_time() - t0)
                finally:
                    gc.enable()
            times.append(best)
            times_off.append(best_off)
            sizes.append(len(df["text_clean"].iloc[0]))
            if times[-1] > args.budget / 4:
                break
        ks = [exponent(a, b, sb / sa) for a, b, sa, sb in zip(times, times[1:], sizes, sizes[1:])]
        ks_off = [exponent(a, b, sb / sa)
                  for a, b, sa, sb in zip(times_off, times_off[1:], sizes, sizes[1:])]
        shape_rows.append(f"| {name} | `{shape.strip()}` | {' | '.join(fmt(t) for t in times)}"
                          f"{' | -' * (len(repeats) - len(times))} | {', '.join(fmt_k(k) for k in ks)} "
                          f"| {', '.join(fmt_k(k) for k in ks_off)} | {len(found)} |")
        print(f"  extract_quotes, {name:<22} {' '.join(fmt(t) for t in times)} s, "
              f"k = {', '.join(fmt_k(k) for k in ks)} (collector off: "
              f"{', '.join(fmt_k(k) for k in ks_off)})", flush=True)

    command = " ".join(["--sentence", "--repeats", str(n), "--runs", str(args.runs)]
                       + (["--clause", json.dumps(clause)] if clause != SENTENCE_CLAUSE else [])
                       + [f"--disable-rule {r}" for r in disabled])
    md = f"""# One sentence of {n:,} attributed clauses vs the same clauses as sentences

Command: `.venv/bin/python benchmarks/bench_large_article.py {command}`

{machine_description()}

- input: `{clause.strip()}` repeated with no sentence break, as one article on one line (the
  last comma a full stop), plus two ordinary AllSides companion articles of another outlet;
  series at {', '.join(f'{r:,}' for r in repeats)} clauses
  ({', '.join(f'{chars[r] / 1e6:.2f}' for r in repeats)} M characters).
- baseline: the same {n:,} clauses each ended by a full stop: the same characters in
  ordinary sentences, still one article on one line.
- stance with the target event {', '.join(TARGET_TERMS)} (`RunConfig.target_terms`).
- cleaning rules switched off: {', '.join(disabled) or 'none'}. Each stage timed {args.runs} times
  per corpus, each time in a forked child process started warm; the least **CPU seconds**
  of the runs (the machine is shared: other jobs only add time). k: exponent in t ~ n^k
  between consecutive sizes (1 = linear, 2 = quadratic; n/a under 0.05 s); a stage is
  called linear when every k is at most 1.2.

| stage | as sentences (CPU s) | one sentence (CPU s) | ratio | k across the series | verdict |
| --- | ---: | ---: | ---: | --- | --- |
{chr(10).join(rows)}

Series (CPU seconds per stage, one sentence):

| clauses | M characters | {' | '.join(STAGES)} |
| ---: | ---: | {' | '.join('---:' for _ in STAGES)} |
""" + "\n".join(f"| {r:,} | {chars[r] / 1e6:.2f} | " + " | ".join(cell(st, r) for st in STAGES) + " |"
                for r in repeats) + f"""

## `extract_quotes` on other clause shapes

Each clause repeated {', '.join(f'{r:,}' for r in repeats)} times as one sentence, cleaned,
then `newslens.quotes.extract_quotes` alone (the least CPU seconds of {args.runs} runs, in the
benchmark process); the exponents are given again for the same runs with Python's garbage
collector switched off (`gc.disable()`), which shows how much of any growth beyond linear at
these sub-second to few-second times is the collector's passes over the live objects rather
than the parser's own work.

| shape | clause | {' | '.join(f'{r:,}' for r in repeats)} | k | k, collector off | rows at the largest size |
| --- | --- | {' | '.join('---:' for _ in repeats)} | --- | --- | ---: |
""" + "\n".join(shape_rows) + "\n"
    write_results("large_article_sentence", md)
    print(f"largest exponent of a stage: {worst:.2f}")


def load_corpus_records(path: Path, records: list[dict]):
    """``records`` written to ``path`` as JSON Lines and loaded as a corpus."""
    from newslens.corpus import load_corpus

    return load_corpus(write_jsonl(path, records))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="target size in millions of characters")
    ap.add_argument("--limit", type=int, default=None, help="read at most N AllSides articles")
    ap.add_argument("--budget", type=float, default=600.0,
                    help="skip a stage at a size where its extrapolated time exceeds this (s)")
    ap.add_argument("--stage-limit", type=float, default=900.0,
                    help="stop the stages of one corpus after this many seconds (s)")
    ap.add_argument("--disable-rule", action="append", default=[], metavar="NAME",
                    help="switch off a cleaning rule in every run (repeatable)")
    ap.add_argument("--profile", action="store_true",
                    help="profile the slowest large-article stage with pyinstrument")
    ap.add_argument("--sentence", action="store_true",
                    help="one sentence of repeated attributed clauses instead of one line of articles")
    ap.add_argument("--repeats", type=int, default=64_000,
                    help="--sentence: clauses in the largest sentence of the series")
    ap.add_argument("--runs", type=int, default=3,
                    help="time every corpus this many times and keep each stage's least CPU time")
    ap.add_argument("--clause", default=SENTENCE_CLAUSE,
                    help="--sentence: the clause repeated (ends with a comma or a space)")
    args = ap.parse_args()
    if args.sentence:
        sentence_main(args)
        return

    target = int(args.mb * 1_000_000)
    load_start = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    t0 = time.perf_counter()
    records = allsides_texts(target, args.limit)
    n_chars = sum(len(r["content"]) for r in records)
    print(f"baseline: {len(records)} AllSides articles, {n_chars / 1e6:.1f} M characters "
          f"(read in {time.perf_counter() - t0:.0f} s)", flush=True)
    companions = [{**r, "id": f"companion-{i}", "source": "Companion Times"}
                  for i, r in enumerate(records[:2])]

    tmp = Path(tempfile.mkdtemp(prefix="bench_large_"))
    # Import every stage and fill its lazy caches (stop words, sklearn, lexicons) once in
    # this process: the timed runs are forked children, which then start warm.
    warm = write_jsonl(tmp / "warm.jsonl", records[:20])
    q = _ListQueue()
    _stages_in_child(warm, tmp / "out-warm", set(), tuple(args.disable_rule), q)
    print(f"warm-up on 20 articles: {sum(w for _, _, w in q.items):.1f} s", flush=True)
    base_path = write_jsonl(tmp / "baseline.jsonl", records)
    print("baseline run", flush=True)
    disabled = tuple(args.disable_rule)
    base = best_of(args.runs, lambda: run_stages(base_path, tmp / "out-baseline", skip=set(),
                                                 disabled=disabled, limit=args.stage_limit,
                                                 key=-1))

    sizes = [n_chars // 8, n_chars // 4, n_chars // 2, n_chars]
    series: dict[int, dict[str, float]] = {}
    skip: set[str] = set()
    extrapolated: dict[str, float] = {}
    for i, size in enumerate(sizes):
        if i >= 2:  # predict each stage's time at this size from the last two sizes
            prev, prev2 = series[sizes[i - 1]], series[sizes[i - 2]]
            for stage in ("terms", "similarity", "stance"):
                if stage in skip:
                    continue
                k = exponent(prev2[stage], prev[stage], sizes[i - 1] / sizes[i - 2])
                if not math.isnan(k):
                    predicted = prev[stage] * (size / sizes[i - 1]) ** max(k, 1.0)
                    if predicted > args.budget:
                        skip.add(stage)
                        extrapolated[stage] = prev[stage] * (n_chars / sizes[i - 1]) ** max(k, 1.0)
        print(f"one-line article of {size / 1e6:.1f} M characters", flush=True)
        path = write_jsonl(tmp / f"large-{i}.jsonl", one_line_corpus(records, size, companions))
        series[size] = best_of(args.runs, lambda: run_stages(
            path, tmp / f"out-large-{i}", skip=skip, disabled=disabled,
            limit=args.stage_limit, key=size))
    large = series[n_chars]

    def cell(stage: str, size: int) -> str:
        if (stage, size) in STOPPED:
            return f"> {STOPPED[(stage, size)]:.0f} (stopped)"
        if size == n_chars and stage in extrapolated:
            return f"~{extrapolated[stage]:.0f} (extrapolated)"
        return fmt(series[size][stage])

    rows = []
    for stage in STAGES:
        ks = [exponent(series[a][stage], series[b][stage], b / a)
              for a, b in zip(sizes, sizes[1:])]
        ks = [k for k in ks if not math.isnan(k)]
        stopped = any((stage, size) in STOPPED for size in sizes)
        large_t = extrapolated.get(stage, large[stage])
        ratio = large_t / base[stage] if base[stage] > 0 else math.nan
        verdict = ("super-linear" if stopped or stage in skip or (ks and max(ks) > 1.2)
                   else "linear" if ks else "too fast to tell")
        ratio_txt = fmt(ratio) if not math.isnan(ratio) else ("> " + fmt(STOPPED[(stage, n_chars)] / base[stage])
                                                              if (stage, n_chars) in STOPPED else "n/a")
        walls = f"{fmt(WALL.get((stage, -1), math.nan))} / {fmt(WALL.get((stage, n_chars), math.nan))}"
        rows.append(f"| {stage} | {fmt(base[stage])} | {cell(stage, n_chars)} | {ratio_txt} | "
                    f"{', '.join(fmt(k) for k in ks) or 'n/a'} | {verdict} | {walls} |")
    total_base = sum(v for v in base.values() if not math.isnan(v))
    total_large = sum(v for v in large.values() if not math.isnan(v))

    # The cleaning rule that logs each mojibake repair diffs the whole line with difflib;
    # a long line with one mojibake sequence shows its cost directly.
    moji_rows, moji_times = [], []
    if True:  # with the default rules, whatever --disable-rule says
        from newslens.clean import clean_text

        line = " ".join(one_line_corpus(records, 80_000, [])[0]["content"].split())
        for n in (5_000, 10_000, 20_000, 40_000, 80_000):
            text = "Officials said it\u00e2\u20ac\u2122s over. " + line[:n]
            t0 = time.process_time()
            clean_text(text)
            moji_times.append((n, time.process_time() - t0))
            plain = time.process_time()
            clean_text("Officials said it\u2019s over. " + line[:n])
            plain = time.process_time() - plain
            moji_rows.append(f"| {n:,} | {moji_times[-1][1]:.2f} | {plain:.2f} |")
            print(f"    mojibake line of {n:,} characters: {moji_times[-1][1]:.2f} s", flush=True)
            if moji_times[-1][1] > 30:
                break
    moji_k = [exponent(a[1], b[1], b[0] / a[0]) for a, b in zip(moji_times, moji_times[1:])]

    profile_note = ""
    if args.profile:
        from pyinstrument import Profiler

        stage = max(("terms", "similarity", "stance"),
                    key=lambda s: 1e9 if s in skip else large[s] / max(base[s], 1e-9))
        from newslens.clean import clean_corpus
        from newslens.config import RunConfig
        from newslens.corpus import load_corpus

        # the quarter-size article: big enough to show the hot spot, small enough to finish
        df, _ = clean_corpus(load_corpus(tmp / "large-1.jsonl"), disabled=disabled)
        profiler = Profiler(interval=0.01)
        profiler.start()
        importlib.import_module(f"newslens.{stage}").stage_tables(
            df, config=RunConfig(target_terms=TARGET_TERMS))
        profiler.stop()
        prof_path = RESULTS_DIR / "large_article_profile.txt"
        RESULTS_DIR.mkdir(exist_ok=True)
        prof_path.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
        profile_note = (f"\npyinstrument profile of `{stage}` on the one-line article of "
                        f"{sizes[1] / 1e6:.1f} M characters: `benchmarks/results/{prof_path.name}`.\n")

    load_end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    sizes_txt = ", ".join(f"{s / 1e6:.1f}" for s in sizes)
    mb = f"{n_chars / 1e6:.0f} M characters"
    command = " ".join(["--mb", f"{args.mb:g}", "--runs", str(args.runs)]
                       + (["--limit", str(args.limit)] if args.limit else [])
                       + [f"--disable-rule {r}" for r in disabled]
                       + (["--profile"] if args.profile else []))
    moji = ""
    if moji_rows:
        moji = f"""
## The `mojibake` cleaning rule on one long line

`clean_text` on one line of AllSides text that holds a single mojibake sequence
(`itâ€™s`), against the same line with a correct apostrophe. Exponent k between
consecutive lengths: {', '.join(fmt(k) for k in moji_k) or 'n/a'}.

| characters in the line | with one mojibake (CPU s) | without (CPU s) |
| ---: | ---: | ---: |
""" + "\n".join(moji_rows) + "\n"
    md = f"""# One article of {mb} on one line vs {mb} of ordinary articles

Command: `.venv/bin/python benchmarks/bench_large_article.py {command}`

{machine_description()}

- baseline: {len(records)} AllSides articles (`content_original`, file order) totalling
  {n_chars / 1e6:.1f} M characters, {len({r['source'] for r in records})} outlets, one JSON line each;
- large: the same characters joined into **one line** (one article, one outlet) plus two
  ordinary companion articles; scaling series at {sizes_txt} M characters.
- stance with the target event {', '.join(TARGET_TERMS)} (`RunConfig.target_terms`).
- cleaning rules switched off in every run: {', '.join(disabled) or 'none'}.
- each corpus run {args.runs} time(s) in a forked child process (started warm: every module
  imported and its caches filled first), each stage's least CPU time kept, stopped after
  {args.stage_limit:.0f} s wall; a stage whose time at the next size extrapolates beyond
  {args.budget:.0f} s is not run there. Times are **CPU seconds** (process and threads):
  the machine is shared with other jobs (load average {load_start} at the start of the run,
  {load_end} at the end), which stretch wall time; wall seconds (of the last run) are in the
  last column. k: exponent in t ~ n^k between consecutive sizes of the series (1 = linear,
  2 = quadratic; n/a when the stage takes under 0.05 s); the verdict is "linear" when every
  k is at most 1.2.

| stage | ordinary articles (CPU s) | one line (CPU s) | ratio | k across the series | verdict | wall s (ordinary / one line) |
| --- | ---: | ---: | ---: | --- | --- | --- |
{chr(10).join(rows)}
| **total (stages run)** | {total_base:.1f} | {total_large:.1f} | {total_large / total_base:.2f} | | | |
{profile_note}
Series (CPU seconds per stage, one-line article):

| M characters | {' | '.join(STAGES)} |
| ---: | {' | '.join('---:' for _ in STAGES)} |
""" + "\n".join(f"| {s / 1e6:.1f} | " + " | ".join(cell(st, s) for st in STAGES) + " |"
                for s in sizes) + "\n" + moji
    name = "large_article" if args.mb == 20 and not args.limit else f"large_article_{args.mb:g}mb"
    write_results(name, md)


if __name__ == "__main__":
    main()
