"""Quotes and speakers: who says what, with character offsets into the cleaned text.

A *statement* is either a direct quote (words between quote marks) or reported speech (a
speech verb with its content clause: ``Turkey ... has warned against such an attack``). One
or two quoted words (``"baseless"``, ``"appropriately"``) are *scare quotes*: kept, marked
``kind="scare"``, and not counted as statements.

Every row keeps character offsets into the text it was read from (``text_clean`` when present,
else ``text``) such that ``text[start:end] == quote``: every claim points back to the text.

How a speaker is found, in order (the ``attribution`` column says which rule decided):

``name`` / ``title`` / ``collective`` / ``fuzzy``
    a speech verb next to the statement has a subject (``Pierce said``, ``said the source, an
    official of ...``, ``Russia's UN Ambassador Vassily Nebenzia said``) that matches an actor's
    alias, title or collective name in the actors file, or an unlisted capitalised name, or,
    with rapidfuzz, a misspelt listed name (``Halley`` -> Haley).
``pronoun``
    the subject is ``he``/``she``/``they``/``it``: the nearest earlier speaker in the article that
    is compatible (a person of that pronoun, or a person whose pronoun is unknown, for he/she;
    an organisation or collective for it/they).
``descriptor``
    a definite description that refers back (``the official added``): the nearest earlier
    speaker whose description contains the same head noun.
``continuation``
    a quote with no speech verb of its own continues the speaker of the statement before it in
    the same paragraph, or, for a paragraph that opens with a quote mark, the last speaker of
    the previous paragraph.
``headline``
    a short paragraph of the form ``claim: Speaker`` (the headline convention).
``unresolved`` / ``none``
    a speech verb was found but its subject matches nothing (``diplomats``), or no speaker at all.

The rules are regular expressions and small hand-written parsers because no installed library
does quote attribution without downloaded models (spaCy/textacy models, CoreNLP's quote
annotator): NLTK and scikit-learn have no quote attribution, and NLTK's taggers need data we
cannot download. Each rule says which construction or artifact it handles.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

import pandas as pd
from rapidfuzz import fuzz, process

from .config import EXAMPLE_DIR

#: Columns of the quotes table, in order.
QUOTE_COLUMNS = ["doc_id", "outlet", "quote", "speaker", "actor", "group", "start", "end",
                 "attribution", "kind", "paragraph", "frame"]

#: Columns of the actors file.
ACTOR_COLUMNS = ["actor", "group", "type", "pronoun", "aliases", "titles"]

#: The bundled, editable actors file.
DEFAULT_ACTORS_PATH = EXAMPLE_DIR / "actors.csv"

#: rapidfuzz ``fuzz.ratio`` score (0-100) at or above which an unlisted capitalised name is
#: taken as a misspelling of a listed person's name. ``fuzz.ratio`` is the normalised Indel
#: similarity ``100 * (1 - d / (len(a) + len(b)))`` where ``d`` counts insertions and
#: deletions; "Halley" vs "Haley" scores 100 * (1 - 1/11) = 90.9, "Nevenzia" vs "Nebenzia"
#: 100 * (1 - 2/16) = 87.5, while "Pierre" vs "Pierce" scores 83.3 and "King" vs "Ging" 75.
#: Names must also share their first letter and have at least 5 letters.
FUZZY_THRESHOLD = 85

#: "the official added" refers back to a speaker at most this many paragraphs earlier.
DESCRIPTOR_PARAGRAPHS = 4

#: Longest sentence looked at when pairing a quote with a speech verb near it (characters).
_MAX_SENTENCE = 3000

#: A quote of at most this many words is a scare quote (not a statement).
SCARE_MAX_WORDS = 2
#: A quote of at most this many words, all in title case, names a title or slogan.
_TITLE_MAX_WORDS = 6
#: Words of a quote read to decide its kind (one more than either limit needs).
_KIND_WORDS = max(SCARE_MAX_WORDS, _TITLE_MAX_WORDS) + 1

UNKNOWN = "unknown"
NONE = "none"
_MISSING = object()

# --------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class Actor:
    """One canonical actor from the actors file."""

    name: str
    group: str
    type: str  # person | collective | organisation
    pronoun: str  # he | she | they | it | "" (unknown)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    actor: Actor
    via: str  # name | title | collective


def _norm_key(s: str) -> str:
    return re.sub(r"[\s\-]+", " ", s.replace("\u2019", "'")).strip().lower()


def _is_acronym(alias: str) -> bool:
    # "UN", "US", "IS", "HTS", "U.S.": matched case-sensitively, or "IS" would match every "is".
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


class ActorIndex:
    """Look-up of actors by alias, title and (for persons) fuzzy name.

    Built by :func:`load_actors`. Aliases match case-insensitively as long as the matched text
    contains a capital letter (so "Turkey" never matches the bird); acronyms match
    case-sensitively; titles match case-insensitively. Overlapping matches keep the longest
    ("Russia's UN Ambassador" beats "Russia" and "UN").
    """

    def __init__(self, table: pd.DataFrame, *, fuzzy_threshold: int = FUZZY_THRESHOLD):
        self.table = table.reset_index(drop=True)
        self.fuzzy_threshold = fuzzy_threshold
        self.actors: dict[str, Actor] = {}
        self._lookup: dict[tuple[str, str], tuple[Actor, str]] = {}
        self._proper: set[tuple[str, str]] = set()  # aliases written with capitals
        self._find_cache: dict[str, list[_Match]] = {}
        self._fuzzy_cache: dict[str, Actor | None] = {}
        self._resolve_cache: dict = {}
        acr, names, titles = [], [], []
        person_names: dict[str, Actor] = {}
        surname_owner: dict[str, set[str]] = {}
        for row in self.table.itertuples(index=False):
            actor = Actor(str(row.actor).strip(), str(row.group).strip() or UNKNOWN,
                          (str(row.type).strip() or "person").lower(),
                          str(row.pronoun).strip().lower())
            self.actors[actor.name] = actor
            aliases = [a.strip() for a in str(row.aliases).split("|") if a.strip()]
            if actor.name not in aliases:
                aliases.insert(0, actor.name)
            via = "name" if actor.type == "person" else "collective"
            for alias in aliases:
                bucket = acr if _is_acronym(alias) else names
                key = ("acr" if bucket is acr else "name", _norm_key(alias) if bucket is names else alias)
                self._lookup.setdefault(key, (actor, via))
                if alias != alias.lower():
                    self._proper.add(key)
                bucket.append(alias)
                if actor.type == "person":
                    person_names.setdefault(alias.lower(), actor)
            if actor.type == "person":
                # A person's surname alone names them ("Guterres said"), as in every news
                # style guide's second reference; added automatically unless two listed
                # people share it.
                last = actor.name.split()[-1]
                if len(last) >= 4:
                    surname_owner.setdefault(last, set()).add(actor.name)
            for title in (t.strip() for t in str(row.titles).split("|") if t.strip()):
                self._lookup.setdefault(("title", _norm_key(title)), (actor, "title"))
                titles.append(title)
        for last, owners in sorted(surname_owner.items()):
            if len(owners) == 1:
                actor = self.actors[next(iter(owners))]
                key = ("name", _norm_key(last))
                if key not in self._lookup:
                    self._lookup[key] = (actor, "name")
                    self._proper.add(key)
                    names.append(last)
                person_names.setdefault(last.lower(), actor)
        self._person_choices = sorted(person_names)
        self._person_actor = person_names

        def compile_(aliases: list[str], flags: int) -> re.Pattern | None:
            # one prefix-tree pattern for all aliases (see _trie_pattern); spaces and hyphens
            # are interchangeable, straight and curly apostrophes too
            if not aliases:
                return None
            keys = {re.sub(r"[\s\-]+", " ", a.strip().replace("\u2019", "'")) for a in aliases}
            if flags & re.IGNORECASE:
                keys = {k.lower() for k in keys}
            return re.compile(r"(?<![\w.])" + _trie_pattern(sorted(keys), piece=_ALIAS_PIECE)
                              + r"(?![\w])", flags)

        self._re_acr = compile_(acr, 0)
        # names and titles are both matched case-insensitively: one pattern for both
        self._re_name = compile_(names + titles, re.IGNORECASE)

    def __len__(self) -> int:
        return len(self.actors)

    def find(self, text: str) -> list[_Match]:
        """Non-overlapping actor mentions in ``text``, left to right (longest wins)."""
        hit = self._find_cache.get(text)
        if hit is None:
            hit = self._find(text)
            if len(self._find_cache) < 200_000:
                self._find_cache[text] = hit
        return hit

    def _find(self, text: str) -> list[_Match]:
        found: list[_Match] = []
        for kind, rx in (("acr", self._re_acr), ("name", self._re_name)):
            if rx is None:
                continue
            for m in rx.finditer(text):
                s = m.group(0)
                if kind == "acr":
                    key = ("acr", s)
                    hit = self._lookup.get(key)
                else:
                    norm = _norm_key(s)
                    key = ("name", norm)
                    hit = self._lookup.get(key)
                    if hit is not None and s == s.lower() and key in self._proper:
                        hit = None  # a name written all in lower case is a common word ("turkey")
                    if hit is None:
                        hit = self._lookup.get(("title", norm))
                if hit is None:
                    continue
                found.append(_Match(m.start(), m.end(), hit[0], hit[1]))
        if len(found) < 2:
            return found  # nothing can overlap (most texts name one actor or none)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[_Match] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if all(m.end <= o.start or m.start >= o.end for o in out):
                out.append(m)
        return sorted(out, key=lambda m: m.start)

    def fuzzy(self, name: str) -> Actor | None:
        """The listed person whose name or surname is closest to ``name``, if close enough.

        Uses ``rapidfuzz.process.extractOne`` with ``fuzz.ratio`` and
        ``score_cutoff=fuzzy_threshold`` (see :data:`FUZZY_THRESHOLD` for the formula).
        """
        q = name.strip().lower()
        if q in self._fuzzy_cache:
            return self._fuzzy_cache[q]
        out = self._fuzzy(q)
        if len(self._fuzzy_cache) < 200_000:
            self._fuzzy_cache[q] = out
        return out

    def _fuzzy(self, q: str) -> Actor | None:
        if len(q.replace(" ", "")) < 5 or not self._person_choices:
            return None
        hit = process.extractOne(q, self._person_choices, scorer=fuzz.ratio,
                                 score_cutoff=self.fuzzy_threshold)
        if hit is None or hit[0][0] != q[0]:
            return None
        return self._person_actor[hit[0]]


def load_actors(path: str | Path | None = None, *,
                fuzzy_threshold: int = FUZZY_THRESHOLD) -> ActorIndex:
    """Read an actors file into an :class:`ActorIndex`.

    Parameters
    ----------
    path : CSV with columns ``actor, group, type, pronoun, aliases, titles`` (None: the bundled
        ``data/actors.csv``). ``type`` is ``person``, ``collective`` (a government or country
        speaking as one: "Moscow", "the UN") or ``organisation``; ``pronoun`` is ``he``, ``she``,
        ``they``, ``it`` or empty; ``aliases`` and ``titles`` are separated by ``|``.
    fuzzy_threshold : rapidfuzz ratio (0-100) for misspelt names, see :data:`FUZZY_THRESHOLD`.

    Returns
    -------
    ActorIndex; ``index.table`` is the file as a DataFrame.

    Examples
    --------
    >>> idx = load_actors()
    >>> [m.actor.name for m in idx.find("Russia's UN Ambassador Vassily Nevenzia")]
    ['Vassily Nebenzia', 'Vassily Nebenzia']
    >>> idx.fuzzy("Halley").name
    'Nikki Haley'
    """
    path = Path(path) if path is not None else DEFAULT_ACTORS_PATH
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in ("actor", "group") if c not in table.columns]
    if missing:
        raise ValueError(f"actors file {path.name} lacks column(s) {missing}; "
                         f"expected {ACTOR_COLUMNS}")
    for col in ACTOR_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    table = table[table["actor"].str.strip() != ""]
    return ActorIndex(table[ACTOR_COLUMNS], fuzzy_threshold=fuzzy_threshold)


# --------------------------------------------------------------------------- quote marks

_DQ_RE = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_OPEN_ONLY = "\u201c\u201e\u201f\u00ab"
_CLOSE_ONLY = "\u201d\u00bb"
_LEFT_FLANK = set("([{\u2014\u2013-/")
_RIGHT_FLANK = set(".,;:!?)]}\u2014\u2013\u2026-")
# Single quotes: an opener starts a word, a closer ends one; an apostrophe inside a word
# ("don't", "Syria's") is neither. A plural possessive ("rebels' ") looks like a closer and is
# only used if an opener precedes it in the same paragraph.
_SQ_RE = re.compile("['\u2018\u2019]")
_SQ_OPENER_RE = re.compile("(?:^|[\\s(\\[\"\u201c])['\u2018][A-Za-z0-9]")
# The same test written to start on the quote mark (so that re's fast scan for a first
# character applies; the alternation above is tried at every position): the mark, then a
# look back at the character before it. The start of the text is checked apart.
_SQ_OPENER_AFTER_RE = re.compile("['\u2018](?<=[\\s(\\[\"\u201c]['\u2018])[A-Za-z0-9]")


# The same again for a text without curly single marks: a pattern that starts with one
# literal character lets re jump from one straight mark to the next.
_SQ_OPENER_STRAIGHT_RE = re.compile("'(?<=[\\s(\\[\"\u201c]')[A-Za-z0-9]")


def _has_sq_opener(text: str) -> bool:
    """Does ``_SQ_OPENER_RE`` match somewhere in ``text``?"""
    if text[:1] in ("'", "\u2018") and text[1:2].isascii() and text[1:2].isalnum():
        return True
    rx = _SQ_OPENER_AFTER_RE if "\u2018" in text else _SQ_OPENER_STRAIGHT_RE
    return rx.search(text) is not None


_DQ_CURLY = "\u201c\u201d\u201e\u201f\u00ab\u00bb"  # the marks of _DQ_RE but the straight one


def _dq_positions(text: str) -> list[int]:
    """Offsets of the matches of ``_DQ_RE`` (every double quote mark) in ``text``, in order.

    Cleaned text has straight marks only: then ``str.find`` jumps from one to the next,
    several times faster than the expression's scan of every character.
    """
    if any(ch in text for ch in _DQ_CURLY):
        return [m.start() for m in _DQ_RE.finditer(text)]
    out = []
    i = text.find('"')
    while i >= 0:
        out.append(i)
        i = text.find('"', i + 1)
    return out


_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NON_SPACE_RE = re.compile(r"\S")

OPEN, CLOSE, AMBIG = 1, 2, 3


def _mark_side(text: str, i: int) -> int:
    ch = text[i]
    if ch in _OPEN_ONLY:
        return OPEN
    if ch in _CLOSE_ONLY:
        return CLOSE
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    left_open = before.isspace() or before in _LEFT_FLANK
    right_open = after.isspace() or after in _RIGHT_FLANK
    if left_open and not right_open:
        return OPEN
    if right_open and not left_open:
        return CLOSE
    return AMBIG


@dataclass
class _Quote:
    start: int  # inner start (after the opening mark)
    end: int    # inner end (before the closing mark)
    open_mark: int
    close_mark: int  # index of the closing mark, or -1 when unterminated
    para: int
    nested: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph; paragraphs are separated by a blank line."""
    spans = []
    pos = 0
    for m in _PARA_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[_Quote]:
    """Pair the quote marks of ``text`` into quoted spans.

    Double marks (straight, curly or guillemets, in any mix) are classified as opening or
    closing by their flanks (a mark after a space and before a letter opens), and paired left
    to right. Rules for damaged or conventional text:

    - a quote left open at the end of a paragraph continues into the next paragraph when that
      paragraph opens with a quote mark (the English convention for multi-paragraph quotes);
    - it also continues when the next paragraph closes a quote before opening one (the
      reopening mark was lost: ``"I reiterate ... Republic.`` / ``I also ... Court," he said.``);
    - otherwise it ends at the end of its paragraph;
    - a mark with spaces on both sides at the end of a paragraph is a stray (``"very strange". "``).

    Single quotes are paired within a paragraph: nested inside a double-quoted span (kept only
    when they are scare quotes) or as the primary marks of outlets that use them.
    """
    paragraphs = paragraphs if paragraphs is not None else _paragraphs(text)
    para_starts = [s for s, _ in paragraphs]
    marks_by_para: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    for i in _dq_positions(text):
        p = bisect.bisect_right(para_starts, i) - 1
        if p < 0 or i >= paragraphs[p][1]:
            continue
        marks_by_para[p].append((i, _mark_side(text, i)))

    quotes: list[_Quote] = []
    open_pos: int | None = None
    open_para = -1

    def emit(o: int, c: int, close_idx: int) -> None:
        s, e = o + 1, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            quotes.append(_Quote(s, e, o, close_idx, open_para))

    for p, (ps, pe) in enumerate(paragraphs):
        marks = marks_by_para[p]
        k = 0
        if open_pos is not None:
            if marks and marks[0][0] == ps and marks[0][1] in (OPEN, AMBIG):
                k = 1  # reopening mark of a multi-paragraph quote: skip it, keep the quote open
            elif marks and marks[0][1] in (CLOSE, AMBIG):
                pass  # lost reopening mark: the first mark of this paragraph closes the quote
            else:
                emit(open_pos, paragraphs[p - 1][1], -1)
                open_pos = None
        for i, side in marks[k:]:
            if open_pos is None:
                if side == CLOSE:
                    continue  # stray closing mark
                if side == AMBIG and _NON_SPACE_RE.search(text, i + 1, pe) is None:
                    # stray mark at the end of a paragraph (a search, not a strip of the rest
                    # of the paragraph: that copy made one-paragraph articles quadratic)
                    continue
                open_pos, open_para = i, p
            else:
                if side == OPEN and text[i] in _OPEN_ONLY:
                    # a curly opening mark while a quote is open: the earlier one was never
                    # closed; restart here rather than pair across
                    open_pos, open_para = i, p
                    continue
                emit(open_pos, i, i)
                open_pos = None
    if open_pos is not None and paragraphs:
        emit(open_pos, paragraphs[-1][1], -1)

    # single quotes
    dq_spans = [(q.open_mark, q.close_mark if q.close_mark >= 0 else q.end) for q in quotes]
    dq_starts = [s for s, _ in dq_spans]
    # an opening single mark stands after a space, a bracket or a double mark and before a
    # letter; most articles have none, and then their many apostrophes need no look
    if _has_sq_opener(text):
        opens, closes = [], []
        n = len(text)
        for m in _SQ_RE.finditer(text):
            i = m.start()
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if text[i] != "\u2019" and not (before.isalnum() or before in "'\u2018\u2019_") \
                    and after.isascii() and after.isalnum():
                opens.append(i)
            elif text[i] != "\u2018" and (before.isalnum() or before in ".,!?_") \
                    and not (after.isalnum() or after == "_"):
                closes.append(i)
        ci = 0
        last_close = -1
        for o in opens:
            if o <= last_close:
                continue
            while ci < len(closes) and closes[ci] <= o:
                ci += 1
            if ci >= len(closes):
                break
            c = closes[ci]
            p = bisect.bisect_right(para_starts, o) - 1
            if p < 0 or c >= paragraphs[p][1] or c - o > 600:
                continue
            j = bisect.bisect_right(dq_starts, o) - 1
            inside = j >= 0 and dq_spans[j][0] < o and c < dq_spans[j][1]
            crosses = any(o < s < c or o < e < c for s, e in dq_spans[max(j, 0):j + 2])
            if crosses:
                continue
            q = _Quote(o + 1, c, o, c, p, nested=inside)
            n_words = len(_WORD_RE.findall(text, q.start, q.end))
            if inside and n_words > SCARE_MAX_WORDS:
                continue  # a quote within a quote: part of the outer statement
            if q.end > q.start:
                quotes.append(q)
                last_close = c
                ci += 1
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


