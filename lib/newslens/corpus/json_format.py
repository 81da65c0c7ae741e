"""JSON corpora: JSON Lines (optionally compressed), decoded and parsed line by line so
that one broken line is reported on its own, or one JSON array of article objects.

Limits apply while reading, after decompression: a line longer than the collector's
``max_bytes`` (:data:`newslens.corpus.MAX_ARTICLE_BYTES`) is skipped, with a report row,
without ever being held in memory; a file holding more than ``max_file_bytes``
(:data:`newslens.corpus.MAX_FILE_BYTES`) stops with a :class:`CorpusError`.
"""
from __future__ import annotations

import codecs
import io
import json
import lzma
from pathlib import Path
from typing import Iterator

from ..errors import CorpusError
from .decoding import BOMS, decode_bytes, decode_non_bom, open_binary, read_whole
from .records import add_record, start_table
from .report import Collector

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


class _FileTooLarge(Exception):
    """More than the collector's ``max_file_bytes`` were read from one file."""


def _read_lines(readline, newline, *, max_line: int, max_file: int | None
                ) -> Iterator[tuple[int, object, int]]:
    """(line number, line or None, length) for each line given by ``readline``.

    ``readline(n)`` returns at most ``n`` units (bytes, or characters of a UTF-16/32 file),
    so a line is never held whole when it is longer than ``max_line``: it comes as None,
    with its length, after the rest of it was read in 1 MB pieces and thrown away. Every
    unit read counts towards ``max_file``; passing it raises :class:`_FileTooLarge`.
    """
    total = lineno = 0
    while True:
        line = readline(max_line + 1)
        if not line:
            return
        lineno += 1
        total += len(line)
        length = len(line)
        if length > max_line and not line.endswith(newline):
            line = None
            while True:  # the rest of the over-long line, counted and dropped
                if max_file is not None and total > max_file:
                    raise _FileTooLarge(lineno)
                piece = readline(1 << 20)
                total += len(piece)
                length += len(piece)
                if not piece or piece.endswith(newline):
                    break
        if max_file is not None and total > max_file:
            raise _FileTooLarge(lineno)
        yield lineno, line, length


def _iter_jsonl(path: Path, col: Collector) -> Iterator[tuple]:
    """The lines of ``path`` in order, each as ``("record", line number, object, decoding
    warnings)`` or as ``("note", source, status, message)`` for a report row.

    Lines are split on ``\\n`` only (a lone ``\\r`` inside a record is not a line end) and
    decoded one by one, so one line in another encoding is reported and repaired on its own.
    Lines longer than ``col.max_bytes`` are skipped without being read whole; a file that
    holds more than ``col.max_file_bytes`` (after decompression) raises :class:`CorpusError`.
    """
    limit = col.max_bytes
    try:
        with open_binary(path) as handle:
            head = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
            # (a UTF-8 mark is dropped from the first line as it is decoded)
            encoding = next((enc for bom, enc in BOMS
                             if enc != "utf-8-sig" and head.startswith(bom)), None)
            if encoding:
                yield ("note", path.name, "warning", f"decoded as {encoding} (byte-order mark)")
                text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="\n")
                lines = _read_lines(text.readline, "\n", max_line=limit,
                                    max_file=col.max_file_bytes)
            else:
                lines = _read_lines(handle.readline, b"\n", max_line=limit,
                                    max_file=col.max_file_bytes)
            for lineno, line, length in lines:
                where = f"{path.name}:{lineno}"
                if line is None:
                    yield ("note", where, "skipped",
                           f"line {lineno} holds {length / 1e6:.0f} MB, more than the "
                           f"{limit / 1e6:g} MB limit for one article (MAX_ARTICLE_BYTES); "
                           "skipped without reading it whole")
                    continue
                if encoding:
                    warns: list[str] = []
                else:
                    line, warns = _decode_line(line, first=(lineno == 1))
                if not line.strip():
                    continue
                record, error = _parse_json(line)
                del line
                if error:
                    yield ("note", where, "skipped", f"line {lineno} is {error}")
                    continue
                if not isinstance(record, dict):
                    yield ("note", where, "skipped", f"line {lineno} is JSON but not an object")
                    continue
                yield ("record", lineno, record, warns)
    except _FileTooLarge as exc:
        raise CorpusError(
            f"{path}: holds more than {col.max_file_bytes / 1e6:g} MB after decompression, the "
            f"limit for one corpus file (MAX_FILE_BYTES); stopped reading at line {exc.args[0]}. "
            "Split the file, or raise newslens.corpus.MAX_FILE_BYTES if the machine can hold "
            "it") from None
    except (OSError, EOFError, lzma.LZMAError, UnicodeError) as exc:
        # strerror, not str(exc): an OSError's text holds the absolute path of the file,
        # which does not belong in a shared report.
        strerror = getattr(exc, "strerror", None)
        message = (f"stopped reading: the file cannot be read ({strerror})" if strerror else
                   f"stopped reading: file is damaged ({str(exc).replace(str(path), path.name)})")
        yield ("note", path.name, "skipped", message)


