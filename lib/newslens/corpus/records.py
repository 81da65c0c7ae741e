"""One table record (a CSV row or a JSON object) into an article: which columns hold the
text, id, outlet, title and date (named by the user or guessed), and what a cell's value
means (a list of strings is paragraphs; a number is not an article).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from .dates import date_order, normalise_date
from .decoding import normalise_newlines, strip_nul
from .report import UNKNOWN, Collector
from .titles import PAGE_METADATA, TITLE_COLUMN
from .values import clean_cell

# Column names tried, in order, when the user does not name a column. They cover the
# conventions of the corpora we know (our own metadata, AllSides' `content_original` and
# `source`, the BBC set's `text`/`category`-free layout, Media Cloud's `story_text`).
_GUESS = {
    "text": ("text", "content", "body", "content_original", "story_text", "article"),
    # a URL names one article as surely as an id does (scraper exports have one, no id)
    "id": ("doc_id", "id", "ID", "article_id", "stories_id", "url", "URL", "link"),
    "outlet": ("outlet", "source", "media_name", "publisher", "site"),
    "title": ("title", "headline"),
    "date": ("published", "date", "publish_date", "pub_date"),
    # saved web pages, read only when the table has no text column (or with --html-col)
    "html": ("html", "raw_html", "page_html"),
}


@dataclass(frozen=True)
class Columns:
    """The column of each field in a table (None: the table has none)."""

    text: str
    id: str | None
    outlet: str | None
    title: str | None
    date: str | None
    html: bool = False  # the text column holds saved web pages (read with extract_html)


def candidate_columns() -> set[str]:
    """Every column name :func:`resolve_columns` may choose when the user names none."""
    return {name for names in _GUESS.values() for name in names}


def _listing(available: list[str]) -> str:
    """The columns for a message: at most 40 (a table of random keys has thousands)."""
    shown = ", ".join(available[:40]) or "none"
    return shown + (f" and {len(available) - 40} more" if len(available) > 40 else "")


def resolve_columns(available: list[str], path: Path, *, text_col: str | None,
                    id_col: str | None, outlet_col: str | None, title_col: str | None,
                    date_col: str | None, html_col: str | None = None) -> Columns:
    """The columns of a table with ``available`` columns: those the user named (which must
    exist), else the first of the common names (:data:`_GUESS`) that exists. The article
    is read from a column of saved web pages when the user names one (``html_col``), or
    when the table has no text column but has one of the usual names of such a column.

    Raises
    ------
    CorpusError
        When a named column is missing or no text column is found.
    """
    def pick(kind: str, given: str | None, required: bool = False) -> str | None:
        if given is not None:
            if given not in available:
                raise CorpusError(f"{path}: no column '{given}' (given as the {kind} column); "
                                  f"columns are: {_listing(available)}")
            return given
        for name in _GUESS[kind]:
            if name in available:
                return name
        if required:
            raise CorpusError(
                f"{path}: no text column found (tried {', '.join(_GUESS[kind])}, and "
                f"{', '.join(_GUESS['html'])} for web pages); columns are: "
                f"{_listing(available)}. Name it with --text-col (or --html-col).")
        return None

    if text_col is not None and html_col is not None:
        raise CorpusError(f"{path}: give the text column (--text-col) or the web-page column "
                          "(--html-col), not both")
    html = pick("html", html_col) if text_col is None else None
    if html is not None and (html_col is not None or pick("text", None) is None):
        text, is_html = html, True
    else:
        text, is_html = pick("text", text_col, required=True), False
    return Columns(text=text, id=pick("id", id_col), outlet=pick("outlet", outlet_col),
                   title=pick("title", title_col), date=pick("date", date_col), html=is_html)


def _text_value(value: object, column: str) -> tuple[str, str | None, str | None]:
    """Article text from a table cell: (text, warning, reason to skip).

    A CSV cell is always a string; a JSON value may be anything. A list of strings is a
    common scraper layout (one string per paragraph) and is joined with blank lines; a
    number, boolean or object is not an article and saying so beats loading ``"42"`` or
    ``"{'a': 1}"`` as text.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "", None, f"empty or missing text in column '{column}'"
    if isinstance(value, str):
        return value, None, None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ("\n\n".join(v.strip() for v in value),
                f"text in column '{column}' is a list of {len(value)} strings; joined as paragraphs",
                None)
    kind = ("a boolean" if isinstance(value, bool) else
            "a number" if isinstance(value, (int, float)) else
            "a JSON object" if isinstance(value, dict) else
            "a list that is not a list of strings" if isinstance(value, list) else
            f"a {type(value).__name__}")
    return "", None, f"text in column '{column}' is {kind}, not text; not loaded"


#: Article-table columns: a corpus column of the same name that is not the one read into
#: that field is kept under ``<name>.1`` (as pandas names repeated headers).
_TAKEN = {"doc_id", "outlet", "title", "title_evidence", "published", "text", "source",
          "n_words"}


