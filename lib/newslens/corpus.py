"""Loading a corpus: a folder of .txt files, a CSV, or JSON Lines, with a load report.

Every input (file, CSV row, JSON line, metadata row) gets one row in the load report with
its fate: ``ok``, ``warning`` (loaded, but something needed fixing or guessing) or
``skipped`` (not loaded, and why). A problem with one article never stops the others.

What the loader refuses or repairs, and why (each case leaves a report row naming the input):

- files reached through a symbolic link that leaves the corpus folder, metadata rows naming a
  file outside it: refused, so a corpus cannot make the loader read ``/etc/passwd`` or a
  user's private files into tables that are then shared;
- hidden files and folders (``.git``, ``.DS_Store``), folder links (which can loop), FIFOs
  and devices (reading one blocks for ever), files larger than :data:`MAX_ARTICLE_BYTES`:
  not read;
- bytes that are not UTF-8: decoded by byte-order mark, UTF-16 pattern, mostly-UTF-8 with
  replacement, else cp1252; NUL characters and unpaired surrogates are removed or replaced
  (they crash C-based tools and UTF-8 writers);
- broken CSV rows (too many fields, bad quoting) and broken JSON lines: reported one by one,
  the rest of the file is read; a JSON text field that is a number, object or ``null`` is
  not an article, a list of strings is joined into paragraphs.
"""
from __future__ import annotations

import bz2
import codecs
import csv
import functools
import gzip
import io
import json
import lzma
import os
import re
import stat
from contextlib import contextmanager
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

#: Largest file read as one article (bytes). A news article is a few kB; a 20 MB one is
#: already pathological. Anything bigger is a log, a dump or a video saved as .txt, and
#: reading it would exhaust memory before any stage could say what is wrong.
MAX_ARTICLE_BYTES = 100_000_000

# Unpaired UTF-16 surrogates: JSON may carry them ("\ud800"), and pandas' UTF-8 writer
# raises on them, so one bad character would stop the whole run when tables are written.
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass
class _Collector:
    """Accumulates articles and report rows while a corpus is read."""

    articles: list[dict] = field(default_factory=list)
    report: list[dict] = field(default_factory=list)

    def note(self, source: str, doc_id: str, status: str, message: str = "") -> None:
        self.report.append({"source": _fix_surrogates(source), "doc_id": _fix_surrogates(doc_id),
                            "status": status, "message": _fix_surrogates(message)})

    def add(self, *, source: str, doc_id: str, text: str, outlet: str, title: str,
            published: str, warnings: list[str]) -> None:
        n_bad = len(_SURROGATES.findall(text))
        if n_bad:
            warnings.append(f"replaced {n_bad} unpaired surrogate character"
                            f"{'s' if n_bad != 1 else ''} with U+FFFD")
        self.articles.append({"doc_id": _fix_surrogates(doc_id), "outlet": _fix_surrogates(outlet),
                              "title": _fix_surrogates(title), "published": published,
                              "text": _fix_surrogates(text), "source": _fix_surrogates(source)})
        self.note(source, doc_id, "warning" if warnings else "ok", "; ".join(warnings))


def _fix_surrogates(value: str) -> str:
    """Replace unpaired surrogates (not encodable as UTF-8) with U+FFFD."""
    return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value


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
    if data.startswith(_BINARY_MAGIC):
        return None, ["not a text file (binary content)"]
    # Windows tools sometimes write UTF-16 without a byte-order mark; Latin-script text then
    # has a NUL in every other byte, which would otherwise look binary.
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None, ["not a text file (binary content)"]
        warnings.append(f"decoded as {utf16} (no byte-order mark)")
        return _strip_nul(text, warnings), warnings
    if _looks_binary(data):
        return None, ["not a text file (binary content)"]
    text, how = _decode_non_bom(data)
    if how:
        warnings.append(how)
    return _strip_nul(text, warnings), warnings