def _decode_line(line: bytes, *, first: bool) -> tuple[str, list[str]]:
    if first and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8):]
    text, how = decode_non_bom(line)
    return text, [how] if how else []


def _load_jsonl(path: Path, col: Collector, *, dayfirst: bool | None = None,
                **names: str | None) -> None:
    """Every line of a JSON Lines file, with the columns chosen from the union of the keys
    of all its records (as a CSV header names every column): a key that first appears in
    a later record (an ``outlet`` added half-way through a scrape) is used for every
    record, and records without it get an unknown value.

    The file is read once, every record whole: its other fields are kept through to
    ``articles.csv`` (:func:`newslens.corpus.records.extra_columns`).
    """
    keys: dict[str, None] = {}
    items: list[tuple] = []
    n_records = 0
    for item in _iter_jsonl(path, col):
        if item[0] == "record":
            _, lineno, record, warns = item
            keys.update(dict.fromkeys(record))
            items.append(("record", lineno, record, warns))
            n_records += 1
        else:
            items.append(item)
    if not n_records:
        detail = "; ".join(f"{source}: {message}" for _, source, _, message in items[:3])
        raise CorpusError(f"{path}: no articles found (no readable JSON lines"
                          + (f"; {detail}" if detail else "") + ")")
    how = start_table(list(keys), path, [it[2] for it in items if it[0] == "record"], col,
                      dayfirst=dayfirst, **names)
    for i, item in enumerate(items):
        items[i] = None  # the record's text now lives in the article table only
        if item[0] == "record":
            _, lineno, record, warns = item
            add_record(record, f"{path.name}:{lineno}", f"{path.stem}-{lineno}", col=col,
                       warnings=warns, **how)
        else:
            _, source, status, message = item
            col.note(source, "", status, message)


def _load_json_array(path: Path, raw: str, col: Collector, *, dayfirst: bool | None = None,
                     **names: str | None) -> None:
    """A ``.json`` file holding one array of article objects (``[{...}, {...}]``)."""
    records, error = _parse_json(raw)
    if error or not isinstance(records, list):
        raise CorpusError(f"{path}: {error or 'not a JSON array'}; give an array of objects "
                          "or JSON Lines (one object per line)")
    objects = [(i, r) for i, r in enumerate(records) if isinstance(r, dict)]
    for i, r in enumerate(records):
        if not isinstance(r, dict):
            col.note(f"{path.name}[{i}]", "", "skipped", f"item {i} is not a JSON object")
    keys = list(dict.fromkeys(str(k) for _, r in objects for k in r))
    if not objects:
        raise CorpusError(f"{path}: no articles found (the array holds no objects)")
    how = start_table(keys, path, [r for _, r in objects], col, dayfirst=dayfirst, **names)
    for i, r in objects:
        add_record(r, f"{path.name}[{i}]", f"{path.stem}-{i}", col=col, **how)


def load_json(path: Path, col: Collector, *, dayfirst: bool | None = None,
              **names: str | None) -> None:
    """``.json``: an array of objects, or JSON Lines saved under a ``.json`` name."""
    suffixes = [s.lower() for s in path.suffixes]
    if ".json" in suffixes and ".jsonl" not in suffixes and ".ndjson" not in suffixes:
        with open_binary(path) as handle:
            start = handle.read(1 << 16)
            text, _ = decode_bytes(start)
            if text is not None and text.lstrip().startswith("["):
                rest_limit = (None if col.max_file_bytes is None
                              else max(col.max_file_bytes - len(start), 0))
                raw, warns = decode_bytes(start + read_whole(handle, path, rest_limit))
                if raw is None:
                    raise CorpusError(f"{path}: not a text file, so not JSON")
                if warns:
                    col.note(path.name, "", "warning", "; ".join(warns))
                _load_json_array(path, raw, col, dayfirst=dayfirst, **names)
                return
    _load_jsonl(path, col, dayfirst=dayfirst, **names)


