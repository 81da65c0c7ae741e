"""Speakers: the actor a noun phrase names, in the masked text of one article.

:class:`SpeakerFinder` reads the subject of a speech verb (``Russia's UN Ambassador Vassily
Nebenzia``, ``the source, an official close to Damascus``, ``he``) and returns a
:class:`Speaker`: a listed actor found by alias, title or collective name
(:class:`~newslens.quotes.actors.ActorIndex`), an unlisted capitalised name, or a misspelt
listed name (rapidfuzz). Pronouns and definite descriptions come back *pending*
(``via`` ``"pronoun?"``, ``"descriptor?"``): :mod:`.coreference` resolves them against the
article's earlier statements. It also finds where a subject starts before a verb
(:meth:`SpeakerFinder.subject_before`) and where the noun phrase after an inverted verb ends
(:meth:`SpeakerFinder.np_after`).

Length (about 540 lines): one class, :class:`SpeakerFinder`, and the small predicates its
rules share (name, demonym, sentence-word tests); pronoun resolution lives in
:mod:`.mentions` and :mod:`.coreference`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .actors import UNKNOWN, Actor, ActorIndex
from .mentions import given_name_gender
from .sentences import abbrev_stop, words
from .verbs import (AUX_OR_BE, COMMON_SPEAKERS, DEMONYMS, DESCRIPTORS, NON_NAME_CAPS, NON_NAME_CAPS_OR_ORG,
                    NOT_COMPOUND, ORG_HEADS, PLURAL_DESCRIPTORS, PRONOUNS, SUBORDINATORS,
                    VOICE_NOUNS)

__all__ = ["Speaker", "SpeakerFinder", "CLOSE_MARKS", "NP_REACH", "last_word"]

#: How far from a speech verb a speaker's noun phrase is looked for (characters): the noun
#: phrase after an inverted verb ends at the first delimiter within this many characters,
#: else here. (A noun phrase is cut to 160 characters anyway, :meth:`SpeakerFinder.resolve`;
#: without the limit, a sentence that runs on for megabytes without a delimiter was read to
#: its end for every verb, issue #19.) The parser reads as far back before a verb
#: (:data:`newslens.quotes.parser.LOOK_BACK`).
NP_REACH = 1000

_MISSING = object()
#: Closing (and, in damaged text, opening) double quote marks: a quotation ends any subject
#: before it.
CLOSE_MARKS = "\"\u201d\u201c"

# Nationality and regional adjectives ("Turkish Ambassador X", "South Korean newspaper"):
# a written list, since a suffix test ("-ian", "-ese") also takes surnames and given names
# ("Palvetzian", "Brian", "Vivian") for adjectives.
def _is_demonym(word: str) -> bool:
    return word in DEMONYMS  # (a set look-up: an alternation of 200 words was slow)
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
# (the same, without "^", to match at an offset of the text)
_NOT_NOMINAL_AT = re.compile(_NOT_NOMINAL_START.pattern[1:], re.IGNORECASE)
_NON_SPACE_RE = re.compile(r"\S")
_FIRST_WORD_RE = re.compile(r"(\w+)\b")
_PAREN_RE = re.compile(r"\([^)]*\)?")
_NEXT_CAP_RE = re.compile(r"\s+([A-Z][a-z]+)\b")
_NP_AFTER_END_RE = re.compile("[,;:.!?\"\u201c\u201d]|\\s(?:who|which|using|speaking|adding|saying|during|in|"
                              "at|on|after|before|while|when)\\s")
_PUNCT_RE = re.compile("[,;:.!?\"\u201c\u201d]")


@dataclass
class Speaker:
    """Who speaks: the words that name them (``text``), the canonical ``actor`` and ``group``,
    the rule that decided (``via``), and, for pronoun look-ups, ``type`` and ``pronoun``."""

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
    # the evidence: the words the speaker was read from (a name, the pronoun's antecedent,
    # the titled mention a description refers to, or the unresolved words themselves), as
    # offsets into the text; -1 when there are none
    mention_start: int = -1
    mention_end: int = -1



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
        if m and m.group(1).lower() in SUBORDINATORS and m.end() < e:
            s = m.end()
            changed = True
        k, w = last_word(np_text, s, e)
        if k > s and w.lower() in AUX_OR_BE:
            e = k
            changed = True
    return s, e


def last_word(text: str, s: int = 0, e: int | None = None) -> tuple[int, str]:
    """The last word of ``text[s:e]``: ``(its offset in text, the word)``, or ``(-1, "")``.

    The word is the run of word characters (``str.isalnum`` or ``_``, what ``\\w`` matches)
    that ends the slice, or ends it but for one final newline; it is read from the right, in
    the time of the word (a search from the left would try every position of the text).

    Examples
    --------
    >>> last_word("Russia has"), last_word("he said,"), last_word("the UN\\n")
    ((7, 'has'), (-1, ''), (4, 'UN'))
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
# A subordinate or coordinated clause starts at one of these words followed by spaces:
# clause_np_start cuts a subject at the LAST such word before the verb. The expression is
# written backwards (spaces, the word reversed, a word boundary) and searched in the text
# read backwards, so that its first match is that last word, found by one search that skips
# from space to space instead of trying the alternation at every word.
_CLAUSE_CUT_REV_RE = re.compile(
    r"\s+(?:" + "|".join(w[::-1] for w in _CLAUSE_CUT_WORDS) + r")\b", re.IGNORECASE)
