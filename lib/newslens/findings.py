"""Findings written from a run's tables: short Markdown a notebook or the report shows.

Every sentence here is computed from the tables of one run (``articles``, ``keyness``,
``similarity_outlets``, ``shared_passages``, ``quotes``, ``stance``), so the findings of a
report describe *that* corpus and nothing else: no outlet, person or place is named unless
the tables name it. Each function returns Markdown bullets (a plain ``str``), caveats
included; names from the data are escaped with :func:`md` so that a title such as
``[x](javascript:…)`` stays text.

Thresholds are rules of thumb stated where they are used (:data:`MIN_ARTICLES_OUTLET`,
:data:`ALPHA`), not results.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

#: Articles an outlet needs before a per-outlet figure is read as the outlet's coverage
#: rather than as a description of a few articles (a rule of thumb: with fewer, one long
#: or off-topic article moves every rate and share).
MIN_ARTICLES_OUTLET = 5
#: Articles per outlet from which per-outlet rates are usually stable enough to compare.
STABLE_ARTICLES_OUTLET = 30
#: False discovery rate under which a term is called significantly key.
ALPHA = 0.05
#: Values of ``outlet`` that mean "the outlet is not known".
UNKNOWN_OUTLETS = frozenset({"", "unknown", "nan", "none"})
#: The tables a run writes that the findings read.
TABLE_NAMES = ("articles", "load_report", "keyness", "similarity_outlets", "shared_passages",
               "quotes", "stance")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~&])")


def md(text) -> str:
    r"""``text`` escaped for Markdown (every character Markdown, HTML or maths reads as
    syntax gets a backslash; line breaks become spaces).

    Examples
    --------
    >>> md("a_b [c]")
    'a\\_b \\[c\\]'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def read_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The run's tables from ``folder`` (what ``newslens run --out folder`` wrote), by name.

    Only the tables in :data:`TABLE_NAMES` that exist are read; ``doc_id`` and outlet
    columns are read as text (an id such as ``001`` keeps its zeros).

    Raises
    ------
    FileNotFoundError naming the folder when it holds no ``articles.csv``.
    """
    folder = Path(folder)
    if not (folder / "articles.csv").is_file():
        raise FileNotFoundError(f"{folder}: no articles.csv here; give the folder that "
                                "`newslens run --out` wrote")
    text_cols = {c: str for c in ("doc_id", "doc_a", "doc_b", "outlet", "outlet_a", "outlet_b",
                                  "a", "b", "group", "term", "title", "published")}
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        tables[path.stem] = pd.read_csv(path, dtype=text_cols, keep_default_na=False,
                                        na_values=[""])
    return tables


def run_tables(tables: str | Path | None = None, *, corpus=None, load_options=None,
               config=None) -> dict[str, pd.DataFrame]:
    """The run's tables: read from the folder ``tables`` (what ``newslens report`` passes
    to the notebooks), or, when it is None, computed here by
    :func:`newslens.run_pipeline` on ``corpus`` with the same options (nothing written)."""
    if tables is not None:
        return read_tables(tables)
    from .pipeline import run_pipeline

    return dict(run_pipeline(corpus, None, config=config, load_options=load_options).tables)


def analysed_articles(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``articles.csv`` as the analysis stages read it: its ``text`` is the cleaned text,
    also given as ``text_clean``, so notebooks analyse exactly what the run analysed
    instead of cleaning the corpus again."""
    articles = tables["articles"].copy()
    articles["text"] = articles["text"].fillna("")
    articles["text_clean"] = articles["text"]
    return articles


def top_term(terms: pd.DataFrame) -> str | None:
    """The most frequent term of ``terms.csv`` over all groups (ties: alphabetical)."""
    if terms is None or terms.empty:
        return None
    totals = terms.groupby("term")["count"].sum().sort_index()
    return str(totals.sort_values(ascending=False, kind="mergesort").index[0])


