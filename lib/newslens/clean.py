"""Cleaning: repair broken characters, strip scraping boilerplate, keep the article's structure.

Scraped and machine-translated news is damaged in ways that distort every count downstream:
HTML entities with spaces inside (``& # 39;``) that neither :func:`html.unescape` nor ftfy
repair, mojibake (UTF-8 read as cp1252: ``â€™``), non-breaking and zero-width spaces, curly and
straight quotes mixed, and the furniture of the page the text was scraped from (navigation,
tracker names, captions printed twice, "Source: … and agencies" lines, reporter stand-ups,
advertisement markers, newsletter banners, bylines and timestamps).

The cleaner is an ordered tuple of named :class:`Rule` objects (:data:`DEFAULT_RULES`).
Rules of stage ``"text"`` see the whole text and repair characters; then the text is split
into paragraphs (one per non-empty line: scraped text puts each paragraph on its own line);
rules of stage ``"paragraphs"`` see the list of paragraphs and drop or edit whole lines:
first those that judge one line at a time, then those that look at neighbouring lines
(captions and their copies, the headline, duplicates). The last rule moves subheadings out
of the text into their own column. Every change is logged. ``clean_text(clean_text(x)) ==
clean_text(x)`` for every string (tested with hypothesis).

Switch a rule off by name (``disabled=("byline",)``) or add your own
(``rules=DEFAULT_RULES + (drop_lines("promo", "our promo line", r"Buy now.*"),)``).
"""
from __future__ import annotations

import difflib
import html
import html.entities
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import pandas as pd

from .config import RunConfig

#: Columns of the cleaning log, in order.
LOG_COLUMNS = ["doc_id", "rule", "removed_or_replaced_text", "replacement", "count"]

#: A change: (original text, replacement, how many times in this document).
Change = tuple[str, str, int]


# =========================================================================== rule objects

@dataclass
class Document:
    """The state of one article while rules run over it.

    Attributes
    ----------
    text : the whole text (read and written by ``"text"`` rules).
    paragraphs : the paragraphs (read and written by ``"paragraphs"`` rules).
    subheadings : lines moved out of the text by the ``subheadings`` rule.
    repeated : normalised keys (see :func:`repeat_key`) of lines that repeat across many
        articles of this article's outlet, learned by :func:`clean_corpus`.
    """

    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    repeated: frozenset[str] = frozenset()
    memo: dict = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Rule:
    """One named cleaning rule.

    A rule is either a function (``fn``) or a line pattern (``pattern``).

    Attributes
    ----------
    name : short identifier, used in the log and to switch the rule off.
    description : one sentence: which artifact it fixes, for the README and the notebook.
    fn : ``fn(doc) -> list[Change]``; edits ``doc.text`` (stage ``"text"``) or
        ``doc.paragraphs`` (stage ``"paragraphs"``) in place and returns the changes as
        ``(old, new, count)`` tuples.
    stage : ``"text"`` (runs before paragraphs are split) or ``"paragraphs"``.
    pattern : a compiled regular expression; the rule drops every paragraph of at most
        ``max_chars`` characters that it matches in full (``re.fullmatch``) and for which
        ``check`` (when given) is true. Consecutive pattern rules share one pass over the
        paragraphs.
    max_chars : see ``pattern``; boilerplate lines are short, and skipping long prose keeps
        the cleaner fast.
    check : extra condition on a paragraph the pattern matched.
    local : true when the rule looks at one paragraph at a time (pattern rules always do);
        such rules are not run again when a removal makes two paragraphs neighbours.
    """

    name: str
    description: str
    fn: Callable[[Document], list[Change]] | None = None
    stage: str = "paragraphs"
    pattern: re.Pattern | None = None
    max_chars: int = 400
    check: Callable[[str], bool] | None = None
    local: bool = False

    def __post_init__(self) -> None:
        if self.stage not in ("text", "paragraphs"):
            raise ValueError(f"rule {self.name!r}: stage must be 'text' or 'paragraphs'")
        if (self.fn is None) == (self.pattern is None):
            raise ValueError(f"rule {self.name!r}: give exactly one of fn and pattern")
        if self.pattern is not None and self.stage != "paragraphs":
            raise ValueError(f"rule {self.name!r}: a pattern rule works on paragraphs")


def drop_lines(name: str, description: str, pattern: str | re.Pattern, *,
               max_chars: int = 400, flags: int = 0,
               check: Callable[[str], bool] | None = None) -> Rule:
    """Build a rule that drops every paragraph the regular expression matches in full.

    Parameters
    ----------
    name, description : as in :class:`Rule`.
    pattern : matched with ``re.fullmatch`` against the stripped paragraph.
    max_chars : longer paragraphs are never dropped.
    flags : ``re`` flags when ``pattern`` is a string.
    check : an extra condition on a matched paragraph.

    Examples
    --------
    >>> rule = drop_lines("promo", "a promotion line", r"Buy now.*")
    >>> clean_text("Headline\\n\\nBuy now and save!\\n\\nThe story.", rules=(rule,))
    'Headline\\n\\nThe story.'
    """
    rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
    return Rule(name, description, pattern=rx, max_chars=max_chars, check=check)


def replace_text(name: str, description: str, pattern: str | re.Pattern, repl: str, *,
                 flags: int = 0) -> Rule:
    """Build a ``"text"``-stage rule that substitutes a regular expression everywhere.

    Examples
    --------
    >>> rule = replace_text("ellipsis", "three dots to one character", r"\\.\\.\\.", "…")
    >>> clean_text("Wait...", rules=(rule,))
    'Wait…'
    """
    rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern

    def fn(doc: Document) -> list[Change]:
        found = Counter()

        def sub(m: re.Match) -> str:
            new = m.expand(repl)
            found[(m.group(0), new)] += 1
            return new

        doc.text = rx.sub(sub, doc.text)
        return [(old, new, n) for (old, new), n in found.items()]

    return Rule(name, description, fn, "text")


# =========================================================================== text-stage rules

# --- mojibake ------------------------------------------------------------------------------
# UTF-8 bytes decoded as cp1252 or Latin-1 turn "’" into "â€™" and "é" into "Ã©". ftfy is the
# well-kept library that undoes this, but it is ~3 MB/s, so it only sees lines that contain a
# lead character of such a sequence (Â Ã â Ð Ñ Ø Ù Å Î Ï followed by a cp1252 continuation
# character): a cheap regex that almost no clean English line matches.
_CP1252_CONT = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_MOJIBAKE_HINT = re.compile(f"[\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2][{_CP1252_CONT}]")
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


_MOJIBAKE_LEADS = "\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2"


def _has_mojibake_hint(text: str) -> bool:
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


def _fix_mojibake(doc: Document) -> list[Change]:
    if not _has_mojibake_hint(doc.text):
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


def _fix_entities(doc: Document) -> list[Change]:
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


def _strip_tags(doc: Document) -> list[Change]:
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


def _remove_invisible(doc: Document) -> list[Change]:
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


# Non-breaking, thin, ideographic and other Unicode spaces and tabs become one ASCII space
# ("parts of\xa0Idlib" tokenises as "of\xa0idlib" otherwise); CR, U+2028 and U+2029 are
# line breaks.
_ODD_SPACES = frozenset("\u00a0\u1680\u202f\u205f\u3000\t\u000b\u000c"
                        + "".join(map(chr, range(0x2000, 0x200b))))
_LINE_SEPS = frozenset("\r\u2028\u2029")
_SPACE_RUN = re.compile(r" {2,}")


def _normalise_spaces(doc: Document) -> list[Change]:
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
_QUOTE_CHARS = re.compile(f"[{_DOUBLE_QUOTES}{_SINGLE_QUOTES}]")


_QUOTE_ASCII = {**{c: '"' for c in _DOUBLE_QUOTES}, **{c: "'" for c in _SINGLE_QUOTES}}


def _normalise_quotes(doc: Document) -> list[Change]:
    found = _odd_chars(doc)
    if not found:
        return []
    text, changes = doc.text, []
    for ch in sorted(c for c in found if c in _QUOTE_ASCII):
        changes.append((ch, _QUOTE_ASCII[ch], found[ch]))
        text = text.replace(ch, _QUOTE_ASCII[ch])
    doc.text = text
    return changes


# =========================================================================== paragraph rules

def _paragraph_edit(edit: Callable[[str], str | None], *, max_chars: int | None = None,
                    where: Callable[[int, int], bool] | None = None,
                    gate: Callable[[str], bool] | None = None
                    ) -> Callable[[Document], list[Change]]:
    """Wrap ``edit(paragraph) -> new paragraph ("" drops it) or None (unchanged)``.

    ``gate(doc)`` false skips the document (a fast path).
    """

    def fn(doc: Document) -> list[Change]:
        if gate is not None and not gate(doc):
            return []
        out, changes = [], []
        n = len(doc.paragraphs)
        for i, p in enumerate(doc.paragraphs):
            if (max_chars is not None and len(p) > max_chars) or (where and not where(i, n)):
                out.append(p)
                continue
            new = edit(p)
            if new is None or new == p:
                out.append(p)
                continue
            changes.append((p, new, 1))
            if new:
                out.append(new)
        if changes:
            doc.paragraphs = out
        return changes

    return fn


