"""Tests for newslens.stance: lexicon and rules, relevance, summaries, evaluation."""
from __future__ import annotations

import math
import re
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newslens
from newslens.config import RunConfig
from newslens.quotes import extract_quotes
from newslens.stance import (STANCE_COLUMNS, VOICE_COLUMNS, assign_stance, evaluate, load_gold,
                             load_stance_lexicon, locate_snippet, score_statement, stage_tables,
                             _fold, _required_literals, stance_summary, voice_shares)


@pytest.fixture(scope="module")
def lex():
    return load_stance_lexicon()


@pytest.mark.parametrize("frame, stance", [
    # opposition, with modality
    ("'Bloodbath' must be averted", "oppose"),
    ("a bombing campaign there would be a massacre", "oppose"),
    ("It is absolutely essential to avoid a full-scale battle in Idlib", "oppose"),
    ("Turkey has warned against such an attack", "oppose"),
    ("the rebel-held province must not be transformed into a bloodbath", "oppose"),  # prohibition
    ("There is no doubt that an all-out military operation would result in a catastrophe", "oppose"),
    ("Turkey is appealing for a ceasefire", "oppose"),
    ("A possible attack would sabotage the ongoing political process", "oppose"),
    # support
    ("This abscess must be liquidated.", "support"),
    ("the planned assault on Idlib is a counterterrorism operation", "support"),
    ("the determination of his government to liberate all Syrian territory", "support"),
    ("we ourselves are simply reacting to the attacks coming from the zone", "support"),
    ("prepare an operation against them while minimizing the risks to civilians", "support"),
    # neutral: negation, denial, another kind of event, nothing
    ("The offensive will not be a bloodbath.", "neutral"),
    ("No major offensive planned in Syria's Idlib", "neutral"),
    ("Russia accused rebels of preparing a chemical attack", "neutral"),
    ("The negotiations between Turkey and HTS are still ongoing", "neutral"),
])
def test_score_statement_table(frame, stance, lex):
    assert score_statement(frame, lex)[0] == stance


def test_score_by_hand(lex):
    # "This abscess must be liquidated.": eliminate_must (support, weight 2) and dehumanise
    # ("abscess", support, weight 1): s = 0 - (2 + 1) = -3
    stance, score, cue = score_statement("This abscess must be liquidated.", lex)
    assert (stance, score) == ("support", -3.0)
    assert cue == 'eliminate_must: "must be liquidated"'
    # "a massacre ... and reckless": harm (oppose 2) + condemnation (oppose 1) = 3
    assert score_statement("it would be a massacre and reckless", lex)[1] == 3.0
    # one oppose cue of weight 2 and one support cue of weight 2 cancel: neutral, both shown
    stance, score, cue = score_statement("avoid a bloodbath; the terrorists must be eliminated", lex)
    assert (stance, score) == ("neutral", 0.0)
    assert "avoid_event" in cue and "eliminate_must" in cue


def test_target_terms_are_parameters(lex):
    # with another event's names, "against the strike" is opposition; with the default names
    # it is not about the event
    other = load_stance_lexicon(target_terms=("strike",))
    assert score_statement("they warned against the strike", other)[0] == "oppose"
    assert score_statement("they warned against the strike", lex)[0] == "neutral"


def _doc(*paragraphs):
    return "\n\n".join(paragraphs)


def test_relevance_window_and_locale_break():
    text = _doc(
        "Talks on the future of the region continue.",                  # 0: no place
        "Government forces massed around Idlib this week.",            # 1: the place
        '"An assault would be a massacre," Pierce said.',              # 2: context (1 back)
        "In Deir Ezzor, the SDF launched its offensive on Monday.",     # 3: another place
        '"The battle will be over soon," said Dairi.',                  # 4: after the break
    )
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    q = assign_stance(extract_quotes(df), texts=df)
    got = q[["quote", "relevance", "stance"]].values.tolist()
    assert got == [["An assault would be a massacre,", "context", "oppose"],
                   ["The battle will be over soon,", "", "off_target"]]


def test_relevance_without_texts_uses_the_frame_only():
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": [_doc("Idlib is tense.", '"It would be a massacre," Pierce said.')]})
    q = extract_quotes(df)
    assert assign_stance(q)["stance"].tolist() == ["off_target"]
    assert assign_stance(q, texts=df)["stance"].tolist() == ["oppose"]
    # an empty target place means any place
    assert assign_stance(q, target_place=())["relevance"].tolist() == ["any place"]


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