def cleaning_findings(cleaning_log: pd.DataFrame, *, n_articles: int, top: int = 5) -> str:
    """Which cleaning rules changed most articles, and how many articles were untouched."""
    if cleaning_log is None or cleaning_log.empty:
        return f"- The cleaner changed none of the {_n(n_articles, 'article')}."
    per_rule = (cleaning_log.groupby("rule").agg(articles=("doc_id", "nunique"),
                                                  changes=("count", "sum"))
                .reset_index().sort_values(["articles", "changes", "rule"],
                                           ascending=[False, False, True], kind="mergesort"))
    touched = cleaning_log["doc_id"].nunique()
    lines = [f"- The cleaner changed {touched:,} of {_n(n_articles, 'article')} with "
             f"{_n(len(per_rule), 'rule')}."]
    for r in per_rule.head(top).itertuples():
        lines.append(f"- {md(r.rule)}: {_n(r.articles, 'article')} "
                     f"({r.articles / max(n_articles, 1):.0%}), {_n(int(r.changes), 'change')}.")
    return "\n".join(lines)


def is_unknown(outlets: pd.Series) -> pd.Series:
    """True where the outlet is missing or one of :data:`UNKNOWN_OUTLETS`."""
    return outlets.isna() | outlets.astype(str).str.strip().str.lower().isin(UNKNOWN_OUTLETS)


def _n(k: int, word: str) -> str:
    return f"{k:,} {word}" + ("" if k == 1 else "s")


def date_span(articles: pd.DataFrame) -> dict:
    """First and last publication date and how many articles lack a readable one.

    Returns
    -------
    dict ``first``, ``last`` (ISO dates or None), ``days`` (inclusive span, 0 without
    dates), ``n_dated``, ``n_undated``.
    """
    col = articles["published"] if "published" in articles else pd.Series(dtype=object)
    dates = pd.to_datetime(col, errors="coerce", format="ISO8601", utc=True)
    dated = dates.dropna()
    if dated.empty:
        return {"first": None, "last": None, "days": 0, "n_dated": 0,
                "n_undated": int(len(articles))}
    first, last = dated.min(), dated.max()
    return {"first": first.date().isoformat(), "last": last.date().isoformat(),
            "days": int((last.normalize() - first.normalize()).days) + 1,
            "n_dated": int(len(dated)), "n_undated": int(len(articles) - len(dated))}


def corpus_findings(articles: pd.DataFrame) -> str:
    """Articles per outlet and what that can support, the date span and the share of
    articles whose outlet is unknown.

    Parameters
    ----------
    articles : ``articles.csv`` (columns ``doc_id, outlet, published`` at least).

    Examples
    --------
    >>> arts = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["A", "A", "unknown"],
    ...                      "published": ["2020-01-01", "2020-01-03", None]})
    >>> print(corpus_findings(arts))  # doctest: +NORMALIZE_WHITESPACE
    - **3 articles** from 1 known outlet; 1 article (33%) has no known outlet and is
      left out of the comparisons between outlets (keyness, outlet similarity), compared
      article by article.
    - Dates: 2020\\-01\\-01 to 2020\\-01\\-03 (3 days); 1 article has no date.
    - Articles per outlet: at most 2 (A); every known outlet has fewer than 5 articles, so
      each per\\-outlet figure describes a few articles, not the outlet's coverage.
    """
    n = len(articles)
    if n == 0:
        return "- The corpus has no articles: nothing to report."
    unknown = is_unknown(articles["outlet"])
    known = articles.loc[~unknown, "outlet"].astype(str)
    per = known.value_counts().sort_index().sort_values(ascending=False, kind="mergesort")
    lines = [f"- **{_n(n, 'article')}** from {_n(len(per), 'known outlet')}"
             + (f"; {_n(int(unknown.sum()), 'article')} ({unknown.mean():.0%}) "
                f"{'has' if unknown.sum() == 1 else 'have'} no known outlet and "
                f"{'is' if unknown.sum() == 1 else 'are'} left out of the comparisons between "
                "outlets (keyness, outlet similarity), compared article by article."
                if unknown.any() else ".")]
    span = date_span(articles)
    if span["n_dated"]:
        when = (f"- Dates: {md(span['first'])} to {md(span['last'])} "
                f"({_n(span['days'], 'day')})")
        if span["n_undated"]:
            when += (f"; {_n(span['n_undated'], 'article')} "
                     f"{'has' if span['n_undated'] == 1 else 'have'} no date.")
        else:
            when += "."
        lines.append(when)
    else:
        lines.append("- No article has a readable date: nothing can be said about time.")
    if len(per):
        top = ", ".join(md(o) for o in per.index[per == per.iloc[0]][:3])
        small = int((per < MIN_ARTICLES_OUTLET).sum())
        stable = int((per >= STABLE_ARTICLES_OUTLET).sum())
        line = f"- Articles per outlet: at most {per.iloc[0]:,} ({top})"
        if small == len(per):
            line += (f"; every known outlet has fewer than {MIN_ARTICLES_OUTLET} articles, so "
                     "each per\\-outlet figure describes a few articles, not the outlet's "
                     "coverage.")
        else:
            line += (f", median {per.median():g}; {small} of {len(per)} outlets have fewer "
                     f"than {MIN_ARTICLES_OUTLET} articles (their figures describe single "
                     f"articles) and {stable} have {STABLE_ARTICLES_OUTLET} or more "
                     "(enough for rates to be compared).")
        lines.append(line)
    return "\n".join(lines)