_AND_RE = re.compile(r"\s+and\s+")


# Finite verbs that follow a subject in news copy without the "-ed" ending.
_COMMON_FINITE = frozenset("is was has had made went took gave told said says spoke met "
                           "sent wrote ran came saw got kept led left".split())
_WORD_AT_RE = re.compile(r"\s+([a-z][\w'\u2019\-]*)")


def _verb_after(text: str, end: int, limit: int) -> bool:
    """Is the word right after ``text[:end]`` (before ``limit``) a finite verb: lower case
    and ending in "-ed", or a common irregular one ("made", "is")?"""
    m = _WORD_AT_RE.match(text, end, limit)
    if not m:
        return False
    w = m.group(1)
    return (w.endswith("ed") and len(w) > 3) or w in _COMMON_FINITE


_MONTH_ABBREVS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())


_BEFORE_WORD = " \t\"'\u201c\u2018(\u2014\u2013-"


def _sentence_word(word: str, text: str, a: int) -> bool:
    """Is the capitalised ``word`` at ``text[a]`` an ordinary word capitalised only because it
    opens a sentence or a line ("Whoever", "Ever", "Rebuffing the offer, ...", "Despite")?
    True when it stands at a sentence start and is an English stop word (scikit-learn's
    list) or ends in -ing, -ed or -ly, unless gender-guesser knows it as a given name
    ("Sterling", "Ted"). Surnames elsewhere in a sentence are never dropped. Anywhere: a
    month's abbreviation ("Sept"), a people ("Americans"), a stop word in capitals ("MORE")."""
    low = word.lower().strip(".,")
    if low in _MONTH_ABBREVS or (low.endswith("s") and word[:-1] in DEMONYMS):
        return True  # "Sept", "Americans": a date or a people, wherever it stands
    if word.isupper() and low in ENGLISH_STOP_WORDS:
        return True  # "MORE", "READ": page furniture in capitals
    k = a - 1
    # quote marks, brackets and dashes before the word do not hide a line start: "—With
    # additional reporting from ..." opens its line (a credit), not a name
    while k >= 0 and text[k] in _BEFORE_WORD:
        k -= 1
    if k >= 0 and text[k] not in ".!?\n:;":
        return False  # not at a sentence start
    if low in ENGLISH_STOP_WORDS:
        return True
    if len(low) > 4 and low.endswith(("ing", "ed", "ly")):
        return given_name_gender(word) == "?"
    return False


def _is_pure_name(s: str) -> bool:
    # "Russia", "The United States", "Britain's UN Ambassador Karen Pierce": every word is
    # capitalised or a particle, so "X and Y" is a coordinated subject, not two clauses.
    toks = s.split()
    return bool(toks) and all(w[0].isupper() or w.lower() in ("the", "of", "al", "de", "bin")
                              for w in toks if w)


