"""Loading a corpus: a folder of .txt files, a CSV, or JSON Lines, with a load report.

Every input (file, CSV row, JSON line, metadata row) gets one row in the load report with
its fate: ``ok``, ``warning`` (loaded, but something needed fixing or guessing) or
``skipped`` (not loaded, and why). A problem with one article never stops the others.

What the loader refuses or repairs, and why (each case leaves a report row naming the input):

- files reached through a symbolic link that leaves the corpus folder, metadata rows naming a
  file outside it: refused, so a corpus cannot make the loader read ``/etc/passwd`` or a
  user's private files into tables that are then shared;
- a corpus path that is empty (it would mean the current folder), not a ``str`` or path
  (bytes), or that names a FIFO, socket or device instead of a regular file or a folder
  (reading a FIFO blocks for ever): refused at once with :class:`CorpusError` or
  :class:`TypeError`;
- hidden files and folders (``.git``, ``.DS_Store``), folder links (which can loop), FIFOs
  and devices (reading one blocks for ever), files larger than :data:`MAX_ARTICLE_BYTES`:
  not read;
- limits counted while reading, after decompression: a JSON line longer than
  :data:`MAX_ARTICLE_BYTES` is skipped without being held in memory (one report row), and a
  corpus file that holds more than :data:`MAX_FILE_BYTES` stops the load with a
  :class:`CorpusError` (a 2 MB ``.gz`` can expand to gigabytes);
- bidirectional control characters (U+202E and its kin) in titles and outlets: removed, with
  a warning (they display text reversed and make "X" and "X\u200f" two outlets);
- bytes that are not UTF-8: decoded by byte-order mark, UTF-16 pattern, mostly-UTF-8 with
  replacement, else cp1252; NUL characters and unpaired surrogates are removed or replaced
  (they crash C-based tools and UTF-8 writers);
- broken CSV rows (too many fields, bad quoting) and broken JSON lines: reported one by one,
  the rest of the file is read; a JSON text field that is a number, object or ``null`` is
  not an article, a list of strings is joined into paragraphs.

Modules: ``decoding`` (bytes to text), ``values`` and ``dates`` (cells to fields; the
order of a column's numeric dates), ``titles`` (a headline-like line as the title when none
is given), ``records`` (a table record to an article, column guessing, the extra columns
kept), ``csv_format`` and
``json_format`` (tables), ``folders`` (folders of .txt files and their metadata),
``report`` (the load report and the collector of articles). :func:`load_corpus`, below,
chooses the reader by the path.
"""
from __future__ import annotations

import lzma
import os
import stat
from pathlib import Path

import pandas as pd

from ..config import RAW_DIR
from ..errors import CorpusError
from .csv_format import load_csv
from .dates import normalise_date
from .decoding import decode_bytes
from .folders import load_folder, load_single_file
from .json_format import load_json
from .report import (ARTICLE_COLUMNS, REPORT_COLUMNS, UNKNOWN, Collector, dedupe_ids,
                     load_report, outlet_summary, summarise_report)

__all__ = ["load_corpus", "load_report", "summarise_report", "outlet_summary",
           "ARTICLE_COLUMNS", "REPORT_COLUMNS", "UNKNOWN", "MAX_ARTICLE_BYTES", "MAX_FILE_BYTES",
           "decode_bytes", "normalise_date"]

#: Largest file read as one article (bytes). A news article is a few kB; a 20 MB one is
#: already pathological. Anything bigger is a log, a dump or a video saved as .txt, and
#: reading it would exhaust memory before any stage could say what is wrong.
MAX_ARTICLE_BYTES = 100_000_000

#: Largest corpus file read (bytes after decompression, counted while reading; characters for
#: a UTF-16/32 JSON Lines file). The whole AllSides corpus is 232 MB of JSON Lines and takes
#: about 2 GB of memory through the pipeline, so 4 GB is far beyond what can be analysed in
#: memory; a compressed file that expands further is a mistake or a decompression bomb, and
#: is stopped with a message instead of exhausting memory. Raise it for a bigger machine.
MAX_FILE_BYTES = 4_000_000_000

#: What a path that is neither a regular file nor a folder is, for the error message.
_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _check_arguments(path: object, names: dict[str, object]) -> Path:
    """``path`` as a Path, after refusing what cannot be a corpus path (see load_corpus)."""
    if path is None:
        return RAW_DIR
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_corpus: the corpus path must be a str or pathlib.Path, not "
                        f"{type(path).__name__}" + ("; decode bytes first (os.fsdecode)"
                                                    if isinstance(path, (bytes, bytearray)) else ""))
    raw = os.fspath(path)
    if not isinstance(raw, str):
        raise TypeError("load_corpus: the corpus path must be a str or pathlib.Path, not a "
                        "path of bytes; decode it first (os.fsdecode)")
    for option, value in names.items():
        if value is not None and not isinstance(value, str):
            raise TypeError(f"load_corpus: {option} must be a column name (str) or None, not "
                            f"{type(value).__name__}")
    if not raw.strip():
        # Path("") is the current folder: loading it would read whatever folder the command
        # happens to run in, recursively.
        raise CorpusError("the corpus path is empty; give a folder of .txt files, a .csv or a "
                          ".jsonl file (or no path at all for the bundled corpus)")
    return Path(raw)