def fmt_p(p: float) -> str:
    """A p- or q-value for reading: two significant digits, and ``< 1e-06`` below the
    tables' resolution (they keep six decimals, so a tiny p is written 0).

    Examples
    --------
    >>> fmt_p(0.0123), fmt_p(0.0), fmt_p(1.0)
    ('0.012', '< 1e-06', '1')
    """
    return "< 1e-06" if p < 1e-6 else f"{p:.2g}"


def benjamini_hochberg(p: np.ndarray, *, n_tests: int | None = None) -> np.ndarray:
    """Benjamini–Hochberg q-values: :math:`q_{(i)} = \\min_{j \\ge i} p_{(j)} m / j`
    (capped at 1), with :math:`m` = ``n_tests`` (default: ``len(p)``).

    ``n_tests`` larger than ``len(p)`` treats the tests not listed as having p = 1, which
    keeps the q-values of a table cut to its top rows from being optimistic.

    Examples
    --------
    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5])).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    """
    p = np.asarray(p, dtype=float)
    m = max(int(n_tests or 0), len(p))
    if len(p) == 0:
        return p
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(q)
    out[order] = np.minimum(q, 1.0)
    return out


def _eq(p: float) -> str:
    value = fmt_p(p)
    return value if value.startswith("<") else f"= {value}"


