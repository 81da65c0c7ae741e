"""Scoring extracted statements, speakers and stances against a hand annotation."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

import pandas as pd

from ..config import EXAMPLE_DIR
from ..quotes import NONE, UNKNOWN
from .relevance import texts_by_doc
from .summary import STATEMENT_KINDS

__all__ = ["DEFAULT_GOLD_PATH", "load_gold", "locate_snippet", "evaluate"]

#: The hand annotation of the bundled corpus.
DEFAULT_GOLD_PATH = EXAMPLE_DIR / "quotes_gold.csv"


def load_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The hand annotation: by default the example study's ``quotes_gold.csv``
    (:data:`DEFAULT_GOLD_PATH`)."""
    path = Path(path) if path is not None else DEFAULT_GOLD_PATH
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["occurrence"] = pd.to_numeric(gold.get("occurrence", 1), errors="coerce").fillna(1).astype(int)
    return gold


_NORM_TABLE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})


def locate_snippet(text: str, snippet: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the ``occurrence``-th appearance of ``snippet`` in ``text``, ignoring the
    difference between curly and straight quotes and non-breaking spaces; then, failing
    that, between runs of whitespace and letter case."""
    t = text.translate(_NORM_TABLE)
    s = snippet.translate(_NORM_TABLE)
    pos = -1
    for _ in range(max(occurrence, 1)):
        pos = t.find(s, pos + 1)
        if pos < 0:
            break
    if pos >= 0:
        return pos, pos + len(s)
    pat = r"\s+".join(re.escape(w) for w in s.split())
    ms = list(re.finditer(pat, t, re.IGNORECASE))
    if len(ms) >= occurrence:
        m = ms[occurrence - 1]
        return m.start(), m.end()
    return None


def _norm_actor(s: str) -> str:
    return re.sub(r"[\s\-]+", " ", str(s)).strip().lower()


def _speaker_correct(pred_actor: str, pred_speaker: str, gold_actor: str) -> bool:
    pa, ga = _norm_actor(pred_actor), _norm_actor(gold_actor)
    if pa == ga:
        return True
    # an unlisted speaker is kept by name: "diplomats" said it, and the gold says "diplomats"
    return pa == UNKNOWN and ga not in (UNKNOWN, NONE) and ga in _norm_actor(pred_speaker)


def evaluate(quotes: pd.DataFrame, gold: pd.DataFrame, *,
             texts: pd.DataFrame | Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """Compare extracted statements with a hand annotation.

    Each gold row is located in its article by its snippet (:func:`locate_snippet`); a
    predicted row *matches* it when their character spans overlap, pairing greedily by the
    size of the overlap, one to one. Statements (direct and reported) are matched with
    statements, scare quotes with scare quotes.

    Metrics (``numerator / denominator``):

    - detection recall = matched gold statements / gold statements; detection precision =
      matched predicted statements / predicted statements;
    - speaker precision = predicted statements with the correct actor / predicted
      statements (a prediction that matches no gold statement counts as wrong); speaker
      recall = gold statements matched with the correct actor / gold statements; speaker
      accuracy on matched = correct / matched;
    - stance accuracy = matched gold statements about the target whose predicted stance
      equals the gold stance / matched gold statements about the target (gold ``support``,
      ``oppose``, ``neutral``; a predicted ``off_target`` counts as ``neutral``, since both
      mean "takes no side that counts");
    - polar stance recall = gold ``support``/``oppose`` statements predicted with that stance /
      such statements that were matched;
    - other-event detection = matched gold ``other_event`` statements predicted
      ``off_target`` / matched gold ``other_event`` statements;
    - scare recall and precision, as for detection.

    Returns
    -------
    {"metrics": DataFrame ``metric, value, numerator, denominator``,
     "matches": one row per gold row with the matched prediction (``pred_*`` columns) and
     ``speaker_ok``, ``stance_ok`` flags,
     "unmatched_predictions": predicted rows that match no gold row}
    """
    by_doc = texts_by_doc(texts)
    gold = gold.copy()
    spans = []
    for r in gold.itertuples(index=False):
        loc = locate_snippet(by_doc.get(str(r.doc_id), ""), str(r.quote), int(r.occurrence))
        spans.append(loc if loc else (-1, -1))
    gold["g_start"] = [s for s, _ in spans]
    gold["g_end"] = [e for _, e in spans]
    pred = quotes.reset_index(drop=True).copy()
    if "stance" not in pred.columns:
        pred["stance"] = ""
    pred["p_idx"] = range(len(pred))
    gold["g_idx"] = range(len(gold))

    def pair(gsel: pd.Series, psel: pd.Series) -> dict[int, int]:
        cands = []
        for gr in gold[gsel].itertuples(index=False):
            if gr.g_start < 0:
                continue
            pd_doc = pred[psel & (pred["doc_id"].astype(str) == str(gr.doc_id))]
            for pr in pd_doc.itertuples(index=False):
                ov = min(gr.g_end, pr.end) - max(gr.g_start, pr.start)
                if ov > 0:
                    cands.append((-ov, gr.g_idx, pr.p_idx))
        cands.sort()
        used_g, used_p, out = set(), set(), {}
        for _, g, p in cands:
            if g in used_g or p in used_p:
                continue
            used_g.add(g)
            used_p.add(p)
            out[g] = p
        return out

    g_stmt = gold["kind"].isin(STATEMENT_KINDS)
    p_stmt = pred["kind"].isin(STATEMENT_KINDS)
    g_scare = gold["kind"] == "scare"
    p_scare = pred["kind"] == "scare"
    m_stmt = pair(g_stmt, p_stmt)
    m_scare = pair(g_scare, p_scare)
    matched = {**m_stmt, **m_scare}

    rows = []
    for gr in gold.itertuples(index=False):
        p = matched.get(gr.g_idx)
        pr = pred.iloc[p] if p is not None else None
        speaker_ok = bool(pr is not None and _speaker_correct(pr["actor"], pr["speaker"], gr.actor))
        pst = None if pr is None else ("neutral" if pr["stance"] == "off_target" else pr["stance"])
        stance_ok = bool(pr is not None and gr.stance in ("support", "oppose", "neutral") and pst == gr.stance)
        rows.append({
            "doc_id": gr.doc_id, "quote": gr.quote, "kind": gr.kind, "actor": gr.actor,
            "stance": gr.stance, "located": gr.g_start >= 0, "matched": pr is not None,
            "pred_quote": None if pr is None else pr["quote"],
            "pred_kind": None if pr is None else pr["kind"],
            "pred_speaker": None if pr is None else pr["speaker"],
            "pred_actor": None if pr is None else pr["actor"],
            "pred_attribution": None if pr is None else pr["attribution"],
            "pred_stance": None if pr is None else pr["stance"],
            "pred_cue": None if pr is None or "cue" not in pr.index else pr["cue"],
            "speaker_ok": speaker_ok, "stance_ok": stance_ok,
        })
    matches = pd.DataFrame(rows)
    used = set(matched.values())
    unmatched = pred[~pred["p_idx"].isin(used)].drop(columns="p_idx")

    st = matches[matches["kind"].isin(STATEMENT_KINDS)]
    n_gold = len(st)
    n_pred = int(p_stmt.sum())
    n_match = int(st["matched"].sum())
    n_correct = int(st["speaker_ok"].sum())
    on_target = st[st["matched"] & st["stance"].isin(["support", "oppose", "neutral"])]
    polar = st[st["matched"] & st["stance"].isin(["support", "oppose"])]
    other = st[st["matched"] & (st["stance"] == "other_event")]
    sc = matches[matches["kind"] == "scare"]

    def row(name, num, den):
        return {"metric": name, "value": (num / den) if den else float("nan"),
                "numerator": int(num), "denominator": int(den)}

    metrics = pd.DataFrame([
        row("detection recall", n_match, n_gold),
        row("detection precision", n_match, n_pred),
        row("speaker precision", n_correct, n_pred),
        row("speaker recall", n_correct, n_gold),
        row("speaker accuracy on matched", n_correct, n_match),
        row("stance accuracy", int(on_target["stance_ok"].sum()), len(on_target)),
        row("polar stance recall", int(polar["stance_ok"].sum()), len(polar)),
        row("other-event detection", int((other["pred_stance"] == "off_target").sum()), len(other)),
        row("scare recall", int(sc["matched"].sum()), len(sc)),
        row("scare precision", int(sc["matched"].sum()), int(p_scare.sum())),
    ])
    return {"metrics": metrics, "matches": matches, "unmatched_predictions": unmatched}
