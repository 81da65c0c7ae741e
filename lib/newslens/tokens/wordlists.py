"""The word lists the tokenizer reads: stop words and multi-word phrases.

Both are editable text files shipped as package data (``resources/stopwords_domain.txt``
and ``resources/phrases.txt``, found through :data:`newslens.config.RESOURCES_DIR`), one
entry per line, ``#`` for comments (:func:`read_word_list`).
"""
from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from ..config import RESOURCES_DIR

__all__ = ["STOP_WORDS_PATH", "PHRASES_PATH", "read_word_list", "stop_words",
           "default_phrases", "resolve_stop_words"]

#: Domain stop words (added to scikit-learn's list) and exceptions (removed from it).
STOP_WORDS_PATH = RESOURCES_DIR / "stopwords_domain.txt"
#: Multi-word names counted as one term.
PHRASES_PATH = RESOURCES_DIR / "phrases.txt"


def read_word_list(path: str | Path) -> list[str]:
    """Entries of a word-list file, in file order.

    One entry per line; ``#`` starts a comment; blank lines are skipped; whitespace inside
    an entry is collapsed to one space.
    """
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(" ".join(line.split()))
    return out


@lru_cache(maxsize=8)
def _domain_stop_lists(path: str) -> tuple[frozenset[str], frozenset[str]]:
    add, keep = set(), set()
    for entry in read_word_list(path):
        if entry.startswith("!"):
            keep.add(entry[1:].strip().lower())
        else:
            add.add(entry.lower())
    return frozenset(add), frozenset(keep)


@lru_cache(maxsize=8)
def stop_words(kind: str = "default", *, path: str | None = None) -> frozenset[str]:
    """A stop-word set.

    Parameters
    ----------
    kind : ``"english"`` is scikit-learn's ``ENGLISH_STOP_WORDS`` (318 words, the list
        ``CountVectorizer(stop_words="english")`` uses); ``"default"`` is that list plus
        the editable domain list (``resources/stopwords_domain.txt``), minus the words the
        domain list marks ``!word``: scikit-learn drops them but in news they carry
        meaning ("un" is the United Nations once lowercased, "de" starts "de Mistura",
        "fire" and "serious" are content words in conflict reporting).
    path : another domain list file.

    Examples
    --------
    >>> "un" in stop_words("english"), "un" in stop_words("default")
    (True, False)
    >>> "said" in stop_words("default")
    True
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    if kind == "english":
        return frozenset(ENGLISH_STOP_WORDS)
    if kind != "default":
        raise ValueError(f"unknown stop-word list {kind!r}; use 'default' or 'english'")
    add, keep = _domain_stop_lists(str(path or STOP_WORDS_PATH))
    return (frozenset(ENGLISH_STOP_WORDS) | add) - keep


def default_phrases(*, path: str | Path | None = None) -> tuple[str, ...]:
    """The bundled multi-word names counted as one term, lowercased, in file order.

    Examples
    --------
    >>> "security council" in default_phrases()
    True
    """
    return tuple(p.lower() for p in read_word_list(path or PHRASES_PATH))


def resolve_stop_words(stop: Collection[str] | str | None) -> frozenset[str]:
    """``None`` -> empty set; ``"default"``/``"english"`` -> :func:`stop_words`; else the words."""
    if stop is None:
        return frozenset()
    if isinstance(stop, str):
        return stop_words(stop)
    return frozenset(w.lower() for w in stop)
