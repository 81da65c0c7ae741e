"""What a cleaning rule is: the :class:`Document` rules edit, the :class:`Rule` record and
the builders of simple rules (:func:`drop_lines`, :func:`replace_text`,
:func:`paragraph_edit`).

A rule of stage ``"text"`` edits ``doc.text`` (the whole article, before it is split into
paragraphs); a rule of stage ``"paragraphs"`` edits ``doc.paragraphs``. Every rule returns
the changes it made as ``(old, new, count)`` tuples, which the cleaner logs under the
rule's name.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

#: Columns of the cleaning log, in order.
LOG_COLUMNS = ["doc_id", "rule", "removed_or_replaced_text", "replacement", "count"]

#: A change: (original text, replacement, how many times in this document).
Change = tuple[str, str, int]


@dataclass
class Document:
    """The state of one article while rules run over it.

    Attributes
    ----------
    text : the whole text (read and written by ``"text"`` rules).
    paragraphs : the paragraphs (read and written by ``"paragraphs"`` rules).
    subheadings : lines moved out of the text by the ``subheadings`` rule.
    agency : the news agency named in the dateline ("Reuters" in "CAIRO (Reuters) -"), set
        by the ``dateline`` rule; "" when none.
    repeated : normalised keys (see :func:`repeat_key`) of lines that repeat across many
        articles of this article's outlet, learned from the corpus
        (:mod:`newslens.clean.repeats`).
    """

    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    agency: str = ""
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
    >>> from newslens.clean import clean_text
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
    >>> from newslens.clean import clean_text
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


def paragraph_edit(edit: Callable[[str], str | None], *, max_chars: int | None = None,
                   where: Callable[[int, int], bool] | None = None,
                   gate: Callable[[Document], bool] | None = None
                   ) -> Callable[[Document], list[Change]]:
    """A rule function (for ``Rule(fn=...)``) that edits paragraphs one at a time.

    Parameters
    ----------
    edit : ``edit(paragraph) -> new paragraph`` ("" drops it) or None (unchanged).
    max_chars : longer paragraphs are left alone.
    where : ``where(index, n_paragraphs)`` false leaves that paragraph alone.
    gate : ``gate(doc)`` false skips the whole document (a fast path).
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
