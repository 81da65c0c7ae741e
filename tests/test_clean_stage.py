"""newslens.clean.stage: clean_corpus's columns and log, the stage on any partitioning,
and the bundled corpus cleaned."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import newslens
from newslens.clean import LOG_COLUMNS, STAGE, clean_corpus, stage_tables
from newslens.config import RunConfig
from newslens.corpus import load_corpus
from newslens.pipeline.engines import PoolEngine, SerialEngine
from newslens.pipeline.stages import run_stage, split_corpus

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "allsides-idlib.jsonl"

# An entity artifact as the issue defines it: "&", optional spaces, "#", optional spaces,
# digits (or x + hex digits), optional spaces, ";", all on one line.
ARTIFACT = re.compile(r"&[^\S\n]*#[^\S\n]*(?:[xX][^\S\n]*[0-9a-fA-F]+|\d+)[^\S\n]*;")


def test_clean_corpus_columns_and_log():
    df = pd.DataFrame({"doc_id": ["x", "y"], "outlet": ["A", "B"],
                       "text": ["Head\n\n\u201cOne\u201d and \u201ctwo\u201d.\n\nAdvertisement",
                                "Plain text."]})
    out, log = clean_corpus(df)
    assert list(out.columns) == ["doc_id", "outlet", "text", "text_clean", "headline", "subheadings",
                                 "agency"]
    assert out["text"].tolist() == df["text"].tolist()          # raw text kept
    assert out["text_clean"].tolist() == ['Head\n\n"One" and "two".', "Plain text."]
    assert list(log.columns) == LOG_COLUMNS
    # "\u201c" twice and "\u201d" twice: two rows with count 2 each; one advertisement row.
    assert log.values.tolist() == [
        ["x", "quote_marks", "\u201c", '"', 2],
        ["x", "quote_marks", "\u201d", '"', 2],
        ["x", "advertisement", "Advertisement", "", 1],
    ]
    assert out.attrs["cleaning_log"] is log


def test_stage_tables_is_the_log_of_clean_corpus():
    df = newslens.load_corpus()
    config = RunConfig(disabled_clean_rules=("subheadings",))
    _, log = clean_corpus(df, disabled=config.disabled_clean_rules)
    tables = stage_tables(df, config=config)
    assert list(tables) == ["cleaning_log"]
    pd.testing.assert_frame_equal(tables["cleaning_log"], log)
    assert "subheadings" not in set(log["rule"])


# --------------------------------------------------------------------------- partitions

@pytest.fixture(scope="module")
def fixture_corpus():
    df = load_corpus(FIXTURE)
    cleaned, log = clean_corpus(df)
    return df, cleaned, log


def _assert_same_as_one_partition(context, cleaned, log):
    pd.testing.assert_frame_equal(context["tables"]["cleaning_log"], log)
    pd.testing.assert_frame_equal(context["corpus"], cleaned)
    assert context["corpus"].attrs["cleaning_log"] is context["tables"]["cleaning_log"]
    pd.testing.assert_frame_equal(context["corpus"].attrs["load_report"],
                                  cleaned.attrs["load_report"])


def test_three_partitions_give_the_tables_of_one(fixture_corpus):
    df, cleaned, log = fixture_corpus
    parts = split_corpus(df, 3)
    assert len(parts) == 3
    context, _, _ = run_stage(STAGE, SerialEngine(), parts, config=RunConfig())
    _assert_same_as_one_partition(context, cleaned, log)


def test_a_process_pool_gives_the_tables_of_one_partition(fixture_corpus):
    df, cleaned, log = fixture_corpus
    context, _, _ = run_stage(STAGE, PoolEngine(2), split_corpus(df, 3), config=RunConfig())
    _assert_same_as_one_partition(context, cleaned, log)


def test_lines_repeated_across_partitions_are_learned_from_all_of_them():
    # outlet A repeats a line in four articles: each partition holds one, fewer than the
    # three articles the rule needs, so only the added counts of all partitions find it
    boiler = "Follow our live coverage on the website."
    texts = [f"Headline {t}\n\nThe {t} story begins here.\n\n{boiler}\n\n"
             f"The {t} story ends differently." for t in ("talks", "floods", "budget", "vote")]
    df = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["A"] * 4, "text": texts})
    cleaned, log = clean_corpus(df)
    assert (log["rule"] == "repeated_line").sum() == 4
    for engine in (SerialEngine(), PoolEngine(2)):
        parts = [df.iloc[i:i + 1] for i in range(4)]
        context, _, _ = run_stage(STAGE, engine, parts, config=RunConfig())
        pd.testing.assert_frame_equal(context["corpus"], cleaned)
        pd.testing.assert_frame_equal(context["tables"]["cleaning_log"], log)


def test_the_stage_reads_the_disabled_rules_from_the_config(fixture_corpus):
    df, _, _ = fixture_corpus
    config = RunConfig(disabled_clean_rules=("repeated_line", "quote_marks"))
    context, _, _ = run_stage(STAGE, SerialEngine(), split_corpus(df, 2), config=config)
    expected, log = clean_corpus(df, disabled=config.disabled_clean_rules)
    pd.testing.assert_frame_equal(context["corpus"], expected)
    assert not set(log["rule"]) & {"repeated_line", "quote_marks"}


# --------------------------------------------------------------------------- bundled corpus

@pytest.fixture(scope="module")
def seeds():
    df = newslens.load_corpus()
    out, log = clean_corpus(df)
    return out.set_index(out["doc_id"].str[:3]), log


def test_bundled_corpus_subheadings(seeds):
    out, _ = seeds
    assert out.loc["000", "subheadings"].split("\n") == [
        "More human displacement", "Warnings against chemical weapons",
        "US, Syrian security officials met in Damascus - sources"]
    assert out.loc["001", "subheadings"].split("\n") == [
        "The Syrian army", "'Humanitarian catastrophe'", "Tensions with Turkey",
        "Attack of chemical weapons?"]
    assert out.loc["004", "subheadings"] == "Last IS bastion"
    assert out.loc["004", "headline"] == "No major offensive planned in Syria's Idlib: Lavrov"


def test_bundled_corpus_is_clean(seeds):
    out, log = seeds
    for text in out["text_clean"]:
        assert not ARTIFACT.search(text)
        assert "\u00a0" not in text and "\u2019" not in text and "\u201c" not in text
        assert "\n\n\n" not in text
        assert "Previous article" not in text and "Source:" not in text
        assert "reports from" not in text and "has more from" not in text
        assert "(Reuters" not in text and "Quantcast" not in text
    # 003's paragraph without a final full stop is prose and stays
    assert "under the control of various armed opposition groups\n\n" in out.loc["003", "text_clean"]
    # the stray quote mark of 001 is gone, the quotation before it intact
    assert 'called the accusations "very strange".\n\n' in out.loc["001", "text_clean"]
