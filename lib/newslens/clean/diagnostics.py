"""What the cleaner did, as tables for the notebook and the README: changes per rule
(:func:`rule_counts`), one example per rule (:func:`rule_examples`), words before and
after (:func:`length_table`) and damage left in the text (:func:`damage_report`).
"""
from __future__ import annotations

import re
from typing import Sequence

import pandas as pd

from .characters import QUOTE_CHARS
from .registry import DEFAULT_RULES
from .rules import Rule


def rule_counts(log: pd.DataFrame, *, rules: Sequence[Rule] | None = None,
                n_docs: int | None = None) -> pd.DataFrame:
    """Per rule: articles touched and changes made (summing ``count``), in rule order.

    Columns ``rule, articles, changes`` (and ``share`` of ``n_docs`` when given).
    """
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    names = [r.name for r in rules]
    articles = log.groupby("rule")["doc_id"].nunique() if len(log) else pd.Series(dtype=int)
    changes = log.groupby("rule")["count"].sum() if len(log) else pd.Series(dtype=int)
    out = pd.DataFrame({"rule": names,
                        "articles": [int(articles.get(n, 0)) for n in names],
                        "changes": [int(changes.get(n, 0)) for n in names]})
    if n_docs:
        out["share"] = out["articles"] / n_docs
    return out


def rule_examples(log: pd.DataFrame, *, rules: Sequence[Rule] | None = None,
                  width: int = 120) -> pd.DataFrame:
    """One before/after example per rule that changed something, in rule order.

    The example is the rule's first log row in article order. Columns ``rule, doc_id,
    before, after``; texts longer than ``width`` characters are shortened with "…", and
    ``after`` is "(removed)" for a removal.
    """
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    order = {r.name: i for i, r in enumerate(rules)}

    def window(before: str, after: str) -> tuple[str, str]:
        # an edit inside a long paragraph: show both from a little before the first change
        i = next((k for k, (x, y) in enumerate(zip(before, after)) if x != y),
                 min(len(before), len(after)))
        start = max(0, i - 40) if max(len(before), len(after)) > width else 0
        lead = "\u2026" if start else ""
        return short(lead + before[start:]), short(lead + after[start:])

    def short(t: str) -> str:
        t = t.replace("\n", " ")
        return t if len(t) <= width else t[: width - 1] + "\u2026"

    first = log.drop_duplicates("rule", keep="first")
    first = first.assign(_o=first["rule"].map(order).fillna(len(order))).sort_values(
        ["_o", "rule"], kind="mergesort")
    befores, afters = [], []
    for rule, old, new in zip(first["rule"], first["removed_or_replaced_text"],
                              first["replacement"]):
        if rule == "subheadings":
            befores.append(short(old))
            afters.append("(moved to subheadings)")
        elif not new:
            befores.append(short(old))
            afters.append("(removed)")
        elif not new.strip():
            befores.append(short(old))
            afters.append("(a space)" if new == " " else "(a line break)")
        else:
            b, a = window(old, new)
            befores.append(b)
            afters.append(a)
    return pd.DataFrame({"rule": first["rule"].tolist(), "doc_id": first["doc_id"].tolist(),
                         "before": befores, "after": afters})


def length_table(df: pd.DataFrame) -> pd.DataFrame:
    """Words per article before and after cleaning (whitespace tokens).

    Columns ``doc_id, outlet, words_raw, words_clean, words_subheadings, removed_pct`` where
    ``removed_pct = 100 * (words_raw - words_clean - words_subheadings) / words_raw``: the
    share of the raw words that the cleaner dropped (subheadings are moved, not dropped).
    """
    raw = df["text"].fillna("").str.split().str.len()
    clean = df["text_clean"].fillna("").str.split().str.len()
    subs = df["subheadings"].fillna("").str.split().str.len()
    out = pd.DataFrame({"doc_id": df["doc_id"].astype(str),
                        "outlet": df["outlet"] if "outlet" in df.columns else "unknown",
                        "words_raw": raw.astype(int), "words_clean": clean.astype(int),
                        "words_subheadings": subs.astype(int)})
    dropped = out["words_raw"] - out["words_clean"] - out["words_subheadings"]
    out["removed_pct"] = (100 * dropped / out["words_raw"].where(out["words_raw"] > 0)).fillna(0.0)
    return out.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


#: What counts as damage left in a cleaned text, by name: an entity artifact in any spacing
#: ("& # 39;"), an escaped entity ("&quot;"), mojibake leads ("â€"), invisible or odd spaces,
#: curly quote marks (the cleaned text uses ASCII quotes).
DAMAGE_PATTERNS: dict[str, re.Pattern] = {
    "entity artifact (& # 39;)": re.compile(
        r"&[^\S\n]*#[^\S\n]*(?:[xX][^\S\n]*[0-9a-fA-F]+|\d+)[^\S\n]*;"),
    "named entity (&quot;)": re.compile(r"&[^\S\n]*(?:quot|amp|apos|lt|gt|nbsp)[^\S\n]*;"),
    "mojibake (â€)": re.compile("\u00e2\u20ac|\u00c3[\u0080-\u00bf]"),
    "invisible or odd space": re.compile("[\u00a0\u200b\u2060\ufeff\u00ad\u2000-\u200a\u202f\t]"),
    "curly quote mark": QUOTE_CHARS,
}


def damage_report(df: pd.DataFrame, *, columns: Sequence[str] = ("text", "text_clean")
                  ) -> pd.DataFrame:
    """How many articles show each kind of damage (:data:`DAMAGE_PATTERNS`), per column.

    Columns ``damage`` and one count of articles per text column.
    """
    rows = []
    for name, rx in DAMAGE_PATTERNS.items():
        row = {"damage": name}
        for col in columns:
            row[col] = int(sum(1 for t in df[col].fillna("") if rx.search(t)))
        rows.append(row)
    return pd.DataFrame(rows)

