"""The actors file and the index that finds actors in text.

An actors file is a CSV with columns ``actor, group, type, pronoun, aliases, titles`` (see
:func:`load_actors`); the bundled one is the example study's
(``newslens.config.EXAMPLE_DIR / "actors.csv"``). :class:`ActorIndex` finds aliases and
titles in a text and guesses misspelt names with rapidfuzz.
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from ..config import EXAMPLE_DIR
from .patterns import trie_pattern

__all__ = ["ACTOR_COLUMNS", "DEFAULT_ACTORS_PATH", "FUZZY_THRESHOLD", "UNKNOWN", "NONE", "Actor",
           "ActorMatch", "ActorIndex", "load_actors"]

#: Columns of the actors file.
ACTOR_COLUMNS = ["actor", "group", "type", "pronoun", "aliases", "titles"]

#: The bundled, editable actors file (the example study's).
DEFAULT_ACTORS_PATH = EXAMPLE_DIR / "actors.csv"

#: rapidfuzz ``fuzz.ratio`` score (0-100) at or above which an unlisted capitalised name is
#: taken as a misspelling of a listed person's name. ``fuzz.ratio`` is the normalised Indel
#: similarity ``100 * (1 - d / (len(a) + len(b)))`` where ``d`` counts insertions and
#: deletions; "Halley" vs "Haley" scores 100 * (1 - 1/11) = 90.9, "Nevenzia" vs "Nebenzia"
#: 100 * (1 - 2/16) = 87.5, while "Pierre" vs "Pierce" scores 83.3 and "King" vs "Ging" 75.
#: Names must also share their first letter and have at least 5 letters.
FUZZY_THRESHOLD = 85

#: ``actor``/``group`` of a statement whose speaker could not be determined.
UNKNOWN = "unknown"
#: ``actor``/``group`` of the narrator (a scare quote nobody is quoted for).
NONE = "none"


def _alias_piece(ch: str) -> str:
    # in an alias, spaces and hyphens are interchangeable, straight and curly apostrophes too
    return r"[\s\-]+" if ch == " " else "['\u2019]" if ch == "'" else re.escape(ch)


@dataclass(frozen=True)
class Actor:
    """One canonical actor from the actors file."""

    name: str
    group: str
    type: str  # person | collective | organisation
    pronoun: str  # he | she | they | it | "" (unknown)


@dataclass(frozen=True)
class ActorMatch:
    """One mention of an actor in a text: ``text[start:end]``, found by alias (``via`` is
    ``name`` or ``collective``) or by title."""

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
        self._find_cache: dict[str, list[ActorMatch]] = {}
        self._fuzzy_cache: dict[str, Actor | None] = {}
        #: speaker resolution's answers by noun phrase (they depend on this index: see
        #: :func:`newslens.quotes.speakers.resolve_np`)
        self.speaker_cache: dict = {}
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
            # one prefix-tree pattern for all aliases (see trie_pattern); spaces and hyphens
            # are interchangeable, straight and curly apostrophes too
            if not aliases:
                return None
            keys = {re.sub(r"[\s\-]+", " ", a.strip().replace("\u2019", "'")) for a in aliases}
            if flags & re.IGNORECASE:
                keys = {k.lower() for k in keys}
            return re.compile(r"(?<![\w.])" + trie_pattern(sorted(keys), piece=_alias_piece)
                              + r"(?![\w])", flags)

        self._re_acr = compile_(acr, 0)
        # names and titles are both matched case-insensitively: one pattern for both
        self._re_name = compile_(names + titles, re.IGNORECASE)

    def __len__(self) -> int:
        return len(self.actors)

    def find(self, text: str) -> list[ActorMatch]:
        """Non-overlapping actor mentions in ``text``, left to right (longest wins)."""
        hit = self._find_cache.get(text)
        if hit is None:
            hit = self._find(text)
            if len(self._find_cache) < 200_000:
                self._find_cache[text] = hit
        return hit

    def _find(self, text: str) -> list[ActorMatch]:
        found: list[ActorMatch] = []
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
                found.append(ActorMatch(m.start(), m.end(), hit[0], hit[1]))
        if len(found) < 2:
            return found  # nothing can overlap (most texts name one actor or none)
        # longest first, each kept when it overlaps none kept so far; the kept ones are held
        # sorted by start, so only the neighbours at the insertion point can overlap it (a
        # test against every kept match was quadratic on a whole long article)
        out: list[ActorMatch] = []
        starts: list[int] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            i = bisect.bisect_right(starts, m.start)
            if (i == 0 or out[i - 1].end <= m.start) and (i == len(out) or out[i].start >= m.end):
                out.insert(i, m)
                starts.insert(i, m.start)
        return out

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
        ``actors.csv`` of the example study, :data:`DEFAULT_ACTORS_PATH`). ``type`` is ``person``, ``collective`` (a government or country
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