def keyness_findings(keyness: pd.DataFrame, *, statistic: str = "log_odds_dirichlet",
                     alpha: float = ALPHA, top: int = 5, n_tests: int | None = None) -> str:
    """The terms each group uses significantly *more* than the rest, with p and q.

    q is the Benjamini–Hochberg q-value over every row of ``statistic`` in the table (all
    groups, both directions; ``n_tests`` to count tests the table does not list). A term
    is called key when q < ``alpha``; when no term is, the findings say so instead of
    listing the largest scores.

    Parameters
    ----------
    keyness : ``keyness.csv`` (``group, term, statistic, score, count_group, p_value``).
    statistic : which statistic's rows to read.
    top : terms listed per group.
    n_tests : number of tests behind the table (None: its rows).
    """
    key = keyness[keyness["statistic"] == statistic] if "statistic" in keyness else keyness
    if key.empty:
        return ("- No keyness: the corpus has fewer than two groups to compare, so no term "
                "can be key.")
    key = key.assign(q_value=benjamini_hochberg(key["p_value"].to_numpy(), n_tests=n_tests))
    m = max(int(n_tests or 0), len(key))
    sig = key[(key["q_value"] < alpha) & (key["score"] > 0)]
    head = (f"- Keyness ({md(statistic)}): a term is key when its Benjamini–Hochberg "
            f"q < {alpha:g} over {m:,} tests"
            + ("." if n_tests else " (the rows of the table; when the table keeps only each "
               "group's top and bottom terms, more were tested and the true q is larger)."))
    if sig.empty:
        best = key.sort_values(["p_value", "group", "term"], kind="mergesort").iloc[0]
        return (head + f"\n- **No term is significantly key** for any group: the smallest "
                f"p is {best['p_value']:.2g} (\"{md(best['term'])}\", {md(best['group'])}; "
                f"q = {best['q_value']:.2g}). Keyness tables rank terms by score; here the "
                "highest scores are not differences beyond chance.")
    lines = [head]
    for group, rows in sig.sort_values(["group", "q_value", "score", "term"],
                                       ascending=[True, True, False, True],
                                       kind="mergesort").groupby("group", sort=True):
        terms = ", ".join(f"{md(r.term)} (p {_eq(r.p_value)}, q {_eq(r.q_value)})"
                          for r in rows.head(top).itertuples())
        more = f" and {len(rows) - top} more" if len(rows) > top else ""
        lines.append(f"- **{md(group)}**: {terms}{more}.")
    groups = key["group"].nunique()
    without = groups - sig["group"].nunique()
    if without:
        lines.append(f"- {_n(without, 'group')} of {groups} {'has' if without == 1 else 'have'}"
                     " no significantly key term.")
    return "\n".join(lines)


def quote_findings(quotes: pd.DataFrame, *, top: int = 2, max_outlets: int = 10) -> str:
    """Who is quoted most in each outlet: statements (direct quotes and reported speech,
    not scare quotes) by attributed actor, the largest outlets first.

    Statements whose speaker was not found (actor missing or ``unknown``) are counted apart.
    """
    if quotes is None or quotes.empty:
        return "- No statement was found in this corpus."
    st = quotes[quotes["kind"] != "scare"] if "kind" in quotes else quotes
    if st.empty:
        return "- Only scare quotes were found; no statement has a speaker."
    who = st["actor"].where(~is_unknown(st["actor"]), None)
    outlet = st["outlet"].where(~is_unknown(st["outlet"]), "unknown").astype(str)
    lines = [f"- {_n(len(st), 'statement')} ({_n(int(who.isna().sum()), 'statement')} "
             "without a speaker)."]
    attributed = st.assign(who=who, outlet=outlet).dropna(subset=["who"])
    sizes = attributed["outlet"].value_counts().sort_index().sort_values(
        ascending=False, kind="mergesort")
    for name in sizes.index[:max_outlets]:
        counts = (attributed.loc[attributed["outlet"] == name, "who"].value_counts()
                  .sort_index().sort_values(ascending=False, kind="mergesort"))
        total = int(counts.sum())
        names = ", ".join(f"{md(a)} ({k}, {k / total:.0%})" for a, k in counts.head(top).items())
        lines.append(f"- **{md(name)}** ({_n(total, 'attributed statement')}): most quoted "
                     f"{names}.")
    if len(sizes) > max_outlets:
        lines.append(f"- {len(sizes) - max_outlets} more outlets in `quotes.csv`.")
    return "\n".join(lines)


def wire_findings(passages: pd.DataFrame, *, top: int = 5) -> str:
    """Which outlet pairs print the same passages (wire copy or a shared statement):
    passages and matching words per pair of outlets, most words first."""
    if passages is None or passages.empty:
        return "- No passage is shared between articles of different outlets."
    a = passages["outlet_a"].where(~is_unknown(passages["outlet_a"]), "unknown").astype(str)
    b = passages["outlet_b"].where(~is_unknown(passages["outlet_b"]), "unknown").astype(str)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pairs = (passages.assign(x=lo, y=hi).groupby(["x", "y"])
             .agg(n=("n_words", "size"), words=("n_words", "sum"), longest=("n_words", "max"))
             .reset_index()
             .sort_values(["words", "x", "y"], ascending=[False, True, True], kind="mergesort"))
    lines = [f"- {_n(len(passages), 'shared passage')} between "
             f"{_n(len(pairs), 'pair')} of outlets."]
    for r in pairs.head(top).itertuples():
        lines.append(f"- **{md(r.x)}** and **{md(r.y)}**: {_n(r.n, 'passage')}, "
                     f"{r.words:,} matching words (longest {r.longest})."
                     + (" Both outlets unknown: the articles may come from different "
                        "sources." if r.x == r.y == "unknown" else ""))
    return "\n".join(lines)


