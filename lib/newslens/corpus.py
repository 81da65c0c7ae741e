"""Loading a corpus: a folder of .txt files, a CSV, or JSON Lines, with a load report.

Every input (file, CSV row, JSON line, metadata row) gets one row in the load report with
its fate: ``ok``, ``warning`` (loaded, but something needed fixing or guessing) or
``skipped`` (not loaded, and why). A problem with one article never stops the others.
"""
from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import json
import lzma
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from .config import RAW_DIR
from .errors import CorpusError

#: Columns of the article table, in order.
ARTICLE_COLUMNS = ["doc_id", "outlet", "title", "published", "text", "source"]
#: Columns of the load report, in order.
REPORT_COLUMNS = ["source", "doc_id", "status", "message"]

UNKNOWN = "unknown"

# Column names tried, in order, when the user does not name a column. They cover the
# conventions of the corpora we know (our own metadata, AllSides' `content_original` and
# `source`, the BBC set's `text`/`category`-free layout, Media Cloud's `story_text`).
_GUESS = {
    "text": ("text", "content", "body", "content_original", "story_text", "article"),
    "id": ("doc_id", "id", "ID", "article_id", "stories_id"),
    "outlet": ("outlet", "source", "media_name", "publisher", "site"),
    "title": ("title", "headline"),
    "date": ("published", "date", "publish_date", "pub_date"),
}

# Leading bytes of common binary formats that sometimes end up in a scraped folder.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8",
                 b"\xfd7zXZ", b"BZh", b"\x7fELF", b"\xd0\xcf\x11\xe0")


@dataclass
class _Collector:
    """Accumulates articles and report rows while a corpus is read."""

    articles: list[dict] = field(default_factory=list)
    report: list[dict] = field(default_factory=list)

    def note(self, source: str, doc_id: str, status: str, message: str = "") -> None:
        self.report.append({"source": source, "doc_id": doc_id, "status": status,
                            "message": message})

    def add(self, *, source: str, doc_id: str, text: str, outlet: str, title: str,
            published: str, warnings: list[str]) -> None:
        self.articles.append({"doc_id": doc_id, "outlet": outlet, "title": title,
                              "published": published, "text": text, "source": source})
        self.note(source, doc_id, "warning" if warnings else "ok", "; ".join(warnings))


# --------------------------------------------------------------------------- decoding

