"""Stance toward a target event: who supports it, who opposes it, and whom each outlet quotes.

The method is a transparent lexicon with rules, not a trained model, so that every label
carries the words that decided it (the ``cue`` column) and a reader can disagree with it.

1. **Relevance.** A statement counts toward the target event only if the target place
   (``RunConfig.target_place``, e.g. "Idlib") is named in the statement or its frame, in its
   paragraph, or in one of the ``context_paragraphs`` paragraphs before it - unless a
   paragraph in between opens on another place (``In Deir Ezzor, ...``, or a dateline), which
   starts a new story; in an article whose headline (first paragraph) names the place, every
   statement before such a paragraph counts. Other statements get ``stance = "off_target"``. This keeps statements
   about another event in the same article (i24NEWS's second story, on the SDF offensive in
   Deir Ezzor) out of the counts. With an empty ``target_place`` every statement is relevant.
2. **Cues.** The lexicon (``resources/stance_lexicon.yaml``) lists oppose and support cues as
   regular expressions with weights, matched on the statement's *frame* (the quoted or
   reported words plus the speaker's framing words in the same sentence). Target words in
   phrases that name another kind of event ("chemical attack") are blanked first.
3. **Negation and modality.** A negatable cue does not count when a negator is among the
   three words before it ("will not be a bloodbath"), unless the negator belongs to a
   prohibition ("must not be transformed into a bloodbath" opposes) or to an idiom that
   affirms ("there is no doubt that ... a catastrophe"); a mitigator ("minimizing the risks")
   also cancels it. Modality is in the cues themselves: predicted harm ("would be a
   massacre", "could lead to a humanitarian catastrophe") opposes, a deontic demand for
   destruction ("must be liquidated") supports.
4. **Decision.** With :math:`w_c` the weight of cue :math:`c`,

   .. math:: s = \\sum_{c \\in \\text{oppose}} w_c - \\sum_{c \\in \\text{support}} w_c

   and the stance is ``oppose`` if :math:`s > 0`, ``support`` if :math:`s < 0`, ``neutral``
   otherwise (no cue, or cues that cancel). Scare quotes get ``n/a``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import yaml

try:  # the parser behind re (private modules; without them the prefilters stay off)
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre_c = _sre_parse = None

from .config import (DEFAULT_TARGET_PLACE, DEFAULT_TARGET_TERMS, EXAMPLE_DIR, RESOURCES_DIR,
                     RunConfig)
from .quotes import (NONE, UNKNOWN, _paragraphs, _trie_pattern, extract_quotes, load_actors,
                     quoted_words)

#: The bundled lexicon.
DEFAULT_LEXICON_PATH = RESOURCES_DIR / "stance_lexicon.yaml"
#: The hand annotation of the bundled corpus.
DEFAULT_GOLD_PATH = EXAMPLE_DIR / "quotes_gold.csv"
#: How many paragraphs before a statement may carry the target place for it to count.
CONTEXT_PARAGRAPHS = 4

STANCE_COLUMNS = ["actor", "group", "stance", "n_statements", "outlets", "evidence",
                  "n_support", "n_oppose", "n_neutral", "evidence_doc_id", "evidence_cue"]
VOICE_COLUMNS = ["outlet", "group", "n_statements", "n_words", "share"]
STATEMENT_KINDS = ("direct", "reported")

# A paragraph that opens on a place starts a new story: "In Deir Ezzor, the US-backed SDF
# ...", or a wire dateline "DAMASCUS (Reuters) -". Month and weekday names are dates, not
# places ("In November, ...").
_LOCALE_RE = re.compile(r"^(?:In|At|Near|From)\s+((?:[A-Z][\w'\u2019\-]*\s*){1,4}),")
_DATELINE_RE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][\w .]+)?\s*(?:\([\w .]+\))?\s*[\-\u2014\u2013]\s")
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the this last".split())


# --------------------------------------------------------------------------- prefilter

def _required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case ASCII strings of which every match of ``pattern`` contains at least one.

    Read off the parsed expression: a sequence needs any one of its parts (a run of literal
    characters, or a group, alternation or repeat of at least one that needs something); an
    alternation needs one of what each branch needs. The part with the longest shortest
    string is kept. None when nothing is needed for sure (a branch or the whole expression
    is all classes, anchors or optional parts). Literals outside ASCII are skipped: under
    IGNORECASE some match ASCII letters ("\u212a" matches "k").
    """
    if _sre_parse is None:
        return None
    try:
        return _required_in(_sre_parse.parse(pattern, flags))
    except Exception:  # an expression this reading does not know: no prefilter
        return None


