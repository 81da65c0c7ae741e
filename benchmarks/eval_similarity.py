"""Quality of TF-IDF similarity on the BBC news set: is an article's nearest neighbour
in the same category?

2,225 BBC articles in five categories (business, entertainment, politics, sport, tech).
For each article we take its nearest neighbour by ``newslens.tfidf_similarity(top_k=...)``
and count how often the neighbour has the same category: scikit-learn's plain
``TfidfVectorizer()`` against the package defaults (and the other options that were tried),
in the same run.

The set contains exact duplicates (the same text filed twice in one category). An article
whose duplicate is in the corpus finds it as its nearest neighbour (cosine 1), always in the
same category, which flatters every method equally. So the accuracy is reported three ways:
counting every neighbour; skipping neighbours whose text is identical to the article's; and
on the corpus with duplicates removed (first copy kept).

Usage::

    .venv/bin/python benchmarks/eval_similarity.py            # ~1 min
    .venv/bin/python benchmarks/eval_similarity.py --limit 500

Writes ``benchmarks/results/similarity_eval.md`` (``similarity_eval_limit<N>.md`` with --limit).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BBC, machine_description, measure, read_jsonl_xz, require, write_results  # noqa: E402

from newslens.similarity import DEFAULT_TFIDF_OPTIONS, tfidf_similarity  # noqa: E402

#: Option sets compared. ``plain`` undoes the package defaults, which gives scikit-learn's
#: ``TfidfVectorizer()`` exactly.
PLAIN = {"sublinear_tf": False, "stop_words": None}
VARIANTS = [
    ("plain TfidfVectorizer()", PLAIN),
    ("sublinear_tf only", {"stop_words": None}),
    ("stop_words='english' only", {"sublinear_tf": False}),
    ("package defaults (sublinear_tf + stop words)", {}),
    ("defaults + min_df=2", {"min_df": 2}),
    ("defaults + max_df=0.5", {"max_df": 0.5}),
    ("defaults + min_df=2 + bigrams", {"min_df": 2, "ngram_range": (1, 2)}),
]


def neighbour_accuracy(df: pd.DataFrame, options: dict, *, k: int) -> tuple[float, float]:
    """(accuracy counting every neighbour, accuracy skipping identical-text neighbours)."""
    pairs = tfidf_similarity(df, top_k=k, **options)
    cat = dict(zip(df["doc_id"], df["category"]))
    text = dict(zip(df["doc_id"], df["text"]))
    first = pairs.groupby("a", sort=False).head(1)
    all_acc = (first["a"].map(cat) == first["b"].map(cat)).mean()
    distinct = pairs[pairs["a"].map(text) != pairs["b"].map(text)].groupby("a", sort=False).head(1)
    assert len(distinct) == len(df), "k too small to skip every duplicate"
    nodup_acc = (distinct["a"].map(cat) == distinct["b"].map(cat)).mean()
    return float(all_acc), float(nodup_acc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args()

    records = read_jsonl_xz(require(BBC), limit=args.limit)
    df = pd.DataFrame({"doc_id": [r["id"] for r in records],
                       "category": [r["category"] for r in records],
                       "text": [r["text"] for r in records]})
    df["outlet"] = "BBC"
    copies = df.groupby("text")["doc_id"].transform("size")
    n_dup_rows = int(df.duplicated("text").sum())
    n_dup_groups = int(df[copies > 1]["text"].nunique())
    cross = int((df.groupby("text")["category"].nunique() > 1).sum())
    k = int(copies.max()) + 1                  # enough neighbours to skip every identical copy
    dedup = df.drop_duplicates("text").reset_index(drop=True)

    rows = []
    for name, options in VARIANTS:
        with measure(name) as t:
            acc, acc_nodup = neighbour_accuracy(df, options, k=k)
        acc_dedup, _ = neighbour_accuracy(dedup, options, k=1)
        rows.append((name, acc, acc_nodup, acc_dedup, t.wall_s))
        print(rows[-1], flush=True)

    defaults = ", ".join(f"{k}={v!r}" for k, v in DEFAULT_TFIDF_OPTIONS.items())
    table = ["| options | all neighbours | identical-text neighbours skipped | duplicates removed | wall s |",
             "|---|---:|---:|---:|---:|"]
    table += [f"| {n} | {a:.4f} | {b:.4f} | {c:.4f} | {w:.1f} |" for n, a, b, c, w in rows]
    plain, best = rows[0], rows[3]
    md = f"""# Similarity quality: nearest-neighbour category on BBC news

