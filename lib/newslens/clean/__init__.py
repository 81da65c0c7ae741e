"""Cleaning: repair broken characters, strip scraping boilerplate, keep the article's structure.

Scraped and machine-translated news is damaged in ways that distort every count downstream:
HTML entities with spaces inside (``& # 39;``) that neither :func:`html.unescape` nor ftfy
repair, mojibake (UTF-8 read as cp1252: ``â€™``), non-breaking and zero-width spaces, curly and
straight quotes mixed, and the furniture of the page the text was scraped from (navigation,
tracker names, captions printed twice, "Source: … and agencies" lines, reporter stand-ups,
advertisement markers, newsletter banners, bylines and timestamps).

The cleaner is an ordered tuple of named :class:`Rule` objects (:data:`DEFAULT_RULES`).
Rules of stage ``"text"`` see the whole text and repair characters; then the text is split
into paragraphs (one per non-empty line: scraped text puts each paragraph on its own line);
rules of stage ``"paragraphs"`` see the list of paragraphs and drop or edit whole lines:
first those that judge one line at a time, then those that look at neighbouring lines
(captions and their copies, the headline, duplicates). The last rule moves subheadings out
of the text into their own column. Every change is logged. ``clean_text(clean_text(x)) ==
clean_text(x)`` for every string (tested with hypothesis).

Switch a rule off by name (``disabled=("byline",)``) or add your own
(``rules=DEFAULT_RULES + (drop_lines("promo", "our promo line", r"Buy now.*"),)``).

Modules, in reading order:

``rules``          what a rule is (:class:`Rule`, :class:`Document`) and rule builders
``characters``     character rules: mojibake, entities, tags, invisible characters, bidi controls,
                   spaces, quotes
``quote_spacing``  free-standing and stray quote marks
``lines``          line patterns: navigation, ads, widgets, banners, bylines, timestamps, sources
``captions``       photo credits and captions
``datelines``      "CAIRO (Reuters) -": the dateline rule and the agency it names
``body``           the body of a scraped page: the stretch of lines with the most prose
``layout``         tracker names, the headline printed twice, duplicates, subheadings
``repeats``        the learned rule: lines an outlet repeats across its articles
``registry``       :data:`DEFAULT_RULES` in order, :func:`list_rules`
``document``       one article: :func:`clean_text`, :func:`clean_document`
``stage``          the corpus: :data:`STAGE` (how it splits over partitions), :func:`clean_corpus`
``diagnostics``    tables of what the cleaner did
"""
from .diagnostics import DAMAGE_PATTERNS, damage_report, length_table, rule_counts, rule_examples
from .document import clean_document, clean_text
from .registry import DEFAULT_RULES, list_rules
from .repeats import (MAX_REPEATS_PER_ARTICLE, RepeatStatistics, combine_repeat_statistics,
                      paragraph_keys, repeat_key, repeat_statistics, select_repeated)
from .rules import LOG_COLUMNS, Change, Document, Rule, drop_lines, paragraph_edit, replace_text
from .stage import (STAGE, CleanOptions, clean_corpus, finish_documents, learn_repeated_lines,
                    stage_tables)

__all__ = ["Rule", "Document", "Change", "DEFAULT_RULES", "LOG_COLUMNS", "DAMAGE_PATTERNS",
           "drop_lines", "replace_text", "paragraph_edit", "clean_text", "clean_document",
           "clean_corpus", "learn_repeated_lines", "RepeatStatistics", "repeat_statistics",
           "combine_repeat_statistics", "select_repeated", "MAX_REPEATS_PER_ARTICLE",
           "finish_documents", "list_rules", "repeat_key", "paragraph_keys", "rule_counts",
           "rule_examples", "length_table", "damage_report", "stage_tables", "STAGE",
           "CleanOptions"]