# --------------------------------------------------------------------------- speech verbs

# Verbs that introduce speech, in the forms news prose uses. Bare infinitives are left out
# ("agree on a solution" is not a speech act); present "states"/"reports"/"claims"/"calls"
# are nouns as often as verbs and are kept only when a subject precedes them (see below).
_SPEECH_FORMS = """
said says saying told tells telling added adds adding warned warns warning stressed stresses
stressing insisted insists insisting argued argues arguing claimed claims claiming accused
accuses accusing denied denies denying urged urges urging called calls calling reiterated
reiterates reiterating noted notes noting explained explains explaining announced announces
announcing declared declares declaring stated reported reports reporting wrote writes tweeted
asked answered replied replies responded responds suggested suggests admitted admits
acknowledged acknowledges confirmed confirms predicted predicts promised promises pledged
pledges vowed vows threatened threatens appealed appeals appealing demanded demands described
describes insinuated complained complains concluded recalled remarked rejected
rejects dismissed dismisses condemned condemns criticized criticised criticizes criticises blamed
blames alleged alleges asserted asserts emphasized emphasised emphasizes emphasises contended
maintained cautioned cautions revealed reveals testified estimated recommended
insists lamented lamenting welcomed welcomes
""".split()
# Verbs of thought link a subject to a direct quote ("He expects the jihadists to "fight to
# the death"") but do not make reported speech ("Ankara fears ..." is not a statement).
# "continued" attributes a quote too ('Rogers continued, "..."') but is rarely speech alone.
_THOUGHT_FORMS = ("expect expects expected believe believes believed hope hopes hoped fear fears feared "
                  "think thinks wants wanted continued").split()
