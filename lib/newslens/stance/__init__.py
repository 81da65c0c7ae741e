"""Stance toward a target event: who supports it, who opposes it, and whom each outlet quotes.

The method is a transparent lexicon with rules, not a trained model, so that every label
carries the words that decided it (the ``cue`` column) and a reader can disagree with it.

1. **Relevance.** A statement counts toward the target event only if the target place
   (``RunConfig.target_place``, e.g. "Idlib") is named in the statement or its frame, in its
   paragraph, or in one of the ``context_paragraphs`` paragraphs before it - unless a
   paragraph in between opens on another place (``In Deir Ezzor, ...``, or a dateline), which
   starts a new story; in an article whose headline (first paragraph) names the place, every
   statement before such a paragraph counts. Other statements get ``stance = "off_target"``. This keeps statements
   about another event in the same article (i24NEWS's second story, on the SDF offensive in
   Deir Ezzor) out of the counts. With an empty ``target_place`` every statement is relevant.
2. **Cues.** The lexicon (``resources/stance_lexicon.yaml``) lists oppose and support cues as
   regular expressions with weights (and, for each, the words every match contains, which
   decide cheaply which cues to try), matched on the statement's *frame* (the quoted or
   reported words plus the speaker's framing words in the same sentence). Target words in
   phrases that name another kind of event ("chemical attack") are blanked first.
3. **Negation and modality.** A negatable cue does not count when a negator is among the
   three words before it ("will not be a bloodbath"), unless the negator belongs to a
   prohibition ("must not be transformed into a bloodbath" opposes) or to an idiom that
   affirms ("there is no doubt that ... a catastrophe"); a mitigator ("minimizing the risks")
   also cancels it. Modality is in the cues themselves: predicted harm ("would be a
   massacre", "could lead to a humanitarian catastrophe") opposes, a deontic demand for
   destruction ("must be liquidated") supports.
4. **Decision.** With :math:`w_c` the weight of cue :math:`c`,

   .. math:: s = \\sum_{c \\in \\text{oppose}} w_c - \\sum_{c \\in \\text{support}} w_c

   and the stance is ``oppose`` if :math:`s > 0`, ``support`` if :math:`s < 0`, ``neutral``
   otherwise (no cue, or cues that cancel). Scare quotes get ``n/a``.

The modules: :mod:`.lexicon` (the lexicon file and the literal gate), :mod:`.score` (one
statement), :mod:`.relevance` (is it about the event?), :mod:`.assign` (a quotes table),
:mod:`.summary` (per actor, per outlet), :mod:`.evaluate` (against a hand annotation) and
:mod:`.stage` (the stage of ``newslens run``).
"""
from __future__ import annotations

from .assign import assign_stance
from .evaluate import DEFAULT_GOLD_PATH, evaluate, load_gold, locate_snippet
from .lexicon import DEFAULT_LEXICON_PATH, Cue, StanceLexicon, load_stance_lexicon
from .relevance import CONTEXT_PARAGRAPHS
from .score import score_statement
from .stage import STAGE, stage_tables
from .summary import STANCE_COLUMNS, STATEMENT_KINDS, VOICE_COLUMNS, stance_summary, voice_shares

__all__ = ["CONTEXT_PARAGRAPHS", "DEFAULT_GOLD_PATH", "DEFAULT_LEXICON_PATH", "STAGE",
           "STANCE_COLUMNS", "STATEMENT_KINDS", "VOICE_COLUMNS", "Cue", "StanceLexicon",
           "assign_stance", "evaluate", "load_gold", "load_stance_lexicon", "locate_snippet",
           "score_statement", "stage_tables", "stance_summary", "voice_shares"]