def _decode_non_bom(data: bytes) -> tuple[str, str | None]:
    """Decode bytes without a byte-order mark: UTF-8, damaged UTF-8, cp1252 or Latin-1.

    A scraper that cuts a text mid-character, or splices two pages, leaves a few invalid
    bytes in otherwise valid UTF-8; decoding the whole file as cp1252 would then turn every
    correct accent and curly quote into mojibake (``â€™``). So when the valid non-ASCII
    characters outnumber the invalid bytes, the text is UTF-8 with the bad bytes replaced by
    U+FFFD; otherwise it is a single-byte Western encoding.
    """
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    n_replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    n_non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    n_valid = n_non_ascii - text.count("\ufffd")
    if n_valid > 0 and n_valid >= n_replaced:
        return text, (f"{n_replaced} byte sequence{'s' if n_replaced != 1 else ''} not valid "
                      "UTF-8; replaced with U+FFFD")
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8 or cp1252; decoded as Latin-1"


def _utf16_without_bom(data: bytes, *, sample: int = 4096) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes have UTF-16's NUL-every-other-byte pattern.

    Requires at least 90% NUL bytes in one parity and at most 10% in the other, over the
    first 4 KiB (binary formats have NULs scattered in both parities).
    """
    head = data[:sample - sample % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd >= 0.9 and z_even <= 0.1:
        return "utf-16-le"
    if z_even >= 0.9 and z_odd <= 0.1:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes, *, sample: int = 8192) -> bool:
    """True when more than 5% of the first 8 KiB are control bytes other than whitespace.

    Text files may carry a stray NUL or escape code (a scraper bug); binary files carry
    many. Compressed or encrypted data without a known magic number is uniformly random,
    so 28 of its 256 byte values (10.9%) are such controls: the threshold sits well
    below that and well above what text holds. Two stray controls never make a file
    binary, however short it is.
    """
    head = data[:sample]
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > 2 and controls / len(head) > 0.05


#: Control bytes that do not occur in text (C0 controls other than tab, LF, VT, FF, CR).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))


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
    # Walks line by line without splitting the whole text: a 20 MB article on one line
    # should not be copied to find its first 300 characters.
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:min(end, start + 10_000)].strip()
        if line:
            return line[:300]
        start = end + 1
    return ""


def _display_name(rel: str) -> str:
    """A file name fit for a report and a terminal.

    Names that are not valid UTF-8 arrive with surrogate escapes (they cannot be written
    to a UTF-8 CSV); control characters could rewrite the user's terminal when a message
    is printed. Both are shown as backslash escapes.
    """
    name = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


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
    return _normalise_date_text(_clean_cell(value))


# A corpus repeats the same date strings thousands of times (AllSides: 37,554 articles, a few
# thousand distinct dates) and pd.to_datetime costs ~0.2 ms a call; the answer depends only on
# the string, so it is memoised.
@functools.lru_cache(maxsize=65536)
def _normalise_date_text(raw: str) -> tuple[str, str | None]:
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


# --------------------------------------------------------------------------- CSV

@contextmanager
def _csv_field_limit(n: int):
    """Let the csv module read fields of up to ``n`` characters, then restore its limit.

    The default limit (131,072 characters) would refuse a long article in one cell.
    """
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, n + 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _read_csv_rows(raw: str, name: str, col: _Collector) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and records of a CSV text, each record with the line where it starts.

    Written on the standard csv module rather than pandas because every bad row must be
    reported, with its line, and the rest of the file still read: a row with more fields
    than the header is reported and skipped (pandas would shift it into an index or drop it
    with a warning on stderr); a quoting error (``"a"b``, an unterminated quote) is reported
    at the line where the broken record starts, and reading resumes on the next line (pandas
    stops with an error for the whole file). A row with fewer fields is padded with empty
    cells. Repeated header names get ``.1``, ``.2`` suffixes, as in pandas.
    """
    lines = io.StringIO(raw, newline="").readlines()
    rows: list[tuple[int, list[str]]] = []
    start = 0
    with _csv_field_limit(len(raw)):
        while start < len(lines):
            reader = csv.reader((lines[i] for i in range(start, len(lines))), strict=True)
            consumed = 0
            try:
                for row in reader:
                    first = start + consumed + 1
                    consumed = reader.line_num
                    if row and any(cell.strip() for cell in row):
                        rows.append((first, row))
                break
            except csv.Error as exc:
                bad = start + consumed + 1
                col.note(f"{name}:{bad}", "", "skipped",
                         f"line {bad} is not valid CSV ({exc}); reading resumes at line {bad + 1}")
                start = bad
    if not rows:
        return [], []
    header_line, header = rows[0]
    seen: dict[str, int] = {}
    columns = []
    for h in header:
        if h in seen:
            seen[h] += 1
            columns.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            columns.append(h)
    records = []
    for lineno, row in rows[1:]:
        if len(row) > len(columns):
            col.note(f"{name}:{lineno}", "", "skipped",
                     f"row has {len(row)} fields but the header has {len(columns)} "
                     "(an unquoted comma?); not read")
            continue
        row = row + [""] * (len(columns) - len(row))
        records.append((lineno, dict(zip(columns, row))))
    return columns, records


