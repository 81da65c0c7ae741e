"""Benchmark: quote extraction and attribution on the AllSides corpus.

Times :func:`newslens.extract_quotes` over the cleaned text of every AllSides article, and in
the same run one pass of :func:`newslens.tokens.tokenize` (the package's tokenizer, default
options) over the same texts: the target is at most 3x the tokenizer's time. Also writes a
fixed-seed sample of 30 attributions, with their context, for the hand check recorded in
``results/quotes_handcheck.md``.

Usage::

    .venv/bin/python benchmarks/bench_quotes.py            # all 37,554 articles
    .venv/bin/python benchmarks/bench_quotes.py --limit 2000
"""
from __future__ import annotations

import argparse
import random
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from _common import ALLSIDES, machine_description, measure, read_jsonl_xz, write_results  # noqa: E402

from newslens.clean import clean_text  # noqa: E402
from newslens.config import RANDOM_STATE  # noqa: E402
from newslens.quotes import extract_quotes, load_actors  # noqa: E402
from newslens.tokens import tokenize  # noqa: E402

#: The hand-check sample is drawn from articles after this position in the file: the first
#: articles were read while the general speaker rules were written.
SAMPLE_FROM = 2000
SAMPLE_SIZE = 30


def context_of(text: str, start: int, end: int, width: int = 500) -> str:
    a = max(0, start - width)
    b = min(len(text), end + 250)
    return (("..." if a else "") + text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]
            + ("..." if b < len(text) else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--seed", type=int, default=RANDOM_STATE,
                    help="seed of the hand-check sample (a new seed gives a fresh sample after the "
                         "rules change; the judged samples are kept per seed)")
    args = ap.parse_args()

    recs = read_jsonl_xz(ALLSIDES, limit=args.limit)
    df = pd.DataFrame({"doc_id": [str(r.get("ID", i)) for i, r in enumerate(recs)],
                       "outlet": [r.get("source") or "unknown" for r in recs],
                       "text": [r.get("content_original") or "" for r in recs]})
    del recs
    with measure("clean_text") as t_clean:
        df["text_clean"] = [clean_text(t) for t in df["text"]]
    texts = df["text_clean"].tolist()
    n_chars = sum(len(t) for t in texts)
    actors = load_actors()

    with measure("tokenize") as t_tok:
        n_tokens = 0
        for t in texts:
            n_tokens += len(tokenize(t))
    with measure("extract_quotes") as t_q:
        quotes = extract_quotes(df, actors=actors)
    ratio = t_q.wall_s / t_tok.wall_s
    ratio_cpu = t_q.cpu_s / t_tok.cpu_s

    kinds = quotes["kind"].value_counts()
    attr = quotes.loc[quotes["kind"] != "scare", "attribution"].value_counts()
    statements = quotes[quotes["kind"].isin(["direct", "reported"])]
    n_stmt = len(statements)
    share_speaker = (statements["actor"] != "unknown").mean() if n_stmt else float("nan")
    listed = set(actors.actors)
    share_listed = statements["actor"].isin(listed).mean() if n_stmt else float("nan")

    lines = [
        "# Quote extraction and attribution: speed on AllSides",
        "",
        f"Corpus: `{ALLSIDES.name}`, {len(df):,} articles, {n_chars / 1e6:.1f} million characters of "
        "cleaned text (`newslens.clean.clean_text`, not timed against the target).",
        "",
        machine_description(),
        "",
        "| step | wall (s) | CPU (s) | peak memory increase (MB) |",
        "|---|---:|---:|---:|",
        f"| clean_text (preparation) | {t_clean.wall_s:.1f} | {t_clean.cpu_s:.1f} | {t_clean.peak_delta_mb:.0f} |",
        f"| baseline: `newslens.tokens.tokenize`, one pass | {t_tok.wall_s:.1f} | {t_tok.cpu_s:.1f} | {t_tok.peak_delta_mb:.0f} |",
        f"| `newslens.extract_quotes` | {t_q.wall_s:.1f} | {t_q.cpu_s:.1f} | {t_q.peak_delta_mb:.0f} |",
        "",
        f"**Ratio extract_quotes / tokenize: {ratio:.2f}x wall time, {ratio_cpu:.2f}x CPU time** "
        "(target: at most 3x). The machine is shared by several jobs; when it is busy, wall time "
        "includes waiting, and the CPU-time ratio is the steadier figure. "
        f"Throughput: {n_chars / 1e6 / t_q.wall_s:.2f} MB/s; tokenizer {n_chars / 1e6 / t_tok.wall_s:.2f} MB/s "
        f"({n_tokens:,} tokens).",
        "",
        f"Rows: {len(quotes):,} ({int(kinds.get('direct', 0)):,} direct, {int(kinds.get('reported', 0)):,} "
        f"reported, {int(kinds.get('scare', 0)):,} scare quotes). Statements with a speaker (actor not "
        f"`unknown`): {share_speaker:.1%}; with an actor from the bundled `data/actors.csv`: "
        f"{share_listed:.1%} (the file lists the bundled corpus's actors; AllSides speakers are "
        "mostly found by the general rules).",
        "",
        "Attribution rule that decided each statement:",
        "",
        "| attribution | statements |",
        "|---|---:|",
    ] + [f"| {k} | {v:,} |" for k, v in attr.items()]
    write_results("quotes" if args.limit is None else f"quotes_limit{args.limit}", "\n".join(lines))

    # fixed-seed sample for the hand check
    pool = statements[statements.index.isin(
        quotes.index[quotes["doc_id"].isin(set(df["doc_id"].iloc[SAMPLE_FROM:]))])]
    if len(pool) >= SAMPLE_SIZE:
        idx = sorted(random.Random(args.seed).sample(list(pool.index), SAMPLE_SIZE))
        text_of = dict(zip(df["doc_id"], df["text_clean"]))
        out = [f"# Hand-check sample: 30 random attributions (seed {args.seed})", "",
               f"Drawn uniformly from the {len(pool):,} statements (direct and reported) of the "
               f"AllSides articles after position {SAMPLE_FROM} in the file. The statement is in [[ ]].", ""]
        for k, i in enumerate(idx, 1):
            r = quotes.loc[i]
            ctx = context_of(text_of[r["doc_id"]], int(r["start"]), int(r["end"]))
            out += [f"## {k}. {r['outlet']} / {r['doc_id']}", "",
                    f"- kind: {r['kind']}; attribution: {r['attribution']}",
                    f"- speaker: {r['speaker']!r}; actor: {r['actor']!r}; group: {r['group']!r}", "",
                    textwrap.indent(ctx.replace("\n\n", " / "), "    "), ""]
        path = Path(__file__).resolve().parent / "results" / f"quotes_handcheck_sample_seed{args.seed}.md"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
