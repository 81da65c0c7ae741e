"""Character rules (stage ``"text"``): they repair the whole text before it is split into
paragraphs.

Mojibake (UTF-8 read as cp1252: ``â€™``), HTML entities in every broken spacing and
escaping (``& # 39;``, ``&amp;#39;``) that neither :func:`html.unescape` nor ftfy repair,
leftover HTML tags, invisible and control characters, Unicode spaces, and curly quote
marks. Each function edits ``doc.text`` and returns its changes for the log.
"""
from __future__ import annotations

import difflib
import html
import html.entities
import re
import unicodedata
from collections import Counter

from .rules import Change, Document

# --- mojibake ------------------------------------------------------------------------------
# UTF-8 bytes decoded as cp1252 or Latin-1 turn "’" into "â€™" and "é" into "Ã©". ftfy is the
# well-kept library that undoes this, but it is ~3 MB/s, so it only sees lines that contain a
# lead character of such a sequence (Â Ã â Ð Ñ Ø Ù Å Î Ï followed by a cp1252 continuation
# character): a cheap regex that almost no clean English line matches.
_CP1252_CONT = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_MOJIBAKE_LEADS = "\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2"
_MOJIBAKE_HINT = re.compile(f"[{_MOJIBAKE_LEADS}][{_CP1252_CONT}]")
_FTFY_CONFIG = None


def _ftfy_config():
    global _FTFY_CONFIG
    if _FTFY_CONFIG is None:
        import ftfy
        # Only the encoding repairs: entities, quotes, widths and line breaks are this
        # module's own rules (so that each change is logged under its own name).
        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
            fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
            remove_control_chars=False, normalization=None, explain=False)
    return _FTFY_CONFIG


def _diff_spans(old: str, new: str) -> list[tuple[str, str]]:
    """The replaced spans between two versions of a line (for the log).

    A character diff of a whole line is quadratic (and pathological on repetitive text), so
    when the repair kept the ASCII spaces, as mojibake repairs do, the two versions are
    compared word by word and only changed words are diffed by character.
    """
    old_words, new_words = old.split(" "), new.split(" ")
    if len(old_words) == len(new_words) and len(old_words) > 1:
        return [span for o, n in zip(old_words, new_words) if o != n
                for span in _char_diff_spans(o, n)]
    return _char_diff_spans(old, new)


def _char_diff_spans(old: str, new: str) -> list[tuple[str, str]]:
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes()
            if tag != "equal"]


def has_mojibake_hint(text: str) -> bool:
    """True when ``text`` holds a mojibake lead character followed by a cp1252
    continuation character (the only texts :func:`fix_mojibake` gives to ftfy)."""
    return (not text.isascii() and any(c in text for c in _MOJIBAKE_LEADS)
            and _MOJIBAKE_HINT.search(text) is not None)


#: Longest piece of a line given to ftfy and to the diff at once. The diff that logs each
#: repair (difflib.SequenceMatcher) is quadratic in the line's length: one 20 MB article on a
#: single line did not finish in 30 minutes. Mojibake sequences are a few characters long and
#: hold no ASCII space, so longer lines are cut at spaces into pieces of at most this length;
#: ordinary paragraphs are far shorter and are fixed whole, as before.
_MAX_FIX_CHARS = 2000


def _pieces(line: str, size: int = _MAX_FIX_CHARS) -> list[str]:
    """``line`` cut at ASCII spaces into pieces of at most ``size`` characters (joined back
    with ``"".join``); a line with no space in a window is cut at the window's end."""
    if len(line) <= size:
        return [line]
    out, start = [], 0
    while start < len(line):
        end = min(start + size, len(line))
        if end < len(line):
            cut = line.rfind(" ", start + 1, end)
            if cut > start:
                end = cut
        out.append(line[start:end])
        start = end
    return out


def fix_mojibake(doc: Document) -> list[Change]:
    if not has_mojibake_hint(doc.text):
        return []
    import ftfy
    found: Counter = Counter()
    lines = doc.text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line):
            pieces = []
            for piece in _pieces(line):
                fixed = ftfy.fix_text(piece, _ftfy_config()) if _MOJIBAKE_HINT.search(piece) else piece
                if fixed != piece:
                    for old, new in _diff_spans(piece, fixed):
                        found[(old, new)] += 1
                pieces.append(fixed)
            lines[i] = "".join(pieces)
    if found:
        doc.text = "\n".join(lines)
    return [(o, n, c) for (o, n), c in found.items()]


