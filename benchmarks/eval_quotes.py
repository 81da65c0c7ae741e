"""Quality of quote extraction and speaker attribution against hand annotations (issue 17).

Gold: ``tests/annotations/quotes_allsides/`` (96 AllSides articles, every direct quote, mixed
quote and reported statement with its speaker; see its README). The articles are split by
``split.csv`` into a *tuning* half (looked at while the rules change) and a *held-out* half
(scored once, at the end): the held-out half is read and scored only with ``--held-out``.
Also scores the bundled corpus with its own annotation and evaluator
(``lib/newslens/examples/idlib/quotes_gold.csv``, :func:`newslens.stance.evaluate`).

How the AllSides articles are analysed: exactly as ``newslens run`` does. The annotated
articles' records (``ID``, ``source``, ``title``, ``content_original``) are written to a
temporary JSON Lines file, loaded with :func:`newslens.load_corpus`, cleaned with
:func:`newslens.clean_corpus` and read by the stance stage
(:func:`newslens.stance.stage_tables` with ``RunConfig()``), whose ``quotes`` table is
scored. All 96 annotated articles are cleaned together whatever the halves scored, so that
the tuning figures do not change when ``--held-out`` is passed (cleaning learns lines repeated
across an outlet's articles).

Matching rules (also written into the results file):

1. **Locating a gold statement.** The gold offsets index ``content_original``; cleaning
   changes offsets, so each statement is found in the cleaned text by its words: both
   texts are folded to their letters and digits only (Unicode NFKD, accents and every
   non-alphanumeric character dropped, case folded), keeping a map back to the original
   offsets. When the statement occurs several times, the occurrence with the same rank as in
   ``content_original`` is taken (when cleaning removed some copies, the copy nearest the
   same relative position). A statement not found is retried with its mojibake and HTML
   entities repaired (ftfy, :func:`html.unescape`), as cleaning does. Statements still not
   found (their text was removed or cut by cleaning) are *unlocated*: counted and reported
   per kind, and excluded from the recall denominators.
2. **Found.** A located gold statement is *found* when one extracted statement (``kind``
   ``direct`` or ``reported``; scare quotes never count) covers at least 50% of the gold
   span's characters. The prediction with the largest overlap is the gold statement's match;
   matching is not one to one (one extracted span may cover two gold rows, e.g. annotator
   A's nested layers of reported speech). Gold ``mixed`` statements may be matched by either
   kind.
3. **Speaker.** Among found statements whose gold ``speaker_type`` is ``person``, the
   predicted name is the ``actor`` column (the canonical actor, or an unlisted named
   person's name, or a pronoun's resolved antecedent) unless it is ``unknown``/``none``,
   in which case it is the ``speaker`` column (the words as written: ``he``, ``the
   official``). Names are compared after normalisation (NFKD without accents, lower case,
   possessive ``'s`` and punctuation other than hyphens dropped, titles and honorifics such
   as ``Mr``, ``Sen.``, ``President`` dropped, single-letter initials dropped). Right when,
   for the gold person (or one of them, when the gold names several: ``A, B and C``): the
   normalised names are equal; or one is a surname of the other: the gold is a single word
   (the article gives only a surname) equal to the prediction's last word, or the
   prediction is the last word or words of the gold's full name (``Trump``, ``Manigault
   Newman``); or the prediction ends with the gold's full name after other words
   (``Florida Rep. Matt Gaetz``, ``The Wall Street Journal's James Freeman``: the person is
   named, though the ``actor`` value is not a clean name; counted apart as ``extra words``).
   Everything else is wrong, in three kinds: *unresolved pronoun/descriptor* (no actor, and
   the speaker words are a pronoun or a description such as ``the president``), *no
   speaker* (no actor and no speaker words), *wrong name* (a name or organisation that is
   not the gold person).

Usage::

    .venv/bin/python benchmarks/eval_quotes.py              # tuning half + bundled corpus
    .venv/bin/python benchmarks/eval_quotes.py --held-out   # also the held-out half (once!)

Writes ``benchmarks/results/eval_quotes.md`` (``eval_quotes_heldout.md`` with ``--held-out``)
and ``benchmarks/results/eval_quotes_errors_tuning.md`` (60 speaker errors of the tuning half,
a fixed-seed sample).
"""
from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from _common import (ALLSIDES, PROJ_ROOT, RESULTS_DIR, machine_description, read_jsonl_xz,  # noqa: E402
                     require, write_results)