_SPEECH_SET = frozenset(_SPEECH_FORMS)
_THOUGHT_SET = frozenset(_THOUGHT_FORMS)
def _ALIAS_PIECE(ch: str) -> str:
    return r"[\s\-]+" if ch == " " else "['\u2019]" if ch == "'" else re.escape(ch)


def _trie_pattern(words: Iterable[str], *, piece=re.escape) -> str:
    """A regular expression matching exactly ``words``, written as a prefix tree.

    Python's ``re`` tries the alternatives of ``a|b|c`` one by one at every position; a
    prefix tree ("sa(?:id|ys)") decides on the first letter, which makes the speech-verb
    scan about three times faster on news text.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [piece(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_NOUN_TRIGGERS = frozenset("made issued launched renewed repeated delivered".split())
_VERB_RE = re.compile(r"\b(?:(?P<acc>[Aa]ccording to)|(?P<verb>"
                      + _trie_pattern(sorted(_SPEECH_SET | _THOUGHT_SET | _NOUN_TRIGGERS)) + r"))\b")
# _VERB_RE without its leading word boundary, and the same after one character that is not a
# word character: a pattern that starts with a character class lets re skip ahead to the
# next candidate position (a boundary test first makes it try every position). Same
# matches as _VERB_RE (see _verb_spans).
_VERB_AT_RE = re.compile(_VERB_RE.pattern[2:])
_VERB_AFTER_RE = re.compile(r"[^\w]" + _VERB_RE.pattern[2:])


def _verb_spans(text: str):
    """(start, end, word, is "according to") of each match of ``_VERB_RE`` in ``text``."""
    pos = 0
    m = _VERB_AT_RE.match(text)
    if m:
        yield m.start(), m.end(), m.group(0), m.group("acc") is not None
        pos = m.end()
    for m in _VERB_AFTER_RE.finditer(text, pos):
        yield m.start() + 1, m.end(), m.group(0)[1:], m.group("acc") is not None


_NOUN_VERB_RE = re.compile(
    r"\b(?:made|issued|launched|renewed|repeated|delivered)\s+(?:a|an|his|her|its|their|the)"
    r"\s+(?:\w+\s+)?(?:appeal|call|plea|statement|warning)\b")

_BE_FORMS = frozenset("is was were be been being are am 's get got".split())
_DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your such any no every each "
    "some another".split())
_REL_PRONOUNS = frozenset(["who", "which"])
_PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "him": "he", "her": "she"}
_AUX_ADVERBS = frozenset(
    "has have had also again further then later would will could should may might reportedly "
    "previously recently earlier once repeatedly publicly already formally officially "
    "separately similarly and but".split())
_SUBORDINATORS = frozenset(
    "and but when while as after because since although though if that where so whereas "
    "before then meanwhile however yet".split())
_TAIL_START = frozenset(
    "in at during after before earlier later last this late yesterday today tonight while "
    "without when ahead "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december reporters journalists "
    "afp reuters ap cnn bbc".split())
_WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december".split())
_NP_START_WORDS = frozenset(
    "the a an two three four several one another his her its their analyst analysts expert "
    "experts officials official diplomats diplomat sources source residents witnesses "
    "activists observers critics spokesman spokeswoman spokesperson police".split())
# Head nouns of descriptions that stand for a speaker ("the official", "two senior US
# intelligence officials", "a UN statement"). A definite one refers back to a speaker named
# earlier ("the official added").
_DESCRIPTORS = frozenset(
    "official officials source sources spokesman spokeswoman spokesperson minister ministry "
    "ambassador envoy analyst analysts expert experts diplomat diplomats president chief head "
    "leader commander statement group agency government police military army observatory "
    "monitor researcher professor lawyer resident residents witness witnesses activist "
    "activists representative representatives delegate officer officers secretary director "
    "chairman adviser advisor aide aides senator governor mayor report newspaper media "
    "coalition council committee organisation organization office department".split())
_PLURAL_DESCRIPTORS = frozenset(
    "officials sources analysts experts diplomats residents witnesses activists "
    "representatives officers aides media".split())
_NON_NAME_CAPS = frozenset(
    "the a an president minister foreign prime deputy vice ambassador secretary general "
    "secretary-general chief spokesman spokeswoman senator sen rep gov mr mrs ms dr prof gen "
    "director head chairman leader commander judge justice officer analyst un us u.s. uk eu "
    "nato regime government army official officials envoy special security council state "
    "states united nations ministry defence defense interior affairs human rights "
    "but and when while as after in on at earlier later last according asked speaking "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december i we you they he she it "
    "this that there these those his her their its our my "
    # titles and offices that precede a name in American and British copy
    "attorney counsel press speaker majority minority whip chair chairwoman chairperson reps "
    "sens senators congressman congresswoman congressmen mayor governor former acting "
    "inspector commissioner superintendent sheriff chancellor lawmaker lawmakers professor "
    "lord lady sir rev father sister brother captain lieutenant colonel sergeant major "
    "admiral marshal king queen prince princess emir sheikh ayatollah pope cardinal bishop "
    "democratic republican democrat democrats republicans gop senate house congress "
    "white administration federal national department agency bureau office court supreme "
    "one two three four five six seven eight nine ten several many some both all most".split())
# A capitalised common noun at the start of a sentence ("Police said ...") is a description
# of the speaker, not a name.
_COMMON_SPEAKERS = frozenset(
    "police authorities critics supporters officials protesters experts analysts researchers "
    "scientists investigators prosecutors witnesses residents activists organizers organisers "
    "observers doctors officers lawmakers sources diplomats parents students teachers workers "
    "voters economists staff staffers aides employees members leaders prosecutors judges "
    "senators scientists".split())
# Last words of organisation names ("Syrian National Coalition", "Institute for ...").
_ORG_HEADS = frozenset(
    "coalition council party committee organization organisation institute association union "
    "front movement agency ministry department foundation center centre group forces army league "
    "court commission office bank fund university college church network times post journal "
    "news observatory corporation company federation alliance board bureau service administration "
    "campaign caucus conference assembly parliament congress senate".split())
# Words after a name that do not make it a modifier ("Trump this week", "Biden initially").
_NOT_COMPOUND = frozenset(
    "this that these those the a an week month year today yesterday day morning night evening "
    "afternoon also again then still himself herself themselves itself however too alone later "
    "earlier last next once now".split())
# Nouns that, after an actor's name, still speak for the actor ("a UN statement", "the Obama
# administration", "a Kremlin spokesman").
_VOICE_NOUNS = frozenset(
    "statement statements spokesman spokeswoman spokesperson office administration government "
    "campaign ministry press team camp website account tweet tweets release communique "
    "announcement".split())
# Those common nouns also describe speakers ("the prosecutors added").
_DESCRIPTORS = _DESCRIPTORS | _COMMON_SPEAKERS
_PLURAL_DESCRIPTORS = _PLURAL_DESCRIPTORS | {w for w in _COMMON_SPEAKERS if w.endswith("s")}
# Nouns that, after a name, make a group that does not speak for the named actor ("Trump
# voters", "Assad's critics").
_FOLLOWERS = frozenset(
    "voters supporters critics opponents fans rivals detractors followers family friends base "
    "donors protesters loyalists".split())
# Nationality adjectives ("Turkish Ambassador", "Russian Foreign Minister") are not names.
_NATIONALITY_RE = re.compile(
    r"^(?:[A-Z][a-z]+(?:ian|ish|ese|can|ench|ean)|Israeli|Iraqi|Pakistani|Kuwaiti|Qatari|Emirati|"
    r"Yemeni|Omani|Bahraini|Somali|Afghan|Bangladeshi|Nepali|Thai|Greek|Dutch|Swiss|Czech|"
    r"Arab|Kurdish|Western|Eastern|European|Asian|African)$")
_NAME_RE = re.compile(
    r"[A-Z][\w'\u2019.\-]*(?:\s+(?:(?:al|el|de|da|di|van|von|bin|ibn|der|la|le|du|abu|abdel)"
    r"[\s\-]+)?[A-Z][\w'\u2019.\-]*)*")
_POSTMOD_RE = re.compile(
    r",|\s(?:of|who|which|that|in|at|from|based|with|for|on|during|after|told|"
    r"said|says|close|\w+ing)\s")
_NOT_NOMINAL_START = re.compile(
    r"^(?:who|which|whose|where|when|using|speaking|based|without|adding|saying|according|"
    r"as|in|on|at|after|before|during|while|and|but|although|though|because|if|that|\w+ing)\b",
    re.IGNORECASE)
_THAT_RE = re.compile(r"\W*(?:(?!and\b|but\b|\w+ing\b)[\w'\u2019\-.()]+[^\w\n]+){0,8}?that\s+", re.IGNORECASE)
_SENT_END_RE = re.compile("[.!?\u2026]+[\"'\u201d\u2019)\\]]*\\s+(?=[\"'\u201c\u2018(\\[]?[A-Z0-9])")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen sen sens rep reps gov govs lt col sgt capt st jr sr inc corp co ltd "
    "no vs u.s "
    "u.n u.k jan feb mar apr jun jul aug sept sep oct nov dec a.m p.m etc fig maj adm cmdr "
    "rev ft mt".split())
_HEADLINE_RE = re.compile(
    r"(?P<claim>[^\n:]{12,200}?)\s*:\s*(?P<who>[A-Z][\w.'\u2019\-]*(?:\s+[A-Z][\w.'\u2019\-]*){0,3})\s*")


@dataclass
class _Speaker:
    text: str
    actor: str
    group: str
    via: str  # name | title | collective | fuzzy | pronoun | descriptor | continuation |
    #           headline | unresolved | none; "pronoun?" / "descriptor?" wait for the history
    type: str = "person"
    pronoun: str = ""
    # for a pronoun in a subordinate clause ("Gansler fired off a salvo when he said"): the
    # span of the main clause, where its antecedent is named
    ctx: tuple[int, int] | None = None


@dataclass
class _Attribution:
    cs: int  # content start
    ce: int  # content end
    speaker: _Speaker
    fs: int  # frame start
    vs: int  # verb start
    ve: int  # verb end
    kind: str  # verb | thought | acc | noun | headline
    trailing: bool = False


@dataclass
class _Statement:
    start: int
    end: int
    kind: str
    speaker: _Speaker
    para: int


def _sentences(masked: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph of the masked text (quotes are masked, so sentences
    never end inside a quotation). A period after a known abbreviation or an initial does not
    end a sentence."""
    out = []
    s = ps
    for m in _SENT_END_RE.finditer(masked, ps, pe):
        j = m.start()
        if masked[j] == ".":
            # the word before the full stop: after the last space or newline, unless another
            # kind of whitespace follows that (then the plain scan back). The newline is only
            # looked for after the last space: a paragraph without newlines (one 20 MB line)
            # would otherwise be searched to its start at every full stop, a quadratic scan.
            k = masked.rfind(" ", ps, j)
            k = max(k, masked.rfind("\n", max(k, ps), j), ps - 1) + 1
            if k < j and masked[k:j].split() != [masked[k:j]]:
                k = j
                while k > ps and not masked[k - 1].isspace():
                    k -= 1
            word = masked[k:j].strip("\"'(\u201c\u2018").lower()
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        out.append((s, m.end()))
        s = m.end()
    out.append((s, pe))
    return [(a, b) for a, b in out if b > a]


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