def decode_bytes(data: bytes) -> tuple[str | None, list[str]]:
    """Decode an article's bytes, saying what was needed.

    Order: a UTF-8 or UTF-16/32 byte-order mark decides; then strict UTF-8; then, unless the
    bytes look binary, cp1252 (the usual encoding of Western scraped text that is not
    UTF-8) with a warning, falling back to Latin-1 for the five bytes cp1252 leaves undefined.

    Returns
    -------
    (text, warnings); text is None when the bytes are not text at all.

    Examples
    --------
    >>> decode_bytes("Café".encode("utf-8"))
    ('Café', [])
    >>> decode_bytes("Café".encode("cp1252"))[1]
    ['not valid UTF-8; decoded as cp1252']
    """
    warnings: list[str] = []
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                return None, [f"has a {enc} byte-order mark but is not valid {enc} ({exc.reason})"]
            if enc != "utf-8-sig":
                warnings.append(f"decoded as {enc} (byte-order mark)")
            return _strip_nul(text, warnings), warnings
    if data.startswith(_BINARY_MAGIC) or _looks_binary(data):
        return None, ["not a text file (binary content)"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            warnings.append("not valid UTF-8; decoded as cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            warnings.append("not valid UTF-8 or cp1252; decoded as Latin-1")
    return _strip_nul(text, warnings), warnings


def _looks_binary(data: bytes, *, sample: int = 8192) -> bool:
    """True when more than 10% of the first 8 KiB are control bytes other than whitespace.

    Text files may carry a stray NUL (a scraper bug); binary files carry many.
    """
    head = data[:sample]
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.10


def _strip_nul(text: str, warnings: list[str]) -> str:
    # A NUL inside text truncates strings in C-based tools (spreadsheets, some CSV readers)
    # and is never meaningful in prose: drop it and say so.
    if "\x00" in text:
        n = text.count("\x00")
        warnings.append(f"removed {n} NUL character{'s' if n != 1 else ''}")
        text = text.replace("\x00", "")
    return text


def _normalise_newlines(text: str) -> str:
    # CRLF (Windows) and lone CR (classic Mac, some CMS exports) become \n so that paragraph
    # splitting works the same on every input.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:300]
    return ""


def _clean_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


def normalise_date(value: object) -> tuple[str, str | None]:
    """Return an ISO date (YYYY-MM-DD) or "" with a warning for values that are not dates.

    Placeholders before 1900 (AllSides has ``0001-11-30``) are treated as missing.

    Examples
    --------
    >>> normalise_date("9/11/18")
    ('2018-09-11', None)
    >>> normalise_date("0001-11-30")
    ('', 'date "0001-11-30" is a placeholder; left empty')
    """
    raw = _clean_cell(value)
    if not raw:
        return "", None
    if len(raw) >= 4 and raw[:4].isdigit() and int(raw[:4]) < 1900:
        return "", f'date "{raw}" is a placeholder; left empty'
    try:
        ts = pd.to_datetime(raw, format="mixed", utc=True)
    except (ValueError, TypeError, OverflowError):
        return "", f'date "{raw[:40]}" is not a date; left empty'
    if pd.isna(ts) or ts.year < 1900:
        return "", f'date "{raw[:40]}" is not a date; left empty'
    return ts.strftime("%Y-%m-%d"), None


# --------------------------------------------------------------------------- folders

def _read_metadata(folder: Path, col: _Collector) -> dict[str, dict]:
    """Metadata rows keyed by resolved file path (only rows that point at a real file)."""
    meta_path = folder / "metadata.csv"
    if not meta_path.exists():
        return {}
    raw, warns = decode_bytes(meta_path.read_bytes())
    if raw is None:
        col.note("metadata.csv", "", "skipped", "metadata.csv is not a text file; ignored")
        return {}
    try:
        meta = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        col.note("metadata.csv", "", "skipped", f"metadata.csv cannot be parsed ({exc}); ignored")
        return {}
    if "file" not in meta.columns and "doc_id" not in meta.columns:
        col.note("metadata.csv", "", "skipped",
                 "metadata.csv has neither a 'file' nor a 'doc_id' column; ignored")
        return {}
    root = folder.resolve()
    rows: dict[str, dict] = {}
    for i, row in enumerate(meta.to_dict("records"), start=2):  # line 1 is the header
        where = f"metadata.csv:{i}"
        name = row.get("file") or (row.get("doc_id", "") + ".txt")
        if not name:
            col.note(where, "", "skipped", "metadata row names no file; ignored")
            continue
        target = (folder / name).resolve()
        if Path(name).is_absolute() or not target.is_relative_to(root):
            col.note(where, row.get("doc_id", ""), "skipped",
                     f'metadata row points at "{name}", outside the corpus folder; refused')
            continue
        if not target.is_file():
            col.note(where, row.get("doc_id", ""), "skipped",
                     f'metadata row points at "{name}", which does not exist')
            continue
        key = str(target)
        if key in rows:
            col.note(where, row.get("doc_id", ""), "skipped",
                     f'second metadata row for "{name}"; the first one is used')
            continue
        rows[key] = row
    return rows


def _load_folder(folder: Path, col: _Collector) -> None:
    meta = _read_metadata(folder, col)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    for path in files:
        rel = path.relative_to(folder).as_posix()
        if rel == "metadata.csv":
            continue
        if path.suffix.lower() != ".txt":
            col.note(rel, "", "skipped", "not a .txt file; ignored")
            continue
        doc_id = rel[: -len(path.suffix)]
        row = meta.get(str(path.resolve()))
        if row and row.get("doc_id"):
            doc_id = row["doc_id"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            col.note(rel, doc_id, "skipped", f"cannot be read ({exc.strerror})")
            continue
        text, warnings = decode_bytes(data)
        if text is None:
            col.note(rel, doc_id, "skipped", "; ".join(warnings))
            continue
        text = _normalise_newlines(text)
        if not text.strip():
            col.note(rel, doc_id, "skipped", "empty or whitespace-only article")
            continue
        if row is None:
            if meta:
                warnings.append("no metadata row; outlet set to unknown")
            row = {}
        published, date_warning = normalise_date(row.get("published", ""))
        if date_warning:
            warnings.append(date_warning)
        col.add(source=rel, doc_id=doc_id, text=text,
                outlet=_clean_cell(row.get("outlet")) or UNKNOWN,
                title=_clean_cell(row.get("title")) or _first_line(text),
                published=published, warnings=warnings)


# --------------------------------------------------------------------------- tables

@dataclass(frozen=True)
class _Columns:
    text: str
    id: str | None
    outlet: str | None
    title: str | None
    date: str | None


def _resolve_columns(available: list[str], path: Path, *, text_col: str | None,
                     id_col: str | None, outlet_col: str | None, title_col: str | None,
                     date_col: str | None) -> _Columns:
    def pick(kind: str, given: str | None, required: bool = False) -> str | None:
        if given is not None:
            if given not in available:
                raise CorpusError(f"{path}: no column '{given}' (given as the {kind} column); "
                                  f"columns are: {', '.join(available) or 'none'}")
            return given
        for name in _GUESS[kind]:
            if name in available:
                return name
        if required:
            raise CorpusError(
                f"{path}: no text column found (tried {', '.join(_GUESS[kind])}); columns are: "
                f"{', '.join(available) or 'none'}. Name it with --text-col.")
        return None

    return _Columns(text=pick("text", text_col, required=True), id=pick("id", id_col),
                    outlet=pick("outlet", outlet_col), title=pick("title", title_col),
                    date=pick("date", date_col))


def _add_record(record: dict, where: str, fallback_id: str, cols: _Columns,
                col: _Collector) -> None:
    doc_id = _clean_cell(record.get(cols.id)) if cols.id else ""
    doc_id = doc_id or fallback_id
    value = record.get(cols.text)
    if value is not None and not isinstance(value, str) and not (
            isinstance(value, float) and pd.isna(value)):
        value = str(value)
    text = value if isinstance(value, str) else ""
    warnings: list[str] = []
    text = _normalise_newlines(_strip_nul(text, warnings))
    if not text.strip():
        col.note(where, doc_id, "skipped", f"empty or missing text in column '{cols.text}'")
        return
    published, date_warning = normalise_date(record.get(cols.date) if cols.date else "")
    if date_warning:
        warnings.append(date_warning)
    outlet = _clean_cell(record.get(cols.outlet)) if cols.outlet else ""
    title = _clean_cell(record.get(cols.title)) if cols.title else ""
    col.add(source=where, doc_id=doc_id, text=text, outlet=outlet or UNKNOWN,
            title=title or _first_line(text), published=published, warnings=warnings)


def _open_text(path: Path) -> io.TextIOBase:
    opener = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}.get(path.suffix.lower())
    if opener is not None:
        return opener(path, "rt", encoding="utf-8", errors="replace", newline="")
    return open(path, encoding="utf-8-sig", errors="replace", newline="")


def _iter_jsonl(path: Path, col: _Collector) -> Iterator[tuple[int, dict]]:
    try:
        handle = _open_text(path)
        with handle:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    col.note(f"{path.name}:{lineno}", "", "skipped",
                             f"line {lineno} is not valid JSON ({exc.msg})")
                    continue
                if not isinstance(record, dict):
                    col.note(f"{path.name}:{lineno}", "", "skipped",
                             f"line {lineno} is JSON but not an object")
                    continue
                yield lineno, record
    except (OSError, EOFError, lzma.LZMAError) as exc:
        col.note(path.name, "", "skipped", f"stopped reading: file is damaged ({exc})")


def _load_jsonl(path: Path, col: _Collector, **names: str | None) -> None:
    cols: _Columns | None = None
    seen_keys: set[str] = set()
    pending: list[tuple[int, dict]] = []
    for lineno, record in _iter_jsonl(path, col):
        if cols is None:
            seen_keys.update(record)
            pending.append((lineno, record))
            # Decide the column mapping from the first record that has a text column.
            try:
                cols = _resolve_columns(sorted(seen_keys), path, **names)
            except CorpusError:
                if len(pending) < 100:
                    continue
                raise
            for ln, rec in pending:
                _add_record(rec, f"{path.name}:{ln}", f"{path.stem}-{ln}", cols, col)
            pending.clear()
            continue
        _add_record(record, f"{path.name}:{lineno}", f"{path.stem}-{lineno}", cols, col)
    if cols is None:
        if pending:
            _resolve_columns(sorted(seen_keys), path, **names)  # raises the clear error
        raise CorpusError(f"{path}: no articles found (no readable JSON lines)")


def _load_csv(path: Path, col: _Collector, **names: str | None) -> None:
    raw, warns = decode_bytes(path.read_bytes())
    if raw is None:
        raise CorpusError(f"{path}: not a text file, so not a CSV")
    try:
        table = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False,
                            on_bad_lines="warn")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise CorpusError(f"{path}: cannot be parsed as CSV ({exc})") from None
    cols = _resolve_columns(list(table.columns), path, **names)
    for i, record in enumerate(table.to_dict("records"), start=2):
        _add_record(record, f"{path.name}:{i}", f"{path.stem}-{i}", cols, col)
    if warns:
        col.note(path.name, "", "warning", "; ".join(warns))


# --------------------------------------------------------------------------- public API

def _dedupe_ids(col: _Collector) -> None:
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


def load_corpus(path: str | Path | None = None, *, text_col: str | None = None,
                id_col: str | None = None, outlet_col: str | None = None,
                title_col: str | None = None, date_col: str | None = None) -> pd.DataFrame:
    """Load a corpus into a table of articles, with a load report in ``df.attrs``.

    Parameters
    ----------
    path : a folder of ``.txt`` files (with an optional ``metadata.csv`` whose ``file`` or
        ``doc_id`` column names each file), a ``.csv``, or a ``.jsonl`` / ``.jsonl.gz`` /
        ``.jsonl.xz`` / ``.jsonl.bz2`` file. None loads the bundled Idlib corpus.
    text_col, id_col, outlet_col, title_col, date_col : column names in a CSV or JSONL.
        When not given, common names are tried (``text``/``content``/``content_original``…,
        ``doc_id``/``id``…, ``outlet``/``source``…, ``title``…, ``published``/``date``…).

    Returns
    -------
    DataFrame with columns ``doc_id`` (unique), ``outlet`` ("unknown" when not known),
    ``title`` (the first non-empty line when not given), ``published`` (ISO date or ""),
    ``text`` (newlines normalised to ``\\n``, otherwise as read), ``source`` (file, or
    ``file:line`` for rows). Rows are in input order. ``df.attrs["load_report"]`` is a
    DataFrame with one row per input: ``source, doc_id, status, message``.

    Raises
    ------
    CorpusError
        When the corpus as a whole cannot be read: the path is missing, the folder has no
        readable article, or a table has no text column.

    Examples
    --------
    >>> df = load_corpus()
    >>> len(df), sorted(df["outlet"].unique())
    (5, ['TRT World', 'i24NEWS', 'unknown'])
    """
    path = Path(path) if path is not None else RAW_DIR
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    col = _Collector()
    names = dict(text_col=text_col, id_col=id_col, outlet_col=outlet_col, title_col=title_col,
                 date_col=date_col)
    suffixes = [s.lower() for s in path.suffixes]
    if path.is_dir():
        _load_folder(path, col)
    elif ".jsonl" in suffixes or ".ndjson" in suffixes or ".json" in suffixes:
        _load_jsonl(path, col, **names)
    elif ".csv" in suffixes:
        _load_csv(path, col, **names)
    elif suffixes and suffixes[-1] == ".txt":
        _load_folder_single(path, col)
    else:
        raise CorpusError(f"{path}: unknown corpus format; give a folder of .txt files, "
                          "a .csv, or a .jsonl (optionally .gz/.xz/.bz2)")
    _dedupe_ids(col)
    if not col.articles:
        detail = "; ".join(sorted({f"{r['source']}: {r['message']}" for r in col.report}))[:500]
        raise CorpusError(f"{path}: no articles could be loaded"
                          + (f" ({detail})" if detail else " (no .txt files)"))
    df = pd.DataFrame(col.articles, columns=ARTICLE_COLUMNS)
    df = df.astype(object)
    df.attrs["load_report"] = pd.DataFrame(col.report, columns=REPORT_COLUMNS).astype(object)
    return df


def _load_folder_single(path: Path, col: _Collector) -> None:
    """A single .txt file is a corpus of one article."""
    text, warnings = decode_bytes(path.read_bytes())
    if text is None:
        col.note(path.name, path.stem, "skipped", "; ".join(warnings))
        return
    text = _normalise_newlines(text)
    if not text.strip():
        col.note(path.name, path.stem, "skipped", "empty or whitespace-only article")
        return
    col.add(source=path.name, doc_id=path.stem, text=text, outlet=UNKNOWN,
            title=_first_line(text), published="", warnings=warnings)


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