# --- HTML entities -------------------------------------------------------------------------
# Scrapers and machine translation break entities apart: "& # 39;", "& # 039;", "& #39 ;",
# "& # x27;", "& quot;", and double-escape them: "&amp;#39;", "&amp;quot;". html.unescape
# and ftfy only know the intact form. This pattern allows whitespace between every part and
# any number of "amp;" layers; a spaced form must end in ";" (so "& #1 seed" and the hashtag
# in "Trump & #MAGA" are left alone); named entities count only when the name is a real HTML5
# entity (so "AT&T;" and "Fox & Friends;" are left alone).
_ENTITY = re.compile(
    r"&(?:amp;)*#(?P<bare>[xX][0-9a-fA-F]{1,6}(?![0-9a-fA-F;])|[0-9]{1,7}(?![0-9;]))"
    r"|&[^\S\n]*(?:amp[^\S\n]*;[^\S\n]*)*"
    r"(?:#[^\S\n]*(?P<num>[xX][^\S\n]*[0-9a-fA-F]{1,6}|[0-9]{1,7})[^\S\n]*;"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]{1,31})[^\S\n]*;)")
_HTML5 = html.entities.html5


def _decode_entity(m: re.Match) -> str | None:
    num = m.group("num") or m.group("bare")
    if num is not None:
        num = re.sub(r"\s+", "", num)
        return html.unescape(f"&#{num};")
    name = m.group("name")
    if name + ";" in _HTML5:
        return _HTML5[name + ";"]
    return None


def fix_entities(doc: Document) -> list[Change]:
    if "&" not in doc.text:
        return []
    found: Counter = Counter()

    def sub(m: re.Match) -> str:
        new = _decode_entity(m)
        if new is None:
            return m.group(0)
        found[(m.group(0), new)] += 1
        return new

    # Each decoding shortens the text, so the loop ends; it runs again because decoding
    # "&amp;amp;#39;"-style layers or "&#38;#39;" can expose a new entity.
    while True:
        new_text = _ENTITY.sub(sub, doc.text)
        if new_text == doc.text:
            break
        doc.text = new_text
    return [(o, n, c) for (o, n), c in found.items()]