Corpus: `bbc-news-2225.jsonl.xz`, {len(df):,} articles in {df['category'].nunique()} categories
(`text` field, no cleaning: the BBC texts carry no scraping debris).

{machine_description()}

Measure: for each article, its nearest other article by `newslens.tfidf_similarity(top_k=...)`
(cosine of L2-normalised TF-IDF vectors; ties go to the doc id that sorts first); the share of
articles whose neighbour has the same category. Every row is computed in this run.

Exact duplicates: {n_dup_rows} articles repeat the text of an earlier one; {n_dup_groups} texts
occur more than once ({cross} of them in two categories), so {int((copies > 1).sum())} articles have
an identical copy. (The dataset card says 98 files duplicate another file; counting identical
`text` fields gives the {n_dup_rows} here.) An article with a copy finds it at cosine 1, always in
its own category, whatever the weighting: this inflates accuracy for every option alike. Columns:

- **all neighbours**: the usual figure, copies included;
- **identical-text neighbours skipped**: each article's nearest neighbour whose text differs;
- **duplicates removed**: the corpus with one copy of each text ({len(dedup):,} articles).

{chr(10).join(table)}

## What this says

- scikit-learn's plain `TfidfVectorizer()` scores **{plain[1]:.3f}** in this run (the dataset
  card's "about 0.93" is for a plain TF-IDF written with the standard library, whose formula we do
  not know; we did not reproduce it). The package defaults ({defaults}) score **{best[1]:.3f}**
  counting every neighbour, **{best[2]:.3f}** with identical copies skipped and **{best[3]:.3f}** on
  the de-duplicated corpus: above the 0.95 target on all three counts, and {best[1] - plain[1]:+.3f} /
  {best[2] - plain[2]:+.3f} / {best[3] - plain[3]:+.3f} over plain TF-IDF on each.
- Nearly all of the gain is `sublinear_tf` (`1 + ln tf`): a long article that repeats a few words
  many times no longer points in their direction only. Stop words add a little on top.
- Skipping copies lowers every score by a few thousandths: the duplicates do flatter the usual
  figure, but they do not change the ranking of the options.
- `min_df=2`, `max_df=0.5` and bigrams change the score by less than 0.005 and are not defaults:
  `min_df=2` would empty the vocabulary of a corpus of two unrelated articles and drop the words
  that make a single article distinctive; `max_df=0.5` would remove the words every article of a
  five-article corpus shares, which is most of its topic; bigrams multiply the vocabulary by 2.6
  and nearly double the time for +0.005 here. Each remains one keyword argument away
  (`tfidf_similarity(df, ngram_range=(1, 2), min_df=2)`).
- The defaults were chosen by looking at this set (the seven option sets above are all that was
  tried), so {best[1]:.3f} is an in-sample figure. The two choices are textbook information
  retrieval (Manning, Raghavan & Schütze, *Introduction to Information Retrieval*, 6.4.1, on
  sublinear tf scaling), not parameters fitted to BBC.
- Caveat: BBC categories are broad topics, so this checks that similarity tracks topic; it says
  nothing about whether two articles about the same event are ranked by how alike their framing is.
"""
    name = "similarity_eval" + (f"_limit{args.limit}" if args.limit else "")
    write_results(name, md)


if __name__ == "__main__":
    main()
