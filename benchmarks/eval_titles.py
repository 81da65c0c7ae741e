"""Titles derived from the text when a corpus has no title column (issue #20), measured on
AllSides with its title column removed.

A fixed-seed sample of articles (``--n``, default 2,000; seed ``RANDOM_STATE`` = 0) is split
by article into a tuning half and a held-out half (the sample's first and second halves,
after shuffling with the same seed). For each article the loader's rule
(:func:`newslens.corpus.titles.headline_line`) reads the text; the derived title is compared
with the real headline after whitespace normalisation.

Printed per half: articles, share given a title, share whose derived title equals the real
headline (over all articles, and over those given a title), share equal ignoring case and
quote marks, and the rejection reasons of the first lines. ``--show N`` lists N derived
titles of the chosen half (for the hand check of page furniture), with the real headline.

The held-out half is scored only with ``--held-out``. ``--fresh`` scores 1,000 further articles,
outside the 2,000 (seed ``RANDOM_STATE + 1``): a check of changes made after the held-out half
was scored once::

    NEWSLENS_DATASETS=/work/shared/datasets python benchmarks/eval_titles.py            # tuning
    NEWSLENS_DATASETS=/work/shared/datasets python benchmarks/eval_titles.py --held-out --show 50
    NEWSLENS_DATASETS=/work/shared/datasets python benchmarks/eval_titles.py --fresh --show 50
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import sys
from pathlib import Path

import pandas as pd

from newslens.config import RANDOM_STATE
from newslens.corpus.titles import headline_line, rejection

QUOTES = re.compile("[\"'\u2018\u2019\u201c\u201d]")


def norm(s: str) -> str:
    return " ".join(str(s).split())


def loose(s: str) -> str:
    return QUOTES.sub("", norm(s)).lower()


def sample(path: Path, n: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Tuning half, held-out half, and 1,000 fresh articles outside both."""
    df = pd.read_json(path, lines=True)
    df = df[df["content_original"].fillna("").str.strip().ne("")
            & df["title"].fillna("").str.strip().ne("")]
    s = df.sample(n=n, random_state=RANDOM_STATE)
    fresh = df.drop(index=s.index).sample(n=1000, random_state=RANDOM_STATE + 1)
    s = s.reset_index(drop=True)
    return s.iloc[: n // 2], s.iloc[n // 2:], fresh.reset_index(drop=True)


def score(part: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    rows = []
    for r in part.itertuples():
        title, line = headline_line(r.content_original)
        rows.append({"ID": r.ID, "source": r.source, "real": norm(r.title), "derived": title,
                     "line": line})
    out = pd.DataFrame(rows)
    given = out["derived"] != ""
    equal = out["derived"] == out["real"]
    equal_loose = out["derived"].map(loose) == out["real"].map(loose)
    m = {"articles": len(out), "given a title": given.mean(),
         "equal to the headline (all)": equal.mean(),
         "equal, ignoring case and quotes (all)": equal_loose.mean(),
         "equal among those given a title": equal[given].mean() if given.any() else float("nan"),
         "equal-loose among those given a title":
             equal_loose[given].mean() if given.any() else float("nan")}
    return m, out


def first_line_reasons(part: pd.DataFrame) -> collections.Counter:
    c = collections.Counter()
    for text in part["content_original"]:
        line = next((" ".join(l.split()) for l in text.split("\n") if l.strip()), "")
        c[rejection(line) or "accepted"] += 1
    return c


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--held-out", action="store_true", help="score the held-out half (once)")
    ap.add_argument("--fresh", action="store_true",
                    help="score 1,000 articles outside both halves (seed RANDOM_STATE + 1)")
    ap.add_argument("--show", type=int, default=0, help="list N derived titles (hand check)")
    args = ap.parse_args(argv)
    root = Path(os.environ.get("NEWSLENS_DATASETS", "../shared/datasets"))
    path = root / "allsides-articles.jsonl.xz"
    if not path.is_file():
        print(f"skipped: {path} not found (set NEWSLENS_DATASETS)", file=sys.stderr)
        return 0
    tune, held, fresh = sample(path, args.n)
    part, name = ((fresh, "fresh") if args.fresh else (held, "held-out") if args.held_out
                  else (tune, "tuning"))
    m, out = score(part)
    seed = RANDOM_STATE + 1 if args.fresh else RANDOM_STATE
    print(f"## {name} sample: {len(part)} AllSides articles (seed {seed}), title column removed")
    for k, v in m.items():
        print(f"  {k:<42} {v:.3f}" if isinstance(v, float) else f"  {k:<42} {v}")
    print("  first non-empty line, reason it is not a headline:")
    for reason, k in first_line_reasons(part).most_common():
        print(f"    {reason:<28} {k}")
    if args.show:
        shown = out[out["derived"] != ""].head(args.show)
        print(f"\n## the first {len(shown)} derived titles of the {name} sample "
              "(derived | real headline)")
        for i, r in enumerate(shown.itertuples(), 1):
            mark = "=" if r.derived == r.real else " "
            print(f"{i:>3} {mark} [{r.source[:18]}] line {r.line}: {r.derived[:110]}\n"
                  f"        real: {r.real[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