# --- free-standing quote marks ---------------------------------------------------------------
# Broken entities leave quote marks with spaces on both sides: "& # 39; Humanitarian
# catastrophe & # 39;" becomes "' Humanitarian catastrophe '"; typing slips leave
# 'that " unknown Middle Easterners"' and '$25 billion, " Rep. Gosar said'. Such a mark is
# not an apostrophe, and which way it faces follows from the marks around it: reading the
# paragraph left to right, a mark glued to the next word opens a quotation, one glued to the
# previous word closes it (for ' only when a quotation is open: otherwise it is a plural
# possessive, "Syrians' homes"), one glued on both sides ('spray."They') toggles. A
# free-standing mark then
#   - closes when a quotation is open (glued to the previous word);
#   - at the end of the paragraph with no quotation open, opens nothing: "stray" (the
#     ``stray_quote`` rule drops it: 'called the accusations "very strange". "');
#   - otherwise opens (glued to the next word), unless no later mark closes it and a
#     lowercase word follows, which points to a lost opening mark: "catastrophe ' in Syria"
#     becomes "catastrophe' in Syria".
# An odd number of marks alone proves nothing: a quotation running over several paragraphs
# opens each of them and closes only the last.
_FREE_QUOTE_ANY = re.compile(r"[\"'](?!\S)(?<!\S[\"'])")


def _has_free_quote(doc: Document) -> bool:
    memo = doc.memo.get("free_quote")
    if memo is None or memo[0] is not doc.paragraphs:
        memo = (doc.paragraphs, bool(_FREE_QUOTE_ANY.search("\n".join(doc.paragraphs))))
        doc.memo["free_quote"] = memo
    return memo[1]


_NON_SPACE = re.compile(r"\S")  # re's \s is str.isspace, so this agrees with str.strip


def _quote_roles(p: str) -> dict[int, str]:
    """Role (``open``, ``close`` or ``stray``) of each free-standing quote mark, by offset.

    Linear in the paragraph's length: the text before and after a mark is examined through
    precomputed offsets (first and last non-space character, next non-space character, a
    later mark that can close), never by slicing the paragraph per mark, which made a long
    one-line article quadratic.
    """
    roles: dict[int, str] = {}
    n = len(p)
    first_ns = n - len(p.lstrip())           # p[:i].strip() is empty  <=> i <= first_ns
    last_ns = len(p.rstrip()) - 1            # p[i+1:].strip() is empty <=> i >= last_ns
    for kind in ('"', "'"):
        marks = []
        i = p.find(kind)
        while i != -1:
            left = i == 0 or p[i - 1].isspace()
            right = i == n - 1 or p[i + 1].isspace()
            word_inside = not left and not right and p[i - 1].isalnum() and p[i + 1].isalnum()
            digit_after = left and not right and p[i + 1].isdigit()   # '90s
            if not (kind == "'" and (word_inside or digit_after)):
                marks.append((i, left, right))
            i = p.find(kind, i + 1)
        # later_close[k]: some mark after the k-th is glued to its left word or free-standing
        later_close = [False] * (len(marks) + 1)
        for k in range(len(marks) - 1, -1, -1):
            later_close[k] = later_close[k + 1] or marks[k][2]
        inside = False
        for k, (i, left, right) in enumerate(marks):
            if left and not right:
                inside = True
            elif right and not left:
                inside = False
            elif not left and not right:
                inside = not inside
            elif inside:
                roles[i] = "close"
                inside = False
            elif i >= last_ns:
                roles[i] = "stray"
            elif i <= first_ns:
                roles[i] = "open"
                inside = True
            else:
                nxt = _NON_SPACE.search(p, i + 1)
                if not later_close[k + 1] and nxt is not None and nxt.group().islower():
                    roles[i] = "close"
                else:
                    roles[i] = "open"
                    inside = True
    return roles


def _attach_free_quotes(p: str) -> str | None:
    if not _FREE_QUOTE_ANY.search(p):
        return None
    roles = _quote_roles(p)
    out, last = [], 0
    for i in sorted(roles):
        if roles[i] == "open":
            out.append(p[last:i + 1])
            j = i + 1
            while j < len(p) and p[j] == " ":
                j += 1
            last = j
        elif roles[i] == "close":
            out.append(p[last:i].rstrip(" "))
            out.append(p[i])
            last = i + 1
    out.append(p[last:])
    new = "".join(out)
    return new if new != p else None


# --- stray quote -----------------------------------------------------------------------------
# The "stray" marks of the analysis above: a quote mark alone at the end of a paragraph when
# no quotation is open ('… called the accusations "very strange". "'), a scraping or
# translation artifact that opens nothing. It is dropped with the space before it.
def _drop_stray_quote(p: str) -> str | None:
    if not _FREE_QUOTE_ANY.search(p):
        return None
    strays = [i for i, r in _quote_roles(p).items() if r == "stray"]
    if not strays:
        return None
    for i in sorted(strays, reverse=True):
        p = p[:i].rstrip(" ") + p[i + 1:]
    return p


# --- tracker words -------------------------------------------------------------------------
# Analytics and ad-tech scripts leave their name as text at the top of the page: "Quantcast
# i24NEWS - No major offensive…". The word is removed from the start of the first paragraph
# when a capitalised word or a digit follows (a site name or the headline), or wherever it
# stands alone on a line. Names that are also ordinary names (Nielsen, Piano) are left out;
# an article whose headline begins with one of these companies ("Taboola Raises $117M")
# would lose that word: switch the rule off for a corpus about ad-tech.
_TRACKER_NAMES = (r"(?:Quantcast|Chartbeat|comScore|ScorecardResearch|Outbrain|Taboola|Parse\.ly"
                  r"|Google Tag Manager|Hotjar|Optimizely|AddThis|ShareThis|Sailthru|Permutive)")
_TRACKER_LEAD = re.compile(r"^" + _TRACKER_NAMES + r"\s*:?\s+(?=\S*[A-Z0-9])")
_TRACKER_ALONE = re.compile(_TRACKER_NAMES + r"(?:\s+" + _TRACKER_NAMES + r")*")


def _strip_tracker(doc: Document) -> list[Change]:
    ps = doc.paragraphs
    changes: list[Change] = []
    m = _TRACKER_LEAD.match(ps[0])
    if m:
        new = ps[0][m.end():]
        changes.append((ps[0], new, 1))
        ps[0] = new
    keep = [p for p in ps if len(p) > 80 or not _TRACKER_ALONE.fullmatch(p)]
    if len(keep) < len(ps):
        changes.extend((p, "", 1) for p in ps if len(p) <= 80 and _TRACKER_ALONE.fullmatch(p))
        doc.paragraphs = keep
    return changes


# --- site name glued to a duplicated headline ---------------------------------------------------
# Pages print the <title> ("i24NEWS - No major offensive…: Lavrov") and then the headline
# ("No major offensive…: Lavrov"). When the first paragraph is the second plus a short site
# name and a separator, the first is dropped; an exact repeat of the headline is dropped too.
_SITE_SEP = re.compile(r"^\s*(?:[-|\u2013\u2014:\u00b7\u2022]\s*)+|\s*(?:[-|\u2013\u2014:\u00b7\u2022]\s*)+$")


def _site_name_headline(doc: Document) -> list[Change]:
    ps = doc.paragraphs
    if len(ps) < 2 or len(ps[0]) > 400:
        return []
    first, second = ps[0], ps[1]
    if first == second:
        del ps[1]
        return [(second, "", 1)]
    if len(second) < 10:
        return []
    if first.endswith(second):          # "Site - Headline"
        extra = first[: -len(second)]
        glued = _SEP_AT_END.search(extra)
    elif first.startswith(second):      # "Headline | Site"
        extra = first[len(second):]
        glued = _SEP_AT_START.search(extra)
    else:
        return []
    site = _SITE_SEP.sub("", extra).split()
    if not glued or not 1 <= len(site) <= 6:
        return []
    del ps[0]
    return [(first, "", 1)]


_SEP_CHARS = "-|\u2013\u2014:\u00b7\u2022"
_SEP_AT_END = re.compile(f"[{_SEP_CHARS}]\\s*$")
_SEP_AT_START = re.compile(f"^\\s*[{_SEP_CHARS}]")


