"""The people an article names, with their gender and titles: what pronouns and descriptions
resolve to.

A speaker written as ``he`` or ``the president`` refers to a person the article has named,
whether or not that person was quoted before ("Mulder didn't hesitate. "...," he said.").
:class:`PersonMentions` lists the article's person mentions (outside quotations) once, and
answers two questions:

- :meth:`PersonMentions.resolve_pronoun`: the nearest earlier person a ``he``/``she`` can refer
  to, by gender;
- :meth:`PersonMentions.resolve_title`: the person given a title (``President Jair
  Bolsonaro``, ``Sen. Jim Inhofe``) that a description (``the president``, ``the senator``)
  names.

**Who is a person.** A listed actor of type ``person``; or an unlisted capitalised name that
has a title or honorific before it (``Mr.``, ``Sen.``, ``President``), or whose first word is a
given name in ``gender-guesser``'s list, or that is the surname of such a name elsewhere in the
article. Other capitalised words (places, organisations, a sentence's first word: "Despite",
"Since") are never antecedents.

**Gender**, in this order of strength: an honorific before a mention (``Mr.`` he; ``Mrs.``,
``Ms.``, ``Miss`` she); the pronouns the article uses right after the person's mentions (a
``he``/``his``/``him`` or ``she`` later in the same sentence, with no other person named in
between, is one vote; they overrule the name list only by two votes to one or better); the given name in ``gender-guesser``'s list (the fallback, since a
list of names is a guess about a person the article itself may settle). No evidence leaves the
gender unknown, and an unknown-gender person is taken for a pronoun only when named close by.

**Canonical names.** A person named by surname alone ("Mulder") after or before the full name
("Anna Mulder") in the same article is the full name: one actor per person within an article.

Everything is read from the article; nothing is guessed across articles.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .actors import UNKNOWN
from .sentences import abbrev_stop
from .verbs import ORG_HEADS

__all__ = ["FAR_CHARS", "NEAR_CHARS", "Person", "PersonMentions", "given_name_gender", "TITLE_WORDS"]

#: How far back (characters) an unknown-gender person may be the antecedent of a pronoun:
#: about two sentences. A person whose gender the article gives may be further back.
NEAR_CHARS = 320
#: How far back (characters) a pronoun looks for any antecedent (about six paragraphs).
FAR_CHARS = 3000

# Honorifics that give a gender.
_HONORIFIC_GENDER = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she", "sir": "he",
                     "dame": "she", "lady": "she", "lord": "he", "king": "he", "queen": "she",
                     "prince": "he", "princess": "she", "madam": "she", "congressman": "he",
                     "congresswoman": "she", "spokesman": "he", "spokeswoman": "she",
                     "chairman": "he", "chairwoman": "she", "father": "he", "sister": "she",
                     "brother": "he", "pope": "he"}
# Abbreviated titles, spelled out (so "the senator" finds "Sen. Jim Inhofe").
_ABBREV = {"sen": "senator", "sens": "senator", "rep": "representative", "reps": "representative",
           "gov": "governor", "gen": "general", "lt": "lieutenant", "col": "colonel",
           "adm": "admiral", "sgt": "sergeant", "capt": "captain", "maj": "major",
           "prof": "professor", "dr": "doctor", "sec": "secretary", "atty": "attorney",
           "amb": "ambassador", "supt": "superintendent", "rev": "reverend", "pres": "president"}
#: Title words that may stand before a person's name and name the office a description
#: refers back to ("the president", "the senator", "the governor").
TITLE_WORDS = frozenset("""
president vice prime minister secretary senator representative congressman congresswoman
governor mayor general lieutenant colonel admiral sergeant captain major professor doctor
judge justice chief ambassador chancellor attorney commissioner director chairman chairwoman
chair speaker leader spokesman spokeswoman spokesperson sheriff superintendent king queen
prince princess pope cardinal bishop reverend emir sheikh ayatollah deputy foreign defense
defence interior state first lady mr mrs ms miss dr sir dame lord sen sens rep reps gov gen lt
col adm sgt capt maj prof sec atty amb supt rev pres former acting senior ranking majority
minority house senate health finance economy treasury justice agriculture trade labor
education energy homeland security national advisor adviser aide counsel press manager
candidate nominee lawmaker official officer founder executive ceo president-elect
secretary-general anchor host columnist correspondent reporter editor analyst economist
""".split())
# Title words that alone do not show that a name is a person's ("the former Rhodes
# Scholar", "senior Pentagon officials").
_WEAK_TITLES = frozenset("former acting senior first national state house senate foreign "
                         "defense defence interior health finance economy treasury justice "
                         "agriculture trade labor education energy homeland security majority "
                         "minority ranking press vice deputy".split())
# Words that change the office: "the president" is not the vice president.
_OFFICE_MODIFIERS = frozenset("vice deputy assistant acting lieutenant former first".split())
# (subject pronouns only: a possessive after a name often belongs to someone else, "Peter
# Gray, her colleague")
_PRONOUN_RE = re.compile(r"\b(he|himself|she|herself)\b", re.IGNORECASE)
_SENT_END_RE = re.compile(r"[.!?](?:\s|$)")
_APPOSITIVE_RE = re.compile(r",\s+(?:the|a|an)\s+((?:[\w\-']+\s+){0,6}?[\w\-']+)\s*(?:of|for|at|in|with|to|,|\.|who)",
                            re.IGNORECASE)


@lru_cache(maxsize=1)
def _detector():
    """gender-guesser's detector, or None when the package is not installed (the name list
    is only a fallback: pronouns and honorifics in the article come first)."""
    try:
        import gender_guesser.detector as gd
    except ImportError:  # pragma: no cover - an optional dependency
        return None
    return gd.Detector(case_sensitive=False)


@lru_cache(maxsize=20_000)
def given_name_gender(first: str) -> str:
    """``he``, ``she`` or ``""`` for a given name, from gender-guesser's list (``male`` and
    ``mostly_male`` are he, ``female`` and ``mostly_female`` she; ``andy`` and unknown names
    are ``""``). Returns ``"?"`` when the list does not know the word as a given name."""
    det = _detector()
    if det is None or not first.isalpha() or len(first) < 2:
        return "?"
    g = det.get_gender(first)
    if g in ("male", "mostly_male"):
        return "he"
    if g in ("female", "mostly_female"):
        return "she"
    return "" if g == "andy" else "?"


@dataclass
class Person:
    """One person of an article: the canonical ``name``, its actor ``group``, the ``titles``
    given to them, and the gender evidence."""

    name: str
    group: str = UNKNOWN
    listed: bool = False
    titles: set = field(default_factory=set)
    honorific: str = ""
    name_list: str = ""
    votes: dict = field(default_factory=lambda: {"he": 0, "she": 0})

    @property
    def gender(self) -> str:
        """he / she / "" (unknown): honorific, else the article's pronouns, else the name list."""
        if self.honorific:
            return self.honorific
        he, she = self.votes["he"], self.votes["she"]
        by_votes = ("he" if he > she else "she") if he != she else ""
        if self.name_list and by_votes and by_votes != self.name_list:
            # the article's pronouns overrule the name list only when they clearly agree
            return by_votes if min(he, she) * 2 < max(he, she) and max(he, she) >= 2 \
                else self.name_list
        return self.name_list or by_votes