def load_corpus(path: str | Path | None = None, *, text_col: str | None = None,
                html_col: str | None = None, id_col: str | None = None, outlet_col: str | None = None,
                title_col: str | None = None, date_col: str | None = None,
                dayfirst: bool | None = None) -> pd.DataFrame:
    """Load a corpus into a table of articles, with a load report in ``df.attrs``.

    Parameters
    ----------
    path : a folder of ``.txt`` files (with an optional ``metadata.csv`` whose ``file`` or
        ``doc_id`` column names each file), a ``.csv``, or a ``.jsonl`` / ``.jsonl.gz`` /
        ``.jsonl.xz`` / ``.jsonl.bz2`` file. None loads the bundled Idlib corpus.
    text_col, id_col, outlet_col, title_col, date_col : column names in a CSV or JSONL.
        When not given, common names are tried (``text``/``content``/``content_original``…,
        ``doc_id``/``id``/``ID``/``url``…, ``outlet``/``source``…, ``title``…,
        ``published``/``date``…); the load report says which column gave ``doc_id``.
    html_col : a CSV or JSONL column holding each article's saved web page (HTML), read as
        a folder's ``.html`` files are (:func:`newslens.corpus.html.extract_html`): the
        article's text, and its title, date and site name (the outlet) where the table has
        no value for them, with ``author``, ``site_name``, ``url``, ``metadata_evidence``
        and ``extracted_by`` added. Not given: ``html``, ``raw_html`` or ``page_html`` when
        the table has no text column.
    dayfirst : read numeric dates such as ``02/03/2024`` day first (True) or month first
        (False). None: day first only when the column holds a date that can only be day
        first (``25/03/2024``); month first otherwise, with a warning in the load report
        when some dates could be read either way (:func:`newslens.corpus.dates.date_order`).

    Returns
    -------
    DataFrame with columns ``doc_id`` (unique), ``outlet`` ("unknown" when not known),
    ``title`` (when not given, the first line of the text that reads like a headline, or
    ""), ``title_evidence`` (``title column``, ``first headline-like line (line N)`` or
    ``none``), ``published`` (ISO date or ""), ``text`` (newlines normalised to ``\\n``,
    otherwise as read), ``source`` (file, or ``file:line`` for rows), then the table's other
    columns as read (``url``, ``authors``, ...). Rows are in input order.
    ``df.attrs["load_report"]`` is a DataFrame with one row per input: ``source, doc_id,
    status, message``.

    Limits (counted while reading, see :data:`MAX_ARTICLE_BYTES` and :data:`MAX_FILE_BYTES`):
    an article file, or a JSON line, larger than ``MAX_ARTICLE_BYTES`` is skipped with a
    report row, without being read whole; a corpus file holding more than ``MAX_FILE_BYTES``
    after decompression stops the load with a :class:`CorpusError`.

    Raises
    ------
    CorpusError
        When the corpus as a whole cannot be read: the path is empty or missing, is a FIFO,
        socket or device rather than a regular file or a folder, is larger than
        ``MAX_FILE_BYTES``, the folder has no readable article, or a table has no text column.
    TypeError
        When ``path`` is not None, a str or a path (bytes, a number), or a column name is not
        a str.

    Examples
    --------
    >>> df = load_corpus()
    >>> len(df), sorted(df["outlet"].unique())
    (5, ['TRT World', 'i24NEWS', 'unknown'])
    """
    names = dict(text_col=text_col, html_col=html_col, id_col=id_col, outlet_col=outlet_col,
                 title_col=title_col, date_col=date_col)
    path = _check_arguments(path, names)
    try:
        mode = path.stat().st_mode  # follows links: a link to a FIFO is a FIFO
    except (FileNotFoundError, NotADirectoryError):
        raise CorpusError(f"{path}: no such file or folder") from None
    except (OSError, ValueError) as exc:  # permissions, a link loop, a NUL in the name
        raise CorpusError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
        # Opening a FIFO waits for a writer for ever, and a device can stream without end.
        raise CorpusError(f"{path}: is {kind}, not a file or a folder; a corpus must be a "
                          "regular file or a folder")
    col = Collector(max_bytes=MAX_ARTICLE_BYTES, max_file_bytes=MAX_FILE_BYTES)
    suffixes = [s.lower() for s in path.suffixes]
    try:
        if path.is_dir():
            load_folder(path, col)
        elif ".jsonl" in suffixes or ".ndjson" in suffixes or ".json" in suffixes:
            load_json(path, col, dayfirst=dayfirst, **names)
        elif ".csv" in suffixes:
            load_csv(path, col, dayfirst=dayfirst, **names)
        elif suffixes and suffixes[-1] == ".txt":
            load_single_file(path, col)
        else:
            raise CorpusError(f"{path}: unknown corpus format; give a folder of .txt files, "
                              "a .csv, or a .jsonl (optionally .gz/.xz/.bz2)")
    except (OSError, EOFError, lzma.LZMAError) as exc:
        # The corpus file itself cannot be read (permissions, a damaged archive): one
        # message naming it, not a traceback.
        raise CorpusError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    dedupe_ids(col)
    if not col.articles:
        detail = "; ".join(sorted({f"{r['source']}: {r['message']}" for r in col.report}))[:500]
        raise CorpusError(f"{path}: no articles could be loaded"
                          + (f" ({detail})" if detail else " (no .txt files)"))
    extra = list(dict.fromkeys(k for art in col.articles for k in art
                               if k not in ARTICLE_COLUMNS))
    df = pd.DataFrame(col.articles, columns=ARTICLE_COLUMNS + extra)
    df = df.astype(object)
    if extra:
        # an article without one of the extra fields (a JSON record lacking the key) has ""
        df[extra] = df[extra].fillna("")
    df.attrs["load_report"] = pd.DataFrame(col.report, columns=REPORT_COLUMNS).astype(object)
    return df