_EDGE_CHARS = "\"'\u201c\u201d\u2018\u2019,;:-\u2014\u2013()[] \t\n"
_LEAD_RE = re.compile(r"(?:according\s+to|said|says|told)\s+", re.IGNORECASE)


def _strip_np(np_text: str) -> tuple[int, int]:
    """Offsets (within np_text) of the noun phrase once quote marks, punctuation, leading
    subordinators and trailing auxiliaries/adverbs are stripped."""
    s, e = 0, len(np_text)
    changed = True
    while changed and s < e:
        changed = False
        while s < e and np_text[s] in _EDGE_CHARS and np_text[s] != "(":
            s += 1
            changed = True
        while e > s and np_text[e - 1] in _EDGE_CHARS and np_text[e - 1] not in ")":
            e -= 1
            changed = True
        m = _LEAD_RE.match(np_text, s, e)
        if m:
            s = m.end()
            changed = True
        # (match with bounds instead of on a slice: the same match, without the copy)
        m = _FIRST_WORD_RE.match(np_text, s, e)
        if m and m.group(1).lower() in _SUBORDINATORS and m.end() < e:
            s = m.end()
            changed = True
        k, w = _last_word(np_text, s, e)
        if k > s and w.lower() in _AUX_OR_BE:
            e = k
            changed = True
    return s, e


def _last_word(text: str, s: int = 0, e: int | None = None) -> tuple[int, str]:
    """Where ``_LAST_WORD_RE`` (``\\b(\\w+)$``) matches in ``text[s:e]`` (an offset into
    ``text``) and the word it matches, or ``(-1, "")``.

    The expression is searched from the left, so it tries every position of the text for a
    word that ends it; the word is the run of word characters (``str.isalnum`` or ``_``, what
    ``\\w`` matches) at the end (before a final newline, which ``$`` also matches before),
    found from the right in the time of the word.
    """
    if e is None:
        e = len(text)
    if e > s and text[e - 1] == "\n":
        e -= 1
    k = e
    while k > s:
        ch = text[k - 1]
        if not (ch.isalnum() or ch == "_"):
            break
        k -= 1
    return (k, text[k:e]) if k < e else (-1, "")


_CLAUSE_CUT_WORDS = ("while when whereas because although though since after before if as where "
                     "that so then once until unless whether but").split()
# The definition (the parser searches _CLAUSE_CUT_REV_RE instead; tests check they agree)
_CLAUSE_CUT_RE = re.compile(r"\b(?:" + "|".join(_CLAUSE_CUT_WORDS) + r")\s+", re.IGNORECASE)
# _CLAUSE_CUT_RE read backwards, for the text read backwards. A match of _CLAUSE_CUT_RE is one
# whole word of its list (a word boundary before it, spaces after it) with all the spaces
# after it, so its matches are disjoint and finditer finds every one; the last one is the
# first match of this expression in the reversed text (its spaces, its word reversed, then a
# word boundary), and ends where that one starts, counted from the end. One search that
# skips to the next space instead of a scan that tries the alternation at every word.
_CLAUSE_CUT_REV_RE = re.compile(
    r"\s+(?:" + "|".join(w[::-1] for w in _CLAUSE_CUT_WORDS) + r")\b", re.IGNORECASE)
_AND_RE = re.compile(r"\s+and\s+")
_CLOSE_MARKS = "\"\u201d\u201c"
_CLOSE_TUPLE = tuple(_CLOSE_MARKS)  # (for str.endswith, built once)
_COMMA_OR_CLOSE = (",",) + _CLOSE_TUPLE


def _is_pure_name(s: str) -> bool:
    # "Russia", "The United States", "Britain's UN Ambassador Karen Pierce": every word is
    # capitalised or a particle, so "X and Y" is a coordinated subject, not two clauses.
    words = s.split()
    return bool(words) and all(w[0].isupper() or w.lower() in ("the", "of", "al", "de", "bin")
                               for w in words if w)


