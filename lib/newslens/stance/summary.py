"""Summaries of a quotes table with stance: per actor (:func:`stance_summary`) and, per
outlet, each group's share of the quoted words (:func:`voice_shares`)."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..quotes import NONE, UNKNOWN, quoted_words

__all__ = ["STANCE_COLUMNS", "THIN_EVIDENCE", "VOICE_COLUMNS", "STATEMENT_KINDS", "stance_summary",
           "voice_shares"]

#: Columns of the stance table (:func:`stance_summary`).
STANCE_COLUMNS = ["actor", "group", "stance", "n_statements", "outlets", "evidence",
                  "n_support", "n_oppose", "n_neutral", "evidence_doc_id", "evidence_cue",
                  "thin_evidence"]
#: Up to this many statements about the event, an actor's stance is flagged ``thin_evidence``.
THIN_EVIDENCE = 2
# How an attribution reads, from the actor's own words (a quote given by name) to words
# that are only ascribed (a pronoun resolved to the actor, a continued quote, a collective):
# the evidence prefers the first.
_OWN_WORDS = {"name": 2, "continuation": 1, "pronoun": 1}
# Relevance reasons by how directly the statement names the event.
_ABOUT = {"statement": 2, "anaphor": 1, "paragraph": 1, "context": 1}
#: Columns of :func:`voice_shares`.
VOICE_COLUMNS = ["outlet", "group", "n_statements", "n_words", "share"]
#: The kinds of row that are statements (a scare quote is not).
STATEMENT_KINDS = ("direct", "reported")


def stance_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per actor: stance toward the target event, with the evidence.

    Counts only statements (direct and reported) about the target event, from listed or
    named actors (not ``unknown``, not the narrator).

    Parameters
    ----------
    quotes : the table of :func:`assign_stance`.

    Returns
    -------
    DataFrame sorted by ``group, actor`` with columns

    ``actor, group``
    ``stance``
        ``oppose`` or ``support`` when that side has more statements, ``mixed`` when both
        sides have the same positive count, ``neutral`` when no statement takes a side.
    ``n_statements``
        statements about the event (support + oppose + neutral).
    ``outlets``
        outlets that carry them, ``; ``-separated, sorted.
    ``evidence``
        the clearest statement for the actor's stance, among the statements with the
        majority label (all of them when neutral or mixed), chosen in this order: the one that
        names the event itself (relevance ``statement``, then ``anaphor``/``paragraph``/
        ``context``), the actor's own words (a direct quote attributed by name, then one
        attributed by pronoun or continuation, then reported speech: a reported clause is
        the writer's paraphrase, and the words of a commentator can end up attributed to the
        actor), the largest score in the stance's direction, the longest, then the first by
        doc_id and offset.
    ``n_support, n_oppose, n_neutral, evidence_doc_id, evidence_cue``
    ``thin_evidence``
        True when the stance rests on one or two statements (:data:`THIN_EVIDENCE`).
    """
    if "stance" not in quotes.columns:
        raise ValueError("stance_summary needs the table of assign_stance (no 'stance' column)")
    q = quotes[quotes["kind"].isin(STATEMENT_KINDS)
               & quotes["stance"].isin(["support", "oppose", "neutral"])
               & ~quotes["actor"].isin([UNKNOWN, NONE, ""])]
    keys = ["actor", "group"]
    # rows with a missing actor or group belong to no actor (groupby drops them)
    q = q[q["actor"].notna() & q["group"].notna()]
    if q.empty:
        return pd.DataFrame([], columns=STANCE_COLUMNS)
    # One grouped count and one global sort, not a loop over actors with a sort per actor
    # (that loop took minutes on an article naming thousands of people).
    q = pd.DataFrame({
        "actor": q["actor"].to_numpy(), "group": q["group"].to_numpy(),
        "stance": q["stance"].to_numpy(), "score": q["score"].to_numpy(dtype=float),
        "quote": q["quote"].to_numpy(), "doc_id": q["doc_id"].to_numpy(),
        "start": q["start"].to_numpy(), "cue": q["cue"].to_numpy(),
        "outlet": q["outlet"].astype(str).to_numpy(), "_pos": range(len(q)),
        "_about": q["relevance"].map(_ABOUT).fillna(0).to_numpy() if "relevance" in q.columns else 0,
        "_own": (q["attribution"].map(_OWN_WORDS).fillna(0).to_numpy()
                 * (q["kind"] == "direct").to_numpy() if "attribution" in q.columns
                 else (q["kind"] == "direct").to_numpy()),
    })
    counts = pd.crosstab([q["actor"], q["group"]], q["stance"])
    g = pd.DataFrame({"n_support": counts.get("support", 0), "n_oppose": counts.get("oppose", 0),
                      "n_neutral": counts.get("neutral", 0)}, index=counts.index).astype("int64")
    g["n_statements"] = g["n_support"] + g["n_oppose"] + g["n_neutral"]
    g["stance"] = "neutral"
    g.loc[g["n_support"] > 0, "stance"] = "mixed"  # equal positive counts; overridden below
    g.loc[g["n_support"] > g["n_oppose"], "stance"] = "support"
    g.loc[g["n_oppose"] > g["n_support"], "stance"] = "oppose"
    g = g.reset_index()
    # evidence: among the statements on the actor's side (all of them when neutral or
    # mixed), the largest |score| in that direction (0 for all when neutral), then the
    # longest quote, then the first by doc_id and offset, then the first in table order
    side = q.merge(g[keys + ["stance"]].rename(columns={"stance": "_side"}), on=keys, how="left")
    side = side[side["_side"].isin(["neutral", "mixed"]) | (side["stance"] == side["_side"])]
    side = side.assign(_s=side["score"].abs().where(side["_side"] != "neutral", 0.0),
                       _len=side["quote"].str.len())
    side = side.sort_values(keys + ["_about", "_own", "_s", "_len", "doc_id", "start", "_pos"],
                            ascending=[True, True, False, False, False, False, True, True, True])
    best = side.drop_duplicates(keys, keep="first").set_index(keys)
    outlets = (q[keys + ["outlet"]].drop_duplicates().sort_values("outlet")
               .groupby(keys, sort=False)["outlet"].agg("; ".join))
    g = g.set_index(keys)
    out = pd.DataFrame({
        "actor": g.index.get_level_values("actor"), "group": g.index.get_level_values("group"),
        "stance": g["stance"].to_numpy(), "n_statements": g["n_statements"].to_numpy(),
        "outlets": outlets.reindex(g.index).to_numpy(),
        "evidence": best["quote"].reindex(g.index).to_numpy(),
        "n_support": g["n_support"].to_numpy(), "n_oppose": g["n_oppose"].to_numpy(),
        "n_neutral": g["n_neutral"].to_numpy(),
        "evidence_doc_id": best["doc_id"].reindex(g.index).to_numpy(),
        "evidence_cue": best["cue"].reindex(g.index).to_numpy(),
        "thin_evidence": g["n_statements"].to_numpy() <= THIN_EVIDENCE,
    }, columns=STANCE_COLUMNS)
    return out.sort_values(["group", "actor"], kind="mergesort").reset_index(drop=True)


