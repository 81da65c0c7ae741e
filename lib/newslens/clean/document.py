"""Cleaning one article: run the active rules in order and log every change.

:func:`run_text_stage` runs the character rules on the whole text and splits it into
paragraphs (one per non-empty line: scraped text puts each paragraph on its own line);
:func:`finish_document` runs the paragraph rules and joins the paragraphs again with one
blank line. Between the two, a corpus driver can learn the lines an outlet repeats
(:mod:`newslens.clean.repeats`, :mod:`newslens.clean.stage`). :func:`clean_document` and
:func:`clean_text` do both for a single text. ``clean_text(clean_text(x)) == clean_text(x)``
for every string (tested with hypothesis).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Iterable, Sequence

from .characters import fix_mojibake, has_mojibake_hint
from .registry import active_rules
from .rules import Change, Document, Rule

#: Most passes of the character rules, and of the neighbour rules after a subheading moved.
_MAX_PASSES = 4
#: Character rules whose changes can give an earlier rule new work (see run_text_stage).
_REPEAT_IF_CHANGED = frozenset({"mojibake", "html_entities", "html_tags"})
#: Texts longer than this run the character rules piece by piece (:func:`_pieces_of`).
#: A regular expression or ``str.replace`` over one string of tens of millions of
#: characters slows down per character once the string no longer fits the processor's
#: caches (measured on one 20 M-character line: 4x the text took 6-13x the time in
#: ``re.sub`` and ``str.replace``); pieces of :data:`PIECE_CHARS` keep the cost linear.
#: Below this, which covers every real article, nothing changes.
LONG_TEXT_CHARS = 1_000_000
#: The length of a piece, and the longest line kept whole: a line longer than this (no
#: real paragraph is) is cut at spaces into lines of at most this many characters, and
#: the cut is logged under the rule name ``long_lines``.
PIECE_CHARS = 250_000


def run_text_stage(text: str, rules: Sequence[Rule]) -> tuple[Document, list[tuple[str, Change]]]:
    """Run the character rules (stage ``"text"``) of ``rules`` on ``text`` and split it into
    paragraphs.

    Returns
    -------
    (doc, log): ``doc.paragraphs`` holds the stripped non-empty lines (``doc.text`` is
    emptied), ``log`` the changes as ``(rule name, (old, new, count))`` pairs.
    """
    text = text if isinstance(text, str) else ""
    if len(text) > LONG_TEXT_CHARS:
        return _run_text_stage_in_pieces(text, rules)
    doc = Document(text=text)
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
                any(r.fn is fix_mojibake for r in text_rules) and has_mojibake_hint(doc.text)):
            break
    doc.paragraphs = [p for p in map(str.strip, doc.text.split("\n")) if p]
    # From here on the paragraphs are the document; the joined text is rebuilt at the end
    # (dropping it keeps a corpus, held whole between the two passes, small).
    doc.text = ""
    doc.memo.clear()
    return doc, log


def _cut_line(line: str) -> list[str]:
    """A line of more than :data:`PIECE_CHARS` characters cut after the last space
    before each multiple of it (or at the limit, when a stretch has no space)."""
    out, start = [], 0
    while len(line) - start > PIECE_CHARS:     # offsets, not a shrinking copy of the rest
        end = start + PIECE_CHARS
        cut = line.rfind(" ", start, end) + 1 or end
        cut = cut if cut > start else end
        out.append(line[start:cut])
        start = cut
    out.append(line[start:])
    return out


def _pieces_of(text: str, log: list[tuple[str, Change]]) -> list[str]:
    """``text`` as consecutive pieces of about :data:`PIECE_CHARS` characters that end at a
    line break; overlong lines are cut first (:func:`_cut_line`, logged)."""
    pieces, current, size = [], [], 0
    for line in text.split("\n"):
        parts = [line] if len(line) <= PIECE_CHARS else _cut_line(line)
        if len(parts) > 1:
            log.append(("long_lines", (f"a line of {len(line):,} characters",
                                       f"{len(parts)} lines of at most {PIECE_CHARS:,}",
                                       len(parts) - 1)))
        for part in parts:
            if size + len(part) > PIECE_CHARS and current:
                pieces.append("\n".join(current))
                current, size = [], 0
            current.append(part)
            size += len(part) + 1
    pieces.append("\n".join(current))
    return pieces


def _run_text_stage_in_pieces(text: str, rules: Sequence[Rule]
                              ) -> tuple[Document, list[tuple[str, Change]]]:
    """:func:`run_text_stage` of a text longer than :data:`LONG_TEXT_CHARS`, piece by piece
    (the pieces end at line breaks, and the character rules act within a line, so only a
    pattern that spans a line break at a piece's end is seen differently)."""
    log: list[tuple[str, Change]] = []
    paragraphs: list[str] = []
    for piece in _pieces_of(text, log):
        part, part_log = run_text_stage(piece, rules)
        paragraphs.extend(part.paragraphs)
        log.extend(part_log)
    doc = Document(text="")
    doc.paragraphs = paragraphs
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


def _require_text(text: object, function: str) -> None:
    # run_text_stage treats a missing value (NaN in a table) as an empty text; a caller
    # who passes bytes or a number by mistake should hear so, not get "" back.
    if not isinstance(text, str):
        hint = ("; decode it first, e.g. data.decode('utf-8') or newslens.corpus.decode_bytes"
                if isinstance(text, (bytes, bytearray, memoryview)) else "")
        raise TypeError(f"{function} expects the article as a str, not "
                        f"{type(text).__name__}{hint}")


def clean_document(text: str, *, rules: Sequence[Rule] | None = None, disabled: Iterable[str] = (),
                   repeated: frozenset[str] = frozenset()) -> tuple[Document, list[tuple[str, Change]]]:
    """Clean one text and return the :class:`Document` (text, paragraphs, subheadings) and
    its log as ``(rule name, (old, new, count))`` pairs."""
    _require_text(text, "clean_document")
    active = active_rules(rules, disabled)
    doc, log = run_text_stage(text, active)
    doc.repeated = repeated
    finish_document(doc, active, log)
    return doc, log


def finish_document(doc: Document, active: tuple[Rule, ...],
                     log: list[tuple[str, Change]]) -> None:
    """Run the paragraph rules of ``active`` on a document from :func:`run_text_stage`
    (``doc.repeated`` set to its outlet's learned lines), appending to its ``log``; then
    ``doc.text`` is the paragraphs joined by blank lines."""
    # Rules that look at one paragraph run first, rules that look at neighbours last, so one
    # pass sees the final neighbourhoods. Only moving a subheading (the last rule) can make
    # two paragraphs neighbours that an earlier rule would act on (a subheading between two
    # copies of a paragraph); then the neighbour rules run again, so cleaning is idempotent.
    _run_paragraph_stage(doc, active, log)
    for _ in range(_MAX_PASSES):
        if not doc.memo.pop("unsettled", False):
            break
        _run_paragraph_stage(doc, active, log, again=True)


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
    first, quote marks ASCII, subheadings removed (see :func:`newslens.clean.clean_corpus`
    for the column that keeps them). Lines repeated across an outlet's articles are only
    found by :func:`newslens.clean.clean_corpus`, which sees the whole corpus.

    Raises
    ------
    TypeError
        When ``text`` is not a str (bytes must be decoded first).

    Examples
    --------
    >>> clean_text("Talks on Idlib\\n\\n& # 39;Catastrophe& # 39; feared\\n\\n"
    ...            "The UN warned of a \\u201ccatastrophe\\u201d.\\n\\nAdvertisement\\n\\n"
    ...            "Source: TRTWorld and agencies")
    'Talks on Idlib\\n\\nThe UN warned of a "catastrophe".'
    """
    _require_text(text, "clean_text")
    return clean_document(text, rules=rules, disabled=disabled)[0].text