# --------------------------------------------------------------------------- folders

def _read_metadata(folder: Path, col: _Collector) -> dict[str, dict]:
    """Metadata rows keyed by resolved file path (only rows that point at a real file)."""
    meta_path = folder / "metadata.csv"
    if not os.path.lexists(meta_path):
        return {}
    root = folder.resolve()
    problem = _refuse_special(meta_path, root)
    if problem:
        col.note("metadata.csv", "", "skipped", f"metadata.csv: {problem}; ignored")
        return {}
    try:
        raw, warns = decode_bytes(meta_path.read_bytes())
    except OSError as exc:
        col.note("metadata.csv", "", "skipped",
                 f"metadata.csv cannot be read ({exc.strerror or exc}); ignored")
        return {}
    if raw is None:
        col.note("metadata.csv", "", "skipped", "metadata.csv is not a text file; ignored")
        return {}
    if warns:
        col.note("metadata.csv", "", "warning", "; ".join(warns))
    columns, records = _read_csv_rows(raw, "metadata.csv", col)
    if "file" not in columns and "doc_id" not in columns:
        col.note("metadata.csv", "", "skipped",
                 "metadata.csv has neither a 'file' nor a 'doc_id' column; ignored")
        return {}
    rows: dict[str, dict] = {}
    for i, row in records:
        where = f"metadata.csv:{i}"
        doc_id = row.get("doc_id", "").strip()
        name = row.get("file", "").strip() or (doc_id + ".txt" if doc_id else "")
        if not name:
            col.note(where, "", "skipped", "metadata row names no file and no doc_id; ignored")
            continue
        shown = _display_name(name)[:200]
        try:
            target = (folder / name).resolve()
            outside = Path(name).is_absolute() or not target.is_relative_to(root)
            exists = not outside and target.is_file()
        except (OSError, ValueError, RuntimeError) as exc:  # name too long, NUL, link loops
            reason = getattr(exc, "strerror", None) or str(exc)[:80]
            col.note(where, doc_id, "skipped",
                     f'metadata row names "{shown}", which is not a usable file name ({reason})')
            continue
        if outside:
            col.note(where, doc_id, "skipped",
                     f'metadata row points at "{shown}", outside the corpus folder; refused')
            continue
        if not exists:
            col.note(where, doc_id, "skipped",
                     f'metadata row points at "{shown}", which does not exist')
            continue
        key = str(target)
        if key in rows:
            col.note(where, doc_id, "skipped",
                     f'second metadata row for "{shown}"; the first one is used')
            continue
        rows[key] = row
    return rows


def _refuse_special(path: Path, root: Path) -> str | None:
    """Why ``path`` must not be read (a link out of ``root``, a FIFO, a device), or None."""
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            target = path.resolve()
            if not target.is_relative_to(root):
                return "symbolic link to a file outside the corpus folder; refused"
            if not target.exists():
                return "broken symbolic link"
            st = target.stat()
        if stat.S_ISDIR(st.st_mode):
            return "a folder, not a file"
        if not stat.S_ISREG(st.st_mode):
            # A FIFO or device named .txt would block the loader for ever.
            return "not a regular file (FIFO, socket or device); not read"
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop on older Pythons
        return f"cannot be inspected ({getattr(exc, 'strerror', None) or exc})"
    return None