# --- navigation ------------------------------------------------------------------------------
# Links to the previous/next story, often glued to a comment counter and the other story's
# title ("8Previous articleFriday's mail from Gaza…"), "Read more"/"Related" link lines,
# "Story continues below", gallery controls ("next Image 1 of 2", "Slideshow (3 Images)").
_NAVIGATION = re.compile(
    r"\d*\s*(?:Previous|Next|Prev)\s*(?:article|post|story|page)s?(?:\b|(?-i:(?=[A-Z0-9\"']))).*"
    r"|(?:read|see|watch|click here for|more) (?:more|also|next|related)\b.{0,200}"
    r"|(?:related|more on this|more|recommended|related (?:stories|articles|coverage|content)"
    r"|you (?:may|might) also like|trending|most popular|most read|top stories)\s*(?:[.:…]+.{0,200}|\.{3})?"
    r"|(?:story|article|text) continues? (?:below|after (?:the )?(?:advertisement|ad))\.?"
    r"|continue reading(?: (?:below|the main story|the article))?\.?"
    r"|skip (?:to|this) \w+.*|back to top|jump to \w+.*"
    r"|(?:prev|next|previous) image \d+ of \d+|image \d+ of \d+|slideshow \(\d+ images?\)"
    r"|\d+ of \d+ (?:photos|images)|(?:view|see) (?:the )?(?:full )?(?:gallery|photos)\b.{0,80}"
    # a label line with nothing after it: "ANALYSIS/OPINION:", "WATCH:", "UPDATE:"
    r"|(?:analysis|opinion|analysis/opinion|commentary|editorial|exclusive|breaking(?: news)?"
    r"|update|watch|listen|video|photos?|live|explainer)\s*:"
    # a bracketed related link: "( PHOTOS: 25 unforgettable quotes)", "(Also on POLITICO: …)"
    r"|[(\[]\s*(?:photos?|videos?|related|read more|see also|also on [\w .]{1,30}|more)\s*:[^()\[\]]{1,200}[)\]]",
    re.IGNORECASE)

# --- advertisement markers ---------------------------------------------------------------------
_ADVERTISEMENT = re.compile(
    r"(?:advertisement|advertising|ad|sponsored(?: content| links?)?|paid content|promoted"
    r"|story continues below advertisement|advertisement continue reading the main story"
    r"|\[?ad\]?|\(adsbygoogle.*)(?:\s*[:.]?\s*(?:advertisement|ad)\b)*\s*[:.]?",
    re.IGNORECASE)

# --- share and widget text -----------------------------------------------------------------------
# Social buttons and media-player labels scraped as text: "Share Tweet Post Email",
# "Facebook Twitter WhatsApp", "Loading...", "CLOSE", "Play video", "Enlarge this image
# toggle caption …", and weather widgets ("72°F Sunny").
_SHARE_WORD = (r"(?:share(?: this(?: article| story)?| on \w+)?|tweet|post|email|e-mail|print|"
               r"facebook|twitter|whatsapp|linkedin|pinterest|reddit|messenger|flipboard|"
               r"youtube|instagram|copy(?: the)? link|comments?|save|\d+ comments?)")
_WIDGET = re.compile(
    rf"(?:{_SHARE_WORD}[\s,|/·•]*)+"
    r"|loading\.*|close|play(?: video)?|watch(?: video)?|video|photo|photos|image|listen"
    r"|embed|click to (?:expand|enlarge)|(?:toggle|hide|show) caption\b.{0,100}"
    r"|enlarge this image\b.*|image (?:caption|copyright)\b.*|media playback is unsupported.*"
    r"|-?\d{1,3}\s?\u00b0\s?[FC]?\b[\w ,]{0,40}|weather\b.{0,40}\d+\s?\u00b0.*"
    r"|\d+:\d{2}(?: min)?|\(?\d+:\d{2}\)?",
    re.IGNORECASE)

# --- subscription and newsletter banners -----------------------------------------------------------
# "Sign up for Daily Newsletters", "Get the Monitor Stories you care about delivered to your
# inbox", "CLICK HERE TO GET THE FOX NEWS APP", "Subscribe to …": an imperative opening AND a
# newsletter/app/subscription word, so prose that mentions a newsletter is not touched.
_SUBSCRIPTION = re.compile(
    r"\W*(?:click here|tap here|sign up|subscribe|get (?:the|our|all|breaking|it|more)"
    r"|download|want|join|follow|like us|don't miss|never miss|stay (?:informed|up to date)"
    r"|for (?:more|indispensable|the latest)|interested in|become a|already a"
    r"|you've been|thank you for|manage newsletters|newsletter|enter your email|your email)\b"
    r"(?=.*?\b(?:newsletters?|inbox|subscribe|subscription|sign(?:ing)? up|app|podcast"
    r"|follow us|like us|on (?:facebook|twitter|instagram))\b).*",
    re.IGNORECASE)

# --- cookie and consent banners --------------------------------------------------------------------
# "We use cookies to …", "By continuing to use this site you agree to our Privacy Policy":
# a consent opening AND a cookie/privacy/terms word.
_COOKIE = re.compile(
    r"(?:we(?: and our partners)? use|this (?:site|website) uses|by (?:continuing|using|clicking"
    r"|signing|visiting)|(?:our|the) (?:cookie|privacy) (?:policy|notice)|accept(?: all)?"
    r"|manage (?:cookies|preferences|settings)|cookies?|to (?:find out|learn) more)\b"
    r"(?=.*?\b(?:cookies?|privacy|terms of (?:use|service))\b).*",
    re.IGNORECASE)

# --- copyright and reprint notices ---------------------------------------------------------------
_COPYRIGHT = re.compile(
    r"(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:\d{4}|[A-Z]).{0,200}"
    r"|all rights reserved\.?.{0,100}"
    r"|this material may not be published, broadcast, rewritten,? or redistributed\.?.{0,80}"
    r"|click here for reprint permission\.?"
    r"|the opinions expressed (?:by|in) .{0,80} (?:are|do not) .{0,120}",
    re.IGNORECASE)

# --- bylines -------------------------------------------------------------------------------------
# "By Jane Doe", "By JANE DOE and JOHN ROE, Associated Press", "Written by …", "Posted by …":
# the line begins with a byline verb and holds at most a dozen words, no sentence end.
_BYLINE = re.compile(
    r"(?:by|written by|posted by|reporting by|words by|story by|text by)\s+"
    r"[A-Z\u00c0-\u017f][\w.'\u00c0-\u017f-]*(?:\s+[\w.'&\u00c0-\u017f-]+){0,11}\s*,?[^.!?]{0,60}"
    r"|(?:additional reporting|reporting|editing|writing|compiled|produced) by [^.!?]{2,120}"
    r"(?:[;.] *(?:additional reporting|reporting|editing|writing) by [^.!?]{2,120})*\.?",
    re.IGNORECASE)
_BYLINE_LEAD = re.compile(r"(?:by|written by|posted by|reporting by|words by|story by|text by)"
                          r"\s+(\S+)", re.IGNORECASE)

# Words that begin prose sentences starting with "By" ("By Monday, …", "By contrast").
_BYLINE_STOP = frozenset(
    "contrast comparison the a an then now monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november "
    "december this that these those law default design definition far all some most many "
    "early late mid midday noon nightfall dawn evening morning afternoon tonight tomorrow "
    "yesterday time way no".split())


def _is_byline(p: str) -> bool:
    """Extra conditions on a line the byline pattern matched: at most 14 words, no final ! or
    ?, and after "By"/"Written by"… a capitalised word that is not a date or connective
    ("By Monday, …" and "By contrast, …" open sentences, not bylines)."""
    if len(p.split()) > 14 or p.rstrip().endswith(("?", "!")):
        return False
    m = _BYLINE_LEAD.match(p)
    if m is None:              # "Reporting by …; Editing by …"
        return True
    name = m.group(1)
    word = name.lower().rstrip(",.;:")
    word = word[:-2] if word.endswith("'s") else word
    return name[:1].isupper() and word not in _BYLINE_STOP


# --- timestamps ----------------------------------------------------------------------------------
# "Updated 10:32 AM ET, Tue September 11, 2018", "Posted: Sep 12, 2018 / 08:16 AM",
# "Published 3 hours ago", "6 years ago", "Last modified on Tue 11 Sep 2018 14.05 BST".
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_TIMESTAMP = re.compile(
    r"(?:(?:last |first )?(?:updated|posted|published|modified|last modified|created|"
    r"date|filed)(?: on| at)?:?\s+(?=[^.!?]*\d).{0,120})"
    r"|(?:\d+|an?|one) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago"
    r"|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?"
    + _MONTH + r" \d{1,2},? \d{4}(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?"
    r"|\d{1,2} " + _MONTH + r" \d{4}(?:,? \d{1,2}[:.]\d{2}(?: [A-Z]{2,4})?)?"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?: \d{1,2}:\d{2}(?: ?[ap]m)?)?",
    re.IGNORECASE)

# --- source and agency lines ----------------------------------------------------------------------
# "Source: TRTWorld and agencies", "(Reuters)", "— AFP", "The Associated Press contributed to
# this report.", "Contributing: Associated Press", "This story has been corrected …" is NOT
# here (a correction is content).
_AGENCY = (r"(?:agencies|agency|wires?|AP|AFP|Reuters|Associated Press|Agence France[- ]Presse|"
           r"Anadolu(?: Agency)?|AA|dpa|DPA|Xinhua|TASS|UPI|EFE|ANSA|Kyodo|Yonhap|PTI|IANS|"
           r"Bloomberg|CNN|BBC|staff|news agencies|wire services)")
