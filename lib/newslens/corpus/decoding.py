"""Bytes into text: byte-order marks, UTF-8, damaged UTF-8, UTF-16 without a mark, cp1252
and Latin-1, and what is not text at all; NUL characters, unpaired surrogates and line ends.

Every function says what it had to do (a warning for the load report) rather than
guessing silently.
"""
from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import re
from contextlib import contextmanager
from pathlib import Path

from ..errors import CorpusError


# Leading bytes of common binary formats that sometimes end up in a scraped folder.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8",
                 b"\xfd7zXZ", b"BZh", b"\x7fELF", b"\xd0\xcf\x11\xe0")

#: Byte-order marks and the codec that reads past each (UTF-32 before UTF-16: a UTF-32-LE
#: mark starts with the UTF-16-LE one).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))

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
    for bom, enc in BOMS:
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
    n_fffd = text.count("\ufffd")
    encoding, how = _damage_verdict(
        n_replaced=n_fffd - data.count(b"\xef\xbf\xbd"),
        n_valid=len(text) - len(text.encode("ascii", errors="ignore")) - n_fffd,
        cp1252_ok=not _CP1252_UNDEFINED.search(data))
    return (text if encoding == "utf-8" else data.decode(encoding)), how


def _damage_verdict(*, n_replaced: int, n_valid: int, cp1252_ok: bool) -> tuple[str, str]:
    """(encoding, warning) for text that is not valid UTF-8, from ``n_replaced`` invalid byte
    sequences, ``n_valid`` valid non-ASCII characters and whether cp1252 defines every byte
    (see :func:`decode_non_bom`): "utf-8" means UTF-8 with U+FFFD for the bad bytes."""
    if n_valid > 0 and n_valid >= n_replaced:
        return "utf-8", (f"{n_replaced} byte sequence{'s' if n_replaced != 1 else ''} not valid "
                         "UTF-8; replaced with U+FFFD")
    if cp1252_ok:
        return "cp1252", "not valid UTF-8; decoded as cp1252"
    return "latin-1", "not valid UTF-8 or cp1252; decoded as Latin-1"


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


class FileTooLarge(Exception):
    """More than ``limit`` bytes were read from one file (after decompression)."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


class _CountedReader(io.RawIOBase):
    """A binary file whose (decompressed) bytes are counted as they are read: reading past
    ``limit`` raises :class:`FileTooLarge`, so a decompression bomb costs no more than the
    limit before it is stopped."""

    def __init__(self, handle, limit: int | None):
        self._handle, self._limit, self.total = handle, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._handle.readinto(buffer)
        self.total += n
        if self._limit is not None and self.total > self._limit:
            raise FileTooLarge(self._limit)
        return n


class TextLines:
    """The lines of a text stream, read with ``readline(n)`` as from a file, without NUL
    characters (counted for :meth:`warnings`, as :func:`strip_nul` does for a whole text)."""

    def __init__(self, stream, encoding: str, warnings: list[str]):
        self._stream, self._warnings, self._nul = stream, warnings, 0
        self.encoding = encoding

    def readline(self, size: int = -1) -> str:
        line = self._stream.readline(size)
        while "\x00" in line:
            self._nul += line.count("\x00")
            line = line.replace("\x00", "")
            if not line:  # a piece of nothing but NULs is not the end of the file
                line = self._stream.readline(size)
        return line

    def warnings(self) -> list[str]:
        """What decoding needed, as :func:`decode_bytes` says it."""
        extra = [f"removed {self._nul} NUL character{'s' if self._nul != 1 else ''}"] \
            if self._nul else []
        return self._warnings + extra


# cp1252 leaves these five bytes undefined: a file holding one is read as Latin-1.
_CP1252_UNDEFINED = re.compile(b"[\x81\x8d\x8f\x90\x9d]")


def _count_utf8_damage(path: Path, limit: int | None) -> tuple[str, str, str]:
    """(encoding, errors, warning) for a file without a byte-order mark that is not valid
    UTF-8: the choice of :func:`decode_non_bom`, made from counts taken while streaming the
    file once in 1 MB pieces instead of decoding it whole."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    fffd_in_text = fffd_in_bytes = non_ascii = 0
    cp1252_ok = True
    tail = b""
    with open_binary(path) as handle:
        reader = io.BufferedReader(_CountedReader(handle, limit))
        while True:
            chunk = reader.read(1 << 20)
            text = decoder.decode(chunk, final=not chunk)
            fffd_in_text += text.count("\ufffd")
            non_ascii += len(text) - len(text.encode("ascii", errors="ignore"))
            # a U+FFFD written in the file as its three UTF-8 bytes is not damage; one may
            # straddle two pieces
            fffd_in_bytes += chunk.count(b"\xef\xbf\xbd") + (tail + chunk[:2]).count(b"\xef\xbf\xbd")
            cp1252_ok = cp1252_ok and not _CP1252_UNDEFINED.search(chunk)
            if not chunk:
                break
            tail = chunk[-2:]
    encoding, how = _damage_verdict(n_replaced=fffd_in_text - fffd_in_bytes,
                                    n_valid=non_ascii - fffd_in_text, cp1252_ok=cp1252_ok)
    return encoding, "replace" if encoding == "utf-8" else "strict", how


@contextmanager
def text_stream(path: Path, limit: int | None, *, utf8_damage: bool = False):
    """``path`` (decompressed when it ends in .gz, .xz or .bz2) as :class:`TextLines` read
    line by line with ``newline=""`` (line ends kept as they are), or None when it is not
    text; its encoding chosen as :func:`decode_bytes` chooses it, from the first 64 KiB
    (byte-order mark, UTF-16 without one, binary content).

    A file without a byte-order mark is read as strict UTF-8, which raises
    :class:`UnicodeDecodeError` where it is not valid; read it again with ``utf8_damage``
    and its damaged bytes are counted first (one more pass) to choose between UTF-8 with
    U+FFFD and cp1252, as :func:`decode_non_bom` does. Reading more than ``limit`` bytes
    raises :class:`FileTooLarge`.
    """
    with open_binary(path) as handle:
        head = handle.read(1 << 16)
    warnings: list[str] = []
    encoding = errors = None
    for bom, enc in BOMS:
        if head.startswith(bom):
            encoding, errors = enc, "strict"
            if enc != "utf-8-sig":
                warnings.append(f"decoded as {enc} (byte-order mark)")
            break
    if encoding is None:
        if head.startswith(_BINARY_MAGIC):
            yield None
            return
        encoding = _utf16_without_bom(head)
        if encoding is not None:
            errors = "strict"
            warnings.append(f"decoded as {encoding} (no byte-order mark)")
        elif _looks_binary(head):
            yield None
            return
        elif utf8_damage:
            encoding, errors, how = _count_utf8_damage(path, limit)
            warnings.append(how)
        else:
            encoding, errors = "utf-8", "strict"
    with open_binary(path) as handle:
        stream = io.TextIOWrapper(io.BufferedReader(_CountedReader(handle, limit)),
                                  encoding=encoding, errors=errors, newline="")
        yield TextLines(stream, encoding, warnings)
