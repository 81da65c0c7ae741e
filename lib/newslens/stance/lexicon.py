"""The stance lexicon: cues with weights, negators, and the words that gate each cue.

The lexicon is a YAML file (the bundled one, ``resources/stance_lexicon.yaml``, documents
the format in its header). Each cue is a case-insensitive regular expression with a stance
(``oppose``, ``support`` or ``neutral``) and a weight; ``{TARGET}`` and the lexicon's
classes (``{HARM}``, ...) expand to alternations of words.

Each cue also lists its *literals*: words or stems of which every match of the cue contains
at least one. Most statements match no cue at all, and Python's ``re`` tries a
case-insensitive alternation at every position of the text; one scan of the folded text
for every literal (:class:`LiteralGate`) tells which few cues can match, which made the
stance stage about nine times faster on 4,694 AllSides articles (1.5 s against 14 s). The
literals only decide which expressions are tried, never what they match, so a literal list
that every match honours gives exactly the answers of trying every cue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

from ..config import RESOURCES_DIR
from ..quotes import trie_pattern

__all__ = ["DEFAULT_LEXICON_PATH", "Cue", "StanceLexicon", "LiteralGate", "load_stance_lexicon",
           "fold", "contains_any", "alternation", "anaphor_alternation", "literals_of"]

#: The bundled lexicon.
DEFAULT_LEXICON_PATH = RESOURCES_DIR / "stance_lexicon.yaml"

# The only characters outside ASCII that re's IGNORECASE matches with an ASCII letter
# (dotted and dotless i, long s, Kelvin sign; tests/test_stance_lexicon.py checks every code
# point). Mapped to that letter before lower-casing, a text contains each ASCII literal of an
# expression wherever the expression matches it.
_IGNORECASE_FOLD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def fold(text: str) -> str:
    """``text`` lower-cased for the literal tests, with the four characters outside ASCII
    that ``re.IGNORECASE`` matches with an ASCII letter mapped to that letter (offsets may
    move outside ASCII, which the literal tests do not use).

    Examples
    --------
    >>> fold("R\\u0130SK of WAR")
    'risk of war'
    """
    if not text.isascii():
        for ch, letter in _IGNORECASE_FOLD:  # (str.translate is ten times slower)
            if ch in text:
                text = text.replace(ch, letter)
    return text.lower()


def contains_any(low: str, literals: tuple[str, ...] | None) -> bool:
    """Does the folded text ``low`` contain one of ``literals`` (None: no literals are
    known, so yes)? False means that an expression whose every match contains one of the
    literals cannot match the text."""
    if literals is None:
        return True
    for lit in literals:  # (a loop: cheaper than any() over a generator)
        if lit in low:
            return True
    return False


def alternation(words: Iterable[str], *, plural: bool = False) -> str:
    """A regular expression for any of ``words`` (longest first; spaces and hyphens inside
    a word match any run of spaces and hyphens; ``plural``: an optional ``s`` or ``es``)."""
    alts = []
    for w in sorted({w.strip().lower() for w in words if w.strip()}, key=lambda w: (-len(w), w)):
        pat = r"[\s\-]+".join(re.escape(p) for p in re.split(r"[\s\-]+", w))
        alts.append(pat + ("(?:s|es)?" if plural else ""))
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


# Words after a demonstrative that do not make it a determiner: "this is", "this will",
# "this and", "these are". A demonstrative followed by any other lower-case word is taken as
# a determiner ("this week", "these people"), which is not an anaphor of the event.
_NOT_A_NOUN = ("is|was|are|were|will|would|could|should|can|may|might|must|has|had|have|does|"
               "did|and|or|but|as|if|in|on|at|to|for|of|with|by|from|that|now|today|again|too|"
               "also|because|before|after|through|done|passed|is")


def anaphor_alternation(anaphors: Iterable[str], determiners: Iterable[str] = ()) -> str:
    """A regular expression for any of ``anaphors`` as whole words; one of ``determiners``
    must not be followed by a lower-case word other than a verb or function word
    ("this week" is no anaphor, "this is" and "this." are).

    Examples
    --------
    >>> import re
    >>> rx = re.compile(r"\\b" + anaphor_alternation(["it", "this"], ["this"]) + r"\\b")
    >>> [bool(rx.search(t)) for t in ("we back this.", "this week", "this is bad", "stop it")]
    [True, False, True, True]
    """
    dets = {d.strip().lower() for d in determiners}
    alts = []
    for a in sorted({a.strip().lower() for a in anaphors if a.strip()}, key=lambda w: (-len(w), w)):
        pat = r"[\s\-]+".join(re.escape(p) for p in a.split())
        if a in dets:
            pat += rf"(?![ \t]+(?!(?:{_NOT_A_NOUN})\b)[a-z])"
        alts.append(pat)
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


def literals_of(entries: Iterable[str], classes: Mapping[str, Sequence[str]]) -> tuple[str, ...] | None:
    """A cue's literal list, folded: ``{NAME}`` stands for the longest word of each entry of
    class ``NAME`` (every match of :func:`alternation` of an entry contains each of its
    words). None (no gate: the cue is always tried) when there is no literal, or one outside
    ASCII (``re.IGNORECASE`` may match it with other characters).

    Examples
    --------
    >>> literals_of(["against", "{T}"], {"T": ["military operation", "assault"]})
    ('against', 'assault', 'operation')
    """
    out: set[str] = set()
    for entry in entries:
        entry = str(entry).strip()
        name = entry[1:-1] if entry.startswith("{") and entry.endswith("}") else None
        if name is not None and name in classes:
            for word in classes[name]:
                pieces = [p for p in re.split(r"[\s\-]+", str(word).strip().lower()) if p]
                if pieces:
                    out.add(max(pieces, key=len))
        elif entry:
            out.add(entry.lower())
    if not out or not all(lit.isascii() for lit in out):
        return None
    return tuple(sorted(out))


@dataclass(frozen=True)
class LiteralGate:
    """Which of several expressions can match a text, from one scan of its :func:`fold`.

    Expression *i* needs one of ``literals[i]`` (None: nothing known, always tried). The
    scan searches one prefix tree of every literal (:func:`newslens.quotes.trie_pattern`)
    again from each position where one starts; at each such position it matches the longest
    literal, and a shorter literal starting there is a prefix of it, so ``owners`` maps each
    literal to the expressions that need it *or one of its prefixes*.
    """

    tree: re.Pattern | None
    owners: dict
    always: frozenset

    @classmethod
    def of(cls, literals: Sequence[tuple[str, ...] | None]) -> "LiteralGate":
        need: dict[str, set[int]] = {}
        always = set()
        for i, lits in enumerate(literals):
            if not lits:
                always.add(i)
                continue
            for lit in lits:
                need.setdefault(lit, set()).add(i)
        if not need:
            return cls(None, {}, frozenset(always))
        owners = {m: frozenset().union(*(ix for lit, ix in need.items() if m.startswith(lit)))
                  for m in need}
        return cls(re.compile(trie_pattern(sorted(need))), owners, frozenset(always))

    def possible(self, low: str) -> set[int]:
        """Indices of the expressions that may match a text whose :func:`fold` is ``low``."""
        out = set(self.always)
        if self.tree is None:
            return out
        m = self.tree.search(low)
        while m is not None:
            out |= self.owners[m.group()]
            m = self.tree.search(low, m.start() + 1)
        return out


@dataclass(frozen=True)
class Cue:
    """One compiled cue of the stance lexicon (``literals``: see :class:`LiteralGate`)."""

    name: str
    stance: str
    weight: float
    negatable: bool
    regex: re.Pattern
    literals: tuple[str, ...] | None = None
    #: what a negator before the cue does: ``"cancel"`` (the cue does not count: "will not be
    #: a disaster"), ``"flip"`` (the cue counts for the other side: "will not support it"
    #: opposes, "no longer opposes" supports) or ``"none"``
    negation: str = "none"
    #: the cue counts only when the event (a target term or an anaphor, ``{REF}``) is named
    #: in the same sentence of the frame ("the plan is a disaster", not "a horrible attack
    #: by the other side")
    near_event: bool = False


@dataclass(frozen=True)
class StanceLexicon:
    """A compiled stance lexicon for one target event."""

    cues: tuple[Cue, ...]
    not_the_event: re.Pattern | None
    negators: frozenset[str]
    prohibitions: tuple[str, ...]
    affirming: tuple[str, ...]
    mitigator: re.Pattern | None
    #: words that refer back to the event ("it", "this"; see :mod:`newslens.stance.relevance`)
    anaphors: tuple[str, ...] = ()
    #: the regular expression of :func:`anaphor_alternation` for them
    anaphor_pattern: str = "(?!)"
    #: words that make the rest of their clause hypothetical ("if", "unless", "want it to")
    conditionals: re.Pattern | None = None
    #: the event's names or an anaphor (``{REF}``), for cues marked ``near_event``
    ref: re.Pattern | None = None
    #: words of which every match of ``not_the_event`` contains one (None: always tried)
    not_the_event_literals: tuple[str, ...] | None = None
    #: which cues can match a statement (built from the cues' literals when not given)
    gate: LiteralGate | None = None

    def __post_init__(self) -> None:
        if self.gate is None:
            object.__setattr__(self, "gate", LiteralGate.of([c.literals for c in self.cues]))


def load_stance_lexicon(path: str | Path | None = None, *,
                        target_terms: Iterable[str] = ()) -> StanceLexicon:
    """Read and compile the stance lexicon for a target event.

    Parameters
    ----------
    path : YAML lexicon (None: the bundled ``resources/stance_lexicon.yaml``; its header
        documents the format).
    target_terms : the event's names; ``{TARGET}`` in a cue expands to them (plurals
        included), ``{REF}`` to them and the lexicon's ``anaphors`` ("it", "this").

    Returns
    -------
    StanceLexicon with compiled, case-insensitive cues.

    Raises
    ------
    ValueError
        naming the file and the cue, for a cue without ``name``/``pattern``, with a stance
        other than support/oppose/neutral, an unknown ``negation`` or a pattern that does not
        compile.
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ValueError(f"{path}: not a valid YAML stance lexicon: {e}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a stance lexicon is a mapping with 'cues' (see the bundled file)")
    target_terms = tuple(t for t in target_terms if t and str(t).strip())
    anaphors = tuple(str(a).strip().lower() for a in data.get("anaphors") or [] if str(a).strip())
    words = {k: list(v or []) for k, v in (data.get("classes") or {}).items()}
    words["TARGET"] = list(target_terms)
    words["REF"] = list(target_terms) + list(anaphors)
    classes = {k: alternation(v) for k, v in words.items() if k not in ("TARGET", "REF")}
    # {REF} before {TARGET}'s plural forms: an anaphor takes no plural ("its" is not "it"+s)
    classes["TARGET"] = alternation(target_terms, plural=True)
    determiners = tuple(str(d) for d in data.get("determiners") or [])
    ana_pat = anaphor_alternation(anaphors, determiners)
    classes["REF"] = ("(?:" + "|".join(a for a in (alternation(target_terms, plural=True) if target_terms else "",
                                                   ana_pat if anaphors else "") if a)
                      + ")") if (target_terms or anaphors) else "(?!)"
    cues = []
    for k, c in enumerate(data.get("cues") or []):
        where = f"{path}: cue {k + 1} ({c.get('name', 'no name') if isinstance(c, dict) else c!r})"
        if not isinstance(c, dict) or not c.get("name") or not c.get("pattern"):
            raise ValueError(f"{where}: a cue needs a name and a pattern")
        if c.get("stance") not in ("support", "oppose", "neutral"):
            raise ValueError(f"{where}: stance must be support, oppose or neutral, not {c.get('stance')!r}")
        negation = str(c.get("negation", "cancel" if c.get("negatable") else "none"))
        if negation not in ("cancel", "flip", "none"):
            raise ValueError(f"{where}: negation must be cancel, flip or none, not {negation!r}")
        pat = c["pattern"]
        for name, alt in classes.items():
            pat = pat.replace("{" + name + "}", alt)
        try:
            regex = re.compile(pat, re.IGNORECASE)
        except re.error as e:
            raise ValueError(f"{where}: the pattern does not compile: {e}") from None
        cues.append(Cue(c["name"], c["stance"], float(c.get("weight", 1)), negation != "none",
                        regex, literals_of(c.get("literals") or [], words), negation,
                        bool(c.get("near_event", False))))
    nte = data.get("not_the_event") or []
    mit = data.get("mitigators") or []
    return StanceLexicon(
        cues=tuple(cues),
        not_the_event=re.compile("|".join(f"(?:{p})" for p in nte), re.IGNORECASE) if nte else None,
        not_the_event_literals=literals_of(data.get("not_the_event_literals") or [], words),
        negators=frozenset(w.lower() for w in data.get("negators") or []),
        prohibitions=tuple(p.lower() for p in data.get("prohibitions") or []),
        affirming=tuple(p.lower() for p in data.get("affirming_idioms") or []),
        mitigator=re.compile(r"\b(?:" + "|".join(mit) + r")\b", re.IGNORECASE) if mit else None,
        anaphors=anaphors,
        anaphor_pattern=ana_pat,
        ref=re.compile(r"\b" + classes["REF"] + r"\b", re.IGNORECASE),
        conditionals=(re.compile(r"\b(?:" + "|".join(alternation([c]) for c in data["conditionals"]) + r")\b",
                                 re.IGNORECASE) if data.get("conditionals") else None),
    )