class _DocParser:
    """Statements of one document."""

    def __init__(self, text: str, actors: ActorIndex):
        self.text = text
        self.actors = actors
        self.paras = _paragraphs(text)
        self.para_starts = [s for s, _ in self.paras]
        self.quotes = find_quote_spans(text, self.paras)
        pieces, pos = [], 0
        for q in self.quotes:
            if q.nested or q.start < pos:
                continue
            pieces.append(text[pos:q.start])
            pieces.append(_mask(text[q.start:q.end]))
            pos = q.end
        pieces.append(text[pos:])
        # the text with every quotation replaced by x's (offsets unchanged): sentence
        # boundaries, speech verbs and speaker names are only looked for outside quotes
        self.masked = "".join(pieces)
        self.history: list[_Statement] = []  # attributed statements, in text order
        # The statements with a known actor, in text order, with look-ups that find the
        # nearest earlier compatible one by bisection instead of walking back through the
        # whole history (on a long one-paragraph article that walk made every unresolved
        # "she" or "the official" cost the whole article: quadratic). Valid while starts and
        # paragraphs never decrease along the history (always, since statements are
        # assembled in text order); otherwise the plain walk is used.
        self._known: list[_Statement] = []
        self._known_starts: list[int] = []
        self._known_paras: list[int] = []
        self._known_low: list[str] = []
        self._by_pronoun: dict[str, list[int]] = {"he": [], "she": [], "it": [], "they": []}
        self._by_head: dict[str, list] = {}  # head noun -> [indices into _known, scanned up to]
        self._ordered = True
        self._full_names: dict[str, str] = {}  # surname -> full name of unlisted people

    # ---------------------------------------------------------------- speaker resolution
    def _candidates(self, s: int, e: int) -> list[tuple[int, int, Actor | None, str]]:
        """Actor matches and unlisted capitalised names in text[s:e] outside quotes."""
        seg = self.masked[s:e]
        out = []
        for m in self.actors.find(seg):
            nxt = _NEXT_CAP_RE.match(seg, m.end)
            if nxt and nxt.group(1).lower() in _ORG_HEADS and m.actor.type != "person":
                continue  # "Washington Post", "Moscow Times": a name inside an organisation's name
            out.append((s + m.start, s + m.end, m.actor, m.via))
        covered = [(a, b) for a, b, _, _ in out]
        for m in _NAME_RE.finditer(seg):
            a, b = s + m.start(), s + m.end()
            if covered and any(not (b <= x or a >= y) for x, y in covered):
                continue
            toks = m.group(0).replace("\u2019", "'").split()
            if len(toks) > 1 and toks[-1].lower().strip(".,") in _ORG_HEADS:
                # an organisation's name keeps its adjectives ("Syrian National Coalition");
                # only a leading article goes
                if toks[0].lower() == "the":
                    a = self.masked.find(toks[1], a + 3)
                    toks = toks[1:]
                if all(t.lower().strip(".,") in _NON_NAME_CAPS_OR_ORG for t in toks):
                    continue  # "the Foreign Ministry" describes; it names no one in particular
                name = " ".join(toks).rstrip(".,")
                out.append((a, a + len(name), None, name))
                continue
            # titles, determiners and nationality adjectives are not names ("Turkish
            # Ambassador Feridun Sinirlioglu" -> "Feridun Sinirlioglu")
            while toks and (toks[0].lower().strip(".,") in _NON_NAME_CAPS or _NATIONALITY_RE.match(toks[0])
                            or (len(toks) > 1 and toks[0].endswith(("'s", "'")))):
                a = self.masked.find(toks[1], a + len(toks[0])) if len(toks) > 1 else b
                toks = toks[1:]
            while toks and toks[-1].lower().strip(".,") in _NON_NAME_CAPS:
                toks = toks[:-1]
            if not toks or (len(toks) == 1 and toks[0].lower() in _COMMON_SPEAKERS) \
                    or _NATIONALITY_RE.match(toks[-1]):
                continue  # a common noun or an adjective ("South Korean newspaper"), not a name
            if toks[-1].endswith("'s") or toks[-1].endswith("'"):
                continue  # a possessive modifies the speaker ("Ging's plea"), it is not one
            name = " ".join(toks).rstrip(".,")
            b = a + len(name)
            fz = self.actors.fuzzy(name) or (self.actors.fuzzy(toks[-1]) if len(toks) > 1 else None)
            if fz is not None:
                out.append((a, b, fz, "fuzzy"))
            else:
                out.append((a, b, None, name))
        out.sort(key=lambda c: c[0])
        return out

    @staticmethod
    def _make(cand, np_text: str, group_hint: str | None = None) -> _Speaker:
        a, b, actor, via = cand
        if actor is not None:
            return _Speaker(np_text, actor.name, actor.group, via, actor.type, actor.pronoun)
        # an unlisted person keeps their name; their group comes from a listed actor in
        # the same description ("OCHA spokesman David Swanson" -> UN); an unlisted
        # organisation ("Congressional Research Service") is not a "he" or "she"
        if via.split()[-1].lower() in _ORG_HEADS:
            return _Speaker(np_text, via, group_hint or UNKNOWN, "name", "organisation", "it")
        return _Speaker(np_text, via, group_hint or UNKNOWN, "name", "person", "")

    def _resolve_pronoun(self, pron: str, np_text: str, before: int,
                         ctx: tuple[int, int] | None = None) -> _Speaker:
        want = _PRONOUNS[pron]
        if ctx is not None and want in ("he", "she"):
            # the subject of the main clause ("Doug Gansler fired off a salvo when he said")
            for a, b, actor, via in self._candidates(*ctx):
                if actor is None or (actor.type == "person" and actor.pronoun in ("", want)):
                    sp = self._make((a, b, actor, via), np_text)
                    sp.via = "pronoun"
                    return sp
        if self._ordered:
            idx = self._by_pronoun[want]
            k = bisect.bisect_left(idx, before, key=lambda i: self._known_starts[i]) - 1
            if k < 0:
                return _Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", "person", want)
            sp = self._known[idx[k]].speaker
            return _Speaker(np_text, sp.actor, sp.group, "pronoun", sp.type, sp.pronoun)
        for st in reversed(self.history):
            if st.start >= before:
                continue
            sp = st.speaker
            if sp.actor in (UNKNOWN, NONE):
                continue
            if want in ("he", "she"):
                if sp.type != "person" or (sp.pronoun and sp.pronoun != want):
                    continue
            elif want == "it":
                if sp.type == "person" or sp.pronoun == "they":
                    continue
            else:  # they: a collective, an organisation or a plural description
                if sp.type == "person":
                    continue
            return _Speaker(np_text, sp.actor, sp.group, "pronoun", sp.type, sp.pronoun)
        return _Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", "person", want)

    def _resolve_descriptor(self, sp: _Speaker, before: int) -> _Speaker:
        words = [w.lower() for w in _words(sp.text)]
        head = words[-1] if words else ""
        phrase = " ".join(words[1:])
        para = bisect.bisect_right(self.para_starts, before) - 1
        if self._ordered:
            # the walk below, on the statements whose speaker's words contain the head noun
            # (a superset of those it accepts): it stops at the first known statement more
            # than DESCRIPTOR_PARAGRAPHS paragraphs back, and paragraphs only grow
            lo = bisect.bisect_left(self._known_paras, para - DESCRIPTOR_PARAGRAPHS)
            hi = bisect.bisect_left(self._known_starts, before)
            entry = self._by_head.setdefault(head, [[], 0])
            cands, upto = entry
            for i in range(upto, len(self._known)):
                if head in self._known_low[i]:
                    cands.append(i)
            entry[1] = len(self._known)
            rx = re.compile(rf"\b{re.escape(head)}\b")
            for j in range(bisect.bisect_left(cands, hi) - 1, -1, -1):
                i = cands[j]
                if i < lo:
                    break
                low = self._known_low[i]
                if (phrase and phrase in low) or rx.search(low):
                    prev = self._known[i].speaker
                    return _Speaker(sp.text, prev.actor, prev.group, "descriptor", prev.type, prev.pronoun)
            return _Speaker(sp.text, UNKNOWN, UNKNOWN, "unresolved", sp.type, sp.pronoun)
        for st in reversed(self.history):
            prev = st.speaker
            if st.start >= before or prev.actor in (UNKNOWN, NONE):
                continue
            if st.para < para - DESCRIPTOR_PARAGRAPHS:
                break  # "the official" refers to someone met recently, not pages ago
            low = prev.text.lower()
            if (phrase and phrase in low) or re.search(rf"\b{re.escape(head)}\b", low):
                return _Speaker(sp.text, prev.actor, prev.group, "descriptor", prev.type, prev.pronoun)
        return _Speaker(sp.text, UNKNOWN, UNKNOWN, "unresolved", sp.type, sp.pronoun)

    def resolve(self, s: int, e: int) -> _Speaker | None:
        """The speaker named by the noun phrase masked[s:e] (None when it names nobody).

        The answer depends only on those characters, so it is cached across articles (the
        same subjects, "he", "Trump", "the official", recur thousands of times).
        """
        key = self.masked[s:e]
        cache = self.actors._resolve_cache
        hit = cache.get(key, _MISSING)
        if hit is _MISSING:
            hit = self._resolve(s, e)
            if len(cache) < 200_000:
                cache[key] = hit
        return hit  # shared: callers copy before changing it (dataclasses.replace)

    def _resolve(self, s: int, e: int) -> _Speaker | None:
        """See :meth:`resolve`.

        Pronouns and definite descriptions are returned pending (``via`` ends with ``?``)
        and resolved against the article's earlier statements when statements are assembled
        in text order.
        """
        a, b = _strip_np(self.masked[s:e])
        s, e = s + a, s + b
        if e <= s:
            return None
        if e - s > 160:
            # a subject is never this long: keep its head, the first comma segment of an
            # appositive ("Russia, whose military intervention ...") or else the words next to
            # the verb, cut at a word boundary
            comma = self.masked.find(",", s, e)
            if 0 <= comma - s <= 80:
                e = s + 160
                while e > s and not self.masked[e - 1].isspace():
                    e -= 1
            else:
                s = e - 160
                while s < e and not self.masked[s - 1].isspace():
                    s += 1
        np_text = self.masked[s:e]
        low = np_text.lower()
        if low in _PRONOUNS:
            return _Speaker(np_text, UNKNOWN, UNKNOWN, "pronoun?", "person", _PRONOUNS[low])
        # core: up to the first comma or postmodifier ("analyst Elizabeth Teoman | of the
        # Institute ...", "an official | in the regional alliance ...")
        m = _POSTMOD_RE.search(np_text)
        core_end = s + (m.start() if m else len(np_text))
        cands = self._candidates(s, e)
        # a name in parentheses qualifies the speaker ("Chuck Schumer (D-N.Y.)", "agency
        # (OCHA)"); it is the speaker only when nothing else is named
        parens = [(m.start() + s, m.end() + s) for m in _PAREN_RE.finditer(np_text)] \
            if "(" in np_text else []  # (every match starts with one)
        if parens:
            outside = [c for c in cands if not any(a <= c[0] < b for a, b in parens)]
            if outside:
                cands = outside
        # an alias that starts in the core belongs to it ("UN director of humanitarian
        # operations" spans "of")
        core = [c for c in cands if c[0] < core_end]
        if core:
            # coordination ("Russia and Iran", "The United States, Britain and France"): the
            # first conjunct speaks for the list
            and_pos = np_text.find(" and ", 0, core_end - s)
            if and_pos > 0 and any(c[0] < s + and_pos for c in core):
                core = [c for c in core if c[0] < s + and_pos]
            # the head of a pre-modified noun phrase is its last name ("Russia's UN
            # Ambassador Vassily Nebenzia" -> Nebenzia, "a UN statement" -> UN)
            best = core[-1]
            hint = next((c[2].group for c in core if c[2] is not None), None)
            after = _words(self.masked[best[1]:core_end])
            if after and after[-1].islower() and after[-1] not in _VOICE_NOUNS \
                    and not any(w.lower() in _NOT_COMPOUND or w.endswith("ly") for w in after):
                # "Trump voters", "a former Trump adviser": someone the actor's name only
                # describes; the group is known, the speaker is not
                plural = after[-1].endswith("s")
                return _Speaker(np_text, UNKNOWN, hint or UNKNOWN, "unresolved",
                                "collective" if plural else "person", "they" if plural else "")
            return self._make(best, np_text, hint)
        # (only the first and the last word of the core are asked for, in lower case)
        core_words = _words(self.masked[s:core_end])
        if m and np_text[m.start()] == ",":
            # appositive: "The Russian ambassador, Vassily Nevenzia", "the source, an official
            # of the regional alliance ...": resolve the appositive on its own
            rest_s = core_end + 1
            nxt = self.masked.find(",", rest_s, e)
            rest_e = nxt if nxt > 0 else e
            rest = self.masked[rest_s:rest_e].strip()
            if rest and not _NOT_NOMINAL_START.match(rest):
                sp = self._resolve(rest_s, rest_e)
                if sp is not None and sp.actor != UNKNOWN:
                    sp.text = np_text
                    return sp
        head = core_words[-1].lower() if core_words else ""
        later = [c for c in cands if c[0] >= core_end and c[2] is not None]
        if head in _DESCRIPTORS:
            # "Secretary of State Rex Tillerson": a person named after the title's complement
            people = [c for c in cands if c[0] >= core_end and c[2] is None]
            if people and not later and self.masked.find(",", core_end, people[0][0]) < 0:
                return self._make(people[-1], np_text)
        if later and head in _DESCRIPTORS:
            # "the head of the Syrian Observatory", "an official in the regional alliance"
            return self._make(later[0], np_text)
        if head in _DESCRIPTORS:
            plural = head in _PLURAL_DESCRIPTORS
            typ, pron = ("collective", "they") if plural else ("person", "")
            if core_words[0].lower() == "the":
                return _Speaker(self.masked[s:core_end], UNKNOWN, UNKNOWN, "descriptor?", typ, pron)
            return _Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", typ, pron)
        if later:
            return self._make(later[0], np_text)
        return None

    def _clause_np_start(self, left: str) -> int:
        """Where the subject noun phrase starts in ``left`` (text before a speech verb)."""
        start = 0
        for ch in _CLOSE_MARKS:
            k = left.rfind(ch)
            if k + 1 > start:
                start = k + 1  # a quotation ends any subject before it
        cut = left.rfind(",", start)
        seg_start = cut + 1 if cut >= 0 else start
        # a list subject: "The United States, Britain and France have warned"
        seg = left[seg_start:]
        if " and " in seg and cut > start:
            prev = left[start:cut]
            pcut = prev.rfind(",")
            prev_seg = prev[pcut + 1:].strip()
            if prev_seg and _is_pure_name(prev_seg):
                seg_start = start + pcut + 1
                seg = left[seg_start:]
        # a subordinate or coordinated clause ends at its conjunction: "... on Idlib while
        # the UN warns", "... should be liquidated and Foreign Minister Sergei Lavrov
        # described"; "Russia and Iran have rejected" is one subject
        # (the last match, found as the first one of the reversed expression in the reversed
        # text: see _CLAUSE_CUT_REV_RE)
        last = _CLAUSE_CUT_REV_RE.search(seg[::-1])
        if last is not None:
            seg_start += len(seg) - last.start()
            seg = left[seg_start:]
        ands = list(_AND_RE.finditer(seg)) if "and" in seg else []  # (most have none)
        if ands:
            m = ands[-1]
            if not _is_pure_name(seg[:m.start()]):
                seg_start += m.end()
        return seg_start

    def subject_before(self, ss: int, vs: int) -> tuple[_Speaker | None, int]:
        """Subject of a speech verb at ``vs`` in the sentence starting at ``ss``, and where
        that subject starts."""
        left = self.masked[ss:vs]
        trimmed = left.rstrip()
        while True:
            k, w = _last_word(trimmed)
            if k > 0 and w.lower() in _AUX_OR_BE:
                trimmed = trimmed[:k].rstrip()
                continue
            break
        if trimmed.endswith(","):
            # appositive subject: "Russia, the main backing of ..., said" / "The Russian
            # ambassador, Vassily Nevenzia, insisted" -> the last two comma segments
            body = trimmed[:-1]
            qstart = max(body.rfind(ch) for ch in _CLOSE_MARKS) + 1
            cut = body.rfind(",", qstart)
            cut2 = body.rfind(",", qstart, cut) if cut >= 0 else -1
            head_start = cut2 + 1 if cut2 >= 0 else qstart
            head_start += self._clause_np_start(body[head_start:cut] if cut >= 0 else body[head_start:])
            sp = self.resolve(ss + head_start, ss + len(body))
            if sp is not None:
                return sp, ss + head_start
        start = self._clause_np_start(trimmed)
        sp = self.resolve(ss + start, ss + len(trimmed))
        if sp is not None:
            return sp, ss + start
        return None, ss + start

    def sentence_subject(self, ss: int, se: int) -> _Speaker | None:
        """The first noun phrase of a sentence, with its appositive ("The Syrian Foreign
        Minister, Walid Muallem, was in Moscow ... and reiterated ...")."""
        text = self.masked[ss:se]
        first = text.find(",")
        if first <= 0:
            return None
        second = text.find(",", first + 1)
        end = second if second > 0 else first
        return self.resolve(ss, ss + end)

    def np_after(self, ve: int, se: int) -> tuple[int, int]:
        """Noun phrase after an inverted verb (``said the source, an official of ...``)."""
        text = self.masked
        m = None
        for cand in _NP_AFTER_END_RE.finditer(text, ve, se):
            if text[cand.start()] == "." and _abbrev_stop(text, cand.start()):
                continue  # "said Sen. Chuck Schumer", "(D-N.Y.)"
            m = cand
            break
        end = m.start() if m else se
        if m and text[m.start()] == ",":
            rest_start = m.end()
            rest = text[rest_start:se]
            if rest.strip() and not _NOT_NOMINAL_START.match(rest.strip()):
                m2 = _PUNCT_RE.search(rest)
                end = rest_start + (m2.start() if m2 else len(rest))
        return ve, end

    # ---------------------------------------------------------------- main pass
    def parse(self) -> list[tuple[_Statement, int, int]]:
        text = self.text
        attributions: list[_Attribution] = []
        verbs = []
        for vs, ve, w, acc in _verb_spans(self.masked):
            if w in _NOUN_TRIGGERS:
                # "made an urgent appeal": a speech act named by a noun
                nm = _NOUN_VERB_RE.match(self.masked, vs)
                if nm:
                    verbs.append((nm.start(), nm.end(), "noun", nm.group(0)))
                continue
            verbs.append((vs, ve, "acc" if acc else "verb", w))
        self.verbs = verbs
        starts = [v[0] for v in verbs]
        for p, (ps, pe) in enumerate(self.paras):
            # headline convention "claim: Speaker" ("No major offensive planned in Syria's
            # Idlib: Lavrov"): a short line whose colon is followed only by a name
            hm = _HEADLINE_RE.match(text, ps, pe) if pe - ps < 220 and text.find(":", ps, pe) >= 0 \
                else None
            if hm and hm.end() == pe and len(_words(hm.group("claim"))) <= 25:
                ws, we = hm.start("who"), hm.end("who")
                sp = self.resolve(ws, we)
                if sp is not None and sp.actor != UNKNOWN:
                    sp = replace(sp, via="headline")
                    cs, ce = hm.start("claim"), hm.end("claim")
                    attributions.append(_Attribution(cs, ce, sp, cs, ws, we, "headline"))
                continue
            lo = bisect.bisect_left(starts, ps)
            if lo >= len(starts) or starts[lo] >= pe:
                continue  # no speech verb in this paragraph
            for ss, se in _sentences(self.masked, ps, pe):
                a = bisect.bisect_left(starts, ss)
                b = bisect.bisect_left(starts, se)
                if a < b:
                    attributions.extend(self._parse_sentence(ss, se, verbs[a:b]))
        return self._assemble(attributions)

    def _parse_sentence(self, ss: int, se: int, verbs: list) -> list[_Attribution]:
        masked = self.masked
        found: list[_Attribution] = []
        end_trim = se
        while end_trim > ss and (masked[end_trim - 1].isspace() or masked[end_trim - 1] in ".!?;"):
            end_trim -= 1
        sentence = masked[ss:se]
        has_quote = '"' in sentence or "\u201c" in sentence or "\u201d" in sentence
        for vs, ve, kind, word in verbs:
            if ve > se:
                continue
            if not has_quote and word in _THOUGHT_SET:
                continue  # a verb of thought only attributes a quote, and there is none here
            if masked[vs - 1:vs] == "-" or masked[ve:ve + 1] == "-":
                continue  # part of a compound ("so-called")
            before = masked[ss:vs]
            # the two words before the verb (a plain split is enough here and much cheaper),
            # read from the end: only the last two that are not all punctuation matter
            prev = prev2 = ""
            for w in reversed(before[-60:].split()):
                w = w.strip(_STRIP_PUNCT)
                if w:
                    if prev:
                        prev2 = w.lower()
                        break
                    prev = w.lower()
            is_ing = kind == "verb" and word.endswith("ing")
            if kind == "verb":
                if word[0].isupper():
                    continue  # sentence-initial participle ("Asked about ...", "Speaking ...")
                if prev in _DETERMINERS or prev.endswith(("'s", "\u2019s")):
                    continue  # a noun or adjective ("these claims", "a warning", "the regime's reported plan")
                if prev == "without":
                    continue  # "without saying when" reports that nothing was said
                if not is_ing and (prev in _BE_FORMS or (prev2 in _BE_FORMS and prev.endswith("ly"))):
                    continue  # passive ("was asked", "is widely reported")
            bstrip = before.rstrip()
            speaker: _Speaker | None = None
            trailing = False
            fs = vs
            # the last statement found before it (thoughts are not statements)
            last_said = next((f for f in reversed(found) if f.kind != "thought"), None)
            prev_end = last_said.ce if last_said is not None and last_said.ce <= vs else ss
            if kind == "acc":
                # "according to X" attributes the words before it
                ns, ne = self.np_after(ve, se)
                speaker = self.resolve(ns, ne)
                # the words before it, or after it ('according to the Post, "..."')
                cs, ce, trailing, fs = prev_end, end_trim, True, prev_end
            else:
                fa_m = _NEXT_WORD_RE.match(masked, ve, se)
                fa = fa_m.group(1) if fa_m else ""
                # inverted attribution after a comma or a closing mark: "..., said the
                # source", '"...," said Dairi', "..., says the United Nations"
                inverted = (kind == "verb" and not is_ing and fa
                            and bstrip.endswith(_COMMA_OR_CLOSE)
                            # "The agency, which handles ..., said the data ..." is not inverted
                            and not _REL_SEG_RE.search(bstrip)
                            and (fa.lower() in _NP_START_WORDS
                                 or (fa[0].isupper() and fa.lower() not in _WEEKDAYS_MONTHS)))
                rel = prev in _REL_PRONOUNS or (prev in _AUX_ADVERBS and prev2 in _REL_PRONOUNS)
                # (the expression needs "which" or "whom": most sentences have neither)
                rel_subj = None if rel or ("which" not in before and "whom" not in before) \
                    else _OBJ_REL_RE.search(before)
                coord = (prev in ("and", "but") or (prev in _AUX_ADVERBS and prev2 in ("and", "but"))
                         or (is_ing and bstrip.endswith(",")))
                np_start = vs
                rel_end = -1
                if inverted:
                    ns, ne = self.np_after(ve, se)
                    speaker = self.resolve(ns, ne)
                    cs, ce, trailing, fs = prev_end, ss + len(bstrip), True, prev_end
                else:
                    if rel:
                        # relative clause: "said the UN, which has warned that ...", "Karen
                        # Pierce who called them ...": the antecedent speaks
                        k = max(before.lower().rfind(" who"), before.lower().rfind(" which"))
                        seg = before[:k].rstrip().rstrip(",")
                        cut = seg.rfind(",")
                        seg_s = ss + (cut + 1 if cut >= 0 else 0)
                        cands = self._candidates(seg_s, ss + len(seg))
                        if cands:
                            c = cands[-1]
                            speaker = self._make(c, masked[c[0]:c[1]])
                        else:
                            speaker = self.resolve(seg_s, ss + len(seg))
                        rel_end = masked.find(",", ve, se)
                    elif rel_subj is not None and self._candidates(ss + rel_subj.start(1), vs):
                        # object relative with its own subject: "..., which Moscow says the
                        # West will use ..."
                        speaker = self.resolve(ss + rel_subj.start(1), vs)
                    elif coord:
                        # coordinated or participial verb: the same speaker as the clause
                        # it continues ("... and warned against ...", "..., warning that ...")
                        speaker = found[-1].speaker if found else self.sentence_subject(ss, se)
                        if speaker is None:
                            speaker, np_start = self.subject_before(ss, vs)
                    else:
                        speaker, np_start = self.subject_before(ss, vs)
                        if speaker is None:
                            speaker = self.sentence_subject(ss, se) if prev in ("and", "but") else None
                        elif speaker.via == "pronoun?":
                            sub = _SUBORD_END_RE.search(masked, ss, np_start)
                            if sub is not None:
                                speaker = replace(speaker, ctx=(ss, sub.start()))
                    # content: after "that" when it comes within a few words, else after
                    # leading time adverbials ("said on Wednesday there was ...")
                    rs = ve
                    that = False
                    tm = _THAT_RE.match(masked, ve, se) if "that" in masked[ve:ve + 90] else None
                    if tm and not any(ch in masked[ve:tm.end()] for ch in _CLOSE_MARKS + "\u201c"):
                        rs = tm.end()
                        that = True
                    else:
                        while True:
                            w = _time_match(masked, rs, se)
                            if not w or w.end() == rs:
                                break
                            rs = w.end()
                    tail = masked[rs:end_trim].strip()
                    # nothing after the verb but an adjunct ("said during a news conference
                    # in Bucharest", "told reporters in Geneva", "added, without saying ...")
                    # means the words before the subject are what was said
                    quoted_after = tail.lstrip(" ,:")[:1] in ("\"", "\u201c")
                    # ('Romney said, "I don't line up with the NRA."' is not a tail: the quote
                    # after the comma is what was said)
                    is_tail = False
                    if not that and not quoted_after:
                        # (the tail's words are read only here, and only as far as asked:
                        # whether there is one, the first, and whether there are more than six)
                        tail_words = _WORD_RE.finditer(tail)
                        first = next(tail_words, None)
                        is_tail = (
                            first is None or tail.startswith(",")
                            or (first.group().lower() in _TAIL_START and " that " not in f" {tail} "
                                and not any(ch in tail for ch in "\"\u201c"))
                            # "..., a senior official told CNN's Jim Acosta."
                            or (word in ("told", "tells")
                                and sum(1 for _ in itertools.islice(tail_words, 6)) <= 5
                                and not any(ch in tail for ch in "\"\u201c")))
                    lead = masked[max(ss, np_start - 3):np_start].rstrip()
                    if lead.endswith(_CLOSE_TUPLE) and not that and "\u201c" not in tail \
                            and '"' not in tail:
                        is_tail = True  # '"...," Conway told CNN's Alisyn Camerota during ...'
                    if is_tail and not rel and not coord and np_start > prev_end \
                            and lead.endswith(_COMMA_OR_CLOSE):
                        # "..., he said." / '"...," the official added.' / "..., the UN's
                        # agency (OCHA) said on Monday."
                        cs, ce, trailing, fs = prev_end, np_start, True, prev_end
                    else:
                        cs, ce = rs, end_trim
                        if rel and rel_end > 0:
                            # a relative clause ends at its comma: "Ocasio-Cortez, who has
                            # called for X, doesn't realize ..." -> "for X"
                            ce = rel_end
            if speaker is None:
                continue
            if trailing and found and found[-1].ce > cs and found[-1].cs < ce:
                # "Mamlouk said X, al-Akhbar reported": the earlier statement ends before the
                # trailing attribution, which then only names the source of the report
                last = found[-1]
                k = masked.rfind(",", last.cs, ce)
                last.ce = k if k > last.cs else ce
                if last.kind != "thought":
                    cs = max(cs, last.ce)
            if found and not trailing:
                last = found[-1]
                if last.cs <= vs < last.ce and last.kind != "acc":
                    # a speech verb inside an earlier statement's content is part of it ("the
                    # people he described as terrorists") unless it starts a new clause: a
                    # participle after a comma, a coordinated verb, a relative clause, or a
                    # new named subject after "and"/"but"
                    new_subject = (speaker.via in ("name", "title", "collective", "fuzzy")
                                   and _AND_TAIL_RE.search(before)
                                   is not None)
                    if not (rel or coord or new_subject or (rel_subj is not None)):
                        continue
                    # the earlier content ends at the conjunction, comma or relative pronoun
                    # that opens this clause (before its subject, when it has one)
                    limit = np_start if (new_subject and np_start < vs) else vs
                    cut = limit
                    window_s = max(last.cs, limit - 120)
                    for mm in _BOUNDARY_RE.finditer(masked, window_s, limit + 1):
                        cut = mm.start()
                    last.ce = max(last.cs, cut)
            found.append(_Attribution(cs, ce, speaker, min(fs, vs), vs, ve,
                                      "thought" if kind == "verb" and word in _THOUGHT_SET else kind,
                                      trailing))
        return found

    # ---------------------------------------------------------------- assembly
    def _quote_kind(self, q: _Quote) -> str:
        text = self.text
        # only the first few words matter (how many, up to the title-case limit below)
        found = _WORD_RE.finditer(text, q.start, q.end)
        words = [m.group() for m in itertools.islice(found, SCARE_MAX_WORDS + 1)]
        n = len(words)
        if n > SCARE_MAX_WORDS:
            # a short quote in title case inside a sentence names a title or slogan ('their
            # "A Better Deal" platform', 'on "State of the Union."'); it is not a statement
            # (most quotes have a word in lower case among their first words: then the rest
            # of the test, and reading more words, can be skipped)
            if q.nested or not all(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS):
                return "direct"
            words += [m.group() for m in itertools.islice(found, _KIND_WORDS - len(words))]
            n = len(words)
            content = [w for w in words if w.lower() not in _SMALL_WORDS]
            before = text[max(self.paras[q.para][0], q.open_mark - 80):q.open_mark].rstrip()
            if n <= _TITLE_MAX_WORDS and content and all(w[0].isupper() for w in content) \
                    and before and before[-1:] not in ".!?:" and not q.nested:
                return "scare"
            return "direct"
        # one or two quoted words are a scare quote unless they are a whole sentence with
        # its own attribution ('"No," he said.')
        ps = self.paras[q.para][0]
        lead = text[max(ps, q.open_mark - 80):q.open_mark]
        sentence_start = not lead.strip() or lead.rstrip()[-1:] in ".!?"
        ends_punct = text[q.end - 1] in ".,!?"
        after = text[q.close_mark + 1:q.close_mark + 40] if q.close_mark >= 0 else ""
        attributed = bool(_ATTRIBUTED_RE.match(after))
        if sentence_start and ends_punct and attributed and not q.nested:
            return "direct"
        return "scare"

    def _attribution_for(self, q: _Quote, attributions: list[_Attribution]) -> _Attribution | None:
        close = q.close_mark if q.close_mark >= 0 else q.end
        starts = self._at_starts
        # 1. the attribution right after the quote: '"...," Pierce told', '"...," said Dairi'
        after = None
        # by index: slicing the rest of the list for every quote made long articles quadratic
        for idx in range(bisect.bisect_right(starts, close), len(attributions)):
            at = attributions[idx]
            if at.kind == "headline" or at.vs <= close:
                continue
            gap = self.masked[close + 1:at.vs]
            if len(gap) <= 140 and "\n" not in gap and _gap_ok(gap):
                after = at
                break
            if at.vs > close + 140:
                break
        # 2. the innermost statement whose content holds the start of the quote (a quote that
        # runs on into later paragraphs starts inside it)
        # (a statement's content lies within its sentence: look at verbs nearby only)
        best = None
        lo = bisect.bisect_left(starts, q.open_mark - _MAX_SENTENCE)
        hi = bisect.bisect_right(starts, q.open_mark + _MAX_SENTENCE)
        for at in attributions[lo:hi]:
            if at.kind == "headline" or at is after:
                continue
            if at.cs <= q.open_mark + 1 <= at.ce + 1:
                if best is None or (at.ce - at.cs) < (best.ce - best.cs):
                    best = at
        if after is not None:
            # 'Gen. Allen cautioned: "...," he added': a speaker named before the quote beats a
            # pronoun after it
            if after.speaker.via == "pronoun?" and best is not None and best.vs < q.open_mark \
                    and best.speaker.via in ("name", "title", "collective", "fuzzy"):
                return best
            return after
        return best

    def _assemble(self, attributions: list[_Attribution]) -> list[tuple[_Statement, int, int]]:
        text = self.text
        attributions = sorted(attributions, key=lambda a: a.vs)
        self._at_starts = [a.vs for a in attributions]
        kinds = [(q, self._quote_kind(q)) for q in self.quotes]
        direct_spans = [(q.open_mark, (q.close_mark if q.close_mark >= 0 else q.end) + 1)
                        for q, k in kinds if k == "direct"]
        direct_starts = [a for a, _ in direct_spans]
        items: list[tuple[int, int, object]] = []
        for q, kind in kinds:
            items.append((q.start, 1, (q, kind)))
        for at in attributions:
            if at.kind in ("thought", "acc"):
                continue  # these attribute quotes but are not statements themselves
            cs, ce = at.cs, at.ce
            while cs < ce and (text[cs].isspace() or text[cs] in ",;:-\u2014\u2013"):
                cs += 1
            while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ",;:.-\u2014\u2013"):
                ce -= 1
            if ce <= cs:
                continue
            # quote spans are disjoint and sorted, so of those that start before the content
            # ends, the last one reaches furthest
            j = bisect.bisect_left(direct_starts, ce)
            if j > 0 and direct_spans[j - 1][1] > cs:
                continue  # the statement is (or frames) a direct quote: the quote row carries it
            # the words outside quotes must make a clause ("called them "baseless"" does not)
            # (whether there are three words: read at most three)
            if at.kind != "headline" and sum(1 for _ in itertools.islice(
                    _WORD_RE.finditer(self.masked[cs:ce].replace("x", " ")), 3)) < 3:
                continue
            items.append((cs, 0, (cs, ce, at)))
        items.sort(key=lambda t: (t[0], t[1]))

        out: list[tuple[_Statement, int, int]] = []
        seen_headline: list[str] = []
        for pos, typ, obj in items:
            if typ == 0:
                cs, ce, at = obj
                if at.kind == "headline":
                    claim = text[cs:ce].strip().lower()
                    if any(c.endswith(claim) or claim.endswith(c) for c in seen_headline):
                        continue  # the same headline printed twice
                    seen_headline.append(claim)
                para = bisect.bisect_right(self.para_starts, cs) - 1
                sp = self._settle(at.speaker, at.vs if at.vs < cs else cs)
                st = _Statement(cs, ce, "reported", sp, para)
                self._remember(st)
                out.append((st, min(at.fs, cs), max(ce, at.ve if at.trailing else ce)))
                continue
            q, kind = obj
            close = q.close_mark if q.close_mark >= 0 else q.end
            at = self._attribution_for(q, attributions)
            if at is not None:
                sp = self._settle(at.speaker, min(at.vs, q.start))
                fs = min(at.fs, q.open_mark)
                fe = max(close + 1, at.ve) if at.vs > close else close + 1
            elif kind == "scare":
                sp = _Speaker("", NONE, NONE, NONE, "", "")
                fs, fe = q.open_mark, close + 1
            else:
                sp = self._continuation(q)
                fs, fe = q.open_mark, close + 1
            st = _Statement(q.start, q.end, kind, sp, q.para)
            if kind != "scare":
                self._remember(st)
            out.append((st, fs, min(fe, len(text))))
        return out

    def _remember(self, st: _Statement) -> None:
        """Append an attributed statement to the history and its look-ups."""
        self.history.append(st)
        sp = st.speaker
        if sp.actor in (UNKNOWN, NONE):
            return
        if self._known and (st.start < self._known_starts[-1] or st.para < self._known_paras[-1]):
            self._ordered = False
        i = len(self._known)
        self._known.append(st)
        self._known_starts.append(st.start)
        self._known_paras.append(st.para)
        self._known_low.append(sp.text.lower())
        # which pronouns may refer to this speaker (see _resolve_pronoun's walk)
        if sp.type == "person":
            for want in ("he", "she"):
                if not sp.pronoun or sp.pronoun == want:
                    self._by_pronoun[want].append(i)
        else:
            self._by_pronoun["they"].append(i)
            if sp.pronoun != "they":
                self._by_pronoun["it"].append(i)

    def _settle(self, sp: _Speaker, pos: int) -> _Speaker:
        """Resolve a pending pronoun or definite description against earlier statements, and
        give an unlisted person named by surname alone the full name used earlier in the
        article ("John McCain said ..." then "McCain added" -> John McCain)."""
        if sp.via == "pronoun?":
            sp = self._resolve_pronoun(sp.text.lower(), sp.text, pos, sp.ctx)
        elif sp.via == "descriptor?":
            sp = self._resolve_descriptor(sp, pos)
        if sp.type == "person" and sp.actor not in (UNKNOWN, NONE) and sp.actor not in self.actors.actors:
            parts = sp.actor.split()
            if len(parts) > 1:
                self._full_names.setdefault(parts[-1], sp.actor)
            elif sp.actor in self._full_names:
                sp = replace(sp, actor=self._full_names[sp.actor])
        return sp

    def _continuation(self, q: _Quote) -> _Speaker:
        # a quote with no attribution of its own continues the previous statement's speaker
        # in the same paragraph, or, when the paragraph opens with the quote, the last
        # speaker of the previous paragraph
        ps = self.paras[q.para][0]
        lead = self.text[max(ps, q.open_mark - 80):q.open_mark]
        opens_para = q.open_mark - ps <= 80 and not lead.strip()
        # a quote inside a sentence that names no speaker is not a continuation ("... they
        # sang lyrics: "Hey! Pearson!"")
        opens_sentence = opens_para or lead.rstrip()[-1:] in ".!?\"\u201d"
        for st in reversed(self.history):
            if st.start >= q.start:
                continue
            if (st.para == q.para and opens_sentence) or (opens_para and st.para == q.para - 1):
                sp = st.speaker
                return _Speaker(sp.text, sp.actor, sp.group, "continuation", sp.type, sp.pronoun)
            break
        return _Speaker("", UNKNOWN, UNKNOWN, NONE, "", "")


