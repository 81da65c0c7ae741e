"""Stance toward a target event: who supports it, who opposes it, and whom each outlet quotes.

The method is a transparent lexicon with rules, not a trained model, so that every label
carries the words that decided it (the ``cue`` column) and a reader can disagree with it.

0. **No event, no stance.** Without target terms (``RunConfig.target_terms`` empty) every
   statement gets ``stance = "no_target"``: there is nothing to take a side on, and
   ``off_target`` ("about something else") would be a guess.
1. **Relevance.** Without a target place, a statement is about the event when
   (:func:`~newslens.stance.relevance.term_relevance`, rules ``RELEVANCE_RULES``) its frame
   names it (a target term), or the event is named in its sentence before it or in the two
   sentences before that (rule ``preceding``; ``anaphor`` when the statement refers back with
   "it"/"this"), or the same speaker's statement just before it, in the same or the previous
   paragraph, is about it (rule ``speaker``). With a target place (``RunConfig.target_place``,
   e.g. "Idlib") the place rules decide instead: the place is named in the statement or
   its frame, in its paragraph, or in one of the ``context_paragraphs`` paragraphs before
   it - unless a paragraph in between opens on another place (``In Deir Ezzor, ...``, or a
   dateline), which starts a new story; in an article whose headline (first paragraph)
   names the place, every statement before such a paragraph counts. Other statements get
   ``stance = "off_target"``.
2. **Cues.** The lexicon (``resources/stance_lexicon.yaml``, or the file given with
   ``--stance-lexicon``) lists support and oppose cues as regular expressions with weights,
   grouped in families that name no event (calls to stop it, opposing or supporting it by
   name, criticism, warnings, pejoratives, predicted harm and benefit, approval, hope); the
   event enters through ``{TARGET}`` (the target terms) and ``{REF}`` (the terms or an
   anaphor). They are matched on the statement's *frame* (the quoted or reported words plus
   the speaker's framing words in the same sentence). Target words in phrases that name
   another kind of event ("chemical attack") are blanked first.
3. **Negation, conditions and modality.** A negator among the three words before a cue, in
   its clause, *flips* a stance verb ("will not support it" opposes, "no longer opposes it"
   and "must not be cancelled" support) and *cancels* a judgement ("will not be a
   disaster"), unless the negator belongs to a prohibition ("must not be transformed into a
   bloodbath" opposes) or to an idiom that affirms ("there is no doubt that ... a
   catastrophe"); a mitigator ("minimizing the risks") also cancels it. A cue in a clause
   opened by a conditional ("if", "unless", "want it to") does not count. Modality is in the
   cues themselves: predicted harm ("would be a massacre") opposes.
4. **Decision.** With :math:`w_c` the weight of cue :math:`c`,

   .. math:: s = \\sum_{c \\in \\text{oppose}} w_c - \\sum_{c \\in \\text{support}} w_c

   and the stance is ``oppose`` if :math:`s > 0`, ``support`` if :math:`s < 0`, ``neutral``
   otherwise (no cue, or cues that cancel). Scare quotes get ``n/a``.

Method, lexicon format and measured figures: ``docs/stance.md``.

The modules: :mod:`.lexicon` (the lexicon file and the literal gate), :mod:`.score` (one
statement), :mod:`.relevance` (is it about the event?), :mod:`.assign` (a quotes table),
:mod:`.summary` (per actor, per outlet), :mod:`.evaluate` (against a hand annotation) and
:mod:`.stage` (the stage of ``newslens run``).
"""
from __future__ import annotations

from .assign import NO_TARGET, assign_stance
from .evaluate import DEFAULT_GOLD_PATH, evaluate, load_gold, locate_snippet
from .lexicon import DEFAULT_LEXICON_PATH, Cue, StanceLexicon, load_stance_lexicon
from .relevance import CONTEXT_PARAGRAPHS, RELEVANCE_RULES, TERM_RULES
from .score import score_statement
from .stage import STAGE, stage_tables
from .summary import (STANCE_COLUMNS, STATEMENT_KINDS, THIN_EVIDENCE, VOICE_COLUMNS, stance_summary,
                      voice_shares)

__all__ = ["CONTEXT_PARAGRAPHS", "DEFAULT_GOLD_PATH", "DEFAULT_LEXICON_PATH", "NO_TARGET",
           "RELEVANCE_RULES", "STAGE", "TERM_RULES", "THIN_EVIDENCE",
           "STANCE_COLUMNS", "STATEMENT_KINDS", "VOICE_COLUMNS", "Cue", "StanceLexicon",
           "assign_stance", "evaluate", "load_gold", "load_stance_lexicon", "locate_snippet",
           "score_statement", "stage_tables", "stance_summary", "voice_shares"]