def voice_shares(quotes: pd.DataFrame, *, kinds: Iterable[str] = STATEMENT_KINDS,
                 by: str = "group") -> pd.DataFrame:
    """Per outlet, each actor group's share of the words attributed to speakers.

    .. math:: \\text{share}_{o,g} = \\frac{W_{o,g}}{\\sum_{g'} W_{o,g'}}

    where :math:`W_{o,g}` is the number of words (see :func:`newslens.quotes.quoted_words`) in
    the statements of kind ``kinds`` that outlet :math:`o` attributes to actors of group
    :math:`g`. Statements whose speaker is unknown count under group ``unknown``, so the
    shares of an outlet sum to 1. Scare quotes never count. Articles of unknown outlet (the
    loader's ``unknown``, or none) are left out: "unknown" is not an outlet, the rule every
    between-outlet comparison follows (docs/data.md).

    Parameters
    ----------
    quotes : the table of :func:`newslens.extract_quotes` (or :func:`assign_stance`).
    kinds : which statements count: ``("direct",)`` for quoted words only, or the default
        ``("direct", "reported")`` for every statement an outlet attributes.
    by : ``"group"`` (the actors file's groups) or ``"actor"`` (each speaker by name: the
        useful view when no actors file groups them, as every group is then ``unknown``).
        The result's second column is named ``group`` either way.

    Returns
    -------
    DataFrame ``outlet, group, n_statements, n_words, share`` sorted by outlet, then share
    (largest first), then group.
    """
    if by not in ("group", "actor"):
        raise ValueError(f"by must be 'group' or 'actor', not {by!r}")
    outlet = quotes["outlet"].astype("string").str.strip().str.lower()
    known = outlet.notna() & ~outlet.isin(("", "unknown", "nan", "none"))
    q = quotes[quotes["kind"].isin(tuple(kinds)) & known].copy()
    q["group"] = q[by].replace({"": UNKNOWN, NONE: UNKNOWN}).fillna(UNKNOWN)
    q["n_words"] = q["quote"].astype(str).map(quoted_words)
    g = (q.groupby(["outlet", "group"], sort=True)
         .agg(n_statements=("quote", "size"), n_words=("n_words", "sum")).reset_index())
    totals = g.groupby("outlet")["n_words"].transform("sum")
    g["share"] = (g["n_words"] / totals.where(totals > 0)).fillna(0.0)
    g = g.sort_values(["outlet", "share", "group"], ascending=[True, False, True], kind="mergesort")
    return g[VOICE_COLUMNS].reset_index(drop=True)
