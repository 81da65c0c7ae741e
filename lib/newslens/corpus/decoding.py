"""Bytes into text: byte-order marks, UTF-8, damaged UTF-8, UTF-16 without a mark, cp1252
and Latin-1, and what is not text at all; NUL characters, unpaired surrogates and line ends.

Every function says what it had to do (a warning for the load report) rather than
guessing silently.
"""
from __future__ import annotations

import bz2
import codecs
import gzip
import lzma
import re
from pathlib import Path

from ..errors import CorpusError


# Leading bytes of common binary formats that sometimes end up in a scraped folder.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8",
                 b"\xfd7zXZ", b"BZh", b"\x7fELF", b"\xd0\xcf\x11\xe0")

# Unpaired UTF-16 surrogates: JSON may carry them ("\ud800"), and pandas' UTF-8 writer
# raises on them, so one bad character would stop the whole run when tables are written.
#: Unpaired surrogates (see above).
SURROGATES = re.compile("[\ud800-\udfff]")


def fix_surrogates(value: str) -> str:
    """Replace unpaired surrogates (not encodable as UTF-8) with U+FFFD."""
    return SURROGATES.sub("\ufffd", value) if SURROGATES.search(value) else value



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
            return strip_nul(text, warnings), warnings
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
        return strip_nul(text, warnings), warnings
    if _looks_binary(data):
        return None, ["not a text file (binary content)"]
    text, how = decode_non_bom(data)
    if how:
        warnings.append(how)
    return strip_nul(text, warnings), warnings


def decode_non_bom(data: bytes) -> tuple[str, str | None]:
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


def strip_nul(text: str, warnings: list[str]) -> str:
    """``text`` without NUL characters (a warning added when there were some)."""
    # A NUL inside text truncates strings in C-based tools (spreadsheets, some CSV readers)
    # and is never meaningful in prose: drop it and say so.
    if "\x00" in text:
        n = text.count("\x00")
        warnings.append(f"removed {n} NUL character{'s' if n != 1 else ''}")
        text = text.replace("\x00", "")
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR as ``\\n``."""
    # CRLF (Windows) and lone CR (classic Mac, some CMS exports) become \n so that paragraph
    # splitting works the same on every input.
    return text.replace("\r\n", "\n").replace("\r", "\n")



def open_binary(path: Path):
    """``path`` opened for reading bytes, decompressed when it ends in .gz, .xz or .bz2."""
    opener = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}.get(path.suffix.lower(), open)
    return opener(path, "rb")



def read_whole(handle, path: Path, limit: int | None) -> bytes:
    """All the (decompressed) bytes of an open file, refusing more than ``limit``.

    At most ``limit + 1`` bytes are read, so a decompression bomb costs no more memory
    than the limit before it is stopped.

    Raises
    ------
    CorpusError
        When the file holds more than ``limit`` bytes.
    """
    data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise CorpusError(f"{path}: holds more than {limit / 1e6:g} MB after decompression, the "
                          "limit for one corpus file (MAX_FILE_BYTES); not loaded. Split the "
                          "file, or raise newslens.corpus.MAX_FILE_BYTES if the machine can "
                          "hold it")
    return data