import newslens  # noqa: E402
from newslens.config import RANDOM_STATE, RunConfig  # noqa: E402
from newslens.quotes import NONE, UNKNOWN  # noqa: E402
from newslens.stance import evaluate, load_gold, stage_tables  # noqa: E402

GOLD_DIR = PROJ_ROOT / "tests" / "annotations" / "quotes_allsides"
KINDS = ("direct", "mixed", "reported")
STATEMENT_KINDS = ("direct", "reported")
#: A gold statement is found when one extracted statement covers this share of its characters.
MIN_COVER = 0.5
#: Speaker errors written to the errors file (a fixed-seed sample; 60 of about 60-100 errors).
N_ERRORS = 60
#: Targets of issue 17, to be checked on the held-out half.
TARGETS = {"direct recall": 0.98, "mixed recall": 0.70, "reported recall": 0.80,
           "direct speaker accuracy": 0.90}

# Titles and honorifics before a name: the gold gives names without titles ("a person's
# fullest name in the article without titles"), a prediction may keep them ("Sen. Paul").
TITLES = frozenset("""mr mrs ms miss mx dr prof sir dame lord lady rev father sen senator rep
    representative congressman congresswoman gov governor president vice pres sec secretary
    gen general col colonel lt maj major capt captain adm admiral sgt judge justice chief
    minister prime chancellor ambassador mayor speaker leader attorney commissioner
    chairman chairwoman director spokesman spokeswoman spokesperson king queen prince
    princess pope ayatollah sheikh former the""".split())
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