def _walk_folder(folder: Path, col: _Collector) -> list[Path]:
    """Candidate files of a corpus folder, in a fixed order, reporting what is not read.

    Hidden entries (``.git``, ``.DS_Store``) are left out with one report row each (a
    hidden folder is not entered). Links to folders are not followed (they can loop, or lead
    out of the corpus). Unreadable folders are reported.
    """
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(folder).as_posix() if exc.filename else "."
        col.note(_display_name(where), "", "skipped",
                 f"folder cannot be read ({exc.strerror or exc})")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            rel = _display_name((here / d).relative_to(folder).as_posix())
            if d.startswith("."):
                col.note(rel + "/", "", "skipped", "hidden folder; not read")
            elif (here / d).is_symlink():
                col.note(rel + "/", "", "skipped", "symbolic link to a folder; not followed")
            else:
                keep.append(d)
        dirnames[:] = keep
        for f in filenames:
            path = here / f
            if f.startswith("."):
                col.note(_display_name(path.relative_to(folder).as_posix()), "", "skipped",
                         "hidden file; ignored")
            else:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _load_folder(folder: Path, col: _Collector) -> None:
    meta = _read_metadata(folder, col)
    root = folder.resolve()
    files = _walk_folder(folder, col)
    for path in files:
        raw_rel = path.relative_to(folder).as_posix()
        rel = _display_name(raw_rel)
        if rel == "metadata.csv":
            continue
        if path.suffix.lower() != ".txt":
            col.note(rel, "", "skipped", "not a .txt file; ignored")
            continue
        doc_id = rel[: -len(path.suffix)]
        warnings: list[str] = []
        if rel != raw_rel:
            warnings.append("file name is not valid UTF-8 or has control characters; "
                            "shown with backslash escapes")
        problem = _refuse_special(path, root)
        if problem is None and path.is_symlink():
            target = path.resolve()
            target_rel = target.relative_to(root)
            if target.suffix.lower() == ".txt" and not any(
                    part.startswith(".") for part in target_rel.parts):
                # The target is read under its own name; reading it twice would count the
                # article twice in every statistic.
                problem = (f'symbolic link to "{_display_name(target_rel.as_posix())}", which is '
                           "read under its own name; skipped")
        if problem:
            col.note(rel, doc_id, "skipped", problem)
            continue
        row = meta.get(str(path.resolve()))
        if row and row.get("doc_id", "").strip():
            doc_id = row["doc_id"].strip()
        text = _read_article_file(path, rel, doc_id, col, warnings)
        if text is None:
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


def _id_value(value: object) -> str:
    # JSON ids are often numbers; 7.0 (a float written by pandas) means the id 7.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean_cell(value)


def _add_record(record: dict, where: str, fallback_id: str, cols: _Columns,
                col: _Collector, warnings: list[str] | None = None) -> None:
    doc_id = _id_value(record.get(cols.id)) if cols.id else ""
    doc_id = doc_id or fallback_id
    warnings = list(warnings or [])
    text, warning, skip = _text_value(record.get(cols.text), cols.text)
    if skip:
        col.note(where, doc_id, "skipped", skip)
        return
    if warning:
        warnings.append(warning)
    if len(text) > MAX_ARTICLE_BYTES:
        col.note(where, doc_id, "skipped",
                 f"text has {len(text) / 1e6:.0f} million characters, more than the limit for "
                 "one article; not loaded")
        return
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


def _open_binary(path: Path):
    opener = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}.get(path.suffix.lower(), open)
    return opener(path, "rb")