def similarity_findings(similarity: pd.DataFrame) -> str:
    """The most and the least similar pair of outlets (TF-IDF cosine)."""
    if similarity is None or similarity.empty:
        return "- Fewer than two outlets: no pair to compare."
    s = similarity.sort_values(["cosine", "a", "b"], ascending=[False, True, True],
                               kind="mergesort")
    hi, lo = s.iloc[0], s.iloc[-1]
    line = (f"- Most similar outlets: {md(hi['a'])} and {md(hi['b'])} "
            f"(cosine {hi['cosine']:.2f})")
    if len(s) > 1:
        line += (f"; least similar: {md(lo['a'])} and {md(lo['b'])} ({lo['cosine']:.2f}), "
                 f"over {_n(len(s), 'pair')}.")
    else:
        line += "."
    return line


def stance_findings(stance: pd.DataFrame | None, *, target_terms=(), top: int = 5) -> str:
    """Where actors stand on the target event, or, with no target, how to name one."""
    if not target_terms:
        return ("- **No target event given**: no statement is scored for stance. Name the "
                "event with `--target-terms \"summit, talks\"` (and optionally "
                "`--target-place`) to score it; quotes and voice shares do not need it.")
    if stance is None or stance.empty:
        return (f"- No statement is about the target event ({md(', '.join(target_terms))}): "
                "check the target terms against the words the articles use.")
    counts = stance["stance"].value_counts()
    parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("support", "oppose", "mixed", "neutral"))
    lines = [f"- Target event: {md(', '.join(target_terms))}. {_n(len(stance), 'actor')} "
             f"speak about it: {parts}."]
    sided = stance[stance["stance"].isin(["support", "oppose"])].sort_values(
        ["n_statements", "actor"], ascending=[False, True], kind="mergesort")
    for r in sided.head(top).itertuples():
        lines.append(f"- **{md(r.actor)}**: {r.stance} ({_n(r.n_statements, 'statement')}).")
    return "\n".join(lines)


def keyness_tests(tables: dict[str, pd.DataFrame], *, min_count: int = 3) -> int:
    """How many tests stand behind ``keyness.csv``: the terms counted at least
    ``min_count`` times in the run's cleaned articles (the terms stage scores those) times
    the groups of the keyness table. The table keeps only each group's top and bottom
    terms, so its rows undercount the tests; q-values need the full number."""
    from .terms import count_terms

    key = tables.get("keyness")
    if key is None or key.empty:
        return 0
    counts = count_terms(analysed_articles(tables))
    vocabulary = int((np.asarray(counts.matrix.sum(axis=0)).ravel() >= min_count).sum())
    return vocabulary * int(key["group"].nunique())


def summary(tables: dict[str, pd.DataFrame], *, target_terms=(),
            n_tests: int | None = None) -> str:
    """The report's summary: corpus, significant key terms (q over ``n_tests`` tests, see
    :func:`keyness_tests`), wire copy, quotes, stance."""
    parts = [corpus_findings(tables["articles"])]
    if "keyness" in tables:
        parts.append(keyness_findings(tables["keyness"], top=3, n_tests=n_tests))
    if "shared_passages" in tables:
        parts.append(wire_findings(tables["shared_passages"], top=3))
    if "quotes" in tables:
        parts.append(quote_findings(tables["quotes"], top=1, max_outlets=5))
    if "quotes" in tables:
        parts.append(stance_findings(tables.get("stance"), target_terms=target_terms))
    return "\n".join(parts)