# --------------------------------------------------------------------------- locating gold


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` reduced to its letters and digits (NFKD, accents dropped, case folded), with
    the offset in ``text`` of every kept character."""
    out, where = [], []
    for i, ch in enumerate(text):
        if ch.isascii():
            if ch.isalnum():
                out.append(ch.lower())
                where.append(i)
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if d.isalnum():
                for f in d.casefold():
                    out.append(f)
                    where.append(i)
    return "".join(out), where


def occurrences(hay: str, needle: str) -> list[int]:
    """Start positions of every (possibly overlapping) occurrence of ``needle``."""
    out, pos = [], hay.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = hay.find(needle, pos + 1)
    return out


def locate(clean: tuple[str, list[int]], orig: tuple[str, list[int]], statement: str,
           start: int, n_orig_chars: int, n_clean_chars: int) -> tuple[int, int] | None:
    """Offsets in the cleaned text of the gold statement at ``start`` of the original text
    (rule 1 of the module docstring), or None."""
    cf, cw = clean
    of, ow = orig
    for variant in (statement, html.unescape(_ftfy(statement))):
        needle, _ = fold(variant)
        if not needle:
            return None
        hits = occurrences(cf, needle)
        if not hits:
            continue
        orig_hits = [ow[p] for p in occurrences(of, fold(statement)[0])]
        rank = sum(1 for s in orig_hits if s < start)
        if len(hits) == len(orig_hits) and rank < len(hits):
            p = hits[rank]
        else:  # cleaning removed a copy: take the one nearest the same relative position
            want = start / max(n_orig_chars, 1) * n_clean_chars
            p = min(hits, key=lambda h: abs(cw[h] - want))
        return cw[p], cw[p + len(needle) - 1] + 1
    return None


def _ftfy(text: str) -> str:
    import ftfy
    return ftfy.fix_text(text)


# --------------------------------------------------------------------------- speakers


def name_tokens(name: str) -> list[str]:
    """A name's words for comparison (rule 3): no accents, lower case, no possessive, no
    punctuation but hyphens, no titles or initials (``Jr``, ``Sr`` and numerals are kept:
    they tell a father from his son)."""
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s-]", " ", s)
    words = [w.strip("-") for w in s.split()]
    return [w for w in words if w and len(w) > 1 and w not in TITLES]


def predicted_name(actor: str, speaker: str) -> str:
    """The name the extractor gives: the actor unless unknown/none, else the speaker words."""
    actor = "" if pd.isna(actor) else str(actor)
    if actor and actor not in (UNKNOWN, NONE):
        return actor
    return "" if pd.isna(speaker) else str(speaker)


def gold_names(gold: str) -> list[str]:
    """The persons a gold ``speaker`` names: several for a group of named persons
    (``Lamar Alexander, Orrin Hatch and Tom Coburn``)."""
    parts = re.split(r"\s*(?:;|,|&|\band\b)\s*", str(gold))
    return [p for p in parts if name_tokens(p)] or [str(gold)]


def speaker_rule(gold: str, pred: str) -> str:
    """Which part of rule 3 makes ``pred`` name the gold person: ``equal``, ``surname`` (one
    side is the other's last word or words), ``extra words`` (the prediction is the gold's
    full name preceded by other words: ``Florida Rep. Matt Gaetz``), or "" (wrong)."""
    p = name_tokens(pred)
    if not p:
        return ""
    found = ""
    for name in gold_names(gold):
        g = name_tokens(name)
        if not g:
            continue
        if g == p:
            return "equal"
        if len(g) == 1 and p[-1] == g[0]:
            found = found or "surname"
        elif len(p) < len(g) and g[-len(p):] == p:
            found = found or "surname"
        elif len(g) < len(p) and p[-len(g):] == g:
            found = found or "extra words"
    return found


def speaker_matches(gold: str, pred: str) -> bool:
    """Rule 3: the prediction names the gold person (:func:`speaker_rule`)."""
    return bool(speaker_rule(gold, pred))


def error_kind(actor: str, speaker: str) -> str:
    """The kind of a speaker error: unresolved pronoun/descriptor, no speaker, wrong name."""
    actor = "" if pd.isna(actor) else str(actor)
    speaker = "" if pd.isna(speaker) else str(speaker).strip()
    if actor and actor not in (UNKNOWN, NONE):
        return "wrong name"
    if not speaker:
        return "no speaker"
    return "unresolved pronoun/descriptor"


# --------------------------------------------------------------------------- data


def load_statements(halves: tuple[str, ...]) -> pd.DataFrame:
    """Gold statements of the articles in ``halves`` (rows of other halves are dropped on
    reading, never shown)."""
    split = pd.read_csv(GOLD_DIR / "split.csv", dtype=str)
    keep = set(split.loc[split["half"].isin(halves), "doc_id"])
    frames = []
    for name in ("A", "B"):
        st = pd.read_csv(GOLD_DIR / f"statements_{name}.csv", dtype=str, keep_default_na=False)
        st = st[st["doc_id"].isin(keep)].copy()
        st["annotator"] = name
        frames.append(st)
    st = pd.concat(frames, ignore_index=True)
    st["start"] = st["start"].astype(int)
    st["end"] = st["end"].astype(int)
    st["half"] = st["doc_id"].map(dict(zip(split["doc_id"], split["half"])))
    return st.sort_values(["doc_id", "start", "end"], kind="mergesort").reset_index(drop=True)


def annotated_corpus() -> tuple[pd.DataFrame, dict[str, str]]:
    """The 96 annotated articles loaded and cleaned as ``newslens run`` does, and their
    ``content_original`` by ``doc_id``."""
    ids = set(pd.read_csv(GOLD_DIR / "split.csv", dtype=str)["doc_id"])
    recs = [r for r in read_jsonl_xz(require(ALLSIDES)) if str(r.get("ID")) in ids]
    missing = ids - {str(r["ID"]) for r in recs}
    if missing:
        sys.exit(f"{len(missing)} annotated articles are not in {ALLSIDES.name}")
    originals = {str(r["ID"]): r["content_original"] for r in recs}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annotated.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps({k: r.get(k) for k in ("ID", "source", "title", "content_original")},
                                    ensure_ascii=False) + "\n")
        df = newslens.load_corpus(path, text_col="content_original", id_col="ID",
                                  outlet_col="source", title_col="title")
    clean, _ = newslens.clean_corpus(df)
    return clean, originals


# --------------------------------------------------------------------------- scoring


def match_gold(gold: pd.DataFrame, quotes: pd.DataFrame, clean: pd.DataFrame,
               originals: dict[str, str]) -> pd.DataFrame:
    """One row per gold statement with its located span (``c_start, c_end``; -1 when
    unlocated), its best extracted statement (``pred_*``) and the flags ``located``,
    ``found``, ``speaker_ok`` and ``error``."""
    texts = dict(zip(clean["doc_id"].astype(str), clean["text_clean"].fillna("").astype(str)))
    stmts = quotes[quotes["kind"].isin(STATEMENT_KINDS)]
    by_doc = {d: g for d, g in stmts.groupby("doc_id", sort=False)}
    folded_clean = {d: fold(t) for d, t in texts.items()}
    folded_orig = {d: fold(t) for d, t in originals.items()}
    rows = []
    for r in gold.itertuples(index=False):
        d = r.doc_id
        loc = locate(folded_clean[d], folded_orig[d], r.statement, r.start,
                     len(originals[d]), len(texts[d]))
        row = {"c_start": -1, "c_end": -1, "located": loc is not None, "found": False,
               "cover": 0.0, "pred_quote": "", "pred_kind": "", "pred_speaker": "",
               "pred_actor": "", "pred_attribution": "", "pred_name": ""}
        if loc is not None:
            a, b = loc
            row["c_start"], row["c_end"] = a, b
            cand = by_doc.get(d)
            if cand is not None and len(cand):
                ov = (cand["end"].clip(upper=b) - cand["start"].clip(lower=a)).clip(lower=0)
                if ov.max() > 0:
                    best = cand.loc[ov.idxmax()]
                    cover = float(ov.max()) / max(b - a, 1)
                    row.update(cover=cover, found=cover >= MIN_COVER)
                    if row["found"]:
                        row.update(pred_quote=best["quote"], pred_kind=best["kind"],
                                   pred_speaker=best["speaker"], pred_actor=best["actor"],
                                   pred_attribution=best["attribution"],
                                   pred_name=predicted_name(best["actor"], best["speaker"]))
        rows.append(row)
    out = pd.concat([gold.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    person = out["found"] & (out["speaker_type"] == "person")
    out["speaker_scored"] = person
    out["speaker_rule"] = [speaker_rule(g, n) if p else ""
                           for p, g, n in zip(person, out["speaker"], out["pred_name"])]
    out["speaker_ok"] = out["speaker_rule"] != ""
    out["error"] = [error_kind(a, s) if p and not ok else ""
                    for p, ok, a, s in zip(person, out["speaker_ok"], out["pred_actor"],
                                           out["pred_speaker"])]
    return out


def pct(num: int, den: int) -> str:
    return f"{num / den:.1%} ({num}/{den})" if den else "n/a (0/0)"


def summary_table(m: pd.DataFrame) -> pd.DataFrame:
    """Per kind and overall: gold, unlocated, recall, speaker accuracy and its errors."""
    rows = []
    for kind in (*KINDS, "all"):
        k = m if kind == "all" else m[m["kind"] == kind]
        loc = k[k["located"]]
        sp = k[k["speaker_scored"]]
        err = sp["error"].value_counts()
        rows.append({
            "kind": kind, "gold": len(k), "unlocated": int((~k["located"]).sum()),
            "recall (of located)": pct(int(loc["found"].sum()), len(loc)),
            "recall (of all gold)": pct(int(k["found"].sum()), len(k)),
            "recall, any overlap": pct(int((loc["cover"] > 0).sum()), len(loc)),
            "person speaker accuracy": pct(int(sp["speaker_ok"].sum()), len(sp)),
            "unresolved pronoun/descr.": int(err.get("unresolved pronoun/descriptor", 0)),
            "no speaker": int(err.get("no speaker", 0)),
            "wrong name": int(err.get("wrong name", 0)),
        })
    return pd.DataFrame(rows)


def md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    num = [pd.api.types.is_numeric_dtype(df[c]) for c in cols]
    lines = ["| " + " | ".join(cols) + " |",
             "|" + "|".join("---:" if n else "---" for n in num) + "|"]
    for r in df.itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ") for v in r) + " |")
    return "\n".join(lines)


def half_section(name: str, m: pd.DataFrame, quotes: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The Markdown section of one half, and its summary table."""
    table = summary_table(m)
    docs = set(m["doc_id"])
    q = quotes[quotes["doc_id"].isin(docs) & quotes["kind"].isin(STATEMENT_KINDS)]
    # a rough precision: extracted statements that overlap no located gold statement at all
    spans = m[m["located"]].groupby("doc_id")[["c_start", "c_end"]].apply(lambda g: list(zip(*g.values.T)))
    stray = 0
    for r in q.itertuples(index=False):
        if not any(min(b, r.end) > max(a, r.start) for a, b in spans.get(r.doc_id, [])):
            stray += 1
    pred_kind = pd.crosstab(m.loc[m["found"], "kind"], m.loc[m["found"], "pred_kind"])
    sp = m[m["speaker_scored"]]
    by_rule = (sp.groupby("pred_attribution")["speaker_ok"].agg(["size", "sum"])
               .rename(columns={"size": "scored", "sum": "right"}).reset_index()
               .rename(columns={"pred_attribution": "attribution"}))
    by_rule["accuracy"] = (by_rule["right"] / by_rule["scored"]).map("{:.1%}".format)
    by_rule = by_rule.sort_values(["scored", "attribution"], ascending=[False, True])
    how = sp.loc[sp["speaker_ok"], "speaker_rule"].value_counts()
    how_line = ("Right speakers by matching rule: " + ", ".join(
        f"{k} {int(how.get(k, 0))}" for k in ("equal", "surname", "extra words")) + ".")
    errors = pd.crosstab(sp.loc[~sp["speaker_ok"], "error"], sp.loc[~sp["speaker_ok"], "pred_attribution"])
    n_art, n_out = m["doc_id"].nunique(), m["outlet"].nunique()
    n_named = named_but_unresolved(sp)
    lines = [
        f"### {name} half: {len(m)} gold statements, {n_art} articles, {n_out} outlets",
        "",
        md_table(table),
        "",
        f"Extracted statements (direct + reported) in these articles: {len(q)}; of them {stray} "
        f"overlap no located gold statement ({stray / max(len(q), 1):.1%}: wrong statements, or "
        "statements the annotators left out: scare quotes of 3+ words, thought verbs, polls, "
        "documents as speakers).",
        "",
        "Kind of the matching extraction, by gold kind (found statements):",
        "",
        md_table(pred_kind.reset_index().rename(columns={"kind": "gold kind"})),
        "",
        "Speaker accuracy on gold persons, by the attribution rule of the matching extraction:",
        "",
        md_table(by_rule[["attribution", "scored", "right", "accuracy"]]),
        "",
        how_line,
        "",
        "Speaker errors by kind and attribution rule:",
        "",
        md_table(errors.reset_index()) if len(errors) else "(none)",
        "",
        f"Of the unresolved pronoun/descriptor errors, {n_named} have speaker words that contain "
        "the gold surname (a name inside a longer subject, not recognised as a name).",
        "",
    ]
    return "\n".join(lines), table


def bundled_section() -> str:
    """The bundled corpus scored by its own evaluator."""
    from newslens.study import example_study

    df, _ = newslens.clean_corpus(newslens.load_corpus())
    # the example study's own event, actors and framing (RunConfig() names no event)
    quotes = stage_tables(df, config=example_study().config)["quotes"]
    gold = load_gold()
    res = evaluate(quotes[quotes["doc_id"].isin(set(gold["doc_id"]))], gold, texts=df)
    metrics = res["metrics"].copy()
    metrics["value"] = metrics["value"].map(lambda v: "n/a" if pd.isna(v) else f"{v:.3f}")
    mt = res["matches"]
    rows = []
    for kind in STATEMENT_KINDS:
        k = mt[mt["kind"] == kind]
        mk = k[k["matched"]]
        rows.append({"kind": kind, "gold": len(k), "unlocated": int((~k["located"]).sum()),
                     "recall": pct(int(k["matched"].sum()), len(k)),
                     "speaker accuracy on matched (actor)": pct(int(mk["speaker_ok"].sum()), len(mk))})
    return "\n".join([
        f"### Bundled corpus (`lib/newslens/examples/idlib/quotes_gold.csv`, {len(gold)} rows, "
        f"{gold['doc_id'].nunique()} articles)",
        "",
        "Scored by `newslens.stance.evaluate` (its own rules: gold located by snippet, "
        "predictions paired one to one by largest overlap, any overlap; speaker right when the "
        "canonical `actor` equals the gold actor; all speakers, not only persons). In-sample: "
        "the rules were written on these five articles.",
        "",
        md_table(metrics),
        "",
        "Per kind (from the evaluator's `matches` table):",
        "",
        md_table(pd.DataFrame(rows)),
        "",
    ])


def named_but_unresolved(m: pd.DataFrame) -> int:
    """Unresolved speakers whose words contain the gold person's surname."""
    u = m[m["error"] == "unresolved pronoun/descriptor"]
    return int(sum(bool(name_tokens(g)) and name_tokens(g)[-1] in name_tokens(w)
                   for g, w in zip(u["speaker"], u["pred_speaker"])))


def errors_file(m: pd.DataFrame) -> str:
    """A fixed-seed sample of the tuning half's speaker errors, in article order."""
    err = m[m["speaker_scored"] & ~m["speaker_ok"]]
    idx = sorted(random.Random(RANDOM_STATE).sample(list(err.index), min(N_ERRORS, len(err))))
    s = err.loc[idx]
    lines = [
        "# Quote speakers: sample of errors on the tuning half",
        "",
        f"{len(s)} of the {len(err)} speaker errors on the tuning half (found statements whose gold "
        f"speaker is a named person), drawn with `random.Random({RANDOM_STATE})` and listed in "
        "article order; written by `benchmarks/eval_quotes.py` (matching rules in "
        "`eval_quotes.md`). `mention` is how the gold annotation says the speaker is referred to "
        "at the statement; `predicted` is the extractor's `speaker` words -> `actor`.",
        "",
        "Error kinds in the whole tuning half: "
        + ", ".join(f"{k} {v}" for k, v in err["error"].value_counts().sort_index().items())
        + f"; of the unresolved, {named_but_unresolved(err)} have speaker words that contain the "
        "gold surname (a name inside a longer subject that was not recognised, not a pronoun).",
        "",
    ]
    for i, r in enumerate(s.itertuples(index=False), 1):
        snippet = r.statement if len(r.statement) <= 160 else r.statement[:157] + "..."
        lines += [
            f"{i}. `{r.doc_id}` ({r.outlet}), {r.kind}, cue `{r.cue}`: \"{snippet}\"",
            f"   - gold: **{r.speaker}** (mention: `{r.speaker_mention}`)",
            f"   - predicted: `{r.pred_speaker}` -> `{r.pred_actor}`; attribution `{r.pred_attribution}`; "
            f"error: {r.error}",
        ]
    return "\n".join(lines)


def code_state() -> str:
    """The commit and whether the quote rules had uncommitted changes when measured."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJ_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "lib/newslens"], cwd=PROJ_ROOT,
                               capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "- code: not a git checkout"
    changed = sorted(line[3:] for line in dirty if line.strip())
    note = (f"; uncommitted changes in {len(changed)} file(s) of lib/newslens ("
            + ", ".join(f"`{c}`" for c in changed) + ") were measured" if changed else ", clean")
    return f"- code: commit {head}{note}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held-out", action="store_true",
                    help="also score the held-out half (do this once, when the rules are final)")
    args = ap.parse_args()
    halves = ("tuning", "held_out") if args.held_out else ("tuning",)

    gold = load_statements(halves)
    clean, originals = annotated_corpus()
    docs = set(gold["doc_id"])
    part = clean[clean["doc_id"].astype(str).isin(docs)].reset_index(drop=True)
    quotes = stage_tables(part, config=RunConfig())["quotes"]
    m = match_gold(gold, quotes, part, originals)

    sections, tables = [], {}
    for half in halves:
        text, table = half_section(half.replace("_", "-"), m[m["half"] == half], quotes)
        sections.append(text)
        tables[half] = table.set_index("kind")
    if args.held_out:
        t = tables["held_out"]
        sp = m[(m["half"] == "held_out") & (m["kind"] == "direct") & m["speaker_scored"]]
        got = {"direct recall": t.loc["direct", "recall (of located)"],
               "mixed recall": t.loc["mixed", "recall (of located)"],
               "reported recall": t.loc["reported", "recall (of located)"],
               "direct speaker accuracy": pct(int(sp["speaker_ok"].sum()), len(sp))}
        target_lines = ["### Targets (issue 17), held-out half", "", "| measure | target | held-out |",
                        "|---|---:|---:|"]
        target_lines += [f"| {k} | >= {v:.0%} | {got[k]} |" for k, v in TARGETS.items()]
        sections.append("\n".join(target_lines) + "\n")
    n_unloc = int((~m["located"]).sum())
    header = [
        "# Quote extraction and speakers against hand annotations",
        "",
        "`benchmarks/eval_quotes.py` (issue 17): recall of the gold statements and speaker accuracy "
        "on named persons, per kind, on the AllSides annotation "
        "(`tests/annotations/quotes_allsides/`) and on the bundled corpus.",
        "",
        f"Halves scored: {', '.join(h.replace('_', '-') for h in halves)}"
        + ("" if args.held_out else " (the held-out half is scored only with `--held-out`, once, "
           "when the rules are final)") + ".",
        "",
        machine_description(),
        code_state(),
        "",
        "Pipeline: the 96 annotated articles' `content_original`, loaded with `newslens.load_corpus`, "
        "cleaned together with `newslens.clean_corpus` (repeated-line learning sees at most 3 "
        "articles per outlet here, fewer than on the whole corpus), quotes from "
        "`newslens.stance.stage_tables(df, config=RunConfig())` (no actors file: speakers kept by name; the bundled corpus with its example study).",
        "",
        f"Gold statements that could not be located in the cleaned text: {n_unloc} of {len(m)} "
        "(counted in the `unlocated` column, left out of `recall (of located)`, counted as missed "
        "in `recall (of all gold)`).",
        "",
        "## Results",
        "",
    ]
    rules = [
        "## Matching rules",
        "",
        "1. **Locating.** Gold offsets index `content_original`; each statement is found in the "
        "cleaned text by its words, both texts folded to letters and digits only (NFKD, accents, "
        "punctuation, quote marks and whitespace dropped, case folded). Repeated text: the "
        "occurrence of the same rank as in the original (or, when cleaning removed copies, the "
        "nearest one by relative position). Not found: retried with mojibake and HTML entities "
        "repaired (ftfy, `html.unescape`); still not found: *unlocated*.",
        f"2. **Found.** One extracted statement (`direct` or `reported`, never `scare`) covers at "
        f"least {MIN_COVER:.0%} of the located gold span's characters; the largest overlap is the "
        "match. Not one to one. Gold `mixed` may be matched by either kind.",
        "3. **Speaker** (gold `speaker_type == person`, found statements only). Predicted name = "
        "`actor` unless `unknown`/`none`, else the `speaker` words. Names normalised: no accents, "
        "lower case, no possessive, punctuation but hyphens dropped, titles/honorifics (`Mr`, "
        "`Sen.`, `President`, `Prime Minister`, ...) and single-letter initials dropped (`Jr` kept). "
        "Right, for the gold person or any of them when the gold names several (`A, B and C`), "
        "when: *equal*; or *surname*: the gold is one word (the article gives only a surname) "
        "equal to the prediction's last word, or the prediction is the last word(s) of the gold's "
        "full name (`Trump`, `Manigault Newman`); or *extra words*: the prediction ends with the "
        "gold's full name after other words (`Florida Rep. Matt Gaetz`: the person is named, but "
        "the `actor` value is not a clean name, which splits one person into several actors). "
        "Errors: *unresolved pronoun/descriptor* (no actor; speaker words such as `he`, `the "
        "senator`), *no speaker* (no actor, no words), *wrong name* (an actor that is not the gold "
        "person, including a pronoun resolved to the wrong person and organisations).",
        "",
    ]
    body = "\n".join(header) + "\n" + "\n".join(sections) + "\n" + bundled_section() + "\n" + "\n".join(rules)
    name = "eval_quotes_heldout" if args.held_out else "eval_quotes"
    write_results(name, body)
    tuning = m[m["half"] == "tuning"]
    (RESULTS_DIR / "eval_quotes_errors_tuning.md").write_text(errors_file(tuning) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