def _parse_json(text: str | bytes) -> tuple[object, str | None]:
    """A JSON value, or None and why it could not be parsed.

    ``strict=False`` accepts raw tabs and carriage returns inside strings, which scrapers
    write and which strict JSON forbids. Nesting deep enough to exhaust the parser's
    recursion and integers longer than Python converts are reported like any other error.
    """
    try:
        return json.loads(text, strict=False), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg})"
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"
    except ValueError as exc:
        return None, f"not valid JSON ({str(exc)[:80]})"


def _iter_jsonl(path: Path, col: _Collector) -> Iterator[tuple[int, dict, list[str]]]:
    """(line number, object, decoding warnings) for each JSON object line of ``path``.

    Lines are split on ``\\n`` only (a lone ``\\r`` inside a record is not a line end) and
    decoded one by one, so one line in another encoding is reported and repaired on its own.
    """
    try:
        with _open_binary(path) as handle:
            head = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
            encoding = next((enc for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"),
                                                  (codecs.BOM_UTF32_BE, "utf-32"),
                                                  (codecs.BOM_UTF16_LE, "utf-16"),
                                                  (codecs.BOM_UTF16_BE, "utf-16"))
                             if head.startswith(bom)), None)
            if encoding:
                col.note(path.name, "", "warning", f"decoded as {encoding} (byte-order mark)")
                lines = ((line, []) for line in io.TextIOWrapper(
                    handle, encoding=encoding, errors="replace", newline="\n"))
            else:
                lines = (_decode_line(line, first=(i == 0)) for i, line in enumerate(handle))
            for lineno, (line, warns) in enumerate(lines, start=1):
                if not line.strip():
                    continue
                record, error = _parse_json(line)
                if error:
                    col.note(f"{path.name}:{lineno}", "", "skipped", f"line {lineno} is {error}")
                    continue
                if not isinstance(record, dict):
                    col.note(f"{path.name}:{lineno}", "", "skipped",
                             f"line {lineno} is JSON but not an object")
                    continue
                yield lineno, record, warns
    except (OSError, EOFError, lzma.LZMAError, UnicodeError) as exc:
        col.note(path.name, "", "skipped", f"stopped reading: file is damaged ({exc})")


def _decode_line(line: bytes, *, first: bool) -> tuple[str, list[str]]:
    if first and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8):]
    text, how = _decode_non_bom(line)
    return text, [how] if how else []


def _load_jsonl(path: Path, col: _Collector, **names: str | None) -> None:
    cols: _Columns | None = None
    seen_keys: set[str] = set()
    pending: list[tuple[int, dict, list[str]]] = []
    for lineno, record, warns in _iter_jsonl(path, col):
        if cols is None:
            seen_keys.update(str(k) for k in record)
            pending.append((lineno, record, warns))
            # Decide the column mapping from the first record that has a text column.
            try:
                cols = _resolve_columns(sorted(seen_keys), path, **names)
            except CorpusError:
                if len(pending) < 100:
                    continue
                raise
            for ln, rec, w in pending:
                _add_record(rec, f"{path.name}:{ln}", f"{path.stem}-{ln}", cols, col, w)
            pending.clear()
            continue
        _add_record(record, f"{path.name}:{lineno}", f"{path.stem}-{lineno}", cols, col, warns)
    if cols is None:
        if pending:
            _resolve_columns(sorted(seen_keys), path, **names)  # raises the clear error
        raise CorpusError(f"{path}: no articles found (no readable JSON lines)")


def _load_json_array(path: Path, raw: str, col: _Collector, **names: str | None) -> None:
    """A ``.json`` file holding one array of article objects (``[{...}, {...}]``)."""
    records, error = _parse_json(raw)
    if error or not isinstance(records, list):
        raise CorpusError(f"{path}: {error or 'not a JSON array'}; give an array of objects "
                          "or JSON Lines (one object per line)")
    objects = [(i, r) for i, r in enumerate(records) if isinstance(r, dict)]
    for i, r in enumerate(records):
        if not isinstance(r, dict):
            col.note(f"{path.name}[{i}]", "", "skipped", f"item {i} is not a JSON object")
    keys = sorted({str(k) for _, r in objects for k in r})
    if not objects:
        raise CorpusError(f"{path}: no articles found (the array holds no objects)")
    cols = _resolve_columns(keys, path, **names)
    for i, r in objects:
        _add_record(r, f"{path.name}[{i}]", f"{path.stem}-{i}", cols, col)


