"""Kept so that ``from newslens.passages import ...`` (notebook 04) still works: the shared
passages now live in :mod:`newslens.similarity.passages`, and their public names are
importable from :mod:`newslens.similarity`."""
from .similarity.passages import (PASSAGE_COLUMNS, outlet_groups, passages_html,  # noqa: F401
                                  shared_passages, word_spans, words)

__all__ = ["PASSAGE_COLUMNS", "outlet_groups", "passages_html", "shared_passages",
           "word_spans", "words"]
