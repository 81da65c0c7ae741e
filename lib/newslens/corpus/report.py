"""The load report: one row per input (file, CSV row, JSON line, metadata row) with its
fate, ``ok``, ``warning`` (loaded, but something needed fixing or guessing) or ``skipped``
(not loaded, and why); the :class:`Collector` that gathers articles and report rows while
a corpus is read; and summaries of the report and of the articles per outlet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .decoding import SURROGATES, fix_surrogates
from .titles import NO_TITLE, TITLE_COLUMN, headline_line, title_evidence_for
from .values import strip_bidi

#: Columns of the article table, in order; the corpus's other columns (``url``,
#: ``authors``, ...) follow them.
ARTICLE_COLUMNS = ["doc_id", "outlet", "title", "title_evidence", "published", "text",
                   "source"]
#: Columns of the load report, in order.
REPORT_COLUMNS = ["source", "doc_id", "status", "message"]

#: The outlet of an article whose outlet is not known.
UNKNOWN = "unknown"

#: Report statuses from the least to the most severe.
_SEVERITY = ("ok", "warning", "skipped")


@dataclass
class Collector:
    """Accumulates articles and report rows while a corpus is read.

    Attributes
    ----------
    max_bytes : largest article read, in bytes of a file or of a JSON line, or characters
        of a table cell (:data:`newslens.corpus.MAX_ARTICLE_BYTES` when the loader makes
        the collector).
    max_file_bytes : most bytes read from one corpus file after decompression (None: no
        limit; :data:`newslens.corpus.MAX_FILE_BYTES` when the loader makes the collector).
    articles : one dict per loaded article (keys :data:`ARTICLE_COLUMNS`).
    report : one dict per report row (keys :data:`REPORT_COLUMNS`).
    """

    max_bytes: int
    max_file_bytes: int | None = None
    articles: list[dict] = field(default_factory=list)
    report: list[dict] = field(default_factory=list)
    #: report rows without a doc_id, by source (see :meth:`note`)
    _input_rows: dict[str, dict] = field(default_factory=dict, repr=False)

    def note(self, source: str, doc_id: str, status: str, message: str = "") -> None:
        """Add a report row. A second row about the same input without a doc_id (a file's
        own row: how its ids and dates were read, then a decoding warning or damage) is
        merged into the first, so that every input keeps one row: the messages joined with
        "; ", the worse status kept (skipped, then warning, then ok)."""
        row = {"source": fix_surrogates(source), "doc_id": fix_surrogates(doc_id),
               "status": status, "message": fix_surrogates(message)}
        if not doc_id:
            key = row["source"]
            if key in self._input_rows:
                old = self._input_rows[key]
                old["message"] = "; ".join(m for m in (old["message"], row["message"]) if m)
                old["status"] = max(old["status"], status, key=_SEVERITY.index)
                return
            self._input_rows[key] = row
        self.report.append(row)

    def add(self, *, source: str, doc_id: str, text: str, outlet: str, title: str,
            published: str, warnings: list[str], extra: dict[str, str] | None = None,
            title_from: str = TITLE_COLUMN) -> None:
        """Add an article and its report row (``warning`` when there are warnings).

        ``title`` "" means no title was given: the title is the first line of the text
        that reads like a headline (:func:`newslens.corpus.titles.headline_line`), or ""
        when none does; ``title_evidence`` says which (``title column``, ``first
        headline-like line (line N)``, ``none``); an empty cell of a title column counts
        as no title; ``title_from`` is the evidence of a given title (:data:`TITLE_COLUMN`,
        or :data:`PAGE_METADATA` for a web page's). ``extra``: the corpus's other columns
        for this article. Bidirectional control
        characters are removed from the outlet and the title; when they were in a given
        outlet or title cell, a warning says so (a title taken from the text is a line of
        it without them: the text keeps them and the cleaner's ``bidi_controls`` rule
        removes and logs them).
        """
        outlet, n_outlet = strip_bidi(outlet)
        title, n_title = strip_bidi(title)
        if title:
            evidence = title_from
        else:
            derived, line = headline_line(text)
            title, evidence = strip_bidi(derived)[0], title_evidence_for(line)
            if evidence == NO_TITLE:
                title = ""
        for n, where in ((n_outlet, "outlet"), (n_title, "title")):
            if n:
                warnings.append(f"removed {n} bidirectional control character"
                                f"{'s' if n != 1 else ''} (U+202E and kin, which reorder how "
                                f"text is displayed) from the {where}")
        outlet = outlet or UNKNOWN
        n_bad = len(SURROGATES.findall(text))
        if n_bad:
            warnings.append(f"replaced {n_bad} unpaired surrogate character"
                            f"{'s' if n_bad != 1 else ''} with U+FFFD")
        article = {"doc_id": fix_surrogates(doc_id), "outlet": fix_surrogates(outlet),
                   "title": fix_surrogates(title), "title_evidence": evidence,
                   "published": published, "text": fix_surrogates(text),
                   "source": fix_surrogates(source)}
        for name, value in (extra or {}).items():
            article.setdefault(name, fix_surrogates(value))
        self.articles.append(article)
        self.note(source, doc_id, "warning" if warnings else "ok", "; ".join(warnings))


def dedupe_ids(col: Collector) -> None:
    """Give a repeated doc_id a ``~2``, ``~3`` suffix and say so: both articles are kept."""
    counts: dict[str, int] = {}
    by_source = {}
    for art in col.articles:
        n = counts.get(art["doc_id"], 0) + 1
        counts[art["doc_id"]] = n
        if n > 1:
            new = f"{art['doc_id']}~{n}"
            while new in counts:
                n += 1
                new = f"{art['doc_id']}~{n}"
            counts[new] = 1
            by_source[art["source"]] = (art["doc_id"], new)
            art["doc_id"] = new
    if not by_source:
        return
    for row in col.report:
        if row["source"] in by_source and row["status"] != "skipped":
            old, new = by_source[row["source"]]
            row["doc_id"] = new
            row["status"] = "warning"
            msg = f'duplicate doc_id "{old}"; renamed to "{new}"'
            row["message"] = f"{row['message']}; {msg}" if row["message"] else msg

def load_report(df: pd.DataFrame) -> pd.DataFrame:
    """The load report of a corpus returned by :func:`load_corpus`.

    Columns: ``source`` (file, or ``file:line``), ``doc_id``, ``status`` (``ok``,
    ``warning`` or ``skipped``), ``message`` (what was wrong, empty when nothing was).
    """
    report = df.attrs.get("load_report")
    if report is None:
        raise ValueError("this table carries no load report; it did not come from load_corpus")
    return report


def summarise_report(report: pd.DataFrame) -> pd.DataFrame:
    """Counts of inputs by status: a one-line answer to "was anything lost?"."""
    counts = report["status"].value_counts()
    return pd.DataFrame({"status": ["ok", "warning", "skipped"],
                         "inputs": [int(counts.get(s, 0)) for s in ("ok", "warning", "skipped")]})


def outlet_summary(df: pd.DataFrame, *, text_col: str = "text") -> pd.DataFrame:
    """Articles and words per outlet: ``outlet, articles, words, median_words``.

    Words are whitespace-separated tokens of ``text_col``. Sorted by articles (descending),
    then outlet name, so the table is the same on every run.
    """
    words = df[text_col].str.split().str.len().fillna(0).astype(int)
    out = (pd.DataFrame({"outlet": df["outlet"], "words": words})
           .groupby("outlet", sort=True)["words"]
           .agg(articles="size", words="sum", median_words="median")
           .reset_index())
    out["median_words"] = out["median_words"].astype(float).round(1)
    return out.sort_values(["articles", "outlet"], ascending=[False, True],
                           kind="mergesort").reset_index(drop=True)