def test_locate_snippet():
    text = "He said \u201cworst humanitarian catastrophe\u201d and then \"worst humanitarian catastrophe\"."
    # "He said \u201c" is 9 characters, the snippet 30, "\u201d and then \"" 12: 9 + 30 + 12 = 51
    assert locate_snippet(text, "worst humanitarian catastrophe", 2) == (51, 81)
    assert locate_snippet(text, "WORST  humanitarian", 1) == (9, 27)  # 9 + len("worst humanitarian") = 27
    assert locate_snippet(text, "not there", 1) is None


def test_evaluate_by_hand():
    text = '"Avoid the offensive now," Pierce said. Nebenzia said the plan is fine. He called it "baseless".'
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    q = assign_stance(extract_quotes(df), texts=df, target_place=())
    gold = pd.DataFrame([
        ["d", 1, "Avoid the offensive", "Pierce", "Karen Pierce", "UK", "direct", "oppose", ""],
        ["d", 1, "the plan is fine", "Nebenzia", "Sergei Lavrov", "Russia", "reported", "neutral", ""],  # wrong on purpose
        ["d", 1, "not in the text", "X", "X", "X", "reported", "neutral", ""],
        ["d", 1, "baseless", "He", "Vassily Nebenzia", "Russia", "scare", "n/a", ""],
    ], columns=["doc_id", "occurrence", "quote", "speaker", "actor", "group", "kind", "stance", "notes"])
    m = evaluate(q, gold, texts=df)["metrics"].set_index("metric")
    # 3 gold statements, 2 predicted statements, 2 matched; 1 correct speaker (Pierce)
    assert m.loc["detection recall", ["numerator", "denominator"]].tolist() == [2, 3]
    assert m.loc["detection precision", "value"] == 1.0
    assert m.loc["speaker precision", "value"] == pytest.approx(1 / 2)
    assert m.loc["speaker recall", "value"] == pytest.approx(1 / 3)
    # stance: both matched statements have the gold stance (oppose, neutral)
    assert m.loc["stance accuracy", ["numerator", "denominator"]].tolist() == [2, 2]
    assert m.loc["scare recall", "value"] == 1.0
    assert math.isnan(m.loc["other-event detection", "value"])


# ----------------------------------------------------------------------- bundled corpus

@pytest.fixture(scope="module")
def bundled():
    df = newslens.load_corpus()
    df, _ = newslens.clean_corpus(df)
    return df


@pytest.fixture(scope="module")
def bundled_quotes(bundled):
    return stage_tables(bundled, config=RunConfig())


def test_bundled_corpus_meets_the_measured_levels(bundled, bundled_quotes):
    """Regression guard: the levels measured on the hand annotation when the rules were
    written (tests/annotations/quotes_gold.csv, 121 statements and 17 scare quotes):
    detection recall 119/121, speaker precision 115/119, speaker recall 115/121, stance
    accuracy 106/116, polar stance recall 49/57, other-event detection 3/3, scare
    recall 17/17. These are in-sample
    figures (the rules were developed on these five articles); the minimums leave room for
    one or two statements of slack, so a real regression fails."""
    m = evaluate(bundled_quotes["quotes"], load_gold(), texts=bundled)["metrics"].set_index("metric")["value"]
    assert m["detection recall"] >= 0.95
    assert m["detection precision"] >= 0.95
    assert m["speaker precision"] >= 0.93
    assert m["speaker recall"] >= 0.93
    assert m["stance accuracy"] >= 0.88
    assert m["polar stance recall"] >= 0.80
    assert m["other-event detection"] == 1.0
    assert m["scare recall"] >= 0.9


def test_gold_snippets_are_all_in_the_cleaned_text(bundled):
    texts = dict(zip(bundled.doc_id, bundled.text_clean))
    gold = load_gold()
    missing = [r.quote for r in gold.itertuples() if locate_snippet(texts[r.doc_id], r.quote, r.occurrence) is None]
    assert missing == []


def test_bundled_stance_summary_reads_as_the_story(bundled_quotes):
    s = stance_summary(bundled_quotes["quotes"]).set_index("actor")
    for actor in ("Antonio Guterres", "Turkey", "Nikki Haley", "Mevlut Cavusoglu"):
        assert s.loc[actor, "stance"] == "oppose"
    for actor in ("Sergei Lavrov", "Walid Muallem"):
        assert s.loc[actor, "stance"] == "support"


def test_stage_tables_sorted_and_deterministic(bundled, bundled_quotes):
    again = stage_tables(bundled, config=RunConfig())
    for name in ("quotes", "stance"):
        pd.testing.assert_frame_equal(bundled_quotes[name], again[name])
    q = bundled_quotes["quotes"]
    assert q[["doc_id", "start"]].apply(tuple, axis=1).is_monotonic_increasing
    texts = dict(zip(bundled.doc_id, bundled.text_clean))
    assert all(texts[r.doc_id][r.start:r.end] == r.quote for r in q.itertuples())
    assert list(bundled_quotes["stance"].columns) == STANCE_COLUMNS