def _required_in(items) -> frozenset[str] | None:
    cands: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre_c.LITERAL and av < 128:
            run.append(chr(av))
            continue
        if run:
            cands.append(frozenset(["".join(run).lower()]))
            run = []
        need = None
        if op is _sre_c.BRANCH:
            branches = [_required_in(b) for b in av[1]]
            if all(b is not None for b in branches):
                need = frozenset().union(*branches)
        elif op is _sre_c.SUBPATTERN:
            need = _required_in(av[3])
        elif op is _sre_c.ATOMIC_GROUP:
            need = _required_in(av)
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, _sre_c.POSSESSIVE_REPEAT) and av[0] >= 1:
            need = _required_in(av[2])
        if need:
            cands.append(need)
    if run:
        cands.append(frozenset(["".join(run).lower()]))
    if not cands:
        return None
    return max(cands, key=lambda c: (min(map(len, c)), -len(c), sorted(c)))


# The only characters outside ASCII that re's IGNORECASE matches with an ASCII letter
# (dotted and dotless i, long s, Kelvin sign; tests/test_stance.py checks every code point).
# Mapped to that letter before lower-casing, a text contains each ASCII literal of an
# expression wherever the expression matches it.
_IGNORECASE_FOLD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def _fold(text: str) -> str:
    """``text`` lower-cased for the literal prefilters (see ``_IGNORECASE_FOLD``); offsets may
    move outside ASCII, which the prefilters do not use."""
    if not text.isascii():
        for ch, letter in _IGNORECASE_FOLD:  # (str.translate is ten times slower)
            if ch in text:
                text = text.replace(ch, letter)
    return text.lower()


@dataclass(frozen=True)
class _Prefiltered:
    """A compiled expression with a cheap test that it cannot match.

    Python's ``re`` scans for a case-insensitive alternation by trying every branch at every
    position; most statements match no cue at all. A match needs one of the expression's
    required literals (:func:`_required_literals`) in the folded text (:func:`_fold`), which
    one case-sensitive prefix-tree search, or a few ``in`` tests, finds or rules out several
    times faster. An expression with no required literal goes straight to the expression, so
    the answers are always the expression's own.
    """

    regex: re.Pattern
    literals: re.Pattern | None = field(default=None, compare=False)
    #: the literals themselves when they are few (``in`` tests beat a regex search then)
    few: tuple[str, ...] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, regex: re.Pattern) -> "_Prefiltered":
        lits = _required_literals(regex.pattern, regex.flags)
        if not lits:
            return cls(regex)
        return cls(regex, re.compile(_trie_pattern(sorted(lits))),
                   tuple(sorted(lits)) if len(lits) <= 4 else None)

    def may_match_lower(self, low: str) -> bool:
        """False only when ``regex`` cannot match a text whose :func:`_fold` is ``low``."""
        if self.few is not None:
            for lit in self.few:  # (a loop: cheaper than any() over a generator)
                if lit in low:
                    return True
            return False
        return self.literals is None or self.literals.search(low) is not None

    def may_match(self, text: str, low: str | None = None) -> bool:
        """False only when ``regex`` cannot match ``text`` (``low``: ``_fold(text)``)."""
        if self.literals is None:
            return True
        return self.may_match_lower(_fold(text) if low is None else low)

    def search(self, text: str, low: str | None = None) -> re.Match | None:
        return self.regex.search(text) if self.may_match(text, low) else None


@dataclass(frozen=True)
class _CueGate:
    """Which cues can match a text, from one scan of its :func:`_fold`.

    Every cue needs one of its required literals (:func:`_required_literals`). One
    zero-width scan, ``(?=(prefix tree of every literal))``, finds at each position the
    longest literal starting there; a shorter literal starting at the same position is a
    prefix of it, so ``cues_of`` maps each literal to the cues that need it *or one of its
    prefixes*. Cues with no required literal are always tried.
    """

    scan: re.Pattern | None
    cues_of: dict
    always: frozenset
    #: the prefix tree without the look-ahead: re's fast first-character scan applies to it,
    #: so it rules out the (many) texts with no literal at all sooner than ``scan``
    first: re.Pattern | None = None

    @classmethod
    def of(cls, cues: Iterable["Cue"]) -> "_CueGate":
        need: dict[str, set[int]] = {}
        always = set()
        for i, cue in enumerate(cues):
            lits = _required_literals(cue.regex.pattern, cue.regex.flags)
            if not lits:
                always.add(i)
                continue
            for lit in lits:
                need.setdefault(lit, set()).add(i)
        cues_of = {m: frozenset().union(*(ix for lit, ix in need.items() if m.startswith(lit)))
                   for m in need}
        if not need:
            return cls(None, {}, frozenset(always))
        tree = _trie_pattern(sorted(need))
        return cls(re.compile("(?=(" + tree + "))"), cues_of, frozenset(always), re.compile(tree))

    def possible(self, low: str) -> set[int]:
        """Indices of the cues that may match a text whose :func:`_fold` is ``low``."""
        out = set(self.always)
        if self.scan is None:
            return out
        # ``scan`` finds, at every position where a literal starts, the longest one; so does
        # ``first`` searched from each such position on (the same prefix tree, matched at the
        # leftmost position where it can), but with re's fast skip over the characters no
        # literal starts with, and without a second pass over the text before the first one
        m = self.first.search(low)
        while m is not None:
            out |= self.cues_of[m.group()]
            m = self.first.search(low, m.start() + 1)
        return out