_FIRST_WORD_RE = re.compile(r"(\w+)\b")
# The definition of a clause's last word; the parser uses _last_word (same answer, read from
# the end), and tests/test_quotes.py checks the two agree.
_LAST_WORD_RE = re.compile(r"\b(\w+)$")
_NOT_NL_RE = re.compile(r"[^\n]")
_AUX_OR_BE = _AUX_ADVERBS | _BE_FORMS
_NON_NAME_CAPS_OR_ORG = _NON_NAME_CAPS | _ORG_HEADS


def _mask(seg: str) -> str:
    """``_NOT_NL_RE.sub("x", seg)``: every character but a newline becomes "x"."""
    if "\n" not in seg:
        return "x" * len(seg)
    return "\n".join("x" * len(part) for part in seg.split("\n"))
_PAREN_RE = re.compile(r"\([^)]*\)?")
_NEXT_WORD_RE = re.compile(r"\s*([\w'\u2019.\-]+)")
_AND_TAIL_RE = re.compile(r"(?:\band|\bbut|;)\s+(?:[\w'\u2019.\-]+\s+){0,6}$")
_BOUNDARY_RE = re.compile(r",?\s+(?:and|but)\b|,|;|\s+who\b|\s+which\b|\s+that\b")
_ATTRIBUTED_RE = re.compile(r"\s*(?:[A-Z]\w+\s+|he\s+|she\s+|they\s+)?(?:said|says|added|asked|told)\b")
_NEXT_CAP_RE = re.compile(r"\s+([A-Z][a-z]+)\b")
_STRIP_PUNCT = ".,;:!?\"'()[]\u201c\u201d\u2018\u2019\u2014\u2013-"
_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as but nor".split())
_REL_SEG_RE = re.compile(r",\s*(?:who|which|whose)\b[^,]*,$")
_SUBORD_END_RE = re.compile(r"\b(?:when|as|after|before|because|while|since|where|if|although|though|"
                            r"until|which|whom)\s+$")
