"""The stance of one statement: its cues, their negation, and the score.

With :math:`w_c` the weight of cue :math:`c` that fires in the statement's frame,

.. math:: s = \\sum_{c \\in \\text{oppose}} w_c - \\sum_{c \\in \\text{support}} w_c

and the stance is ``oppose`` if :math:`s > 0`, ``support`` if :math:`s < 0`, ``neutral``
otherwise. Target words in phrases that name another kind of event ("chemical attack") are
blanked first; a negatable cue does not count when a negator is among the three words before
it, unless the negator belongs to a prohibition or an idiom that affirms (see
:mod:`newslens.stance`).
"""
from __future__ import annotations

import re

from .lexicon import StanceLexicon, contains_any, fold, load_stance_lexicon  # noqa: F401 (doctest)

__all__ = ["score_statement", "score_folded"]

_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|n't", re.IGNORECASE)


_OTHER_SIDE = {"support": "oppose", "oppose": "support"}

# a clause or sentence boundary: a negator before it does not reach the cue after it
# ("No, we will back it", "not yet; we support it")
_BOUNDARY_RE = re.compile(r"[.;:!?,]\s|\bbut\b", re.IGNORECASE)


def _negated(text: str, start: int, lex: StanceLexicon, *, flip: bool = False) -> bool:
    """Is the cue starting at ``start`` negated (or, unless ``flip``, mitigated) by the three
    words before it in its clause? For a ``flip`` cue a prohibition negates too ("must not
    cancel the summit" supports it); for a ``cancel`` cue it keeps the polarity ("must not be
    transformed into a bloodbath" opposes)."""
    window = text[max(0, start - 60):start]
    cut = list(_BOUNDARY_RE.finditer(window))
    if cut:
        window = window[cut[-1].end():]
    words = [w.lower() for w in _TOKEN_RE.findall(window)][-3:]
    tail = " ".join(words)
    if not flip and lex.mitigator is not None and lex.mitigator.search(tail):
        return True
    if not any(w in lex.negators or w.endswith("n't") for w in words):
        return False
    if flip:
        return not any(p in tail for p in lex.affirming)
    if any(p in tail for p in lex.prohibitions):
        return False  # "must not be (transformed into a) bloodbath" keeps opposing
    wider = " ".join(w.lower() for w in _TOKEN_RE.findall(text[max(0, start - 120):start]))
    if any(p in wider for p in lex.prohibitions + lex.affirming):
        return False  # "there is no doubt that ...", "spare no effort"
    return True


_SENTENCE_END_RE = re.compile(r"[.!?;]")


def _near_event(text: str, start: int, end: int, lex: StanceLexicon) -> bool:
    """Is the event (``{REF}``: a target term or an anaphor) named in the sentence of the
    cue at ``start:end``?"""
    if lex.ref is None:
        return False
    left = _since_last(_SENTENCE_END_RE, text[max(0, start - 200):start])
    right = text[end:end + 200]
    m = _SENTENCE_END_RE.search(right)
    if m:
        right = right[:m.start()]
    return bool(lex.ref.search(left + " " + text[start:end] + " " + right))


def _hypothetical(text: str, start: int, lex: StanceLexicon) -> bool:
    """Does a conditional ("if", "unless", "want it to": the lexicon's ``conditionals``) open
    the clause of the cue starting at ``start``? A cue in a condition or a wish ("if it only
    helps the rich", "I want it to be pro-growth") judges nothing yet."""
    if lex.conditionals is None:
        return False
    return bool(lex.conditionals.search(_since_last(_BOUNDARY_RE, text[max(0, start - 120):start])))


def _since_last(boundary: re.Pattern, window: str) -> str:
    """``window`` after the last match of ``boundary`` in it (all of it when none)."""
    cut = None
    for cut in boundary.finditer(window):
        pass
    return window[cut.end():] if cut is not None else window


def score_statement(frame: str, lex: StanceLexicon) -> tuple[str, float, str]:
    """Stance, score and decisive cue of one statement's frame.

    Returns
    -------
    (stance, score, cue) where ``score`` is :math:`s` of the module docstring and ``cue`` names
    the strongest cue(s) of the winning side as ``name: "matched words"`` (``; ``-separated),
    negated cues as ``negated name: "..."``, or "" when no cue fired.

    Examples
    --------
    >>> lex = load_stance_lexicon(target_terms=("battle", "offensive"))
    >>> score_statement("It is absolutely essential to avoid a full-scale battle in Idlib", lex)[:2]
    ('oppose', 2.0)
    >>> score_statement("This abscess must be liquidated.", lex)[:2]
    ('support', -3.0)
    >>> score_statement("The offensive will not be a bloodbath.", lex)[0]
    'neutral'
    >>> score_statement("We will not support the offensive.", lex)[:2]
    ('oppose', 2.0)
    """
    return score_folded(frame, lex, fold(frame))


def score_folded(frame: str, lex: StanceLexicon, low: str) -> tuple[str, float, str]:
    """:func:`score_statement` of a frame whose :func:`~newslens.stance.lexicon.fold` is
    ``low`` (folded once for both the relevance test and the cues)."""
    text = frame
    if lex.not_the_event is not None and contains_any(low, lex.not_the_event_literals):
        text = lex.not_the_event.sub(lambda m: " " * len(m.group(0)), text)
        low = fold(text)
    # one scan for the cues' literals tells which cues can match at all (see LiteralGate);
    # most statements match none
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
            if cue.near_event and not _near_event(text, s, e, lex):
                hits.append(("negated", 0.0, "not near the event: " + cue.name, frame[s:e], s))
                continue
            if cue.stance != "neutral" and _hypothetical(text, s, lex):
                hits.append(("negated", 0.0, "conditional " + cue.name, frame[s:e], s))
                continue
            if cue.negatable and _negated(text, s, lex, flip=cue.negation == "flip"):
                if cue.negation == "flip" and cue.stance in _OTHER_SIDE:
                    # "will not support it" opposes, "no longer opposes it" supports
                    hits.append((_OTHER_SIDE[cue.stance], cue.weight, "negated " + cue.name, frame[s:e], s))
                    taken.append((s, e))
                else:
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
