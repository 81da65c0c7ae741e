"""CSV corpora: rows read one by one so that a broken row is reported and the rest of the
file is still read; repeated header names get ``.1``, ``.2`` suffixes, as in pandas."""
from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from pathlib import Path

from ..errors import CorpusError
from .decoding import decode_bytes, open_binary, read_whole
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


def load_csv(path: Path, col: Collector, *, dayfirst: bool | None = None,
             **names: str | None) -> None:
    """Every row of a CSV corpus (``names``: the columns the user named; ``dayfirst`` as
    in :func:`newslens.load_corpus`)."""
    with open_binary(path) as handle:
        raw, warns = decode_bytes(read_whole(handle, path, col.max_file_bytes))
    if raw is None:
        raise CorpusError(f"{path}: not a text file, so not a CSV")
    columns, records = read_csv_rows(raw, path.name, col)
    del raw
    if not columns:
        raise CorpusError(f"{path}: empty file, no CSV header")
    how = start_table(columns, path, [r for _, r in records], col, dayfirst=dayfirst, **names)
    for i, record in records:
        add_record(record, f"{path.name}:{i}", f"{path.stem}-{i}", col=col, **how)
    if warns:
        col.note(path.name, "", "warning", "; ".join(warns))