# --------------------------------------------------------------------------- lexicon

@dataclass(frozen=True)
class Cue:
    """One compiled cue of the stance lexicon."""

    name: str
    stance: str
    weight: float
    negatable: bool
    regex: re.Pattern


@dataclass(frozen=True)
class StanceLexicon:
    """A compiled stance lexicon for one target event."""

    cues: tuple[Cue, ...]
    not_the_event: re.Pattern | None
    negators: frozenset[str]
    prohibitions: tuple[str, ...]
    affirming: tuple[str, ...]
    mitigator: re.Pattern | None
    #: all cue patterns as one alternation (None: not combinable); :func:`score_statement`
    #: now asks ``gate``, which is faster and also says which cues can match
    any_cue: re.Pattern | None = None
    #: ``not_the_event`` with its literal prefilter (built from it when not given)
    not_the_event_pf: _Prefiltered | None = None
    #: which cues can match a statement (built from ``cues`` when not given)
    gate: _CueGate | None = None

    def __post_init__(self) -> None:
        if self.gate is None:
            object.__setattr__(self, "gate", _CueGate.of(self.cues))
        if self.not_the_event is not None and self.not_the_event_pf is None:
            object.__setattr__(self, "not_the_event_pf", _Prefiltered.of(self.not_the_event))


def _alternation(words: Iterable[str], *, plural: bool = False) -> str:
    alts = []
    for w in sorted({w.strip().lower() for w in words if w.strip()}, key=lambda w: (-len(w), w)):
        pat = r"[\s\-]+".join(re.escape(p) for p in re.split(r"[\s\-]+", w))
        alts.append(pat + ("(?:s|es)?" if plural else ""))
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