def test_quote_text_is_escaped_in_html_output():
    # the notebook shows plain DataFrames, whose HTML repr escapes cell text (a pandas Styler
    # would not): a quote with markup must not become markup
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"],
                       "text_clean": ['"Idlib <b>must</b> not burn & <script>x</script>," Pierce said.']})
    q = assign_stance(extract_quotes(df), texts=df)
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


def _summary_reference(q: pd.DataFrame) -> list[list]:
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
        best = min(cand, key=lambda ir: (-(abs(ir[1]["score"]) if stance != "neutral" else 0.0),
                                         -len(ir[1]["quote"]), ir[1]["doc_id"], ir[1]["start"], ir[0]))[1]
        out.append([key[0], key[1], stance, len(g), "; ".join(sorted({r["outlet"] for _, r in g})),
                    best["quote"], n["support"], n["oppose"], n["neutral"], best["doc_id"], best["cue"]])
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
    assert stance_summary(q).values.tolist() == _summary_reference(q)


# ----------------------------------------------------------------- literal prefilter

@pytest.mark.parametrize("pattern, flags, expected", [
    # a run of literals is needed; of "avoid" and "battle" the longer shortest string wins
    (r"\bavoid\s+(?:a\s+)?battle\b", 0, {"battle"}),
    # an alternation needs one of its branches' needs; case is folded
    (r"\b(?:Catastrophe|bloodbath|refrain\s+from)\b", re.IGNORECASE, {"catastrophe", "bloodbath", "refrain"}),
    # an optional part needs nothing; a repeat of at least one needs its body
    (r"(?:cease)?fire", 0, {"fire"}),
    (r"(?:truce)+", 0, {"truce"}),
    # a branch that needs nothing makes the alternation need nothing
    (r"(?:war|\w+)", 0, None),
    (r"\d+", 0, None),
    # non-ASCII literals are skipped ("\u212a", the Kelvin sign, matches "k" under IGNORECASE)
    ("\u212aill", re.IGNORECASE, {"ill"}),
])
def test_required_literals_by_hand(pattern, flags, expected):
    got = _required_literals(pattern, flags)
    assert (set(got) if got is not None else None) == expected


_LEX = load_stance_lexicon()
_CUE_WORDS = st.sampled_from(
    "avoid AVOID a the battle Battle in Idlib must not be bloodbath \u212aill chemical attack "
    "Chemical ATTACK offensive against them eliminate liquidated averted risk no military solution "
    "war crimes , . ' \u00e9 - cease-fire call for truce R\u0130SK \u017fabotage \u0130dlib".split()
    + [" ", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_WORDS, max_size=30).map(" ".join))
def test_prefilter_never_hides_a_match(text):
    # the prefilter may only skip a search that would find nothing
    lex = _LEX
    possible = lex.gate.possible(_fold(text))
    for i, cue in enumerate(lex.cues):
        if cue.regex.search(text) is not None:
            assert i in possible
    assert (lex.not_the_event.search(text) is None) == (lex.not_the_event_pf.search(text) is None)


def test_ignorecase_fold_covers_every_code_point():
    # every character outside ASCII that IGNORECASE matches with an ASCII character is folded
    # to it (so a literal prefilter never misses a match); checked over all of Unicode
    ascii_ci = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    for c in map(chr, range(128, sys.maxunicode + 1)):
        if ascii_ci.fullmatch(c):
            folded = _fold(c)
            assert folded.isascii() and re.fullmatch(re.escape(folded), c, re.IGNORECASE)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | st.lists(_CUE_WORDS | st.text(max_size=3), max_size=20).map("".join))
def test_prefilter_never_hides_a_match_on_any_string(text):
    possible = _LEX.gate.possible(_fold(text))
    assert all(i in possible for i, cue in enumerate(_LEX.cues) if cue.regex.search(text))
    score_statement(text, _LEX)  # never raises


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_WORDS, max_size=30).map(" ".join) | st.text(max_size=120))
def test_gate_search_from_each_hit_equals_the_zero_width_scan(text):
    # possible() searches the prefix tree again from each hit; the zero-width scan it replaces
    # tried every position: both must name the same cues
    gate, low = _LEX.gate, _fold(text)
    scanned = set(gate.always)
    for m in gate.scan.finditer(low):
        scanned |= gate.cues_of[m.group(1)]
    assert gate.possible(low) == scanned
