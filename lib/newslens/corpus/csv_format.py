"""CSV corpora: rows read one by one so that a broken row is reported and the rest of the
file is still read; repeated header names get ``.1``, ``.2`` suffixes, as in pandas."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CorpusError
from .decoding import FileTooLarge, text_stream
from .records import add_record, start_table
from .report import Collector

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


def read_csv_rows(raw: str, name: str, col: Collector) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and records of a CSV text, each record with the line where it starts (see
    :func:`iter_csv_rows`; used for a folder's ``metadata.csv``, which is small)."""
    return _records(iter_csv_rows(io.StringIO(raw, newline="").readline, name, col.note,
                                  field_limit=max(len(raw), 1)), name, col.note)


def iter_csv_rows(readline, name: str, note, *, field_limit: int,
                  max_line: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line where it starts, fields) for each non-blank record of a CSV stream.

    ``readline(n)`` gives the next line of at most ``n`` characters (a text stream opened
    with ``newline=""``, so that line ends inside quoted cells are kept as they are).

    Written on the standard csv module rather than pandas because every bad row must be
    reported, with its line, and the rest of the file still read: a quoting error (``"a"b``,
    an unterminated quote, a field over ``field_limit`` characters) is reported at the line
    where the broken record starts, and reading resumes on the next line (pandas stops with
    an error for the whole file). Only the lines of the record being read are held, so a
    file is never held whole; a line longer than ``max_line`` characters is skipped, with a
    report row, without being held whole either.
    """
    pending: list[str] = []  # the lines of the record being read, for a restart
    replay: list[str] = []   # lines to read again after a broken record (its later lines)
    lineno = 0               # lines read from the stream so far
    first = 1                # line where the record being read starts
    long_lines: list[int] = []

    def lines() -> Iterator[str]:
        nonlocal lineno
        while True:
            if replay:
                line = replay.pop()
            else:
                line = _next_line(readline, max_line)
                if line is None:
                    return
                lineno += 1
                if isinstance(line, int):
                    # a record cannot go on across a line that was not read: it ends the
                    # record being read (reported by the caller) and reading goes on after it
                    long_lines.append((lineno, line))
                    raise csv.Error("line too long")
            pending.append(line)
            yield line

    with _csv_field_limit(field_limit):
        while True:
            reader = csv.reader(lines(), strict=True)
            try:
                for row in reader:
                    if row and any(cell.strip() for cell in row):
                        yield first, row
                    first += len(pending)
                    pending.clear()
                return
            except csv.Error as exc:
                if long_lines:
                    bad, length = long_lines.pop()
                    note(f"{name}:{bad}", "", "skipped",
                             f"line {bad} holds {length / 1e6:.0f} MB, more than the "
                             f"{(max_line or 0) / 1e6:g} MB limit for one article "
                             "(MAX_ARTICLE_BYTES); skipped without reading it whole"
                             + (f"; the record from line {first} is not read" if pending else ""))
                    first = bad + 1
                    pending.clear()
                    continue
                note(f"{name}:{first}", "", "skipped",
                         f"line {first} is not valid CSV ({exc}); reading resumes at line "
                         f"{first + 1}")
                replay.extend(reversed(pending[1:]))
                pending.clear()
                first += 1


def _next_line(readline, max_line: int | None) -> str | int | None:
    """The next line from ``readline``, None at the end, or, for a line over ``max_line``
    characters, its length (the line read in 1 M-character pieces and dropped)."""
    if max_line is None:
        return readline() or None
    line = readline(max_line + 1)
    if not line:
        return None
    if len(line) <= max_line or line.endswith(("\n", "\r")):
        return line
    length = len(line)
    while True:
        piece = readline(1 << 20)
        length += len(piece)
        if not piece or piece.endswith(("\n", "\r")):
            return length


def _records(rows: Iterator[tuple[int, list[str]]], name: str, note
             ) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header (repeated names get ``.1``, ``.2`` suffixes, as in pandas) and the records
    of ``rows`` as dicts. A row with more fields than the header is reported and skipped
    (pandas would shift it into an index or drop it with a warning on stderr); a row with
    fewer fields is padded with empty cells."""
    rows = iter(rows)
    head = next(rows, None)
    if head is None:
        return [], []
    seen: dict[str, int] = {}
    columns = []
    for h in head[1]:
        if h in seen:
            seen[h] += 1
            columns.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            columns.append(h)
    records = []
    for lineno, row in rows:
        if len(row) > len(columns):
            note(f"{name}:{lineno}", "", "skipped",
                     f"row has {len(row)} fields but the header has {len(columns)} "
                     "(an unquoted comma?); not read")
            continue
        row = row + [""] * (len(columns) - len(row))
        records.append((lineno, dict(zip(columns, row))))
    return columns, records


def load_csv(path: Path, col: Collector, *, dayfirst: bool | None = None,
             **names: str | None) -> None:
    """Every row of a CSV corpus (``names``: the columns the user named; ``dayfirst`` as
    in :func:`newslens.load_corpus`).

    The file is streamed, never held whole: its decompressed bytes are counted as they are
    read (more than ``col.max_file_bytes`` stops the load), a line longer than
    ``col.max_bytes`` characters is skipped without being read whole, and so is a cell
    longer than that. The encoding is chosen as for an article file
    (:func:`newslens.corpus.decoding.text_stream`); a file without a byte-order mark that
    is not valid UTF-8 is read again, after one pass that counts its damaged bytes.
    """
    for utf8_damage in (False, True):
        notes: list[tuple] = []
        try:
            with text_stream(path, col.max_file_bytes, utf8_damage=utf8_damage) as lines:
                if lines is None:
                    raise CorpusError(f"{path}: not a text file, so not a CSV")
                try:
                    columns, records = _records(
                        iter_csv_rows(lines.readline, path.name, lambda *a: notes.append(a),
                                      field_limit=col.max_bytes, max_line=col.max_bytes),
                        path.name, lambda *a: notes.append(a))
                except UnicodeDecodeError as exc:
                    if lines.encoding == "utf-8" and not utf8_damage:
                        continue  # read again, counting the damage first
                    raise CorpusError(f"{path}: read as {lines.encoding} (its first bytes say "
                                      f"so) but it is not valid {lines.encoding} "
                                      f"({exc.reason}); not a text file, so not a CSV") from None
                warns = lines.warnings()
        except FileTooLarge as exc:
            raise CorpusError(
                f"{path}: holds more than {exc.limit / 1e6:g} MB after decompression, the "
                "limit for one corpus file (MAX_FILE_BYTES); not loaded. Split the file, or "
                "raise newslens.corpus.MAX_FILE_BYTES if the machine can hold it") from None
        break
    for note in notes:
        col.note(*note)
    if not columns:
        raise CorpusError(f"{path}: empty file, no CSV header")
    how = start_table(columns, path, [r for _, r in records], col, dayfirst=dayfirst, **names)
    for i, record in records:
        add_record(record, f"{path.name}:{i}", f"{path.stem}-{i}", col=col, **how)
    if warns:
        col.note(path.name, "", "warning", "; ".join(warns))
