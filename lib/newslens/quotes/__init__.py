"""Quotes and speakers: who says what, with character offsets into the cleaned text.

A *statement* is either a direct quote (words between quote marks) or reported speech (a
speech verb with its content clause: ``Turkey ... has warned against such an attack``). One
or two quoted words (``"baseless"``, ``"appropriately"``) are *scare quotes*: kept, marked
``kind="scare"``, and not counted as statements.

Every row keeps character offsets into the text it was read from (``text_clean`` when present,
else ``text``) such that ``text[start:end] == quote``: every claim points back to the text.

How a speaker is found, in order (the ``attribution`` column says which rule decided):

``name`` / ``title`` / ``collective`` / ``fuzzy``
    a speech verb next to the statement has a subject (``Pierce said``, ``said the source, an
    official of ...``, ``Russia's UN Ambassador Vassily Nebenzia said``) that matches an actor's
    alias, title or collective name in the actors file, or an unlisted capitalised name, or,
    with rapidfuzz, a misspelt listed name (``Halley`` -> Haley).
``pronoun``
    the subject is ``he``/``she``/``they``/``it``: the nearest earlier speaker in the article that
    is compatible (a person of that pronoun, or a person whose pronoun is unknown, for he/she;
    an organisation or collective for it/they).
``descriptor``
    a definite description that refers back (``the official added``): the nearest earlier
    speaker whose description contains the same head noun.
``continuation``
    a quote with no speech verb of its own continues the speaker of the statement before it in
    the same paragraph, or, for a paragraph that opens with a quote mark, the last speaker of
    the previous paragraph.
``headline``
    a short paragraph of the form ``claim: Speaker`` (the headline convention).
``unresolved`` / ``none``
    a speech verb was found but its subject matches nothing (``diplomats``), or no speaker at all.

The modules, in the order the work is done:

- :mod:`.sentences`: words, paragraphs and sentences as offsets;
- :mod:`.marks`: quote marks paired into quoted spans, and the masked text;
- :mod:`.verbs`: speech verbs and the word lists the rules read;
- :mod:`.actors`: the actors file and the index that finds actors in text;
- :mod:`.speakers`: the actor a noun phrase names;
- :mod:`.coreference`: pronouns, descriptions and continuations, from earlier statements;
- :mod:`.parser`: speech verbs with their speakers and content, sentence by sentence;
- :mod:`.assemble`: the statements of an article, from its quotes and attributions;
- :mod:`.extract`: the quotes table of a corpus (:func:`extract_quotes`).

The rules are regular expressions and small hand-written parsers because no installed library
does quote attribution without downloaded models (spaCy/textacy models, CoreNLP's quote
annotator): NLTK and scikit-learn have no quote attribution, and NLTK's taggers need data we
cannot download. Each rule says which construction or artifact it handles.
"""

from .actors import (ACTOR_COLUMNS, DEFAULT_ACTORS_PATH, FUZZY_THRESHOLD, NONE, UNKNOWN, Actor,
                     ActorIndex, ActorMatch, load_actors)
from .canonical import merge_surnames
from .coreference import DESCRIPTOR_PARAGRAPHS
from .extract import QUOTE_COLUMNS, article_texts, extract_doc, extract_quotes
from .marks import SCARE_MAX_WORDS, Quote, find_quote_spans
from .patterns import trie_pattern
from .sentences import paragraph_spans, quoted_words, sentence_spans

__all__ = ["ACTOR_COLUMNS", "DEFAULT_ACTORS_PATH", "DESCRIPTOR_PARAGRAPHS", "FUZZY_THRESHOLD",
           "NONE", "QUOTE_COLUMNS", "SCARE_MAX_WORDS", "UNKNOWN", "Actor", "ActorIndex",
           "ActorMatch", "Quote", "article_texts", "extract_doc", "extract_quotes",
           "find_quote_spans", "load_actors", "merge_surnames", "paragraph_spans", "quoted_words",
           "sentence_spans", "trie_pattern"]