# --- HTML tags -----------------------------------------------------------------------------
# Escaped markup that was unescaped above ("&lt;a href=…&gt;") or raw tags a scraper kept.
# Only names of real inline/block tags count, so "x < y > z" and "<Name>" placeholders stay.
_TAG = re.compile(
    r"</?(?:a|abbr|b|br|div|em|figcaption|figure|h[1-6]|i|iframe|img|li|ol|p|script|span|"
    r"strong|style|sub|sup|u|ul|blockquote|embed|source|video)(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE)


def strip_tags(doc: Document) -> list[Change]:
    if "<" not in doc.text:
        return []
    found: Counter = Counter()

    def sub(m: re.Match) -> str:
        new = "\n" if m.group(0)[1:3].lower() in ("br", "p>", "p ", "di", "li") else ""
        found[(m.group(0), new)] += 1
        return new

    doc.text = _TAG.sub(sub, doc.text)
    return [(o, n, c) for (o, n), c in found.items()]


# --- invisible characters and odd spaces -----------------------------------------------------
def _char_label(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL CHARACTER')}"


# One scan finds every character the next two rules care about; both read it from the memo.
# The scan also counts curly quote marks, for the ``quote_marks`` rule.
_ODD_CHARS = re.compile("[\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000"
                        "\ufeff\u00ad\u0085\u0000-\u0008\u000b-\u001f\u007f-\u009f\t"
                        "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"
                        "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\uff07]")


_COMMON_ODD = "\u201c\u201d\u2018\u2019\u00a0"
_RARE_ODD = re.compile(_ODD_CHARS.pattern.replace("\u201c\u201d", "").replace("\u2018\u2019", "")
                       .replace("\u00a0", ""))


def _odd_chars(doc: Document) -> Counter:
    """Counts of the characters the next rules care about (memoised while the text is the
    same object). The four curly quotes and the non-breaking space are counted with
    ``str.count`` (fast); a regex finds the rarer ones."""
    memo = doc.memo.get("odd")
    if memo is None or memo[0] is not doc.text:
        text = doc.text
        found = Counter()
        if not text.isascii():
            for ch in _COMMON_ODD:
                if ch in text:
                    found[ch] = text.count(ch)
        if _RARE_ODD.search(text):
            found.update(_RARE_ODD.findall(text))
        memo = (text, found)
        doc.memo["odd"] = memo
    return memo[1]


# Zero-width space, word joiner, BOM and soft hyphen are invisible but split or glue words
# ("Idlib\u200b" is not "Idlib"). ZWJ/ZWNJ shape Arabic, Persian and Indic script, so they
# are kept between two non-ASCII letters and removed elsewhere (emoji sequences they join
# fall apart into their emoji, which no count here needs).
# C0/C1 control characters (except tab and newline) are never meaningful in prose.
# C1 control characters in web text are cp1252 bytes read as Latin-1: "\x93" is "“", "\x85"
# is "…" (ftfy's fix_c1_controls does the same); the five bytes cp1252 leaves undefined go.
_C1_CP1252 = {chr(b): bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
              if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad" + "".join(map(chr, range(0, 9)))
                       + "".join(map(chr, range(14, 32))) + "".join(map(chr, range(127, 160))))
_JOINER = re.compile("(?<![^\\W\x00-\x7f])[\u200c\u200d]+"
                     "|[\u200c\u200d]+(?![\u200c\u200d])(?![^\\W\x00-\x7f])")


def remove_invisible(doc: Document) -> list[Change]:
    chars = _odd_chars(doc)
    if not chars:
        return []
    text, changes = doc.text, []
    for ch in sorted(chars):
        if ch in _C1_CP1252:
            changes.append((_char_label(ch), _C1_CP1252[ch], chars[ch]))
            text = text.replace(ch, _C1_CP1252[ch])
        elif ch in _INVISIBLE:
            changes.append((_char_label(ch), "", chars[ch]))
            text = text.replace(ch, "")
    if "\u200c" in chars or "\u200d" in chars:
        found = Counter("".join(_JOINER.findall(text)))
        if found:
            text = _JOINER.sub("", text)
            changes.extend((_char_label(ch), "", n) for ch, n in sorted(found.items()))
    doc.text = text
    return changes


# Bidirectional control characters (the Unicode Bidi_Control property: ALM U+061C, LRM
# U+200E, RLM U+200F, the embeddings and overrides U+202A-U+202E, the isolates
# U+2066-U+2069) are left by Arabic and Hebrew CMS editors around names and numbers, and can
# be planted to make a line display reversed ("Trojan Source"). They are invisible, split
# words for every count ("Idlib\u200f" is not "Idlib") and mean nothing once the text is
# tokenised, so they go. (The loader removes them from titles and outlets.)
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def remove_bidi_controls(doc: Document) -> list[Change]:
    text = doc.text
    if text.isascii() or not _BIDI_CONTROLS.search(text):
        return []
    found = Counter(_BIDI_CONTROLS.findall(text))
    doc.text = _BIDI_CONTROLS.sub("", text)
    return [(_char_label(ch), "", n) for ch, n in sorted(found.items())]


# Non-breaking, thin, ideographic and other Unicode spaces and tabs become one ASCII space
# ("parts of\xa0Idlib" tokenises as "of\xa0idlib" otherwise); CR, U+2028 and U+2029 are
# line breaks.
_ODD_SPACES = frozenset("\u00a0\u1680\u202f\u205f\u3000\t\u000b\u000c"
                        + "".join(map(chr, range(0x2000, 0x200b))))
_LINE_SEPS = frozenset("\r\u2028\u2029")
_SPACE_RUN = re.compile(r" {2,}")


def normalise_spaces(doc: Document) -> list[Change]:
    chars = _odd_chars(doc)
    text = doc.text
    changes: list[Change] = []
    for ch in sorted(chars):
        if ch in _LINE_SEPS:
            n = chars[ch] - (text.count("\r\n") if ch == "\r" else 0)
            text = text.replace("\r\n", "\n") if ch == "\r" else text
            if n:
                changes.append((_char_label(ch), "\\n", n))
            text = text.replace(ch, "\n")
        elif ch in _ODD_SPACES:
            changes.append((_char_label(ch), " ", chars[ch]))
            text = text.replace(ch, " ")
    # Runs of spaces carry no meaning and are not logged. (Spaces at the edges of lines go
    # when the text is split into paragraphs.)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    doc.text = text
    return changes


# --- quote marks ---------------------------------------------------------------------------
# Curly, low-9, guillemet, prime and full-width quotes become ASCII " and ', so that a
# quote finder needs one pattern and "Syria’s" and "Syria's" count as one word. The raw
# text keeps the originals (column ``text``).
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\uff07"
QUOTE_CHARS = re.compile(f"[{_DOUBLE_QUOTES}{_SINGLE_QUOTES}]")


_QUOTE_ASCII = {**{c: '"' for c in _DOUBLE_QUOTES}, **{c: "'" for c in _SINGLE_QUOTES}}


def normalise_quotes(doc: Document) -> list[Change]:
    found = _odd_chars(doc)
    if not found:
        return []
    text, changes = doc.text, []
    for ch in sorted(c for c in found if c in _QUOTE_ASCII):
        changes.append((ch, _QUOTE_ASCII[ch], found[ch]))
        text = text.replace(ch, _QUOTE_ASCII[ch])
    doc.text = text
    return changes