def _title_words(prefix: str) -> list[str]:
    """The title words right before a name (``French President`` -> ["french", "president"]),
    spelled out; [] when the words before the name are not a title."""
    if not prefix[-1:].isspace():
        return []
    out: list[str] = []
    for w in reversed(prefix.split()[-4:]):
        if not w[:1].isalpha():
            break
        low = w.rstrip(".").lower()
        low = low[:-2] if low.endswith("'s") else low
        if low in TITLE_WORDS or low in _ABBREV or (w[:1].isupper() and out and len(out) < 4
                                                    and low not in ("the", "a", "an")):
            out.append(_ABBREV.get(low, low))
        else:
            break
    out.reverse()
    # at least one real title word: "French President" yes, "On Monday" no
    return out if any(w in TITLE_WORDS and w not in _WEAK_TITLES for w in out) else []


class PersonMentions:
    """The person mentions of one article (see the module docstring).

    Parameters
    ----------
    masked : the article with its quotations masked
        (:func:`~newslens.quotes.marks.mask_quotes`): names inside quotes are not mentions.
    finder : the article's :class:`~newslens.quotes.speakers.SpeakerFinder`, whose
        :meth:`~newslens.quotes.speakers.SpeakerFinder.candidates` finds the names.
    """

    def __init__(self, masked: str, finder):
        self.masked = masked
        self.people: dict[str, Person] = {}
        self.starts: list[int] = []
        self.mentions: list[tuple[int, int, str]] = []  # (start, end, canonical name)
        raw = []
        for a, b, actor, via in finder.candidates(0, len(masked), fuzzy=False):
            if actor is not None:
                if actor.type == "person":
                    raw.append((a, b, actor.name, actor.group, True, actor.pronoun))
                continue
            name = via
            # a name read across a sentence end ("Gavin Newsom. Stocks fell"): its first part
            cut = re.search(r"[a-z]{2}\.\s", name)
            if cut:
                name = name[:cut.start() + 3]
                b = a + len(name)
            toks = name.split()
            if not toks or toks[-1].lower() in ORG_HEADS or "\n" in name or len(toks) > 4:
                continue
            raw.append((a, b, name, UNKNOWN, False, ""))
        # full names (2+ words) by surname, to merge "Mulder" with "Anna Mulder"
        full_by_last: dict[str, set] = {}
        titles_at = [_title_words(masked[max(0, a - 40):a]) for a, *_ in raw]
        for (a, b, name, group, listed, pron), titles in zip(raw, titles_at):
            toks = name.split()
            first_g = given_name_gender(toks[0]) if len(toks) > 1 else "?"
            if listed or titles or first_g != "?":
                if len(toks) > 1:
                    full_by_last.setdefault(toks[-1], set()).add(name)
        for (a, b, name, group, listed, pron), titles in zip(raw, titles_at):
            toks = name.split()
            if not listed:
                fulls = full_by_last.get(toks[-1], set()) if len(toks) == 1 else set()
                first_g = given_name_gender(toks[0]) if len(toks) > 1 else "?"
                if len(toks) == 1 and len(fulls) == 1:
                    name = next(iter(fulls))  # "Mulder" -> "Anna Mulder"
                elif not (titles or first_g != "?" or (len(toks) > 1 and name in
                                                        full_by_last.get(toks[-1], ()))):
                    continue  # a place, an organisation or a sentence word, not a person
            p = self.people.get(name)
            if p is None:
                p = self.people[name] = Person(name, group, listed)
                if listed and pron in ("he", "she"):
                    p.honorific = pron
                elif not listed:
                    g = given_name_gender(name.split()[0]) if len(name.split()) > 1 else "?"
                    p.name_list = g if g in ("he", "she") else ""
            for t in titles:
                if t in _HONORIFIC_GENDER and not p.honorific:
                    p.honorific = _HONORIFIC_GENDER[t]
            p.titles.update(titles)
            # an appositive title: "Adam Schiff, the ranking Democrat on the committee"
            m = _APPOSITIVE_RE.match(masked, b, min(len(masked), b + 120))
            if m:
                p.titles.update(w.lower() for w in m.group(1).split())
            self.mentions.append((a, b, name))
        self.mentions.sort()
        self.starts = [a for a, _, _ in self.mentions]
        # the people of two or more words by their last word, for canonical() (a scan of
        # every person per call was quadratic on one very long article, issue #19)
        self._fulls_by_last: dict[str, set[str]] = {}
        for p in self.people:
            if len(p.split()) > 1:
                self._fulls_by_last.setdefault(p.split()[-1], set()).add(p)
        self._vote_pronouns()

    def _vote_pronouns(self) -> None:
        """One gender vote for a person per he/his/him or she/her that follows one of their
        mentions in the same sentence, with no other person named in between."""
        masked = self.masked
        for i, (a, b, name) in enumerate(self.mentions):
            nxt = self.mentions[i + 1][0] if i + 1 < len(self.mentions) else len(masked)
            end = _SENT_END_RE.search(masked, b, min(nxt, b + 400))
            stop = min(nxt, end.start() if end else b + 400)
            pm = _PRONOUN_RE.search(masked, b, stop)
            if pm:
                g = "he" if pm.group(1).lower() in ("he", "himself") else "she"
                self.people[name].votes[g] += 1

    def person(self, name: str) -> Person | None:
        """The person called ``name`` (canonical) in this article, if any."""
        return self.people.get(name)

    def canonical(self, name: str) -> str:
        """The article's full name for ``name`` ("Mulder" -> "Anna Mulder"), else ``name``."""
        if name in self.people:
            return name
        if len(name.split()) == 1:
            fulls = self._fulls_by_last.get(name, ())
            if len(fulls) == 1:
                return next(iter(fulls))
        return name

    def _sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos``: after the last full stop, question or
        exclamation mark followed by a space (not an abbreviation's: "Sen.", "U.S.") or the
        last line break before it, found by scanning back from ``pos`` (only a few
        sentences are ever asked for)."""
        masked = self.masked
        k = pos
        while k > 0:
            nl = masked.rfind("\n", 0, k)
            stop = max(masked.rfind(". ", 0, k), masked.rfind("? ", 0, k), masked.rfind("! ", 0, k))
            if nl >= stop:
                return nl + 1 if nl >= 0 else 0
            if masked[stop] != "." or not abbrev_stop(masked, stop):
                return stop + 2
            k = stop
        return 0

    def resolve_pronoun(self, want: str, pos: int) -> tuple[Person, int, int] | None:
        """The person a ``he``/``she`` at ``pos`` refers to: walking back from ``pos``, the
        first person of that gender within :data:`FAR_CHARS`, or, when the first person met
        has no known gender and is within :data:`NEAR_CHARS`, that person; None when no
        mention fits (the pronoun stays unresolved). Returns the person and the start and
        end of the mention chosen."""
        k = bisect.bisect_left(self.starts, pos) - 1
        first = True
        while k >= 0:
            if pos - self.mentions[k][0] > FAR_CHARS:
                break
            # the people of the nearest sentence that names someone, read from its start:
            # its first person is usually the subject ("Jim Smith, a farmer, said Trump
            # should ... He complained" -> Jim Smith)
            s0 = self._sentence_start(self.mentions[k][0])
            j = k
            while j > 0 and self.mentions[j - 1][0] >= s0:
                j -= 1
            sentence = self.mentions[j:k + 1]
            for a, b, name in sentence:
                if self.people[name].gender == want:
                    return self.people[name], a, b
            if first:
                for a, b, name in sentence:
                    if not self.people[name].gender and pos - b <= NEAR_CHARS:
                        return self.people[name], a, b
            if any(not self.people[n].gender for _, _, n in sentence):
                first = False
            k = j - 1
        return None

    def resolve_title(self, words: list[str], pos: int) -> tuple[Person, int, int] | None:
        """The person a description (``the president``, ``the French president``, ``the
        senators``' singular) refers to: the nearest person before ``pos`` (else the first
        after) given a title with the description's head noun, whose office modifiers
        (vice, deputy, former, ...) agree with the description's; with that mention's
        offsets."""
        low = [w.lower().rstrip(".") for w in words]
        low = [w[:-2] if w.endswith("'s") else w for w in low]
        if not low:
            return None
        head = _ABBREV.get(low[-1], low[-1])
        mods = set(low[:-1]) & _OFFICE_MODIFIERS

        def fits(p: Person) -> bool:
            return head in p.titles and (p.titles & _OFFICE_MODIFIERS) <= mods | {"former", "first"} \
                and mods <= p.titles

        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0:
            a, b, name = self.mentions[k]
            if fits(self.people[name]):
                return self.people[name], a, b
            k -= 1
        for a, b, name in self.mentions[bisect.bisect_left(self.starts, pos):]:
            if fits(self.people[name]):
                return self.people[name], a, b
        return None
