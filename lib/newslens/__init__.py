"""newslens: compare how news outlets cover the same story.

One sub-package per stage: ``corpus`` (load), ``clean``, ``terms``, ``similarity``,
``quotes``, ``stance``; ``pipeline`` runs them all (the stage protocol, the engines, the
run) and ``cli`` is the ``newslens`` command; ``docs/architecture.md`` maps them. Public
functions are importable from the package itself (``newslens.load_corpus``) and listed by
``dir(newslens)`` (tab completion in JupyterLab); they are loaded on first use so that
``import newslens`` stays fast.
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
    "run_pipeline": "pipeline", "prepare_corpus": "pipeline",
}

__all__ = sorted(_EXPORTS)


#: The sub-packages and modules, also loaded on first use (``newslens.terms.kwic``).
_SUBMODULES = ("cli", "clean", "config", "corpus", "errors", "io", "pipeline", "quotes",
               "report", "similarity", "stance", "terms", "tokens")


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newslens' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(_SUBMODULES) | {"__version__"})
