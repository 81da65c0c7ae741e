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

Modules: ``decoding`` (bytes to text), ``values`` and ``dates`` (cells to fields),
``records`` (a table record to an article, column guessing), ``csv_format`` and
``json_format`` (tables), ``folders`` (folders of .txt files and their metadata),
``report`` (the load report and the collector of articles). :func:`load_corpus`, below,
chooses the reader by the path.
"""
from __future__ import annotations

import lzma
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
           "ARTICLE_COLUMNS", "REPORT_COLUMNS", "UNKNOWN", "MAX_ARTICLE_BYTES", "decode_bytes",
           "normalise_date"]

#: Largest file read as one article (bytes). A news article is a few kB; a 20 MB one is
#: already pathological. Anything bigger is a log, a dump or a video saved as .txt, and
#: reading it would exhaust memory before any stage could say what is wrong.
MAX_ARTICLE_BYTES = 100_000_000


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
    col = Collector(max_bytes=MAX_ARTICLE_BYTES)
    names = dict(text_col=text_col, id_col=id_col, outlet_col=outlet_col, title_col=title_col,
                 date_col=date_col)
    suffixes = [s.lower() for s in path.suffixes]
    try:
        if path.is_dir():
            load_folder(path, col)
        elif ".jsonl" in suffixes or ".ndjson" in suffixes or ".json" in suffixes:
            load_json(path, col, **names)
        elif ".csv" in suffixes:
            load_csv(path, col, **names)
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
    df = pd.DataFrame(col.articles, columns=ARTICLE_COLUMNS)
    df = df.astype(object)
    df.attrs["load_report"] = pd.DataFrame(col.report, columns=REPORT_COLUMNS).astype(object)
    return df
