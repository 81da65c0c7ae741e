"""newslens: compare how news outlets cover the same story.

One module per stage: ``corpus`` (load), ``clean``, ``terms``, ``similarity``, ``quotes``,
``stance``; ``pipeline`` runs them all and ``cli`` is the ``newslens`` command. Public
functions are importable from the package itself (``newslens.load_corpus``); they are
loaded on first use so that ``import newslens`` stays fast.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "load_corpus": "corpus", "load_report": "corpus", "summarise_report": "corpus",
    "outlet_summary": "corpus",
    "CorpusError": "errors", "NewslensError": "errors",
    "RunConfig": "config",
    "write_table": "io",
    "clean_text": "clean", "clean_corpus": "clean", "list_rules": "clean",
    "tokenize": "tokens",
    "term_frequencies": "terms", "keyness": "terms", "kwic": "terms",
    "collocations": "terms", "framing_rates": "terms",
    "count_terms": "terms", "load_framing": "terms",
    "tfidf_similarity": "similarity", "distinctive_terms": "similarity",
    "shared_passages": "similarity",
    "extract_quotes": "quotes", "load_actors": "quotes",
    "assign_stance": "stance", "stance_summary": "stance", "voice_shares": "stance",
    "run_pipeline": "pipeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newslens' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
