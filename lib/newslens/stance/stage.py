"""The stance stage of ``newslens run``: ``quotes.csv`` and ``stance.csv``.

How it splits: one step over the corpus's partitions.

*map* (:func:`quotes_with_stance`)
    a partition's statements and scare quotes with speakers
    (:func:`newslens.quotes.extract_quotes`) and stance
    (:func:`newslens.stance.assign_stance`).
*combine* (:func:`combine_stance`)
    the partitions' rows concatenated and sorted by ``doc_id, start, end, kind``; the
    ``stance`` table summarises them (:func:`newslens.stance.stance_summary`).

Every row depends only on its own article (the speaker of "he" and the place named in an
earlier paragraph are looked for in the same article; the caches of the actor index only
remember answers), and the rows are sorted after concatenation, so every partitioning and
every engine gives the same tables as one partition (:func:`stage_tables`).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import RunConfig
from ..pipeline.stages import Stage, Step, run_serial
from ..quotes import ActorIndex, extract_quotes, load_actors, merge_surnames
from .assign import assign_stance
from .summary import stance_summary

__all__ = ["STAGE", "actors_for", "quotes_with_stance", "combine_stance", "stage_tables"]

#: Actor indexes by actors file, one per process: built once (in the parent before a pool
#: forks, once per Dask worker), not once per partition; their look-up caches fill as they go.
_ACTORS: dict[str, ActorIndex] = {}


def actors_for(path: str | Path | None) -> ActorIndex:
    """The actor index of the actors file ``path`` (None: the example study's), built once
    per process (:func:`newslens.quotes.load_actors`)."""
    key = str(path)
    if key not in _ACTORS:
        _ACTORS[key] = load_actors(path)
    return _ACTORS[key]


def quotes_with_stance(part: pd.DataFrame, context: dict) -> pd.DataFrame:
    """Map: the quotes of one partition of the cleaned corpus with their stance, read with
    ``context["config"]``'s actors file, target terms and target place."""
    config: RunConfig = context["config"]
    quotes = extract_quotes(part, actors=actors_for(config.actors_path))
    return assign_stance(quotes, target_terms=config.target_terms,
                         target_place=config.target_place, texts=part,
                         lexicon=config.stance_lexicon_path)


def combine_stance(partials: list[pd.DataFrame], context: dict) -> dict:
    """Combine: the ``quotes`` table (the partitions' rows, sorted) and the ``stance``
    table summarising it, in that order."""
    # an empty partition's table has object columns; leave it out so dtypes stay those of
    # a partition with rows (a corpus without any quote keeps one empty table)
    nonempty = [f for f in partials if len(f)] or list(partials[:1])
    quotes = pd.concat(nonempty, ignore_index=True)
    quotes = quotes.sort_values(["doc_id", "start", "end", "kind"], kind="mergesort").reset_index(drop=True)
    # a surname alone ("Huntsman") joins the one full name of the corpus that ends with it
    # ("Jon Huntsman"): on the whole table, so that no partitioning changes the answer
    listed = frozenset(actors_for(context["config"].actors_path).actors)
    quotes = merge_surnames(quotes, listed=listed)
    return {**context, "tables": {"quotes": quotes, "stance": stance_summary(quotes)}}


#: The stance stage: one map-reduce step over the corpus's partitions.
STAGE = Stage(
    name="stance",
    description="quotes, speakers and stance",
    steps=(Step(map=quotes_with_stance, combine=combine_stance, over="partitions"),),
)


def stage_tables(df: pd.DataFrame, *, config: RunConfig) -> dict[str, pd.DataFrame]:
    """The tables ``newslens run`` writes for ``df`` (the cleaned corpus): ``quotes`` (every
    statement and scare quote with speaker, offsets and stance) and ``stance``
    (:func:`newslens.stance.stance_summary`): :data:`STAGE` on one partition, in this
    process."""
    return run_serial(STAGE, df, config=config)