_SOURCE_LINE = re.compile(
    r"(?:sources?|via|credit|with (?:reporting|files) from)\s*:\s*[^.!?]{1,80}\.?"
    r"|[(\[]?\s*(?:(?:with|additional|from)\s+)?" + _AGENCY
    + r"(?:\s*(?:,|and|&|/)\s*" + _AGENCY + r")*\s*[)\]]?\.?"
    r"|[-\u2013\u2014]+\s*" + _AGENCY + r"(?:\s*(?:,|and|&|/)\s*" + _AGENCY + r")*\.?"
    r"|(?:the )?" + _AGENCY + r"(?:\s*(?:,|and|&)\s*" + _AGENCY + r")*"
    r" (?:contributed|helped) (?:to )?(?:this|the) (?:report|story|article)\.?"
    r"|contributing:?\s+[^.!?]{1,120}\.?"
    r"|(?:information|material|reporting) (?:from|by) " + _AGENCY
    + r"(?:(?:,| and) " + _AGENCY + r")* (?:was used in|contributed to) this (?:report|story)\.?",
    re.IGNORECASE)

# --- reporter stand-ups ----------------------------------------------------------------------------
# Broadcasters' web pages keep the line that introduced a video: "TRT World's Sara Firth
# reports from Syria.", "Al Jazeera's Zeina Khodr has more from Beirut.", "Oubai Shahbandar
# has more from Gaziantep, on Turkey's border with Syria." A capitalised name (optionally
# preceded by "<Outlet>'s"), a stand-up verb, an optional "from <Place>", nothing else.
_NAME = r"[A-Z][\w.'\u00c0-\u017f-]*(?:\s+(?:[A-Z][\w.'\u00c0-\u017f-]*|al|el|de|van|von|bin|ibn|da|di|la|le)){0,4}"
_STANDUP = re.compile(
    r"(?:(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*'s\s+(?:(?:senior |chief |diplomatic |political "
    r"|security |white house |foreign |special |[a-z]+ )?(?:correspondent|reporter|editor)\s+)?)?"
    + _NAME +
    r"\s+(?:(?:reports|reported|is reporting) from [^.!?:]{1,100}"
    r"|(?:has|have|with) (?:more|the (?:latest|story|details)|this report)"
    r"(?: (?:from|in|on) [^.!?:]{1,100})?"
    r"|(?:sent|filed) this report(?: from [^.!?:]{1,100})?)\.?")

# --- captions --------------------------------------------------------------------------------------
# A photo caption printed twice, the second time with its credit in parentheses ("… on June 8,
# 2017." then "… on June 8, 2017. (Reuters Archive)"): both lines are the caption, not the
# article, and both go. A line that is only a credit ("(Reuters)", "Photo: AFP/Getty Images",
# "Image copyright Getty Images", "(AP Photo/Evan Vucci)") goes too.
_PHOTO_SOURCE = (r"(?:" + _AGENCY + r"|Getty Images?|EPA(?:-EFE)?|Shutterstock|Sipa(?: USA)?|Pool"
                 r"|Reuters Archive|AA Archive|Handout|Zuma(?: Press)?|Alamy|NurPhoto|AP Images"
                 r"|(?:file|archive)(?: photo| image)?)")
_CREDIT_NAME = r"(?-i:[A-Z][\w.'-]*)(?:\s+(?-i:[A-Z][\w.'-]*)){0,3}"
_CREDIT_PREFIX = (r"(?:(?:AP|AFP|Reuters|EPA|file|pool)\s+)?"
                  r"(?:photo|image|picture|video|illustration|graphic)s?"
                  r"(?:\s+(?:by|credit|courtesy(?: of)?|copyright|source)\b)?\s*[:/]?\s*")
_CREDIT_TAIL_PART = r"(?:\s*(?:/|via|,|for)\s*(?:" + _PHOTO_SOURCE + "|" + _CREDIT_NAME + r"))*"
_CREDIT = (r"(?:" + _CREDIT_PREFIX + r"(?:" + _CREDIT_NAME + r"\s*/\s*)?(?:" + _PHOTO_SOURCE
           + "|" + _CREDIT_NAME + r")" + _CREDIT_TAIL_PART
           + r"|(?:" + _CREDIT_NAME + r"\s*/\s*)?" + _PHOTO_SOURCE + _CREDIT_TAIL_PART + r")")
_CREDIT_LINE = re.compile(r"[(\[]\s*" + _CREDIT + r"\s*[)\]]\.?|" + _CREDIT + r"\.?"
                          r"|(?:photo|image|picture)\s*(?:credit|copyright|courtesy)\s*:?.{0,80}",
                          re.IGNORECASE)
_CREDIT_TAIL = re.compile(r"\s*[(\[]\s*" + _CREDIT + r"\s*[)\]]\.?$", re.IGNORECASE)


# A paragraph that ends with a bracketed photo credit is a caption even when it is printed
# once: "… in Washington. (AP Photo/Alex Brandon)", "… (Photo: Mike Bradley for USA TODAY)",
# "… (Mike Segar/Reuters)", "… (Reuters Archive)".
_PHOTO_CREDIT_END = re.compile(
    r"[(\[]\s*(?:(?:AP|AFP|Reuters|EPA|file|pool|staff)\s+)?(?:photos?|images?|pictures?)\b"
    r"[^()\[\]]{0,80}[)\]]\.?"
    r"|[(\[][^()\[\]]{0,60}/\s*(?:Getty Images|AFP|AP|Reuters|EPA|Shutterstock|Bloomberg|Sipa"
    r"|Zuma|Alamy|NurPhoto|Anadolu)[^()\[\]]{0,30}[)\]]\.?"
    r"|[(\[]\s*(?:Reuters|AA|AP|AFP|Anadolu|file|TRT World) archive\s*[)\]]\.?", re.IGNORECASE)


def _captions_with_credit(doc: Document) -> list[Change]:
    ps = doc.paragraphs
    drop: set[int] = set()
    for i, p in enumerate(ps):
        if not p.endswith((")", "]", ").", "].")) or len(p) > 800:
            continue
        m = _CREDIT_TAIL.search(p)
        if not m:
            continue
        if _PHOTO_CREDIT_END.fullmatch(m.group(0).strip()) and m.start() > 0:
            drop.add(i)
        caption = p[:m.start()].rstrip()
        # the caption without its credit appears somewhere before (usually right before)
        if caption in ps[:i]:
            drop.update((i, ps.index(caption)))
    if not drop:
        return []
    doc.paragraphs = [p for k, p in enumerate(ps) if k not in drop]
    return [(ps[k], "", 1) for k in sorted(drop)]


# A caption left on its own: a line of five or more words that ends with a full date
# ("… in Moscow with his Syrian counterpart on August 30, 2018") and has no final full stop.
# Prose sentences that end in a date end with a full stop; captions often do not. An
# embedded tweet ends the same way ("… — Name (@handle) June 29, 2020") but is a statement,
# not a caption: lines with "@", "http", "pic.twitter" or a dash attribution are kept, and
# so are lines with a quotation mark or an inner "!"/"?" (a cited statement: '"Pennies don't
# fall from heaven…" Speech, Nov. 12, 1979'), and "Posted by …" embeds.
_DATED_CAPTION = re.compile(
    r"[A-Z\"'].{20,400}\b(?:on |in )?" + _MONTH + r" \d{1,2}, \d{4}"
    r"(?:\s*[(\[][^)\]]{1,60}[)\]])?", re.IGNORECASE)


def _is_dated_caption(p: str) -> bool:
    # cheap gate first: a caption of this kind ends in the year's last digit or a bracket
    return ((p[-1:].isdigit() or p[-1:] in ")]") and len(p) <= 400 and len(p.split()) >= 5
            and "@" not in p and "http" not in p and "pic.twitter" not in p
            and "\u2014" not in p and " - " not in p and " -- " not in p
            and '"' not in p and "! " not in p and "? " not in p and "osted by" not in p
            and _DATED_CAPTION.fullmatch(p) is not None)


def _drop_dated_captions(doc: Document) -> list[Change]:
    ps = doc.paragraphs
    drop = [i for i in range(1, len(ps)) if _is_dated_caption(ps[i])]
    if not drop:
        return []
    changes = [(ps[i], "", 1) for i in drop]
    doc.paragraphs = [p for i, p in enumerate(ps) if i not in set(drop)]
    return changes


# --- lines repeated across many articles of one outlet (learned) ---------------------------------
_KEY_DIGITS = re.compile(r"\d+")
_KEY_SPACE = re.compile(r"\s+")


def repeat_key(line: str) -> str:
    """Normalise a line for repeat counting: case-folded, digits -> ``0``, spaces collapsed.

    "Copyright © 2019 The Washington Times" and "… © 2020 …" share a key.

    Examples
    --------
    >>> repeat_key("Copyright  2019 The Times")
    'copyright 0 the times'
    """
    # " ".join(s.split()) is _KEY_SPACE.sub(" ", s).strip(): str.split and the regex's \s
    # use the same 29 Unicode whitespace characters (checked over every code point); the
    # join is 40% faster, and this runs on every paragraph of the corpus, twice
    return " ".join(_KEY_DIGITS.sub("0", line.casefold()).split())