def load_stance_lexicon(path: str | Path | None = None, *,
                        target_terms: Iterable[str] = DEFAULT_TARGET_TERMS) -> StanceLexicon:
    """Read and compile the stance lexicon for a target event.

    Parameters
    ----------
    path : YAML lexicon (None: the bundled ``resources/stance_lexicon.yaml``; its header
        documents the format).
    target_terms : the event's names; ``{TARGET}`` in a cue expands to them (plurals included).

    Returns
    -------
    StanceLexicon with compiled, case-insensitive cues.
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON_PATH
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    classes = {k: _alternation(v) for k, v in (data.get("classes") or {}).items()}
    classes["TARGET"] = _alternation(target_terms, plural=True)
    cues = []
    for c in data.get("cues") or []:
        pat = c["pattern"]
        for name, alt in classes.items():
            pat = pat.replace("{" + name + "}", alt)
        cues.append(Cue(c["name"], c["stance"], float(c.get("weight", 1)),
                        bool(c.get("negatable", False)), re.compile(pat, re.IGNORECASE)))
    nte = data.get("not_the_event") or []
    mit = data.get("mitigators") or []
    try:
        any_cue = re.compile("|".join(f"(?:{c.regex.pattern})" for c in cues) or "(?!)",
                             re.IGNORECASE)
    except re.error:  # e.g. the same group name in two cues: keep scoring cue by cue
        any_cue = None
    return StanceLexicon(
        any_cue=any_cue,
        cues=tuple(cues),
        not_the_event=re.compile("|".join(f"(?:{p})" for p in nte), re.IGNORECASE) if nte else None,
        negators=frozenset(w.lower() for w in data.get("negators") or []),
        prohibitions=tuple(p.lower() for p in data.get("prohibitions") or []),
        affirming=tuple(p.lower() for p in data.get("affirming_idioms") or []),
        mitigator=re.compile(r"\b(?:" + "|".join(mit) + r")\b", re.IGNORECASE) if mit else None,
    )


_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|n't", re.IGNORECASE)


def _negated(text: str, start: int, lex: StanceLexicon) -> bool:
    """Is the cue starting at ``start`` negated or mitigated by the three words before it?"""
    window = text[max(0, start - 60):start]
    words = [w.lower() for w in _TOKEN_RE.findall(window)][-3:]
    tail = " ".join(words)
    if lex.mitigator is not None and lex.mitigator.search(tail):
        return True
    if not any(w in lex.negators or w.endswith("n't") for w in words):
        return False
    if any(p in tail for p in lex.prohibitions):
        return False  # "must not be (transformed into a) bloodbath" keeps opposing
    wider = " ".join(w.lower() for w in _TOKEN_RE.findall(text[max(0, start - 120):start]))
    if any(p in wider for p in lex.prohibitions + lex.affirming):
        return False  # "there is no doubt that ...", "spare no effort"
    return True


def score_statement(frame: str, lex: StanceLexicon) -> tuple[str, float, str]:
    """Stance, score and decisive cue of one statement's frame.

    Returns
    -------
    (stance, score, cue) where ``score`` is :math:`s` of the module docstring and ``cue`` names
    the strongest cue(s) of the winning side as ``name: "matched words"`` (``; ``-separated),
    negated cues as ``negated name: "..."``, or "" when no cue fired.

    Examples
    --------
    >>> lex = load_stance_lexicon()
    >>> score_statement("It is absolutely essential to avoid a full-scale battle in Idlib", lex)[:2]
    ('oppose', 2.0)
    >>> score_statement("This abscess must be liquidated.", lex)[:2]
    ('support', -3.0)
    >>> score_statement("The offensive will not be a bloodbath.", lex)[0]
    'neutral'
    """
    return _score_statement(frame, lex, _fold(frame))


def _score_statement(frame: str, lex: StanceLexicon, low: str) -> tuple[str, float, str]:
    """:func:`score_statement` of a frame whose :func:`_fold` is ``low`` (folded once for
    both the relevance test and the cues)."""
    text = frame
    if lex.not_the_event is not None and lex.not_the_event_pf.may_match(text, low):
        text = lex.not_the_event.sub(lambda m: " " * len(m.group(0)), text)
        low = _fold(text)
    # one scan for the cues' required literals tells which cues can match at all (see
    # _CueGate); most statements match none
    possible = lex.gate.possible(low)
    if not possible:
        return "neutral", 0.0, ""  # no cue anywhere: what the loop below would find
    hits = []  # (stance, weight, name, matched, start)
    taken: list[tuple[int, int]] = []
    for i, cue in enumerate(lex.cues):
        if i not in possible:
            continue  # this cue cannot match
        for m in cue.regex.finditer(text):
            s, e = m.span()
            if any(not (e <= a or s >= b) for a, b in taken) and cue.stance != "neutral":
                # one stretch of words is one cue: "humanitarian catastrophe" inside an already
                # counted "avoid ... catastrophe" does not count twice
                continue
            if cue.negatable and _negated(text, s, lex):
                hits.append(("negated", 0.0, cue.name, frame[s:e], s))
                continue
            hits.append((cue.stance, cue.weight, cue.name, frame[s:e], s))
            if cue.stance != "neutral":
                taken.append((s, e))
    score = sum(w for st, w, *_ in hits if st == "oppose") - sum(w for st, w, *_ in hits if st == "support")
    stance = "oppose" if score > 0 else "support" if score < 0 else "neutral"

    def fmt(h) -> str:
        st, w, name, words, _ = h
        words = re.sub(r"\s+", " ", words).strip()
        return f'{"negated " if st == "negated" else ""}{name}: "{words}"'

    if stance == "neutral":
        shown = [h for h in hits]
    else:
        side = [h for h in hits if h[0] == stance]
        top = max(h[1] for h in side)
        shown = [h for h in side if h[1] == top]
    shown.sort(key=lambda h: h[4])
    return stance, float(score), "; ".join(fmt(h) for h in shown)


# --------------------------------------------------------------------------- relevance

def _texts_by_doc(texts) -> dict[str, str]:
    if texts is None:
        return {}
    if isinstance(texts, pd.DataFrame):
        col = "text_clean" if "text_clean" in texts.columns else "text"
        return dict(zip(texts["doc_id"].astype(str), texts[col].fillna("").astype(str)))
    return {str(k): str(v) for k, v in dict(texts).items()}


def _place_regex(target_place: Iterable[str]) -> re.Pattern | None:
    places = [p for p in target_place if p and p.strip()]
    if not places:
        return None
    return re.compile(r"(?<![\w])" + _alternation(places) + r"(?![\w])", re.IGNORECASE)


def _opens_elsewhere(paragraph: str, place_re) -> bool:
    m = _LOCALE_RE.match(paragraph)
    if m:
        words = m.group(1).split()
        if words[0].lower() not in _DATE_WORDS and not place_re.search(m.group(1)):
            return True
    return bool(_DATELINE_RE.match(paragraph)) and not place_re.search(paragraph[:60])


def _relevance(doc_id: str, doc_text: str | None, para: int, frame: str, place_re,
               context_paragraphs: int, cache: dict, low: str | None = None) -> str:
    """Why a statement is about the target event ("statement", "paragraph", "context") or
    "" when it is not (``low``: the frame's :func:`_fold`, when known)."""
    if place_re is None:
        return "any place"
    if (place_re.search(frame, low) if isinstance(place_re, _Prefiltered) else place_re.search(frame)):
        return "statement"
    if doc_text is None:
        return ""
    key = doc_id
    if key not in cache and isinstance(place_re, _Prefiltered) and not place_re.may_match(doc_text):
        # the place's words are nowhere in the article: no paragraph names it, so (the rules
        # below) nothing but the statement itself could tie it to the event
        cache[key] = None
    if key not in cache:
        paras = [doc_text[s:e] for s, e in _paragraphs(doc_text)]
        elsewhere_ = [_opens_elsewhere(p, place_re) for p in paras]
        # the first paragraph after the headline that opens on another place (len: none), so
        # that "any paragraph in 1..para opens elsewhere" is one comparison, not a scan per
        # statement (quadratic on an article of many paragraphs)
        first_elsewhere = next((k for k in range(1, len(paras)) if elsewhere_[k]), len(paras))
        cache[key] = ([bool(place_re.search(p)) for p in paras], elsewhere_, first_elsewhere)
    if cache[key] is None:
        return ""
    has_place, elsewhere, first_elsewhere = cache[key]
    if not 0 <= para < len(has_place):
        return ""
    if has_place[para]:
        return "paragraph"
    if elsewhere[para]:
        return ""
    for k in range(para - 1, max(-1, para - 1 - context_paragraphs), -1):
        if has_place[k]:
            return "context"
        if elsewhere[k]:
            return ""
    # an article whose headline (first paragraph) names the place is about the event, up to
    # the first paragraph that opens on another place
    if has_place[0] and first_elsewhere > para:
        return "article"
    return ""


# --------------------------------------------------------------------------- public API

def assign_stance(quotes: pd.DataFrame, *, target_terms: Iterable[str] = DEFAULT_TARGET_TERMS,
                  target_place: Iterable[str] = DEFAULT_TARGET_PLACE,
                  texts: pd.DataFrame | Mapping[str, str] | None = None,
                  context_paragraphs: int = CONTEXT_PARAGRAPHS,
                  lexicon: StanceLexicon | str | Path | None = None) -> pd.DataFrame:
    """Label each statement ``support``, ``oppose`` or ``neutral`` toward the target event.

    Parameters
    ----------
    quotes : the table of :func:`newslens.extract_quotes`.
    target_terms : names of the event ("offensive", "assault", ...).
    target_place : words that tie a statement to the event's place; empty: any place.
    texts : the articles (DataFrame with ``doc_id`` and ``text_clean``, or a mapping doc_id ->
        text) the quotes were read from; used to look for the place in the statement's
        paragraph and the paragraphs before it. Without it only the frame is searched.
    context_paragraphs : how many paragraphs before the statement may name the place.
    lexicon : a :class:`StanceLexicon` or the path of a YAML lexicon (None: bundled).

    Returns
    -------
    A copy of ``quotes`` with columns ``relevance`` (``statement``, ``paragraph``,
    ``context``, ``article``, ``any place`` or "" when off target), ``stance`` (``support``, ``oppose``,
    ``neutral``, ``off_target``, or ``n/a`` for scare quotes), ``score`` and ``cue``.
    """
    target_terms = tuple(target_terms)
    if not isinstance(lexicon, StanceLexicon):
        lexicon = load_stance_lexicon(lexicon, target_terms=target_terms)
    place_re = _place_regex(target_place)
    if place_re is not None:
        place_re = _Prefiltered.of(place_re)  # the same answers, sooner (most text lacks the place)
    by_doc = _texts_by_doc(texts)
    cache: dict = {}
    rel, stance, score, cue = [], [], [], []
    frames = quotes["frame"] if "frame" in quotes.columns else quotes["quote"]
    # plain lists: iterating pandas string arrays element by element is several times slower
    for doc_id, kind, para, frame in zip(quotes["doc_id"].astype(str).tolist(), quotes["kind"].tolist(),
                                         quotes.get("paragraph", pd.Series(0, index=quotes.index)).tolist(),
                                         frames.fillna("").astype(str).tolist()):
        if kind == "scare":
            rel.append("")
            stance.append("n/a")
            score.append(0.0)
            cue.append("")
            continue
        doc_text = by_doc.get(doc_id)
        low = _fold(frame)  # (for the prefilters of both)
        r = _relevance(doc_id, doc_text, int(para), frame, place_re, context_paragraphs, cache, low)
        rel.append(r)
        st, sc, cu = _score_statement(frame, lexicon, low)
        if not r:
            stance.append("off_target")
        else:
            stance.append(st)
        score.append(sc)
        cue.append(cu)
    out = quotes.copy()
    out["relevance"] = rel
    out["stance"] = stance
    out["score"] = score
    out["cue"] = cue
    return out


def stance_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per actor: stance toward the target event, with the evidence.

    Counts only statements (direct and reported) about the target event, from listed or
    named actors (not ``unknown``, not the narrator).

    Parameters
    ----------
    quotes : the table of :func:`assign_stance`.

    Returns
    -------
    DataFrame sorted by ``group, actor`` with columns

    ``actor, group``
    ``stance``
        ``oppose`` or ``support`` when that side has more statements, ``mixed`` when both
        sides have the same positive count, ``neutral`` when no statement takes a side.
    ``n_statements``
        statements about the event (support + oppose + neutral).
    ``outlets``
        outlets that carry them, ``; ``-separated, sorted.
    ``evidence``
        the clearest statement for the actor's stance: the one with the largest score in the
        stance's direction (ties: the longest, then the first by doc_id and offset).
    ``n_support, n_oppose, n_neutral, evidence_doc_id, evidence_cue``
    """
    if "stance" not in quotes.columns:
        raise ValueError("stance_summary needs the table of assign_stance (no 'stance' column)")
    q = quotes[quotes["kind"].isin(STATEMENT_KINDS)
               & quotes["stance"].isin(["support", "oppose", "neutral"])
               & ~quotes["actor"].isin([UNKNOWN, NONE, ""])]
    keys = ["actor", "group"]
    # rows with a missing actor or group belong to no actor (groupby drops them)
    q = q[q["actor"].notna() & q["group"].notna()]
    if q.empty:
        return pd.DataFrame([], columns=STANCE_COLUMNS)
    # One grouped count and one global sort, not a loop over actors with a sort per actor
    # (that loop took minutes on an article naming thousands of people).
    q = pd.DataFrame({
        "actor": q["actor"].to_numpy(), "group": q["group"].to_numpy(),
        "stance": q["stance"].to_numpy(), "score": q["score"].to_numpy(dtype=float),
        "quote": q["quote"].to_numpy(), "doc_id": q["doc_id"].to_numpy(),
        "start": q["start"].to_numpy(), "cue": q["cue"].to_numpy(),
        "outlet": q["outlet"].astype(str).to_numpy(), "_pos": range(len(q)),
    })
    counts = pd.crosstab([q["actor"], q["group"]], q["stance"])
    g = pd.DataFrame({"n_support": counts.get("support", 0), "n_oppose": counts.get("oppose", 0),
                      "n_neutral": counts.get("neutral", 0)}, index=counts.index).astype("int64")
    g["n_statements"] = g["n_support"] + g["n_oppose"] + g["n_neutral"]
    g["stance"] = "neutral"
    g.loc[g["n_support"] > 0, "stance"] = "mixed"  # equal positive counts; overridden below
    g.loc[g["n_support"] > g["n_oppose"], "stance"] = "support"
    g.loc[g["n_oppose"] > g["n_support"], "stance"] = "oppose"
    g = g.reset_index()
    # evidence: among the statements on the actor's side (all of them when neutral or
    # mixed), the largest |score| in that direction (0 for all when neutral), then the
    # longest quote, then the first by doc_id and offset, then the first in table order
    side = q.merge(g[keys + ["stance"]].rename(columns={"stance": "_side"}), on=keys, how="left")
    side = side[side["_side"].isin(["neutral", "mixed"]) | (side["stance"] == side["_side"])]
    side = side.assign(_s=side["score"].abs().where(side["_side"] != "neutral", 0.0),
                       _len=side["quote"].str.len())
    side = side.sort_values(keys + ["_s", "_len", "doc_id", "start", "_pos"],
                            ascending=[True, True, False, False, True, True, True])
    best = side.drop_duplicates(keys, keep="first").set_index(keys)
    outlets = (q[keys + ["outlet"]].drop_duplicates().sort_values("outlet")
               .groupby(keys, sort=False)["outlet"].agg("; ".join))
    g = g.set_index(keys)
    out = pd.DataFrame({
        "actor": g.index.get_level_values("actor"), "group": g.index.get_level_values("group"),
        "stance": g["stance"].to_numpy(), "n_statements": g["n_statements"].to_numpy(),
        "outlets": outlets.reindex(g.index).to_numpy(),
        "evidence": best["quote"].reindex(g.index).to_numpy(),
        "n_support": g["n_support"].to_numpy(), "n_oppose": g["n_oppose"].to_numpy(),
        "n_neutral": g["n_neutral"].to_numpy(),
        "evidence_doc_id": best["doc_id"].reindex(g.index).to_numpy(),
        "evidence_cue": best["cue"].reindex(g.index).to_numpy(),
    }, columns=STANCE_COLUMNS)
    return out.sort_values(["group", "actor"], kind="mergesort").reset_index(drop=True)


def voice_shares(quotes: pd.DataFrame, *, kinds: Iterable[str] = STATEMENT_KINDS) -> pd.DataFrame:
    """Per outlet, each actor group's share of the words attributed to speakers.

    .. math:: \\text{share}_{o,g} = \\frac{W_{o,g}}{\\sum_{g'} W_{o,g'}}

    where :math:`W_{o,g}` is the number of words (see :func:`newslens.quotes.quoted_words`) in
    the statements of kind ``kinds`` that outlet :math:`o` attributes to actors of group
    :math:`g`. Statements whose speaker is unknown count under group ``unknown``, so the
    shares of an outlet sum to 1. Scare quotes never count.

    Parameters
    ----------
    quotes : the table of :func:`newslens.extract_quotes` (or :func:`assign_stance`).
    kinds : which statements count: ``("direct",)`` for quoted words only, or the default
        ``("direct", "reported")`` for every statement an outlet attributes.

    Returns
    -------
    DataFrame ``outlet, group, n_statements, n_words, share`` sorted by outlet, then share
    (largest first), then group.
    """
    q = quotes[quotes["kind"].isin(tuple(kinds))].copy()
    q["group"] = q["group"].replace({"": UNKNOWN, NONE: UNKNOWN}).fillna(UNKNOWN)
    q["n_words"] = q["quote"].astype(str).map(quoted_words)
    g = (q.groupby(["outlet", "group"], sort=True)
         .agg(n_statements=("quote", "size"), n_words=("n_words", "sum")).reset_index())
    totals = g.groupby("outlet")["n_words"].transform("sum")
    g["share"] = (g["n_words"] / totals.where(totals > 0)).fillna(0.0)
    g = g.sort_values(["outlet", "share", "group"], ascending=[True, False, True], kind="mergesort")
    return g[VOICE_COLUMNS].reset_index(drop=True)


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """Tables ``newslens run`` writes for this stage: ``quotes`` (every statement and scare
    quote with speaker, offsets and stance) and ``stance`` (:func:`stance_summary`)."""
    actors = load_actors(config.actors_path)
    quotes = extract_quotes(df, actors=actors)
    quotes = assign_stance(quotes, target_terms=config.target_terms,
                           target_place=config.target_place, texts=df)
    quotes = quotes.sort_values(["doc_id", "start", "end", "kind"], kind="mergesort").reset_index(drop=True)
    return {"quotes": quotes, "stance": stance_summary(quotes)}


# --------------------------------------------------------------------------- evaluation

def load_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The hand annotation (``tests/annotations/quotes_gold.csv`` by default)."""
    path = Path(path) if path is not None else DEFAULT_GOLD_PATH
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["occurrence"] = pd.to_numeric(gold.get("occurrence", 1), errors="coerce").fillna(1).astype(int)
    return gold


_NORM_TABLE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})