_OBJ_REL_RE = re.compile(r"\b(?:which|whom)\s+((?:[\w'\u2019.\-]+\s+){1,4})$")
_SENT_GAP_RE = re.compile(r"[.!?]\s")
_NP_AFTER_END_RE = re.compile("[,;:.!?\"\u201c\u201d]|\\s(?:who|which|using|speaking|adding|saying|during|in|"
                              "at|on|after|before|while|when)\\s")
_PUNCT_RE = re.compile("[,;:.!?\"\u201c\u201d]")
# What may stand between a closing quote mark and its speech verb: a speaker of up to six
# words, or a name with an appositive of up to fourteen ('," Rep. Darrell Issa, the chairman
# of the House Oversight Committee, said').
_GAP_RE = re.compile(r"[\s,]*(?:[\w'\u2019.\-()]+,?\s+){0,14}\s*")


def _abbrev_stop(text: str, i: int) -> bool:
    """Is the full stop at ``text[i]`` part of an abbreviation or an initial ("Sen.", "N.Y.")?"""
    k = i
    while k > 0 and not text[k - 1].isspace() and text[k - 1] not in "(,":
        k -= 1
    word = text[k:i].lower().lstrip("(")
    return word in _ABBREV or (len(word) <= 2 and word[-1:].isalpha()) or bool(re.fullmatch(r"(?:\w\.)+\w?", word)) \
        or bool(re.fullmatch(r"[a-z]-[a-z.]+", word))


