"""Coverage over time: articles per period per outlet, and one term's rate per period.

Both read ``articles.csv`` (``doc_id, outlet, published``, and the text for a term). An
article without a readable date is counted in :func:`undated` and left out of the tables,
never given a made-up date. The period adapts to the span of the dates
(:func:`choose_period`) so that a corpus of ten years is not drawn as 3,650 bars.
"""
from __future__ import annotations

import pandas as pd

from .findings import is_unknown

#: (longest span in days, pandas period, label): the first row whose span is not exceeded
#: is used: days up to three months, weeks up to two years, months beyond.
PERIODS = ((92, "D", "day"), (732, "W", "week"), (None, "M", "month"))


def parse_dates(articles: pd.DataFrame) -> pd.Series:
    """``published`` as timezone-naive UTC timestamps (NaT where missing or unreadable).

    ``published`` is ISO 8601 in ``articles.csv``; anything else is NaT, not a guess.
    """
    col = articles["published"] if "published" in articles else pd.Series(
        [None] * len(articles), index=articles.index)
    return pd.to_datetime(col, errors="coerce", format="ISO8601", utc=True).dt.tz_localize(None)


def undated(articles: pd.DataFrame) -> int:
    """How many articles have no readable publication date."""
    return int(parse_dates(articles).isna().sum())


def choose_period(dates: pd.Series) -> tuple[str, str]:
    """The pandas period code and its name for the span of ``dates`` (see :data:`PERIODS`).

    Examples
    --------
    >>> choose_period(pd.Series(pd.to_datetime(["2020-01-01", "2020-02-01"])))
    ('D', 'day')
    >>> choose_period(pd.Series(pd.to_datetime(["2020-01-01", "2023-01-01"])))
    ('M', 'month')
    """
    dates = dates.dropna()
    span = (dates.max() - dates.min()).days + 1 if len(dates) else 0
    for limit, code, name in PERIODS:
        if limit is None or span <= limit:
            return code, name
    raise AssertionError("unreachable")                       # pragma: no cover


def _outlets(articles: pd.DataFrame) -> pd.Series:
    return articles["outlet"].where(~is_unknown(articles["outlet"]), "unknown").astype(str)


def articles_per_period(articles: pd.DataFrame, *, period: str | None = None,
                        max_outlets: int = 8) -> pd.DataFrame:
    """Articles per period (rows) and outlet (columns), every period of the span present.

    Parameters
    ----------
    articles : ``articles.csv``.
    period : a pandas period code (``"D"``, ``"W"``, ``"M"``); None: :func:`choose_period`.
    max_outlets : the outlets with most dated articles get a column each; the others are
        summed as ``other outlets``.

    Returns
    -------
    DataFrame indexed by the period's start date (``date``), one integer column per outlet,
    ordered by articles (most first, then name); empty when no article has a date.
    """
    dates = parse_dates(articles)
    dated = articles.assign(date=dates, outlet=_outlets(articles)).dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    period = period or choose_period(dated["date"])[0]
    sizes = dated["outlet"].value_counts().sort_index().sort_values(ascending=False,
                                                                   kind="mergesort")
    keep = set(sizes.index[:max_outlets])
    dated["outlet"] = dated["outlet"].where(dated["outlet"].isin(keep), "other outlets")
    dated["date"] = dated["date"].dt.to_period(period).dt.start_time
    table = pd.crosstab(dated["date"], dated["outlet"])
    full = pd.period_range(dated["date"].min(), dated["date"].max(), freq=period).start_time
    order = [o for o in sizes.index[:max_outlets]] + (
        ["other outlets"] if "other outlets" in table.columns else [])
    table = table.reindex(index=full, columns=order, fill_value=0)
    table.index.name = "date"
    table.columns.name = "outlet"
    return table


def term_over_time(articles: pd.DataFrame, term: str, *, period: str | None = None
                   ) -> pd.DataFrame:
    """How often ``term`` appears per period: matches, words and the rate per 10,000 words.

    Matches are counted with :func:`newslens.terms.kwic` (case-insensitive, whole tokens,
    ``*`` wildcards, several words allowed), on the text of ``articles`` (``text_clean`` or
    ``text``); words are whitespace-separated words of the same text.

    Returns
    -------
    DataFrame ``date, articles, matches, words, per_10k``, one row per period of the span.
    """
    from .terms import kwic

    text = articles["text_clean"] if "text_clean" in articles else articles["text"]
    dates = parse_dates(articles)
    hits = kwic(articles, term, window=0)["doc_id"].value_counts()
    docs = pd.DataFrame({"date": dates, "matches": articles["doc_id"].map(hits).fillna(0),
                         "words": text.fillna("").str.split().str.len()}).dropna(
                             subset=["date"])
    if docs.empty:
        return pd.DataFrame(columns=["date", "articles", "matches", "words", "per_10k"])
    period = period or choose_period(docs["date"])[0]
    docs["date"] = docs["date"].dt.to_period(period).dt.start_time
    out = docs.groupby("date").agg(articles=("words", "size"), matches=("matches", "sum"),
                                   words=("words", "sum"))
    full = pd.period_range(docs["date"].min(), docs["date"].max(), freq=period).start_time
    out = out.reindex(full, fill_value=0)
    out.index.name = "date"
    out = out.astype(int).reset_index()
    out["per_10k"] = (out["matches"] * 10_000 / out["words"].where(out["words"] > 0)).round(2)
    return out


def plot_coverage(table: pd.DataFrame, *, ax=None, period_name: str = "day"):
    """Stacked bars of :func:`articles_per_period`: articles per period, one colour an outlet."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    if len(table):
        labels = [d.strftime("%Y-%m-%d") for d in table.index]
        bottom = pd.Series(0, index=table.index)
        for outlet in table.columns:
            ax.bar(range(len(table)), table[outlet], bottom=bottom, label=str(outlet))
            bottom = bottom + table[outlet]
        step = max(1, len(labels) // 12)
        ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
        ax.legend(title="outlet", fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_xlabel(f"{period_name} (start date)")
    ax.set_ylabel(f"articles per {period_name}")
    ax.set_title(f"Articles per {period_name} and outlet")
    return ax
