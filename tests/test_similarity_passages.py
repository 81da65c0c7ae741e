"""Tests for lib/newslens/similarity/passages/: shared passages across outlets and their edits."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens.similarity import passages as P
from newslens.similarity import PASSAGE_COLUMNS, passages_html, shared_passages, word_spans, words

AFP = ("Idlib province and adjacent rural areas form the largest piece of territory still "
       "held by Syria's beleaguered {}, worn down by a succession of {} victories in recent "
       "months.")
UN = ("deeply concerned about the increasing risks of a humanitarian catastrophe in the "
      "case of a large-scale military operation in Idlib")
# Filler that shares no five-word sequence with anything else in these tests.
OTHER = ["Turkey reinforced its observation posts along the border on Monday.",
         "The envoy flew to Geneva for talks with the three guarantor powers.",
         "Aid convoys waited at the crossing while officials argued over permits.",
         "Residents of the southern districts queued for bread and fuel.",
         "A spokesman declined to say when the ministers would meet again."]


def corpus(texts: list[str], outlets: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": outlets,
                         "text_clean": texts})


# --------------------------------------------------------------------------- words

def test_words_ignore_case_punctuation_and_curly_apostrophes():
    assert words("Syria’s REBELS, worn-down.") == ["syria's", "rebels", "worn", "down"]


def test_word_spans_point_at_the_words():
    text = "Syria’s rebels, worn down."
    assert [text[s:e] for s, e in word_spans(text)] == ["Syria’s", "rebels", "worn", "down"]


# --------------------------------------------------------------------------- edits

def test_afp_paragraph_with_its_edits():
    a = OTHER[0] + "\n\n" + AFP.format("opposition fighters", "regime") + "\n\n" + OTHER[1]
    b = OTHER[2] + " " + AFP.format("rebels", "government") + " " + OTHER[3]
    table = shared_passages(corpus([a, b], ["TRT World", "i24NEWS"]))
    assert list(table.columns) == PASSAGE_COLUMNS
    assert len(table) == 1
    row = table.iloc[0]
    assert row["edits"] == "opposition fighters -> rebels; regime -> government"
    # 17 words up to "beleaguered" + "worn down by a succession of" (6)
    # + "victories in recent months" (4) = 27 matching words
    assert row["n_words"] == 27
    assert row["text_a"] == AFP.format("opposition fighters", "regime")[:-1]   # no final "."
    assert a[row["start_a"]:row["end_a"]] == row["text_a"]
    assert b[row["start_b"]:row["end_b"]] == row["text_b"]
    assert (row["doc_a"], row["doc_b"], row["outlet_a"], row["outlet_b"]) == (
        "d0", "d1", "TRT World", "i24NEWS")


BASE = "the foreign ministry said the convoy of trucks carrying medicine reached the city of idlib on friday"


@pytest.mark.parametrize("other, edits", [
    (BASE, ""),
    (BASE.replace("convoy", "column"), "convoy -> column"),
    (BASE.replace("of trucks ", ""), "of trucks -> (none)"),
    (BASE.replace("medicine", "medicine and food"), "(none) -> and food"),
    (BASE.replace("carrying medicine", "carrying food").replace("city of", "town of"),
     "medicine -> food; city -> town"),
    # a passage starts and ends on min_anchor matching words: an edit next to a one-word
    # match at either end is trimmed, not listed
    (BASE.replace("foreign ministry", "ministry").replace("friday", "saturday"), ""),
    # a one-word match between two edits is folded into one edit
    (BASE.replace("convoy of trucks", "column of lorries"), "convoy of trucks -> column of lorries"),
    # case and punctuation are not edits
    (BASE.replace("the foreign ministry said", "The Foreign Ministry said,"), ""),
])
def test_word_level_edits(other, edits):
    table = shared_passages(corpus([BASE, other], ["A", "B"]))
    assert table["edits"].tolist() == [edits]


def test_an_edit_longer_than_max_gap_splits_the_passage():
    first = "the foreign ministry said the convoy of trucks carrying medicine reached the city"
    second = "aid workers unloaded the boxes at the main hospital in the north of the province"
    a = f"{first} yesterday afternoon after a long wait {second}"
    b = f"{first} when the two sides finally agreed on a route {second}"
    assert len(shared_passages(corpus([a, b], ["A", "B"]), max_gap=4)) == 2
    # with max_gap=10 the 6-word / 9-word change is one edit inside one passage
    assert shared_passages(corpus([a, b], ["A", "B"]), max_gap=10)["n_words"].tolist() == [
        len(words(first)) + len(words(second))]


@pytest.mark.parametrize("min_words, found", [(11, 1), (12, 0)])
def test_min_words(min_words, found):
    shared = "the convoy of trucks carrying medicine reached the city of idlib"   # 11 words
    a = f"{OTHER[0]} {shared}. {OTHER[1]}"
    b = f"{OTHER[2]} {shared}. {OTHER[3]}"
    assert len(shared_passages(corpus([a, b], ["A", "B"]), min_words=min_words)) == found


# --------------------------------------------------------------------------- who is compared

def test_the_un_statement_shared_by_two_unknown_outlets():
    a = f'{OTHER[0]} "The Secretary-General is {UN} province in Syria," said a UN statement.'
    b = f'{OTHER[1]} The UN chief said he was "{UN}."'
    table = shared_passages(corpus([a, b], ["unknown", "unknown"]))
    assert table["n_words"].tolist() == [21]
    assert table["text_b"].tolist() == [UN]


def test_same_outlet_is_not_a_cross_outlet_match():
    text = AFP.format("rebels", "government")
    assert shared_passages(corpus([text, text], ["i24NEWS", "i24NEWS"])).empty
    assert len(shared_passages(corpus([text, text], ["i24NEWS", "TRT World"]))) == 1


def test_a_passage_repeated_within_one_article_is_not_a_match():
    caption = "Newly displaced Syrians arrive at a refugee camp in Atimah village near the border"
    repeated = f"{caption}. {OTHER[0]} {caption} (Reuters). {OTHER[1]}"
    # alone, the article shares nothing with anyone
    assert shared_passages(corpus([repeated, OTHER[2]], ["A", "B"])).empty
    # with another outlet printing the caption once, the pair shares it once
    table = shared_passages(corpus([repeated, f"{OTHER[3]} {caption}."], ["A", "B"]))
    assert len(table) == 1
    assert table.loc[0, "n_words"] == len(words(caption))


def boilerplate_corpus(n_docs: int) -> pd.DataFrame:
    footer = ("Sign up for our daily newsletter and get the best stories delivered to your "
              "inbox every morning")
    texts = [f"Story number {i} is about topic {i * 7919} in district {i * 104729}. {footer}"
             for i in range(n_docs)]
    return corpus(texts, [f"outlet {i}" for i in range(n_docs)])


def test_boilerplate_in_many_documents_links_nothing():
    # 120 articles of 120 outlets end with the same footer: more than max_doc_freq = 100
    # documents, so it is boilerplate and seeds no match
    assert shared_passages(boilerplate_corpus(120)).empty
    # in 20 documents the same footer is not (yet) boilerplate: 20 * 19 / 2 = 190 pairs
    assert len(shared_passages(boilerplate_corpus(20))) == 190
    # the threshold is a parameter
    assert shared_passages(boilerplate_corpus(20), max_doc_freq=10).empty


def test_empty_and_tiny_corpora():
    assert shared_passages(corpus([], [])).empty
    assert shared_passages(corpus(["", "short text"], ["A", "B"])).empty
    assert list(shared_passages(corpus(["x"], ["A"])).columns) == PASSAGE_COLUMNS


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        shared_passages(corpus(["a", "b"], ["A", "B"]), max_doc_freq=1)


# --------------------------------------------------------------------------- properties

VOCAB = [f"w{i}" for i in range(500)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), min_size=12, max_size=80, unique=True),
       st.lists(st.sampled_from(OTHER[:2]), min_size=0, max_size=2),
       st.lists(st.sampled_from(OTHER[2:]), min_size=0, max_size=2))
def test_an_exact_copy_is_one_passage_without_edits(shared, before, after):
    """Any text of distinct words printed by two outlets is found whole, with no edit."""
    text = " ".join(shared)
    a = " ".join(before + [text])
    b = " ".join([text] + after)
    table = shared_passages(corpus([a, b], ["A", "B"]))
    assert table["n_words"].tolist() == [len(shared)]
    assert table["edits"].tolist() == [""]
    assert table["text_a"].tolist() == [text] == table["text_b"].tolist()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abc ’'.\n", min_size=0, max_size=60), min_size=2,
                max_size=6),
       st.randoms(use_true_random=False))
def test_offsets_point_at_the_passages_and_row_order_does_not_matter(texts, rnd):
    outlets = [f"o{i % 3}" for i in range(len(texts))]
    df = corpus(texts, outlets)
    table = shared_passages(df, min_words=3, ngram=2, min_anchor=1)
    for row in table.itertuples():
        text_a = df.set_index("doc_id").loc[row.doc_a, "text_clean"]
        text_b = df.set_index("doc_id").loc[row.doc_b, "text_clean"]
        assert text_a[row.start_a:row.end_a] == row.text_a
        assert text_b[row.start_b:row.end_b] == row.text_b
        assert row.doc_a < row.doc_b
        assert row.n_words >= 3
    order = list(range(len(texts)))
    rnd.shuffle(order)
    shuffled = shared_passages(df.iloc[order].reset_index(drop=True), min_words=3, ngram=2,
                               min_anchor=1)
    pd.testing.assert_frame_equal(table, shuffled)


# --------------------------------------------------------------------------- bundled corpus

def test_bundled_corpus_afp_paragraph_and_un_statement():
    import newslens

    df, _ = newslens.clean_corpus(newslens.load_corpus())
    table = shared_passages(df)
    found = {(r.doc_a[:3], r.doc_b[:3]): r for r in table.itertuples()}
    afp = found[("003", "004")]
    assert afp.text_a.startswith("Idlib province and adjacent rural areas form the largest")
    assert afp.edits == "opposition fighters -> rebels; regime -> government"
    un = found[("001", "002")]
    assert "deeply concerned about the increasing risks of a humanitarian catastrophe" in un.text_a
    assert un.n_words >= 20


def test_passages_html_marks_edits_and_escapes_text():
    a = f"{OTHER[0]} " + AFP.format("opposition <script>alert(1)</script> fighters", "regime")
    b = f"{OTHER[1]} " + AFP.format("rebels", "government")
    table = shared_passages(corpus([a, b], ["A & Co", "B"]), max_gap=8)
    html = passages_html(table)
    assert "<script>" not in html
    assert "<del>opposition &lt;script&gt;alert(1)&lt;/script&gt; fighters</del>" in html
    assert "<ins>rebels</ins>" in html and "<ins>government</ins>" in html
    assert "<del>regime</del>" in html
    assert "(A &amp; Co)" in html
    assert passages_html(table, max_rows=0).count("<td") == 0


@pytest.mark.parametrize("n_own, found", [(5, 5), (6, 0)])
def test_an_outlets_own_template_links_nothing(n_own, found):
    # outlet A ends n_own different stories with its newsletter prompt; outlet B prints the
    # prompt once. In more than max_outlet_doc_freq = 5 of A's articles it is A's template.
    footer = ("Want the morning briefing in your inbox every day? Sign up here for our "
              "free daily newsletter")
    texts = [f"Story {i} is about district {i * 7919}. {footer}" for i in range(n_own)]
    texts.append(f"An unrelated report on the harvest. {footer}")
    table = shared_passages(corpus(texts, ["A"] * n_own + ["B"]))
    assert len(table) == found


# --------------------------------------------------------------------------- by partition

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"


@pytest.fixture(scope="module")
def cleaned_fixture() -> pd.DataFrame:
    from newslens.clean import clean_corpus
    from newslens.corpus import load_corpus

    return clean_corpus(load_corpus(FIXTURE))[0]


@pytest.mark.parametrize("n_parts, n_buckets, n_runs", [(1, 1, 1), (3, 4, 2), (7, 5, 9)])
def test_partitioned_passages_equal_the_whole(cleaned_fixture, n_parts, n_buckets, n_runs):
    # n-grams indexed per partition, seeds found per hash bucket, regions aligned in runs
    # of whole pairs with only the documents each run names: the table of shared_passages
    df = cleaned_fixture
    expected = shared_passages(df)
    assert len(expected) >= 3
    ids, texts, outlets, code, order = P.corpus_arrays(df)
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(len(order))
    bounds = np.linspace(0, len(df), n_parts + 1).astype(int)
    index = []
    for a, b in zip(bounds, bounds[1:]):
        seqs, lengths = P.hash_words(df["text_clean"].iloc[a:b].tolist())
        index.append(P.ngram_index(seqs, lengths, number[a:b], n_buckets=n_buckets))
    seeds = [P.ngram_seeds([i[j] for i in index], code) for j in range(n_buckets)]
    a, b, pa, pb = (np.concatenate([s[k] for s in seeds]) for k in range(4))
    regions = P.seed_regions(a, b, pa, pb, ngram=5, max_gap=4, n_docs=len(ids), min_words=12)
    rows = []
    for lo, hi in P.pair_runs(regions["a"].to_numpy(), regions["b"].to_numpy(), n_runs):
        chunk = regions.iloc[lo:hi]
        needed = sorted(set(chunk["a"]) | set(chunk["b"]))
        seqs, lengths = P.hash_words([texts[d] for d in needed])
        rows += P.align_regions(chunk, dict(zip(needed, seqs)), dict(zip(needed, lengths)),
                                {d: ids[d] for d in needed}, {d: outlets[d] for d in needed},
                                {d: texts[d] for d in needed})
    pd.testing.assert_frame_equal(P.passage_table(rows), expected)


@given(st.lists(st.integers(0, 6), max_size=40).map(sorted), st.integers(1, 9))
def test_pair_runs_cover_in_order_without_cutting_a_pair(pairs, n_runs):
    a = np.array(pairs, dtype=np.int64)
    runs = P.pair_runs(a, np.zeros_like(a), n_runs)
    assert [i for lo, hi in runs for i in range(lo, hi)] == list(range(len(pairs)))
    assert len(runs) <= n_runs and all(hi > lo for lo, hi in runs)
    for lo, _ in runs[1:]:
        assert pairs[lo - 1] != pairs[lo]          # a run starts where a new pair starts


def test_word_hashes_do_not_depend_on_the_process():
    # the n-gram index of a partition must mean the same on every worker: same words, same
    # hashes in a fresh interpreter (Python's own hash is salted per process)
    import subprocess
    import sys

    code = ("from newslens.similarity.passages import hash_words;"
            "print(hash_words(['Syria\\u2019s rebels held Idlib'])[0][0].tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == str(P.hash_words(["Syria\u2019s rebels held Idlib"])[0][0].tolist())
    # equal words, equal hashes; different words, different hashes
    seq = P.hash_words(["Idlib, idlib and Aleppo"])[0][0]
    assert seq[0] == seq[1] and seq[0] != seq[3]