def _gap_ok(gap: str) -> bool:
    if not _GAP_RE.fullmatch(gap):
        return False
    for m in _SENT_GAP_RE.finditer(gap):
        if gap[m.start()] != "." or not _abbrev_stop(gap, m.start()):
            return False
    # a long gap must be a name with an appositive, set off by commas
    return len(_words(gap)) <= 6 or gap.count(",") >= 2
_TIME_LEADS = "on in at earlier later last this late also again further".split()
_TIME_WORDS = ("monday tuesday wednesday thursday friday saturday sunday week month year yesterday "
               "today tonight").split()
_TIME_RE = re.compile(
    r"\s*(?:(?:" + "|".join(_TIME_LEADS) + r")\s+)?(?:" + "|".join(_TIME_WORDS) + r")\b,?",
    re.IGNORECASE)
# A match of _TIME_RE starts (after its spaces) with one of those words: with ASCII text there,
# its first three letters, lower-cased, are the first three of a word, or its first two are a
# two-letter word. Most speech verbs are followed by neither ("said the", "told reporters"),
# and this test is several times cheaper than the case-insensitive alternation.
_TIME_PREFIX3 = frozenset(w[:3] for w in _TIME_LEADS + _TIME_WORDS if len(w) >= 3)
_TIME_SHORT = frozenset(w for w in _TIME_LEADS + _TIME_WORDS if len(w) < 3)
assert all(len(w) == 2 for w in _TIME_SHORT)


def _time_match(text: str, pos: int, endpos: int) -> re.Match | None:
    """``_TIME_RE.match(text, pos, endpos)``, skipping the expression when it cannot match."""
    j = pos
    while j < endpos and text[j].isspace():  # (what \s matches)
        j += 1
    if j >= endpos:
        return None  # spaces only: no word for the expression to match
    head = text[j:j + 3]
    if head.isascii() and head.lower() not in _TIME_PREFIX3 and head[:2].lower() not in _TIME_SHORT:
        return None
    return _TIME_RE.match(text, pos, endpos)


def extract_doc(text: str, *, actors: ActorIndex) -> list[dict]:
    """Statements and scare quotes of one text, as dicts (see :func:`extract_quotes`)."""
    if not text or not text.strip():
        return []
    parser = _DocParser(text, actors)
    rows = []
    for st, fs, fe in parser.parse():
        sp = st.speaker
        rows.append({
            "quote": text[st.start:st.end],
            "speaker": sp.text.strip(),
            "actor": sp.actor,
            "group": sp.group,
            "start": st.start,
            "end": st.end,
            "attribution": sp.via,
            "kind": st.kind,
            "paragraph": st.para,
            "frame": text[fs:fe],
        })
    return rows


def _texts_of(df: pd.DataFrame) -> pd.Series:
    if "text_clean" in df.columns:
        return df["text_clean"].fillna("").astype(str)
    return df["text"].fillna("").astype(str)


def extract_quotes(df: pd.DataFrame, *, actors: ActorIndex | str | Path | None = None) -> pd.DataFrame:
    """Direct quotes, reported speech and scare quotes of every article, with speakers.

    Parameters
    ----------
    df : articles with ``doc_id``, ``outlet`` and ``text_clean`` (or ``text``).
    actors : an :class:`ActorIndex`, a path to an actors CSV, or None for the bundled file.

    Returns
    -------
    DataFrame with one row per statement or scare quote, sorted by ``doc_id, start``:

    ``doc_id, outlet``
        the article.
    ``quote``
        the quoted words (direct), the content clause (reported), or the scare-quoted words;
        always ``text[start:end]`` of the text it was read from.
    ``speaker``
        the speaker as written (``"Russia's UN Ambassador Vassily Nebenzia"``, ``"he"``).
    ``actor, group``
        canonical actor and their country or organisation from the actors file; an unlisted
        named person keeps their name as ``actor``; ``unknown`` when no actor could be
        determined; ``none`` for a narrator's scare quote.
    ``start, end``
        character offsets into the text.
    ``attribution``
        the rule that found the speaker (see the module docstring).
    ``kind``
        ``direct``, ``reported`` or ``scare``.
    ``paragraph``
        0-based index of the paragraph where the statement starts.
    ``frame``
        the statement with the speaker's framing words in the same sentence (``warned that a
        looming assault could create the century's "worst humanitarian catastrophe."``); the
        stance rules read this.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
    ...     "text_clean": ['"We will still try," Pierce said.']})
    >>> extract_quotes(df)[["quote", "actor", "attribution", "kind"]].values.tolist()
    [['We will still try,', 'Karen Pierce', 'name', 'direct']]
    """
    if not isinstance(actors, ActorIndex):
        actors = load_actors(actors)
    texts = _texts_of(df)
    outlets = df["outlet"].astype(str) if "outlet" in df.columns else pd.Series(UNKNOWN, index=df.index)
    rows = []
    for doc_id, outlet, text in zip(df["doc_id"].astype(str), outlets, texts):
        for r in extract_doc(text, actors=actors):
            r["doc_id"] = doc_id
            r["outlet"] = outlet
            rows.append(r)
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    if len(out):
        out = out.sort_values(["doc_id", "start", "end"], kind="mergesort").reset_index(drop=True)
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    out["paragraph"] = out["paragraph"].astype("int64")
    return out


def quoted_words(quote: str) -> int:
    """Number of words in a quote (letters/digits, with inner apostrophes and hyphens)."""
    return len(_WORD_RE.findall(quote))