def paragraph_keys(doc: Document) -> list[str]:
    """:func:`repeat_key` of each paragraph of ``doc``.

    Remembered in ``doc.memo`` by paragraph text: the repeated-line statistics and the
    ``repeated_line`` rule both need the keys of (mostly) the same paragraphs, and keying
    every paragraph of the corpus twice was a fifth of the cleaning time.
    """
    known = doc.memo.get("repeat_keys")
    if known is None:
        known = doc.memo["repeat_keys"] = {}
    keys = []
    for p in doc.paragraphs:
        k = known.get(p)
        if k is None:
            k = known[p] = repeat_key(p)
        keys.append(k)
    return keys


def _drop_repeated(doc: Document) -> list[Change]:
    if not doc.repeated:
        doc.memo.pop("repeat_keys", None)
        return []
    keys = paragraph_keys(doc)
    doc.memo.pop("repeat_keys", None)     # not needed after this rule
    keep, changes = [], []
    for i, (p, k) in enumerate(zip(doc.paragraphs, keys)):
        if i > 0 and k in doc.repeated:
            changes.append((p, "", 1))
        else:
            keep.append(p)
    if changes:
        doc.paragraphs = keep
    return changes


# --- duplicated paragraphs --------------------------------------------------------------------------
# A paragraph printed twice in a row (a template that repeats the lead, a double scrape).
def _drop_adjacent_duplicates(doc: Document) -> list[Change]:
    ps = doc.paragraphs
    keep, changes = ps[:1], []
    for p in ps[1:]:
        if p == keep[-1]:
            changes.append((p, "", 1))
        else:
            keep.append(p)
    if changes:
        doc.paragraphs = keep
    return changes


# --- subheadings ----------------------------------------------------------------------------------
# Editors break long stories with short headings ("More human displacement", "-Last IS
# bastion-", "'Bloodbath' must be averted"). They are framing, not anyone's statement, so they
# leave the text for the ``subheadings`` column. A subheading: not the first paragraph
# (that is the headline), at most SUBHEADING_MAX_WORDS words, no final . ! : ; , (a
# question of at most SUBHEADING_MAX_QUESTION_WORDS words counts: "Attack of chemical
# weapons?"), and it stands alone: the paragraphs around it are not also short unpunctuated
# lines (a run of such lines is a list or a table, kept as text). The label right under
# the headline ("Syrian civil war") qualifies and goes to the same column: it is a kicker,
# editorial framing as well. A short line at the very end has nothing under it and is kept.
SUBHEADING_MAX_WORDS = 10
SUBHEADING_MAX_QUESTION_WORDS = 6
_DECOR = re.compile(r"^[-*=\u2022\u2013\u2014#~_]+\s*(.*?)\s*[-*=\u2022\u2013\u2014#~_]+$")
_LIST_MARK = re.compile(r"^(?:[-*\u2022\u25cf\u25aa>]|\d{1,2}[.)])\s")


# A sentence break inside the line ('"Pennies do not fall from heaven." Speech, 1979'): a
# lowercase word, a full stop, ! or ?, a space and a capital. "U.S. Forces" is not one.
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"')]*\s+[\"'(]*[A-Z]")


def _short_unpunctuated(p: str) -> bool:
    words = p.split()
    if not words or len(words) > SUBHEADING_MAX_WORDS:
        return False
    if _LIST_MARK.match(p) or _INNER_SENTENCE_END.search(p):
        return False
    if not any(c.isalpha() for c in p):
        return False
    end = p.rstrip("\"')]")[-1:] if p.rstrip("\"')]") else ""
    if end == "?":
        return len(words) <= SUBHEADING_MAX_QUESTION_WORDS
    return end not in ".!:;,\u2026"


def _move_subheadings(doc: Document) -> list[Change]:
    ps = doc.paragraphs
    if len(ps) < 3:
        return []
    short = [len(p) <= 160 and p[-1] not in ".,;:!" and _short_unpunctuated(p) for p in ps]
    moved, keep, changes = [], [ps[0]], []
    for i in range(1, len(ps)):
        p = ps[i]
        if (short[i] and i < len(ps) - 1 and not short[i + 1]
                and (i == 1 or not short[i - 1])):
            m = _DECOR.match(p)
            moved.append(m.group(1) if m and m.group(1) else p)
            changes.append((p, "", 1))
        else:
            keep.append(p)
    if changes:
        # The two paragraphs around a moved subheading are now neighbours. If that gives the
        # rules that look at neighbours new work (two copies of a paragraph, a caption and
        # its credited copy, a headline and its site-name copy), ask for another pass.
        for a, b in zip(keep, keep[1:]):
            if a == b or (b.startswith(a) and b[-1:] in ".)]"):
                doc.memo["unsettled"] = True
        if len(keep) > 1 and keep[1] != ps[1] and keep[1] in keep[0]:
            doc.memo["unsettled"] = True
        doc.paragraphs = keep
        doc.subheadings.extend(moved)
    return changes


# =========================================================================== the rule list

def _line_rule(name: str, description: str, pattern: re.Pattern, *, max_chars: int = 400,
               check: Callable[[str], bool] | None = None) -> Rule:
    return Rule(name, description, pattern=pattern, max_chars=max_chars, check=check)


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("mojibake", "UTF-8 read as cp1252/Latin-1 (\"â€™\" -> \"’\"), repaired with ftfy on the "
         "lines that show a mojibake lead character", _fix_mojibake, "text"),
    Rule("invisible_characters", "zero-width spaces, word joiners, byte-order marks, soft "
         "hyphens and control characters removed; C1 controls read as cp1252 (\"\\x93\" -> "
         "\"“\")", _remove_invisible, "text"),
    Rule("unicode_spaces", "non-breaking, thin and other Unicode spaces and tabs become one "
         "space; runs of spaces collapse", _normalise_spaces, "text"),
    Rule("html_entities", "HTML entities in every spacing and escaping variant (\"& # 39;\", "
         "\"& #39 ;\", \"&amp;#39;\", \"& quot;\", \"& # x27;\") decoded", _fix_entities, "text"),
    Rule("html_tags", "HTML tags left in the text (\"<a href=…>\", \"<br>\") removed",
         _strip_tags, "text"),
    Rule("quote_marks", "curly, low, angle and prime quote marks become ASCII \" and '",
         _normalise_quotes, "text"),
    Rule("quote_spacing", "a quote mark with spaces on both sides (left by a broken entity) "
         "is glued to the words it quotes", _paragraph_edit(_attach_free_quotes,
                                                            gate=_has_free_quote),
         local=True),
    Rule("stray_quote", "a lone quote mark at the end of a paragraph when no quotation is "
         "open (it opens nothing) is dropped", _paragraph_edit(_drop_stray_quote, gate=_has_free_quote),
         local=True),
    _line_rule("navigation", "previous/next-article links (also glued to counters and titles), "
               "\"Read more\", \"Related\", \"Story continues below\", gallery controls",
               _NAVIGATION, max_chars=250),
    _line_rule("advertisement", "advertisement and sponsored-content markers "
               "(\"Advertisement\", \"ADVERTISEMENT\", \"Sponsored\")",
               _ADVERTISEMENT, max_chars=80),
    _line_rule("widget_text", "share buttons, media-player and gallery labels, weather "
               "widgets (\"Share Tweet Post Email\", \"Loading...\", \"72°F Sunny\")",
               _WIDGET, max_chars=200),
    _line_rule("subscription_banner", "newsletter, app and subscription prompts (\"Sign up for "
               "…newsletter\", \"…delivered to your inbox\", \"Get the … app\")",
               _SUBSCRIPTION, max_chars=300),
    _line_rule("cookie_banner", "cookie and consent banners (\"We use cookies…\", \"By "
               "continuing to use this site you agree…\")", _COOKIE, max_chars=400),
    _line_rule("copyright", "copyright, reprint and opinion-disclaimer lines",
               _COPYRIGHT, max_chars=300),
    _line_rule("byline", "bylines and credit lines (\"By Jane Doe, AP\", \"Reporting by …; "
               "Editing by …\")", _BYLINE, max_chars=200, check=_is_byline),
    _line_rule("timestamp", "date/time lines (\"Updated 10:32 AM ET …\", \"Posted: …\", "
               "\"3 hours ago\", a bare date)", _TIMESTAMP, max_chars=120),
    _line_rule("source_line", "source and agency lines (\"Source: X and agencies\", "
               "\"(Reuters)\", \"The Associated Press contributed to this report.\")",
               _SOURCE_LINE, max_chars=150),
    _line_rule("reporter_standup", "a broadcaster's video introduction (\"<Outlet>'s <Name> "
               "reports from <Place>.\", \"<Name> has more from <Place>.\")",
               _STANDUP, max_chars=200),
    _line_rule("credit_line", "a line that is only a photo credit (\"(Reuters Archive)\", "
               "\"Photo: AFP/Getty Images\", \"Image copyright Getty Images\")",
               _CREDIT_LINE, max_chars=120),
    Rule("dated_caption", "a caption left alone: a line ending in a full date "
         "(\"… on August 30, 2018\") with no final full stop", _drop_dated_captions),
    Rule("repeated_line", "a line found in many articles of the same outlet (learned from the "
         "corpus by clean_corpus, as passim treats frequent passages as boilerplate)",
         _drop_repeated),
    Rule("caption_with_credit", "a photo caption: a line ending in a bracketed photo credit "
         "(\"… (AP Photo/Evan Vucci)\"), and its copy without the credit", _captions_with_credit),
    Rule("tracker_words", "an analytics/ad-tech name (\"Quantcast\", \"Chartbeat\", "
         "\"comScore\") glued to the start of the first line, or alone on a line, is removed",
         _strip_tracker),
    Rule("site_name_headline", "a first line that is the headline plus the site's name "
         "(\"Site - Headline\") or the headline printed twice: the extra copy is dropped",
         _site_name_headline),
    Rule("duplicate_paragraph", "a paragraph repeated right after itself: the copy dropped",
         _drop_adjacent_duplicates),
    Rule("subheadings", "short lines without final punctuation between paragraphs move to the "
         "subheadings column", _move_subheadings),
)


