"""Tests for newslens.stance.evaluate: snippets, metrics by hand, and the bundled annotation."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from newslens.config import EXAMPLE_DIR, RunConfig
from newslens.quotes import extract_quotes
from newslens.stance import assign_stance, evaluate, load_gold, locate_snippet, stage_tables


def example_study_config() -> RunConfig:
    """The example study's event and actors (``examples/idlib/study.yaml``): the stance
    stage names no event by default."""
    import yaml
    data = yaml.safe_load((EXAMPLE_DIR / "study.yaml").read_text(encoding="utf-8"))
    return RunConfig(target_terms=tuple(data["target_terms"]), target_place=tuple(data["target_place"]),
                     actors_path=EXAMPLE_DIR / data["actors"])


@pytest.fixture(scope="module")
def study_quotes(bundled):
    return stage_tables(bundled, config=example_study_config())


def test_locate_snippet():
    text = "He said \u201cworst humanitarian catastrophe\u201d and then \"worst humanitarian catastrophe\"."
    # "He said \u201c" is 9 characters, the snippet 30, "\u201d and then \"" 12: 9 + 30 + 12 = 51
    assert locate_snippet(text, "worst humanitarian catastrophe", 2) == (51, 81)
    assert locate_snippet(text, "WORST  humanitarian", 1) == (9, 27)  # 9 + len("worst humanitarian") = 27
    assert locate_snippet(text, "not there", 1) is None


def test_evaluate_by_hand():
    text = '"Avoid the offensive now," Pierce said. Nebenzia said the plan is fine. He called it "baseless".'
    df = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text_clean": [text]})
    q = assign_stance(extract_quotes(df), texts=df, target_terms=("offensive", "plan"))
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


def test_bundled_corpus_meets_the_measured_levels(bundled, study_quotes):
    """Regression guard: the levels measured on the hand annotation (quotes_gold.csv, 121
    statements and 17 scare quotes) with the example study's event: detection recall
    119/121, detection precision 119/125 and speaker precision 115/125 (since d3e617e six
    'according to' statements that the gold does not list are extracted), speaker recall
    115/121, stance accuracy 103/116 (106/116 with the lexicon written for this story; the
    bundled lexicon now names no event, issue #20), polar stance recall 50/57, other-event
    detection 3/3, scare recall 17/17. These are in-sample figures (the rules were developed
    on these five articles); the minimums leave room for one or two statements of slack, so
    a real regression fails."""
    m = evaluate(study_quotes["quotes"], load_gold(), texts=bundled)["metrics"].set_index("metric")["value"]
    assert m["detection recall"] >= 0.95
    assert m["detection precision"] >= 0.95
    assert m["speaker precision"] >= 0.91
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