def extra_columns(available: list[str], cols: Columns) -> dict[str, str]:
    """The corpus's other columns, kept through to ``articles.csv``: each one's name in the
    article table by its name in the corpus, in the corpus's order. The columns read into
    ``text``, ``outlet``, ``title`` and ``published`` are not repeated, nor the id column
    (it is ``doc_id``) unless it is a URL column, kept as the link it is."""
    used = {cols.text, cols.outlet, cols.title, cols.date}
    if cols.id is not None and cols.id.lower() not in ("url", "link"):
        used.add(cols.id)
    out = {}
    for name in available:
        if name in used or name is None:
            continue
        new = name
        while new in _TAKEN or new in out.values():
            new = f"{new}.1"
        out[name] = new
    return out


def id_note(cols: Columns) -> str:
    """The load report's line saying where ``doc_id`` comes from."""
    if cols.id is not None:
        return f"doc_id from column '{cols.id}'"
    return (f"doc_id from the line number (no id column: tried "
            f"{', '.join(_GUESS['id'])}; name one with --id-col)")


def start_table(available: list[str], path: Path, records: list[dict], col: Collector, *,
                dayfirst: bool | None = None, **names: str | None) -> dict:
    """What every record of a table is read with: the columns (:func:`resolve_columns`),
    the extra columns kept, and the order of its numeric dates; the load report gets a row
    for the table saying where ``doc_id`` comes from and, when needed, how its dates were
    read. Returns the keyword arguments of :func:`add_record` but ``record`` and ``where``.
    """
    cols = resolve_columns(available, path, **names)
    note = id_note(cols)
    if cols.html:
        note += (f"; article text, and title, date and outlet where the table has none, read "
                 f"from the web pages in column '{cols.text}' (trafilatura)")
    status = "ok"
    order = False
    if cols.date is not None:
        order, date_note, date_status = date_order((r.get(cols.date) for r in records),
                                                   dayfirst=dayfirst, column=cols.date)
        if date_note:
            note, status = f"{note}; {date_note}", date_status
    col.note(path.name, "", status, note)
    return {"cols": cols, "extra": extra_columns(available, cols), "dayfirst": order}


def _extra_value(value: object) -> str:
    """A cell of an extra column as text: a list of strings (JSON authors) joined with
    "; ", another JSON value written as compact JSON, a whole float without ".0"."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(v.strip() for v in value if v.strip())
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and not pd.isna(value) and value.is_integer():
        return str(int(value))
    return clean_cell(value)


def _id_value(value: object) -> str:
    # JSON ids are often numbers; 7.0 (a float written by pandas) means the id 7.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(value)


def add_record(record: dict, where: str, fallback_id: str, cols: Columns,
               col: Collector, warnings: list[str] | None = None, *,
               extra: dict[str, str] | None = None, dayfirst: bool = False) -> None:
    """Add the article of one record (a CSV row or JSON object found at ``where``) to
    ``col``, or a report row saying why it is skipped; ``fallback_id`` when it has no id.
    ``extra`` maps the record's other columns to their names in the article table
    (:func:`extra_columns`); ``dayfirst`` as from :func:`newslens.corpus.dates.date_order`."""
    doc_id = _id_value(record.get(cols.id)) if cols.id else ""
    doc_id = doc_id or fallback_id
    warnings = list(warnings or [])
    text, warning, skip = _text_value(record.get(cols.text), cols.text)
    if skip:
        col.note(where, doc_id, "skipped", skip)
        return
    if warning:
        warnings.append(warning)
    if len(text) > col.max_bytes:
        col.note(where, doc_id, "skipped",
                 f"text has {len(text) / 1e6:.0f} million characters, more than the limit for "
                 "one article; not loaded")
        return
    text = normalise_newlines(strip_nul(text, warnings))
    if not text.strip():
        col.note(where, doc_id, "skipped", f"empty or missing text in column '{cols.text}'")
        return
    date = record.get(cols.date) if cols.date else ""
    title_from = TITLE_COLUMN
    outlet = clean_cell(record.get(cols.outlet)) if cols.outlet else ""
    title = clean_cell(record.get(cols.title)) if cols.title else ""
    extra = {new: _extra_value(record.get(name)) for name, new in (extra or {}).items()}
    if cols.html:
        page = _page(text, record)
        if not page.text.strip():
            col.note(where, doc_id, "skipped",
                     f"web page in column '{cols.text}': no article text found (trafilatura)")
            return
        # the page's metadata where the table has no value (the site name is the outlet),
        # and its other fields beside the table's own columns, as for a folder's web pages
        text, date = page.text, date if clean_cell(date) else page.published
        if not title and page.title:
            title, title_from = page.title, PAGE_METADATA
        outlet = outlet or page.site_name
        for name, value in page.columns().items():
            if not extra.get(name):
                extra[name] = value
    published, date_warning = normalise_date(date, dayfirst=dayfirst)
    if date_warning:
        warnings.append(date_warning)
    col.add(source=where, doc_id=doc_id, text=text, outlet=outlet or UNKNOWN,
            title=title, published=published, warnings=warnings, extra=extra,
            title_from=title_from)


def _page(html: str, record: dict):
    """The :class:`~newslens.corpus.html.HtmlArticle` of a table cell holding a web page
    (the record's ``url``, if any, helps trafilatura's metadata)."""
    from .html import extract_html   # imported here: a text table does not need trafilatura

    url = next((clean_cell(record.get(k)) for k in ("url", "URL", "link")
                if clean_cell(record.get(k))), None)
    return extract_html(html, url=url)