def _load_json(path: Path, col: _Collector, **names: str | None) -> None:
    """``.json``: an array of objects, or JSON Lines saved under a ``.json`` name."""
    suffixes = [s.lower() for s in path.suffixes]
    if ".json" in suffixes and ".jsonl" not in suffixes and ".ndjson" not in suffixes:
        with _open_binary(path) as handle:
            start = handle.read(1 << 16)
            text, _ = decode_bytes(start)
            if text is not None and text.lstrip().startswith("["):
                raw, warns = decode_bytes(start + handle.read())
                if raw is None:
                    raise CorpusError(f"{path}: not a text file, so not JSON")
                if warns:
                    col.note(path.name, "", "warning", "; ".join(warns))
                _load_json_array(path, raw, col, **names)
                return
    _load_jsonl(path, col, **names)


def _load_csv(path: Path, col: _Collector, **names: str | None) -> None:
    with _open_binary(path) as handle:
        raw, warns = decode_bytes(handle.read())
    if raw is None:
        raise CorpusError(f"{path}: not a text file, so not a CSV")
    columns, records = _read_csv_rows(raw, path.name, col)
    del raw
    if not columns:
        raise CorpusError(f"{path}: empty file, no CSV header")
    cols = _resolve_columns(columns, path, **names)
    for i, record in records:
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
    try:
        if path.is_dir():
            _load_folder(path, col)
        elif ".jsonl" in suffixes or ".ndjson" in suffixes or ".json" in suffixes:
            _load_json(path, col, **names)
        elif ".csv" in suffixes:
            _load_csv(path, col, **names)
        elif suffixes and suffixes[-1] == ".txt":
            _load_folder_single(path, col)
        else:
            raise CorpusError(f"{path}: unknown corpus format; give a folder of .txt files, "
                              "a .csv, or a .jsonl (optionally .gz/.xz/.bz2)")
    except (OSError, EOFError, lzma.LZMAError) as exc:
        # The corpus file itself cannot be read (permissions, a damaged archive): one
        # message naming it, not a traceback.
        raise CorpusError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    _dedupe_ids(col)
    if not col.articles:
        detail = "; ".join(sorted({f"{r['source']}: {r['message']}" for r in col.report}))[:500]
        raise CorpusError(f"{path}: no articles could be loaded"
                          + (f" ({detail})" if detail else " (no .txt files)"))
    df = pd.DataFrame(col.articles, columns=ARTICLE_COLUMNS)
    df = df.astype(object)
    df.attrs["load_report"] = pd.DataFrame(col.report, columns=REPORT_COLUMNS).astype(object)
    return df


def _read_article_file(path: Path, rel: str, doc_id: str, col: _Collector,
                       warnings: list[str]) -> str | None:
    """Text of one article file, or None after noting why it was skipped."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            col.note(rel, doc_id, "skipped",
                     f"file is {size / 1e6:.0f} MB, larger than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB "
                     "limit for one article (a log or dump?); not read")
            return None
        data = path.read_bytes()
    except OSError as exc:
        col.note(rel, doc_id, "skipped", f"cannot be read ({exc.strerror or exc})")
        return None
    text, decode_warnings = decode_bytes(data)
    del data
    warnings.extend(decode_warnings)
    if text is None:
        col.note(rel, doc_id, "skipped", "; ".join(warnings))
        return None
    text = _normalise_newlines(text)
    if not text.strip():
        col.note(rel, doc_id, "skipped", "empty or whitespace-only article")
        return None
    return text


def _load_folder_single(path: Path, col: _Collector) -> None:
    """A single .txt file is a corpus of one article."""
    warnings: list[str] = []
    text = _read_article_file(path, path.name, path.stem, col, warnings)
    if text is None:
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