def list_rules(rules: Sequence[Rule] | None = None) -> pd.DataFrame:
    """The rules in the order they run: columns ``order, name, stage, description``."""
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    return pd.DataFrame({"order": range(1, len(rules) + 1),
                         "name": [r.name for r in rules],
                         "stage": [r.stage for r in rules],
                         "description": [r.description for r in rules]})


def _active(rules: Sequence[Rule] | None, disabled: Iterable[str]) -> tuple[Rule, ...]:
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    disabled = set(disabled)
    if not disabled:
        return rules
    unknown = disabled - {r.name for r in rules}
    if unknown:
        raise ValueError(f"unknown cleaning rule(s): {', '.join(sorted(unknown))}; "
                         f"rules are: {', '.join(r.name for r in rules)}")
    return tuple(r for r in rules if r.name not in disabled)


# =========================================================================== driver

def _run_text_stage(text: str, rules: Sequence[Rule]) -> tuple[Document, list[tuple[str, Change]]]:
    doc = Document(text=text if isinstance(text, str) else "")
    log: list[tuple[str, Change]] = []
    text_rules = [r for r in rules if r.stage == "text"]
    for _ in range(_MAX_PASSES):
        before, n_log = doc.text, len(log)
        for rule in text_rules:
            for ch in rule.fn(doc):
                log.append((rule.name, ch))
        # Decoding an entity can produce a character an earlier rule handles ("&#160;" is a
        # non-breaking space), and ftfy's verdict on a line depends on its neighbours
        # ("\u00abÎ\\x95" is left alone, '"Î•' is repaired). So when the entity, tag or
        # mojibake rule changed something, the character rules run again (rare: a few
        # articles in ten thousand), as they do when a mojibake lead is still there after
        # other characters changed. This keeps cleaning idempotent.
        if doc.text == before:
            break
        if not any(name in _REPEAT_IF_CHANGED for name, _ in log[n_log:]) and not (
                any(r.fn is _fix_mojibake for r in text_rules) and _has_mojibake_hint(doc.text)):
            break
    doc.paragraphs = [p for p in map(str.strip, doc.text.split("\n")) if p]
    # From here on the paragraphs are the document; the joined text is rebuilt at the end
    # (dropping it keeps clean_corpus, which holds every article between its passes, small).
    doc.text = ""
    doc.memo.clear()
    return doc, log


def _apply_pattern_rules(doc: Document, limits: list[int], buckets: list[list],
                         log: list[tuple[str, Change]]) -> None:
    """Run consecutive pattern rules in one pass over the paragraphs.

    For each paragraph the rules are tried in order and the first that matches drops it:
    the same result as one pass per rule, without rebuilding the list once per rule. The
    rules are pre-sorted into buckets by their ``max_chars`` (``limits`` ascending; bucket
    *k* holds, in rule order, the rules that accept a paragraph of ``limits[k]``
    characters), so a paragraph only meets the rules that accept its length. (Fusing the
    patterns into one alternation was tried and is three times slower: the regex engine
    loses each pattern's first-character fast path.)
    """
    keep = []
    top = limits[-1]
    for p in doc.paragraphs:
        n = len(p)
        if n > top:
            keep.append(p)
            continue
        k = bisect_left(limits, n)
        for fullmatch, check, name in buckets[k]:
            if fullmatch(p) and (check is None or check(p)):
                log.append((name, (p, "", 1)))
                break
        else:
            keep.append(p)
    doc.paragraphs = keep


def _bucket(group: list[tuple[int, Callable, Callable | None, str]]) -> tuple[list[int], list[list]]:
    limits = sorted({g[0] for g in group})
    buckets = [[(f, c, nm) for mx, f, c, nm in group if mx >= lim] for lim in limits]
    return limits, buckets


# Plans of the paragraph stage, by the identity of the rule tuple (hashing 27 rules for
# every article would cost more than some rules do).
_PLANS: dict[tuple[int, bool], tuple[tuple[Rule, ...], list]] = {}


def _paragraph_plan(rules: tuple[Rule, ...], again: bool = False) -> list:
    key = (id(rules), again)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is rules:
        return hit[1]
    steps: list = []
    for r in rules:
        if r.stage != "paragraphs" or (again and (r.local or r.pattern is not None)):
            continue
        if r.pattern is None:
            steps.append(("fn", r))
        elif steps and steps[-1][0] == "patterns":
            steps[-1][1].append((r.max_chars, r.pattern.fullmatch, r.check, r.name))
        else:
            steps.append(("patterns", [(r.max_chars, r.pattern.fullmatch, r.check, r.name)]))
    steps = [("patterns", *_bucket(st[1])) if st[0] == "patterns" else st for st in steps]
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[key] = (rules, steps)
    return steps


def _run_paragraph_stage(doc: Document, rules: tuple[Rule, ...],
                         log: list[tuple[str, Change]], *, again: bool = False) -> None:
    for step in _paragraph_plan(rules, again):
        if not doc.paragraphs:
            break
        if step[0] == "patterns":
            _apply_pattern_rules(doc, step[1], step[2], log)
        else:
            rule = step[1]
            for ch in rule.fn(doc):
                log.append((rule.name, ch))
    doc.text = "\n\n".join(doc.paragraphs)


def clean_document(text: str, *, rules: Sequence[Rule] | None = None, disabled: Iterable[str] = (),
                   repeated: frozenset[str] = frozenset()) -> tuple[Document, list[tuple[str, Change]]]:
    """Clean one text and return the :class:`Document` (text, paragraphs, subheadings) and
    its log as ``(rule name, (old, new, count))`` pairs."""
    active = _active(rules, disabled)
    doc, log = _run_text_stage(text, active)
    doc.repeated = repeated
    _finish_document(doc, active, log)
    return doc, log


def _finish_document(doc: Document, active: tuple[Rule, ...],
                     log: list[tuple[str, Change]]) -> None:
    # Rules that look at one paragraph run first, rules that look at neighbours last, so one
    # pass sees the final neighbourhoods. Only moving a subheading (the last rule) can make
    # two paragraphs neighbours that an earlier rule would act on (a subheading between two
    # copies of a paragraph); then the neighbour rules run again, so cleaning is idempotent.
    _run_paragraph_stage(doc, active, log)
    for _ in range(_MAX_PASSES):
        if not doc.memo.pop("unsettled", False):
            break
        _run_paragraph_stage(doc, active, log, again=True)


_MAX_PASSES = 4
_REPEAT_IF_CHANGED = frozenset({"mojibake", "html_entities", "html_tags"})


def clean_text(text: str, *, rules: Sequence[Rule] | None = None,
               disabled: Iterable[str] = ()) -> str:
    """Clean one article: repair characters, drop boilerplate, remove subheadings.

    Parameters
    ----------
    text : the raw article.
    rules : the rules to run, in order (default :data:`DEFAULT_RULES`).
    disabled : names of rules to skip.

    Returns
    -------
    The cleaned text: paragraphs separated by one blank line (``"\\n\\n"``), the headline
    first, quote marks ASCII, subheadings removed (see :func:`clean_corpus` for the column
    that keeps them). Lines repeated across an outlet's articles are only found by
    :func:`clean_corpus`, which sees the whole corpus.

    Examples
    --------
    >>> clean_text("Talks on Idlib\\n\\n& # 39;Catastrophe& # 39; feared\\n\\n"
    ...            "The UN warned of a \\u201ccatastrophe\\u201d.\\n\\nAdvertisement\\n\\n"
    ...            "Source: TRTWorld and agencies")
    'Talks on Idlib\\n\\nThe UN warned of a "catastrophe".'
    """
    return clean_document(text, rules=rules, disabled=disabled)[0].text


