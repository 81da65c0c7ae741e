"""Folders of ``.txt`` files and saved web pages (``.html``, ``.htm``, ``.html.gz``) with an
optional ``metadata.csv``, and a single ``.txt`` file.

A web page is read with :func:`newslens.corpus.html.extract_html` (trafilatura): its article
text, and its title, date, author and site name where ``metadata.csv`` gives none (the site
name is the outlet), each with the tag it came from in ``metadata_evidence``.

What is refused or not read, and why (each case leaves a report row naming the input):
files reached through a symbolic link that leaves the corpus folder and metadata rows
naming a file outside it (so a corpus cannot make the loader read ``/etc/passwd`` into
tables that are then shared); hidden files and folders, folder links (which can loop),
FIFOs and devices (reading one blocks for ever), files larger than the collector's
``max_bytes``.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .csv_format import read_csv_rows
from .dates import normalise_date
from .decoding import decode_bytes, normalise_newlines
from .html import HTML_SUFFIXES, extract_html, read_html_bytes
from .report import UNKNOWN, Collector
from .values import clean_cell, display_name
from .titles import PAGE_METADATA, TITLE_COLUMN

def _read_metadata(folder: Path, col: Collector) -> dict[str, dict]:
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
    columns, records = read_csv_rows(raw, "metadata.csv", col)
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
        shown = display_name(name)[:200]
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


def _walk_folder(folder: Path, col: Collector) -> list[Path]:
    """Candidate files of a corpus folder, in a fixed order, reporting what is not read.

    Hidden entries (``.git``, ``.DS_Store``) are left out with one report row each (a
    hidden folder is not entered). Links to folders are not followed (they can loop, or lead
    out of the corpus). Unreadable folders are reported.
    """
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(folder).as_posix() if exc.filename else "."
        col.note(display_name(where), "", "skipped",
                 f"folder cannot be read ({exc.strerror or exc})")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            rel = display_name((here / d).relative_to(folder).as_posix())
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
                col.note(display_name(path.relative_to(folder).as_posix()), "", "skipped",
                         "hidden file; ignored")
            else:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _article_suffix(name: str) -> str | None:
    """The suffix that makes ``name`` an article file (".txt", ".html", ".html.gz" …), or None."""
    low = name.lower()
    for suffix in (".txt", *HTML_SUFFIXES):
        if low.endswith(suffix) and len(low) > len(suffix):
            return name[-len(suffix):]
    return None


def load_folder(folder: Path, col: Collector) -> None:
    """Every ``.txt`` and web-page file under ``folder``, in path order, with its metadata row."""
    meta = _read_metadata(folder, col)
    root = folder.resolve()
    files = _walk_folder(folder, col)
    for path in files:
        raw_rel = path.relative_to(folder).as_posix()
        rel = display_name(raw_rel)
        if rel == "metadata.csv":
            continue
        suffix = _article_suffix(path.name)
        if suffix is None:
            col.note(rel, "", "skipped", "not a .txt file nor a web page (.html, .htm, .html.gz); ignored")
            continue
        doc_id = rel[: -len(suffix)]
        warnings: list[str] = []
        if rel != raw_rel:
            warnings.append("file name is not valid UTF-8 or has control characters; "
                            "shown with backslash escapes")
        problem = _refuse_special(path, root)
        if problem is None and path.is_symlink():
            target = path.resolve()
            target_rel = target.relative_to(root)
            if _article_suffix(target.name) is not None and not any(
                    part.startswith(".") for part in target_rel.parts):
                # The target is read under its own name; reading it twice would count the
                # article twice in every statistic.
                problem = (f'symbolic link to "{display_name(target_rel.as_posix())}", which is '
                           "read under its own name; skipped")
        if problem:
            col.note(rel, doc_id, "skipped", problem)
            continue
        row = meta.get(str(path.resolve()))
        if row and row.get("doc_id", "").strip():
            doc_id = row["doc_id"].strip()
        if suffix.lower() == ".txt":
            text, page = _read_article_file(path, rel, doc_id, col, warnings), None
        else:
            page = _read_page(path, rel, doc_id, col, row)
            text = page.text if page is not None else None
        if text is None:
            continue
        if row is None:
            if meta:
                warnings.append("no metadata row; outlet set to unknown")
            row = {}
        given = {k: clean_cell(row.get(k)) for k in ("outlet", "title", "published")}
        title_from = TITLE_COLUMN if given["title"] else PAGE_METADATA
        if page is not None:
            # the page's metadata where metadata.csv has no value (the site name is the outlet)
            for key, value in (("outlet", page.site_name), ("title", page.title),
                               ("published", page.published)):
                given[key] = given[key] or value
        published, date_warning = normalise_date(given["published"])
        if date_warning:
            warnings.append(date_warning)
        extra = None
        if page is not None:
            # the page's other metadata, carried into articles.csv
            extra = page.columns()
        col.add(source=rel, doc_id=doc_id, text=text, outlet=given["outlet"] or UNKNOWN,
                title=given["title"], published=published, warnings=warnings, extra=extra,
                title_from=title_from)


def _too_large(path: Path, rel: str, doc_id: str, col: Collector) -> bool:
    """True (after noting the skip) when the file is over the per-article limit: a file that
    size is a log or a dump, not one article. ``OSError`` from ``stat`` reaches the caller."""
    size = path.stat().st_size
    if size <= col.max_bytes:
        return False
    col.note(rel, doc_id, "skipped",
             f"file is {size / 1e6:.0f} MB, larger than the {col.max_bytes / 1e6:.0f} MB "
             "limit for one article (a log or dump?); not read")
    return True


def _read_page(path: Path, rel: str, doc_id: str, col: Collector, row: dict | None):
    """The :class:`~newslens.corpus.html.HtmlArticle` of a saved web page, or None after
    noting why it was skipped."""
    try:
        if _too_large(path, rel, doc_id, col):
            return None
        data = read_html_bytes(path)
    except (OSError, EOFError) as exc:   # gzip.BadGzipFile is an OSError
        col.note(rel, doc_id, "skipped",
                 f"cannot be read ({getattr(exc, 'strerror', None) or exc})")
        return None
    url = clean_cell((row or {}).get("url")) or None
    page = extract_html(data, url=url)
    if not page.text.strip():
        col.note(rel, doc_id, "skipped", "web page: no article text found (trafilatura)")
        return None
    return page


def _read_article_file(path: Path, rel: str, doc_id: str, col: Collector,
                       warnings: list[str]) -> str | None:
    """Text of one article file, or None after noting why it was skipped."""
    try:
        if _too_large(path, rel, doc_id, col):
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
    text = normalise_newlines(text)
    if not text.strip():
        col.note(rel, doc_id, "skipped", "empty or whitespace-only article")
        return None
    return text


def load_single_file(path: Path, col: Collector) -> None:
    """A single .txt file is a corpus of one article."""
    warnings: list[str] = []
    text = _read_article_file(path, path.name, path.stem, col, warnings)
    if text is None:
        return
    col.add(source=path.name, doc_id=path.stem, text=text, outlet=UNKNOWN,
            title="", published="", warnings=warnings)

