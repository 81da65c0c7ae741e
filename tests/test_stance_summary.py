"""Tests for newslens.stance.summary: stance per actor and voice shares per outlet."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.quotes import extract_quotes
from newslens.stance import STANCE_COLUMNS, VOICE_COLUMNS, assign_stance, stance_summary, voice_shares


def _quotes(rows):
    cols = ["doc_id", "outlet", "quote", "speaker", "actor", "group", "start", "end", "attribution",
            "kind", "paragraph", "frame", "relevance", "stance", "score", "cue"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_stance_summary_by_hand():
    q = _quotes([
        # doc, outlet, quote, speaker, actor, group, start, end, attr, kind, para, frame, rel, stance, score, cue
        ("d1", "A", "avoid a battle now", "X", "Ann", "UN", 0, 18, "name", "direct", 0, "", "statement", "oppose", 2.0, "c1"),
        ("d2", "B", "it would be a massacre and reckless", "X", "Ann", "UN", 0, 35, "name", "direct", 0, "", "statement", "oppose", 3.0, "c2"),
        ("d2", "B", "talks go on", "X", "Ann", "UN", 40, 51, "name", "reported", 0, "", "statement", "neutral", 0.0, ""),
        ("d1", "A", "liquidate them", "Y", "Bob", "RU", 20, 34, "name", "direct", 0, "", "statement", "support", -1.0, "c3"),
        ("d1", "A", "avoid it", "Y", "Bob", "RU", 40, 48, "name", "direct", 0, "", "statement", "oppose", 1.0, "c4"),
        ("d1", "A", "off topic words", "Y", "Bob", "RU", 50, 65, "name", "direct", 0, "", "", "off_target", 0.0, ""),
        ("d1", "A", "baseless", "Y", "Bob", "RU", 70, 78, "name", "scare", 0, "", "", "n/a", 0.0, ""),
        ("d1", "A", "who knows", "", "unknown", "unknown", 80, 89, "none", "direct", 0, "", "statement", "oppose", 1.0, ""),
    ])
    s = stance_summary(q)
    assert list(s.columns) == STANCE_COLUMNS
    # sorted by group then actor: RU before UN
    assert s[["actor", "stance", "n_statements", "n_support", "n_oppose", "n_neutral", "outlets"]].values.tolist() == [
        ["Bob", "mixed", 2, 1, 1, 0, "A"],      # 1 support vs 1 oppose; off-target and scare not counted
        ["Ann", "oppose", 3, 0, 2, 1, "A; B"],  # 2 oppose > 0 support
    ]
    # Ann's evidence: the oppose statement with the largest |score| (3.0 > 2.0)
    assert s.loc[s.actor == "Ann", "evidence"].item() == "it would be a massacre and reckless"


def test_voice_shares_by_hand():
    q = _quotes([
        ("d1", "A", "one two three", "", "Ann", "UN", 0, 1, "", "direct", 0, "", "", "", 0, ""),
        ("d1", "A", "four", "", "Bob", "RU", 0, 1, "", "reported", 0, "", "", "", 0, ""),
        ("d1", "A", "ignored scare", "", "Bob", "RU", 0, 1, "", "scare", 0, "", "", "", 0, ""),
        ("d2", "B", "de-escalation now", "", "", "none", 0, 1, "", "direct", 0, "", "", "", 0, ""),
    ])
    v = voice_shares(q)
    assert list(v.columns) == VOICE_COLUMNS
    # outlet A: UN 3 words, RU 1 word -> 3/4 and 1/4; outlet B: 2 words ("de-escalation" is
    # one word) of unknown voice -> 1
    assert v[["outlet", "group", "n_words", "share"]].values.tolist() == [
        ["A", "UN", 3, 0.75], ["A", "RU", 1, 0.25], ["B", "unknown", 2, 1.0]]
    direct = voice_shares(q, kinds=("direct",))
    assert direct.loc[direct.outlet == "A", "share"].tolist() == [1.0]


def test_quote_text_is_escaped_in_html_output():
    # the notebook shows plain DataFrames, whose HTML repr escapes cell text (a pandas Styler
    # would not): a quote with markup must not become markup
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": ['"Idlib <b>must</b> not burn & <script>x</script>," Pierce said.']})
    q = assign_stance(extract_quotes(df), texts=df, target_terms=("idlib",))
    html = q._repr_html_()
    assert "&lt;b&gt;must&lt;/b&gt;" in html and "<script>" not in html
    assert "&lt;script&gt;" in stance_summary(q)._repr_html_()


def test_stance_summary_evidence_ties_by_hand():
    q = _quotes([
        # Cy opposes: both oppose statements have |score| 2.0 and 9 characters; the first by
        # doc_id ("d1" < "d2") is the evidence
        ("d2", "B", "aaaa bbbb", "X", "Cy", "UN", 0, 9, "name", "direct", 0, "", "statement", "oppose", 2.0, "c2"),
        ("d1", "A", "cccc dddd", "X", "Cy", "UN", 5, 14, "name", "direct", 0, "", "statement", "oppose", 2.0, "c1"),
        ("d1", "A", "a support statement that is long", "X", "Cy", "UN", 20, 52, "name", "direct", 0, "",
         "statement", "support", -1.0, "c3"),
        # Di is neutral: no side, so strength is 0 for all and the longest quote wins
        ("d1", "A", "short", "Y", "Di", "UN", 60, 65, "name", "direct", 0, "", "statement", "neutral", 0.0, ""),
        ("d1", "A", "the longer one", "Y", "Di", "UN", 70, 84, "name", "direct", 0, "", "statement", "neutral", 0.0, ""),
        # Ed is mixed (1 support, 1 oppose): every statement competes on |score|: |-3| > |1|
        ("d3", "C", "oppose words", "Z", "Ed", "EU", 0, 12, "name", "direct", 0, "", "statement", "oppose", 1.0, "o"),
        ("d3", "C", "support", "Z", "Ed", "EU", 20, 27, "name", "direct", 0, "", "statement", "support", -3.0, "s"),
        ("d3", "C", "neutral but much longer words", "Z", "Ed", "EU", 30, 59, "name", "direct", 0, "",
         "statement", "neutral", 0.0, ""),
    ])
    s = stance_summary(q)
    assert s[["actor", "stance", "evidence", "evidence_doc_id", "evidence_cue", "outlets"]].values.tolist() == [
        ["Ed", "mixed", "support", "d3", "s", "C"],           # group EU sorts before UN
        ["Cy", "oppose", "cccc dddd", "d1", "c1", "A; B"],
        ["Di", "neutral", "the longer one", "d1", "", "A"],
    ]
    assert s["n_statements"].tolist() == [3, 3, 2]
    assert stance_summary(q.iloc[:0]).columns.tolist() == STANCE_COLUMNS


def test_evidence_prefers_own_words_about_the_event_and_thin_evidence_is_flagged():
    q = _quotes([
        # Fay opposes (3 statements). The strongest oppose statement is a reported clause,
        # another does not name the event (relevance "paragraph"): the evidence is her own
        # quoted words that name it, though weaker.
        ("d1", "A", "the writer's paraphrase of a strong attack", "F", "Fay", "UN", 0, 42, "name",
         "reported", 0, "", "statement", "oppose", 4.0, "r"),
        ("d1", "A", "a disaster for everyone involved", "F", "Fay", "UN", 50, 82, "name", "direct", 0, "",
         "paragraph", "oppose", 3.0, "p"),
        ("d1", "A", "we oppose the summit", "F", "Fay", "UN", 90, 110, "name", "direct", 0, "",
         "statement", "oppose", 2.0, "o"),
        # Gus: one statement, thin
        ("d2", "B", "we back it", "G", "Gus", "UN", 0, 10, "name", "direct", 0, "", "anaphor", "support", -2.0, "s"),
    ])
    s = stance_summary(q).set_index("actor")
    assert s.loc["Fay", "evidence"] == "we oppose the summit"
    assert s["thin_evidence"].to_dict() == {"Fay": False, "Gus": True}


def _summary_by_the_rules(q: pd.DataFrame) -> list[list]:
    """stance_summary written out row by row in plain Python (the rules of its docstring)."""
    rows = [r for r in q.to_dict("records") if r["kind"] in ("direct", "reported")
            and r["stance"] in ("support", "oppose", "neutral") and r["actor"] not in ("unknown", "none", "")]
    out = []
    for key in sorted({(r["actor"], r["group"]) for r in rows}, key=lambda k: (k[1], k[0])):
        g = [(i, r) for i, r in enumerate(rows) if (r["actor"], r["group"]) == key]
        n = {s: sum(r["stance"] == s for _, r in g) for s in ("support", "oppose", "neutral")}
        stance = ("oppose" if n["oppose"] > n["support"] else "support" if n["support"] > n["oppose"]
                  else "mixed" if n["support"] else "neutral")
        cand = [(i, r) for i, r in g if stance in ("neutral", "mixed") or r["stance"] == stance]
        # a direct quote attributed by name (every row here) is the actor's own words: it
        # comes before a reported clause
        best = min(cand, key=lambda ir: (-(2 if ir[1]["kind"] == "direct" else 0),
                                         -(abs(ir[1]["score"]) if stance != "neutral" else 0.0),
                                         -len(ir[1]["quote"]), ir[1]["doc_id"], ir[1]["start"], ir[0]))[1]
        out.append([key[0], key[1], stance, len(g), "; ".join(sorted({r["outlet"] for _, r in g})),
                    best["quote"], n["support"], n["oppose"], n["neutral"], best["doc_id"], best["cue"],
                    len(g) <= 2])
    return out


_ROW = st.tuples(st.sampled_from(["d1", "d2", "d10"]), st.sampled_from(["A", "B", "b"]),
                 st.sampled_from(["x", "yy", "zz", "w w w"]),
                 st.sampled_from(["Ann", "Ann", "Ann", "Bob", "unknown", "none", ""]),
                 st.sampled_from(["UN", "UN", "RU"]), st.sampled_from(["direct", "reported", "scare"]),
                 st.sampled_from(["support", "oppose", "oppose", "neutral", "off_target", "n/a"]),
                 st.sampled_from([0.0, 1.0, -1.0, 2.0, -2.5]), st.integers(0, 3), st.sampled_from(["", "c"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, min_size=3, max_size=40))
def test_stance_summary_matches_the_rules_row_by_row(rows):
    q = _quotes([(d, o, qt, "S", a, g, s, s + len(qt), "name", k, 0, "", "statement", stc, sc, cue)
                 for d, o, qt, a, g, k, stc, sc, s, cue in rows])
    assert stance_summary(q).values.tolist() == _summary_by_the_rules(q)


def test_voice_shares_leave_out_unknown_outlets_and_can_go_by_actor():
    q = _quotes([
        ("d1", "A", "one two three", "", "Ann", "UN", 0, 1, "", "direct", 0, "", "", "", 0, ""),
        ("d1", "A", "four", "", "Bob", "UN", 0, 1, "", "reported", 0, "", "", "", 0, ""),
        ("d2", "unknown", "five six", "", "Cy", "RU", 0, 1, "", "direct", 0, "", "", "", 0, ""),
    ])
    v = voice_shares(q)
    assert v[["outlet", "group", "n_words", "share"]].values.tolist() == [["A", "UN", 4, 1.0]]
    by_actor = voice_shares(q, by="actor")
    assert by_actor[["outlet", "group", "n_words", "share"]].values.tolist() == [
        ["A", "Ann", 3, 0.75], ["A", "Bob", 1, 0.25]]