def learn_repeated_lines(texts: Sequence[str], groups: Sequence[str], *,
                         rules: Sequence[Rule] | None = None, disabled: Iterable[str] = (),
                         min_docs: int = 3, min_share: float = 0.02, max_words: int = 60
                         ) -> dict[str, frozenset[str]]:
    """Lines that repeat across many articles of one group (outlet): learned boilerplate.

    A line (normalised with :func:`repeat_key`; the first line, the headline, is never
    counted) is boilerplate for outlet *o* when it occurs in at least

    .. math:: \\max(\\text{min\\_docs},\\ \\lceil \\text{min\\_share} \\cdot n_o \\rceil)

    articles of *o* (:math:`n_o` = articles of *o*) **and in as many different
    surroundings** (the pair previous line, next line, counted once per distinct pair).
    Passim treats high-frequency passages as boilerplate the same way; counting surroundings
    as well keeps a wire story that an outlet published three times (same paragraphs, same
    neighbours) from being mistaken for boilerplate. Lines longer than ``max_words`` words
    are never boilerplate, nor are lines that occur more than
    :data:`MAX_REPEATS_PER_ARTICLE` times per article on average (speaker labels of
    transcripts, table rows).

    Returns
    -------
    dict outlet -> frozenset of line keys.
    """
    active = _active(rules, disabled)
    text_rules = [r for r in active if r.stage == "text"]
    paragraphs = (_run_text_stage(text, text_rules)[0].paragraphs for text in texts)
    return select_repeated(repeat_statistics(paragraphs, groups, max_words=max_words),
                           min_docs=min_docs, min_share=min_share)


#: A learned line that occurs more often than this per article, on average over the articles
#: that have it, is structure, not page furniture: a speaker label in a transcript
#: ("michael barbaro" before each turn of a podcast transcript) or a table row ("total 27%
#: 2014"). Boilerplate appears once or twice per article.
MAX_REPEATS_PER_ARTICLE = 3.0


def _new_contexts() -> defaultdict:
    return defaultdict(set)


@dataclass
class RepeatStatistics:
    """Per outlet counts behind the ``repeated_line`` rule, for one or several sets of articles.

    Made by :func:`repeat_statistics`, added with :func:`combine_repeat_statistics` (so a
    corpus can be counted in partitions, on several processes or machines) and turned
    into boilerplate lines by :func:`select_repeated`.

    Attributes
    ----------
    contexts : outlet -> line key -> set of 64-bit digests of the line's surroundings
        (previous key, next key).
    docs : outlet -> line key -> articles with the line.
    occurrences : outlet -> line key -> occurrences of the line.
    sizes : outlet -> articles.
    """

    contexts: dict = field(default_factory=lambda: defaultdict(_new_contexts))
    docs: dict = field(default_factory=lambda: defaultdict(Counter))
    occurrences: dict = field(default_factory=lambda: defaultdict(Counter))
    sizes: Counter = field(default_factory=Counter)

    def __getstate__(self):  # plain dicts: pickles the same wherever it is unpickled
        return {"contexts": {g: dict(v) for g, v in self.contexts.items()},
                "docs": dict(self.docs), "occurrences": dict(self.occurrences),
                "sizes": self.sizes}

    def __setstate__(self, state) -> None:
        self.__init__()
        for g, v in state["contexts"].items():
            self.contexts[g].update(v)
        self.docs.update(state["docs"])
        self.occurrences.update(state["occurrences"])
        self.sizes = state["sizes"]


def _context_digests(pairs: list[str]) -> list[int]:
    """Stable 64-bit digests of ``"previous\\x00next"`` strings (pandas' SipHash with a
    fixed key, vectorised in C).

    Python's ``hash`` would be faster but is salted per process (hash randomisation), so
    counts made in two processes could not be united. Two different surroundings of a
    line are counted as one only if their digests collide: probability about
    :math:`m^2 / 2^{65}` for *m* surroundings, below :math:`10^{-7}` for ten million.
    """
    if not pairs:
        return []
    import numpy as np

    arr = np.array(pairs, dtype=object)
    try:
        digests = pd.util.hash_array(arr, categorize=False)
    except UnicodeEncodeError:
        # a lone surrogate (from an escape such as "\\ud800" in a JSON source) has no UTF-8 form;
        # hash the same bytes Python would keep for it
        arr = np.array([s.encode("utf-8", "surrogatepass") for s in pairs], dtype=object)
        digests = pd.util.hash_array(arr, categorize=False)
    return digests.tolist()


def repeat_statistics(paragraph_lists: Iterable[list[str]], groups: Sequence[str], *,
                      max_words: int = 60, keyed: bool = False) -> RepeatStatistics:
    """Count, per outlet, each short line's articles, occurrences and surroundings.

    Lines are normalised with :func:`repeat_key`. The first line (the headline) is never
    counted, nor are lines over ``max_words`` words or ``12 * max_words`` characters (they
    are never boilerplate). The surroundings of line *i* are the pair (key of line *i-1*,
    key of line *i+1*, "" after the last line), kept as a digest
    (:func:`_context_digests`) so that the counts of disjoint sets of articles can be
    added (:func:`combine_repeat_statistics`).

    Parameters
    ----------
    paragraph_lists : each article's lines (after the character rules).
    groups : each article's outlet.
    max_words : longest line counted, in words.
    keyed : the lines are already keys (:func:`paragraph_keys`).
    """
    st = RepeatStatistics()
    where: list[tuple[str, str]] = []   # (group, key) of each counted line, in order
    pairs: list[str] = []               # its surroundings, digested in one call below
    for paras, group in zip(paragraph_lists, groups):
        st.sizes[group] += 1
        keys = paras if keyed else [repeat_key(p) for p in paras]
        seen: Counter = Counter()
        for i in range(1, len(keys)):
            k = keys[i]
            if len(k) > max_words * 12 or len(k.split()) > max_words:
                continue
            nxt = keys[i + 1] if i + 1 < len(keys) else ""
            where.append((group, k))
            pairs.append(keys[i - 1] + "\x00" + nxt)
            seen[k] += 1
        if seen:
            st.docs[group].update(seen.keys())
            st.occurrences[group].update(seen)
    contexts = st.contexts
    for (group, k), digest in zip(where, _context_digests(pairs)):
        contexts[group][k].add(digest)
    return st


def combine_repeat_statistics(a: RepeatStatistics, b: RepeatStatistics) -> RepeatStatistics:
    """The statistics of two disjoint sets of articles together: digest sets united,
    counts added. Modifies and returns ``a``.
    """
    for group, lines in b.contexts.items():
        mine = a.contexts[group]
        for k, ctx in lines.items():
            mine[k] |= ctx
    for group, c in b.docs.items():
        a.docs[group].update(c)
    for group, c in b.occurrences.items():
        a.occurrences[group].update(c)
    a.sizes.update(b.sizes)
    return a