def locate_snippet(text: str, snippet: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the ``occurrence``-th appearance of ``snippet`` in ``text``, ignoring the
    difference between curly and straight quotes and non-breaking spaces; then, failing
    that, between runs of whitespace and letter case."""
    t = text.translate(_NORM_TABLE)
    s = snippet.translate(_NORM_TABLE)
    pos = -1
    for _ in range(max(occurrence, 1)):
        pos = t.find(s, pos + 1)
        if pos < 0:
            break
    if pos >= 0:
        return pos, pos + len(s)
    pat = r"\s+".join(re.escape(w) for w in s.split())
    ms = list(re.finditer(pat, t, re.IGNORECASE))
    if len(ms) >= occurrence:
        m = ms[occurrence - 1]
        return m.start(), m.end()
    return None


def _norm_actor(s: str) -> str:
    return re.sub(r"[\s\-]+", " ", str(s)).strip().lower()


def _speaker_correct(pred_actor: str, pred_speaker: str, gold_actor: str) -> bool:
    pa, ga = _norm_actor(pred_actor), _norm_actor(gold_actor)
    if pa == ga:
        return True
    # an unlisted speaker is kept by name: "diplomats" said it, and the gold says "diplomats"
    return pa == UNKNOWN and ga not in (UNKNOWN, NONE) and ga in _norm_actor(pred_speaker)


def evaluate(quotes: pd.DataFrame, gold: pd.DataFrame, *,
             texts: pd.DataFrame | Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """Compare extracted statements with a hand annotation.

    Each gold row is located in its article by its snippet (:func:`locate_snippet`); a
    predicted row *matches* it when their character spans overlap, pairing greedily by the
    size of the overlap, one to one. Statements (direct and reported) are matched with
    statements, scare quotes with scare quotes.

    Metrics (``numerator / denominator``):

    - detection recall = matched gold statements / gold statements; detection precision =
      matched predicted statements / predicted statements;
    - speaker precision = predicted statements with the correct actor / predicted
      statements (a prediction that matches no gold statement counts as wrong); speaker
      recall = gold statements matched with the correct actor / gold statements; speaker
      accuracy on matched = correct / matched;
    - stance accuracy = matched gold statements about the target whose predicted stance
      equals the gold stance / matched gold statements about the target (gold ``support``,
      ``oppose``, ``neutral``; a predicted ``off_target`` counts as ``neutral``, since both
      mean "takes no side that counts");
    - polar stance recall = gold ``support``/``oppose`` statements predicted with that stance /
      such statements that were matched;
    - other-event detection = matched gold ``other_event`` statements predicted
      ``off_target`` / matched gold ``other_event`` statements;
    - scare recall and precision, as for detection.

    Returns
    -------
    {"metrics": DataFrame ``metric, value, numerator, denominator``,
     "matches": one row per gold row with the matched prediction (``pred_*`` columns) and
     ``speaker_ok``, ``stance_ok`` flags,
     "unmatched_predictions": predicted rows that match no gold row}
    """
    by_doc = _texts_by_doc(texts)
    gold = gold.copy()
    spans = []
    for r in gold.itertuples(index=False):
        loc = locate_snippet(by_doc.get(str(r.doc_id), ""), str(r.quote), int(r.occurrence))
        spans.append(loc if loc else (-1, -1))
    gold["g_start"] = [s for s, _ in spans]
    gold["g_end"] = [e for _, e in spans]
    pred = quotes.reset_index(drop=True).copy()
    if "stance" not in pred.columns:
        pred["stance"] = ""
    pred["p_idx"] = range(len(pred))
    gold["g_idx"] = range(len(gold))

    def pair(gsel: pd.Series, psel: pd.Series) -> dict[int, int]:
        cands = []
        for gr in gold[gsel].itertuples(index=False):
            if gr.g_start < 0:
                continue
            pd_doc = pred[psel & (pred["doc_id"].astype(str) == str(gr.doc_id))]
            for pr in pd_doc.itertuples(index=False):
                ov = min(gr.g_end, pr.end) - max(gr.g_start, pr.start)
                if ov > 0:
                    cands.append((-ov, gr.g_idx, pr.p_idx))
        cands.sort()
        used_g, used_p, out = set(), set(), {}
        for _, g, p in cands:
            if g in used_g or p in used_p:
                continue
            used_g.add(g)
            used_p.add(p)
            out[g] = p
        return out

    g_stmt = gold["kind"].isin(STATEMENT_KINDS)
    p_stmt = pred["kind"].isin(STATEMENT_KINDS)
    g_scare = gold["kind"] == "scare"
    p_scare = pred["kind"] == "scare"
    m_stmt = pair(g_stmt, p_stmt)
    m_scare = pair(g_scare, p_scare)
    matched = {**m_stmt, **m_scare}

    rows = []
    for gr in gold.itertuples(index=False):
        p = matched.get(gr.g_idx)
        pr = pred.iloc[p] if p is not None else None
        speaker_ok = bool(pr is not None and _speaker_correct(pr["actor"], pr["speaker"], gr.actor))
        pst = None if pr is None else ("neutral" if pr["stance"] == "off_target" else pr["stance"])
        stance_ok = bool(pr is not None and gr.stance in ("support", "oppose", "neutral") and pst == gr.stance)
        rows.append({
            "doc_id": gr.doc_id, "quote": gr.quote, "kind": gr.kind, "actor": gr.actor,
            "stance": gr.stance, "located": gr.g_start >= 0, "matched": pr is not None,
            "pred_quote": None if pr is None else pr["quote"],
            "pred_kind": None if pr is None else pr["kind"],
            "pred_speaker": None if pr is None else pr["speaker"],
            "pred_actor": None if pr is None else pr["actor"],
            "pred_attribution": None if pr is None else pr["attribution"],
            "pred_stance": None if pr is None else pr["stance"],
            "pred_cue": None if pr is None or "cue" not in pr.index else pr["cue"],
            "speaker_ok": speaker_ok, "stance_ok": stance_ok,
        })
    matches = pd.DataFrame(rows)
    used = set(matched.values())
    unmatched = pred[~pred["p_idx"].isin(used)].drop(columns="p_idx")

    st = matches[matches["kind"].isin(STATEMENT_KINDS)]
    n_gold = len(st)
    n_pred = int(p_stmt.sum())
    n_match = int(st["matched"].sum())
    n_correct = int(st["speaker_ok"].sum())
    on_target = st[st["matched"] & st["stance"].isin(["support", "oppose", "neutral"])]
    polar = st[st["matched"] & st["stance"].isin(["support", "oppose"])]
    other = st[st["matched"] & (st["stance"] == "other_event")]
    sc = matches[matches["kind"] == "scare"]

    def row(name, num, den):
        return {"metric": name, "value": (num / den) if den else float("nan"),
                "numerator": int(num), "denominator": int(den)}

    metrics = pd.DataFrame([
        row("detection recall", n_match, n_gold),
        row("detection precision", n_match, n_pred),
        row("speaker precision", n_correct, n_pred),
        row("speaker recall", n_correct, n_gold),
        row("speaker accuracy on matched", n_correct, n_match),
        row("stance accuracy", int(on_target["stance_ok"].sum()), len(on_target)),
        row("polar stance recall", int(polar["stance_ok"].sum()), len(polar)),
        row("other-event detection", int((other["pred_stance"] == "off_target").sum()), len(other)),
        row("scare recall", int(sc["matched"].sum()), len(sc)),
        row("scare precision", int(sc["matched"].sum()), int(p_scare.sum())),
    ])
    return {"metrics": metrics, "matches": matches, "unmatched_predictions": unmatched}
