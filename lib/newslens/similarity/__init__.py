"""TF-IDF similarity between articles and between outlets, and the passages they share.

Two articles about the same event share vocabulary; how much they share, weighted by how
rare each shared word is, is the cosine between their TF-IDF vectors (built with
scikit-learn's ``TfidfVectorizer``, every option passed through). Similarity scores hide
what exactly is shared: the shared passages (wire copy, a statement both quote) are
found and aligned word by word, with each outlet's edits.

Modules, in reading order:

``tfidf``        the vectors and their formulas; the same matrix built partition by partition
``outlets``      who counts as an outlet; one vector per outlet
``neighbours``   cosines block by block: all pairs, or each row's k nearest
``compare``      :func:`tfidf_similarity`, :func:`distinctive_terms`
``heatmap``      :func:`similarity_matrix`, :func:`plot_similarity_heatmap`
``passages``     :func:`shared_passages`: words, n-gram seeds, regions, alignment, HTML
``stage``        :data:`STAGE` (how the stage splits over partitions), :func:`stage_tables`
"""
from .compare import (ALL_PAIRS_MAX_DOCS, TERM_COLUMNS, TOP_K_LARGE, default_top_k,
                      distinctive_terms, tfidf_similarity)
from .heatmap import plot_similarity_heatmap, similarity_matrix
from .neighbours import SIMILARITY_COLUMNS
from .outlets import outlet_groups, outlet_matrix
from .passages import PASSAGE_COLUMNS, passages_html, shared_passages, word_spans, words
from .stage import STAGE, stage_tables
from .tfidf import DEFAULT_TFIDF_OPTIONS, tfidf_matrix

__all__ = ["DEFAULT_TFIDF_OPTIONS", "ALL_PAIRS_MAX_DOCS", "TOP_K_LARGE", "SIMILARITY_COLUMNS",
           "TERM_COLUMNS", "PASSAGE_COLUMNS", "tfidf_matrix", "outlet_groups", "outlet_matrix",
           "tfidf_similarity", "distinctive_terms", "default_top_k", "similarity_matrix",
           "plot_similarity_heatmap", "shared_passages", "passages_html", "words",
           "word_spans", "STAGE", "stage_tables"]