def select_repeated(stats: RepeatStatistics, *, min_docs: int = 3, min_share: float = 0.02
                    ) -> dict[str, frozenset[str]]:
    """The boilerplate lines per outlet (the rule of :func:`learn_repeated_lines`).

    A line key *k* of outlet *o* (with :math:`n_o` articles) is selected when

    .. math:: \\text{docs}_{o,k} \\ge m,\\quad |\\text{contexts}_{o,k}| \\ge m,\\quad
              \\text{occurrences}_{o,k} \\le 3\\,\\text{docs}_{o,k},\\qquad
              m = \\max(\\text{min\\_docs}, \\lceil \\text{min\\_share} \\cdot n_o \\rceil)

    (3 is :data:`MAX_REPEATS_PER_ARTICLE`). Outlets with no counted line are absent.
    """
    out: dict[str, frozenset[str]] = {}
    for group, lines in stats.contexts.items():
        if not lines:
            continue
        need = max(min_docs, -(-min_share * stats.sizes[group] // 1))
        n_docs, n_occ = stats.docs[group], stats.occurrences[group]
        out[group] = frozenset(
            k for k, ctx in lines.items()
            if n_docs[k] >= need and len(ctx) >= need
            and n_occ[k] <= MAX_REPEATS_PER_ARTICLE * n_docs[k])
    return out


def finish_documents(started, doc_ids: list[str], groups: list[str],
                     repeated: dict[str, frozenset[str]], active) -> tuple[list, list, list, list]:
    """Finish started articles with their outlet's learned repeated lines.

    The last step of :func:`clean_corpus`, shared with the partitioned engines in
    :mod:`newslens.distributed` so that both give the same text and log.

    Parameters
    ----------
    started : ``(doc, log)`` pairs from the character stage, one per article.
    doc_ids, groups : each article's id and outlet.
    repeated : per outlet, the lines learned as boilerplate.
    active : the active rules.

    Returns
    -------
    (text_clean, headline, subheadings, log rows) as lists in article order.
    """
    cleaned, headlines, subheads, rows = [], [], [], []
    for doc_id, (doc, log), group in zip(doc_ids, started, groups):
        doc.repeated = repeated.get(group, frozenset())
        _finish_document(doc, active, log)
        cleaned.append(doc.text)
        headlines.append(doc.paragraphs[0] if doc.paragraphs else "")
        subheads.append("\n".join(doc.subheadings))
        rows.extend((doc_id, name, old, new, n) for name, (old, new, n) in log)
    return cleaned, headlines, subheads, rows


def clean_corpus(df: pd.DataFrame, *, rules: Sequence[Rule] | None = None,
                 disabled: Iterable[str] = (), learn_repeats: bool = True,
                 min_repeat_docs: int = 3, min_repeat_share: float = 0.02
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article of a corpus and log every change.

    Parameters
    ----------
    df : a corpus from :func:`newslens.load_corpus` (columns ``doc_id``, ``text``; ``outlet``
        is used to learn repeated lines per outlet when present).
    rules, disabled : as in :func:`clean_text`.
    learn_repeats : learn lines repeated across an outlet's articles
        (:func:`learn_repeated_lines`) and drop them (rule ``repeated_line``).
    min_repeat_docs, min_repeat_share : thresholds of :func:`learn_repeated_lines`.

    Returns
    -------
    (df, log).
    ``df`` is a copy with three new columns: ``text_clean`` (see :func:`clean_text`),
    ``headline`` (its first paragraph) and ``subheadings`` (moved subheadings joined by
    ``"\\n"``, "" when none). The raw ``text`` is kept. ``df.attrs["cleaning_log"]`` holds the log.
    ``log`` has one row per distinct change per article: ``doc_id``, ``rule``,
    ``removed_or_replaced_text``, ``replacement`` ("" for a removal) and ``count`` (how often
    that exact change happened in the article, e.g. 12 curly quotes), in article order and,
    within an article, in the order the rules ran.
    """
    active = _active(rules, disabled)
    texts = [t if isinstance(t, str) else "" for t in df["text"].tolist()]
    doc_ids = df["doc_id"].astype(str).tolist()
    groups = (df["outlet"].astype(str).tolist() if "outlet" in df.columns
              else ["" for _ in texts])
    # The character rules run once per article; their paragraphs serve both to learn the
    # repeated lines and to finish the cleaning.
    started = [_run_text_stage(text, active) for text in texts]
    repeated: dict[str, frozenset[str]] = {}
    if learn_repeats and any(r.name == "repeated_line" for r in active):
        stats = repeat_statistics((paragraph_keys(doc) for doc, _ in started), groups,
                                  keyed=True)
        repeated = select_repeated(stats, min_docs=min_repeat_docs, min_share=min_repeat_share)
    cleaned, headlines, subheads, rows = finish_documents(started, doc_ids, groups, repeated,
                                                          active)
    out = df.copy()
    out["text_clean"] = pd.Series(cleaned, index=df.index, dtype=object)
    out["headline"] = pd.Series(headlines, index=df.index, dtype=object)
    out["subheadings"] = pd.Series(subheads, index=df.index, dtype=object)
    log = pd.DataFrame(rows, columns=LOG_COLUMNS).astype(
        {"doc_id": object, "rule": object, "removed_or_replaced_text": object,
         "replacement": object, "count": "int64"})
    out.attrs["cleaning_log"] = log
    return out, log


def rule_counts(log: pd.DataFrame, *, rules: Sequence[Rule] | None = None,
                n_docs: int | None = None) -> pd.DataFrame:
    """Per rule: articles touched and changes made (summing ``count``), in rule order.

    Columns ``rule, articles, changes`` (and ``share`` of ``n_docs`` when given).
    """
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    names = [r.name for r in rules]
    articles = log.groupby("rule")["doc_id"].nunique() if len(log) else pd.Series(dtype=int)
    changes = log.groupby("rule")["count"].sum() if len(log) else pd.Series(dtype=int)
    out = pd.DataFrame({"rule": names,
                        "articles": [int(articles.get(n, 0)) for n in names],
                        "changes": [int(changes.get(n, 0)) for n in names]})
    if n_docs:
        out["share"] = out["articles"] / n_docs
    return out


def rule_examples(log: pd.DataFrame, *, rules: Sequence[Rule] | None = None,
                  width: int = 120) -> pd.DataFrame:
    """One before/after example per rule that changed something, in rule order.

    The example is the rule's first log row in article order. Columns ``rule, doc_id,
    before, after``; texts longer than ``width`` characters are shortened with "…", and
    ``after`` is "(removed)" for a removal.
    """
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    order = {r.name: i for i, r in enumerate(rules)}

    def window(before: str, after: str) -> tuple[str, str]:
        # an edit inside a long paragraph: show both from a little before the first change
        i = next((k for k, (x, y) in enumerate(zip(before, after)) if x != y),
                 min(len(before), len(after)))
        start = max(0, i - 40) if max(len(before), len(after)) > width else 0
        lead = "\u2026" if start else ""
        return short(lead + before[start:]), short(lead + after[start:])

    def short(t: str) -> str:
        t = t.replace("\n", " ")
        return t if len(t) <= width else t[: width - 1] + "\u2026"

    first = log.drop_duplicates("rule", keep="first")
    first = first.assign(_o=first["rule"].map(order).fillna(len(order))).sort_values(
        ["_o", "rule"], kind="mergesort")
    befores, afters = [], []
    for rule, old, new in zip(first["rule"], first["removed_or_replaced_text"],
                              first["replacement"]):
        if rule == "subheadings":
            befores.append(short(old))
            afters.append("(moved to subheadings)")
        elif not new:
            befores.append(short(old))
            afters.append("(removed)")
        elif not new.strip():
            befores.append(short(old))
            afters.append("(a space)" if new == " " else "(a line break)")
        else:
            b, a = window(old, new)
            befores.append(b)
            afters.append(a)
    return pd.DataFrame({"rule": first["rule"].tolist(), "doc_id": first["doc_id"].tolist(),
                         "before": befores, "after": afters})


def length_table(df: pd.DataFrame) -> pd.DataFrame:
    """Words per article before and after cleaning (whitespace tokens).

    Columns ``doc_id, outlet, words_raw, words_clean, words_subheadings, removed_pct`` where
    ``removed_pct = 100 * (words_raw - words_clean - words_subheadings) / words_raw``: the
    share of the raw words that the cleaner dropped (subheadings are moved, not dropped).
    """
    raw = df["text"].fillna("").str.split().str.len()
    clean = df["text_clean"].fillna("").str.split().str.len()
    subs = df["subheadings"].fillna("").str.split().str.len()
    out = pd.DataFrame({"doc_id": df["doc_id"].astype(str),
                        "outlet": df["outlet"] if "outlet" in df.columns else "unknown",
                        "words_raw": raw.astype(int), "words_clean": clean.astype(int),
                        "words_subheadings": subs.astype(int)})
    dropped = out["words_raw"] - out["words_clean"] - out["words_subheadings"]
    out["removed_pct"] = (100 * dropped / out["words_raw"].where(out["words_raw"] > 0)).fillna(0.0)
    return out.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


#: What counts as damage left in a cleaned text, by name: an entity artifact in any spacing
#: ("& # 39;"), an escaped entity ("&quot;"), mojibake leads ("â€"), invisible or odd spaces,
#: curly quote marks (the cleaned text uses ASCII quotes).
DAMAGE_PATTERNS: dict[str, re.Pattern] = {
    "entity artifact (& # 39;)": re.compile(
        r"&[^\S\n]*#[^\S\n]*(?:[xX][^\S\n]*[0-9a-fA-F]+|\d+)[^\S\n]*;"),
    "named entity (&quot;)": re.compile(r"&[^\S\n]*(?:quot|amp|apos|lt|gt|nbsp)[^\S\n]*;"),
    "mojibake (â€)": re.compile("\u00e2\u20ac|\u00c3[\u0080-\u00bf]"),
    "invisible or odd space": re.compile("[\u00a0\u200b\u2060\ufeff\u00ad\u2000-\u200a\u202f\t]"),
    "curly quote mark": _QUOTE_CHARS,
}


def damage_report(df: pd.DataFrame, *, columns: Sequence[str] = ("text", "text_clean")
                  ) -> pd.DataFrame:
    """How many articles show each kind of damage (:data:`DAMAGE_PATTERNS`), per column.

    Columns ``damage`` and one count of articles per text column.
    """
    rows = []
    for name, rx in DAMAGE_PATTERNS.items():
        row = {"damage": name}
        for col in columns:
            row[col] = int(sum(1 for t in df[col].fillna("") if rx.search(t)))
        rows.append(row)
    return pd.DataFrame(rows)


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """Tables ``newslens run`` writes for this stage: ``{"cleaning_log": log}``.

    Reuses the log that :func:`clean_corpus` left in ``df.attrs`` when present; otherwise
    cleans ``df`` with ``config.disabled_clean_rules`` switched off.
    """
    log = df.attrs.get("cleaning_log")
    if log is None:
        _, log = clean_corpus(df, disabled=config.disabled_clean_rules)
    log = log.reset_index(drop=True)
    order = {d: i for i, d in enumerate(dict.fromkeys(log["doc_id"]))}
    log = log.assign(_o=log["doc_id"].map(order)).sort_values(
        ["doc_id"], kind="mergesort").drop(columns="_o").reset_index(drop=True)
    return {"cleaning_log": log}


__all__ = ["Rule", "Document", "DEFAULT_RULES", "LOG_COLUMNS", "DAMAGE_PATTERNS", "drop_lines",
           "replace_text", "clean_text", "clean_document", "clean_corpus",
           "learn_repeated_lines", "RepeatStatistics", "repeat_statistics",
           "combine_repeat_statistics", "select_repeated", "MAX_REPEATS_PER_ARTICLE",
           "finish_documents", "list_rules", "repeat_key", "paragraph_keys", "rule_counts", "rule_examples",
           "length_table", "damage_report", "stage_tables"]