class SpeakerFinder:
    """Speakers named by noun phrases of one article's masked text (quotations replaced by
    ``x``, :func:`~newslens.quotes.marks.mask_quotes`), with the actors of ``actors``."""

    def __init__(self, masked: str, actors: ActorIndex):
        self.masked = masked
        self.actors = actors

    def candidates(self, s: int, e: int, *, fuzzy: bool = True) -> list[tuple[int, int, Actor | None, str]]:
        """Actor matches and unlisted capitalised names in text[s:e] outside quotes (with
        ``fuzzy=False``, unlisted names are not looked up as misspelt listed ones: the
        person-mention scan of a whole article does without it)."""
        seg = self.masked[s:e]
        out = []
        for m in self.actors.find(seg):
            nxt = _NEXT_CAP_RE.match(seg, m.end)
            if nxt and nxt.group(1).lower() in ORG_HEADS and m.actor.type != "person":
                continue  # "Washington Post", "Moscow Times": a name inside an organisation's name
            out.append((s + m.start, s + m.end, m.actor, m.via))
        # (the actor matches do not overlap one another: sorted by start, their ends are
        # sorted too, so an overlap test is a bisection, not a walk over all of them)
        covered = sorted((a, b) for a, b, _, _ in out)
        cov_ends = [y for _, y in covered]
        for m in _NAME_RE.finditer(seg):
            a, b = s + m.start(), s + m.end()
            if covered:
                i = bisect.bisect_right(cov_ends, a)  # the first match ending after a
                if i < len(covered) and covered[i][0] < b:
                    continue
            toks = m.group(0).replace("\u2019", "'").split()
            if len(toks) > 1 and toks[-1].lower().strip(".,") in ORG_HEADS:
                # an organisation's name keeps its adjectives ("Syrian National Coalition");
                # only a leading article goes
                if toks[0].lower() == "the":
                    a = self.masked.find(toks[1], a + 3)
                    toks = toks[1:]
                if all(t.lower().strip(".,") in NON_NAME_CAPS_OR_ORG for t in toks):
                    continue  # "the Foreign Ministry" describes; it names no one in particular
                name = " ".join(toks).rstrip(".,")
                out.append((a, a + len(name), None, name))
                continue
            # titles, determiners and nationality adjectives are not names ("Turkish
            # Ambassador Feridun Sinirlioglu" -> "Feridun Sinirlioglu")
            while toks and (toks[0].lower().strip(".,") in NON_NAME_CAPS or _is_demonym(toks[0])
                            or (len(toks) > 1 and toks[0].endswith(("'s", "'")))):
                a = self.masked.find(toks[1], a + len(toks[0])) if len(toks) > 1 else b
                toks = toks[1:]
            while toks and toks[-1].lower().strip(".,") in NON_NAME_CAPS:
                toks = toks[:-1]
            if not toks or (len(toks) == 1 and toks[0].lower() in COMMON_SPEAKERS) \
                    or _is_demonym(toks[-1]):
                continue  # a common noun or an adjective ("South Korean newspaper"), not a name
            if toks[-1].endswith("'s") or toks[-1].endswith("'"):
                continue  # a possessive modifies the speaker ("Ging's plea"), it is not one
            if len(toks) == 1 and _sentence_word(toks[0], self.masked, a):
                continue  # "Whoever", "Ever", "Rebuffing": a sentence's first word, not a name
            name = " ".join(toks).rstrip(".,")
            b = a + len(name)
            fz = None if not fuzzy else \
                self.actors.fuzzy(name) or (self.actors.fuzzy(toks[-1]) if len(toks) > 1 else None)
            if fz is not None:
                out.append((a, b, fz, "fuzzy"))
            else:
                out.append((a, b, None, name))
        out.sort(key=lambda c: c[0])
        return out

    @staticmethod
    def make(cand, np_text: str, group_hint: str | None = None) -> Speaker:
        a, b, actor, via = cand
        if actor is not None:
            return Speaker(np_text, actor.name, actor.group, via, actor.type, actor.pronoun,
                           mention_start=a, mention_end=b)
        # an unlisted person keeps their name; their group comes from a listed actor in
        # the same description ("OCHA spokesman David Swanson" -> UN); an unlisted
        # organisation ("Congressional Research Service") is not a "he" or "she"
        if via.split()[-1].lower() in ORG_HEADS:
            return Speaker(np_text, via, group_hint or UNKNOWN, "name", "organisation", "it",
                           mention_start=a, mention_end=b)
        return Speaker(np_text, via, group_hint or UNKNOWN, "name", "person", "",
                       mention_start=a, mention_end=b)

    def resolve(self, s: int, e: int) -> Speaker | None:
        """The speaker named by the noun phrase masked[s:e] (None when it names nobody).

        The answer depends only on those characters and on whether they open a sentence
        (:func:`_sentence_word` looks back past ``s``: "With" after a dash may be a name,
        at a sentence start it is not), so it is cached across articles under both (the
        same subjects, "he", "Trump", "the official", recur thousands of times). A cache
        keyed on the characters alone made the answer depend on which article a process
        had seen first, and the tables on the number of processes.
        """
        k = s - 1
        while k >= 0 and self.masked[k] in _BEFORE_WORD:
            k -= 1
        key = (self.masked[s:e], k < 0 or self.masked[k] in ".!?\n:;")
        cache = self.actors.speaker_cache
        hit = cache.get(key, _MISSING)
        if hit is _MISSING:
            sp = self._resolve(s, e)
            # cached with the mention's offsets relative to ``s``: the same words elsewhere
            # (in this article or another) have their mention at the same distance from s
            hit = sp if sp is None or sp.mention_start < 0 else \
                replace(sp, mention_start=sp.mention_start - s, mention_end=sp.mention_end - s)
            if len(cache) < 200_000:
                cache[key] = hit
        if hit is None or hit.mention_start < 0:
            return hit  # shared: callers copy before changing it (dataclasses.replace)
        return replace(hit, mention_start=hit.mention_start + s, mention_end=hit.mention_end + s)

    def _resolve(self, s: int, e: int) -> Speaker | None:
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
        if low in PRONOUNS:
            return Speaker(np_text, UNKNOWN, UNKNOWN, "pronoun?", "person", PRONOUNS[low],
                           mention_start=s, mention_end=e)
        # core: up to the first comma or postmodifier ("analyst Elizabeth Teoman | of the
        # Institute ...", "an official | in the regional alliance ...")
        m = _POSTMOD_RE.search(np_text)
        core_end = s + (m.start() if m else len(np_text))
        cands = self.candidates(s, e)
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
            first = core[0]
            if len(core) > 1 and _verb_after(self.masked, first[1], core_end) \
                    and all(w[:1].isupper() or w.lower() == "the"
                            for w in self.masked[s:first[0]].split()):
                # the noun phrase is a clause whose subject is its first name ("Trump thanked
                # Palin, calling her ...", "Mr. Boehner pushed back against Mr. Cole"): the
                # first name speaks, not the object
                best = first
            hint = next((c[2].group for c in core if c[2] is not None), None)
            after = words(self.masked[best[1]:core_end])
            if after and after[-1].islower() and after[-1] not in VOICE_NOUNS \
                    and not _verb_after(self.masked, best[1], core_end) \
                    and not any(w.lower() in NOT_COMPOUND or w.endswith("ly") for w in after):
                # "Trump voters", "a former Trump adviser": someone the actor's name only
                # describes; the group is known, the speaker is not
                plural = after[-1].endswith("s")
                return Speaker(np_text, UNKNOWN, hint or UNKNOWN, "unresolved",
                               "collective" if plural else "person", "they" if plural else "",
                               mention_start=s, mention_end=e)
            return self.make(best, np_text, hint)
        # (only the first and the last word of the core are asked for, in lower case)
        core_words = words(self.masked[s:core_end])
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
        if head in DESCRIPTORS:
            # "Secretary of State Rex Tillerson": a person named after the title's complement
            people = [c for c in cands if c[0] >= core_end and c[2] is None]
            if people and not later and self.masked.find(",", core_end, people[0][0]) < 0:
                return self.make(people[-1], np_text)
        if later and head in DESCRIPTORS:
            # "the head of the Syrian Observatory", "an official in the regional alliance"
            return self.make(later[0], np_text)
        if head in DESCRIPTORS:
            plural = head in PLURAL_DESCRIPTORS
            typ, pron = ("collective", "they") if plural else ("person", "")
            # (a possessive place or body before the office is a description too:
            # "California's governor")
            if core_words[0].lower() == "the" or core_words[0].endswith(("'s", "\u2019s")):
                return Speaker(self.masked[s:core_end], UNKNOWN, UNKNOWN, "descriptor?", typ, pron,
                               mention_start=s, mention_end=core_end)
            return Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", typ, pron,
                           mention_start=s, mention_end=e)
        if later:
            return self.make(later[0], np_text)
        return None

    def clause_np_start(self, left: str) -> int:
        """Where the subject noun phrase starts in ``left`` (text before a speech verb)."""
        start = 0
        for ch in CLOSE_MARKS:
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
        # (the last such word: see _CLAUSE_CUT_REV_RE)
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

    def subject_before(self, ss: int, vs: int) -> tuple[Speaker | None, int]:
        """Subject of a speech verb at ``vs`` in the sentence starting at ``ss``, and where
        that subject starts."""
        left = self.masked[ss:vs]
        trimmed = left.rstrip()
        while True:
            k, w = last_word(trimmed)
            if k > 0 and w.lower() in AUX_OR_BE:
                trimmed = trimmed[:k].rstrip()
                continue
            break
        if trimmed.endswith(","):
            # appositive subject: "Russia, the main backing of ..., said" / "The Russian
            # ambassador, Vassily Nevenzia, insisted" -> the last two comma segments
            body = trimmed[:-1]
            qstart = max(body.rfind(ch) for ch in CLOSE_MARKS) + 1
            cut = body.rfind(",", qstart)
            cut2 = body.rfind(",", qstart, cut) if cut >= 0 else -1
            head_start = cut2 + 1 if cut2 >= 0 else qstart
            head_start += self.clause_np_start(body[head_start:cut] if cut >= 0 else body[head_start:])
            # a name followed by a description of several comma segments: "Jim Smith, a
            # farmer from Ames, Iowa, said" -> the name that opens the chain (the earliest
            # of the last four segments that is a name followed by a lower-case segment),
            # not the place in its last segment
            segs = [qstart] + [i + 1 for i in range(qstart, len(body)) if body[i] == ","]
            for k in segs[-4:-1]:
                nxt = body.find(",", k)
                head, rest = body[k:nxt].strip(), body[nxt + 1:].lstrip()
                if head and rest[:1].islower() and len(head.split()) <= 5 and _is_pure_name(head):
                    sp = self.resolve(ss + k, ss + len(body))
                    if sp is not None and sp.actor != UNKNOWN:
                        return sp, ss + k
            sp = self.resolve(ss + head_start, ss + len(body))
            if sp is not None:
                return sp, ss + head_start
        start = self.clause_np_start(trimmed)
        sp = self.resolve(ss + start, ss + len(trimmed))
        if sp is not None:
            return sp, ss + start
        return None, ss + start

    def sentence_subject(self, ss: int, se: int) -> Speaker | None:
        """The first noun phrase of a sentence, with its appositive ("The Syrian Foreign
        Minister, Walid Muallem, was in Moscow ... and reiterated ...")."""
        # (found in the text, not in a copy of the sentence)
        first = self.masked.find(",", ss, se)
        if first <= ss:
            return None
        second = self.masked.find(",", first + 1, se)
        return self.resolve(ss, second if second >= 0 else first)

    def np_after(self, ve: int, se: int) -> tuple[int, int]:
        """Noun phrase after an inverted verb (``said the source, an official of ...``), read
        in at most :data:`NP_REACH` characters after the verb."""
        text = self.masked
        se = min(se, ve + NP_REACH)
        m = None
        for cand in _NP_AFTER_END_RE.finditer(text, ve, se):
            if text[cand.start()] == "." and abbrev_stop(text, cand.start()):
                continue  # "said Sen. Chuck Schumer", "(D-N.Y.)"
            m = cand
            break
        end = m.start() if m else se
        if m and text[m.start()] == ",":
            rest_start = m.end()
            # (the rest of the sentence is searched in place, not copied)
            first = _NON_SPACE_RE.search(text, rest_start, se)
            if first is not None and not _NOT_NOMINAL_AT.match(text, first.start(), se):
                m2 = _PUNCT_RE.search(text, rest_start, se)
                end = m2.start() if m2 else se
        return ve, end

