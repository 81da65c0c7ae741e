"""JSON corpora: JSON Lines (optionally compressed), decoded and parsed line by line so
that one broken line is reported on its own, or one JSON array of article objects."""
from __future__ import annotations

import codecs
import io
import json
import lzma
from pathlib import Path
from typing import Iterator

from ..errors import CorpusError
from .decoding import decode_bytes, decode_non_bom, open_binary
from .records import Columns, add_record, resolve_columns
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


def _iter_jsonl(path: Path, col: Collector) -> Iterator[tuple[int, dict, list[str]]]:
    """(line number, object, decoding warnings) for each JSON object line of ``path``.

    Lines are split on ``\\n`` only (a lone ``\\r`` inside a record is not a line end) and
    decoded one by one, so one line in another encoding is reported and repaired on its own.
    """
    try:
        with open_binary(path) as handle:
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
    text, how = decode_non_bom(line)
    return text, [how] if how else []


def _load_jsonl(path: Path, col: Collector, **names: str | None) -> None:
    cols: Columns | None = None
    seen_keys: set[str] = set()
    pending: list[tuple[int, dict, list[str]]] = []
    for lineno, record, warns in _iter_jsonl(path, col):
        if cols is None:
            seen_keys.update(str(k) for k in record)
            pending.append((lineno, record, warns))
            # Decide the column mapping from the first record that has a text column.
            try:
                cols = resolve_columns(sorted(seen_keys), path, **names)
            except CorpusError:
                if len(pending) < 100:
                    continue
                raise
            for ln, rec, w in pending:
                add_record(rec, f"{path.name}:{ln}", f"{path.stem}-{ln}", cols, col, w)
            pending.clear()
            continue
        add_record(record, f"{path.name}:{lineno}", f"{path.stem}-{lineno}", cols, col, warns)
    if cols is None:
        if pending:
            resolve_columns(sorted(seen_keys), path, **names)  # raises the clear error
        raise CorpusError(f"{path}: no articles found (no readable JSON lines)")


def _load_json_array(path: Path, raw: str, col: Collector, **names: str | None) -> None:
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
    cols = resolve_columns(keys, path, **names)
    for i, r in objects:
        add_record(r, f"{path.name}[{i}]", f"{path.stem}-{i}", cols, col)


def load_json(path: Path, col: Collector, **names: str | None) -> None:
    """``.json``: an array of objects, or JSON Lines saved under a ``.json`` name."""
    suffixes = [s.lower() for s in path.suffixes]
    if ".json" in suffixes and ".jsonl" not in suffixes and ".ndjson" not in suffixes:
        with open_binary(path) as handle:
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


