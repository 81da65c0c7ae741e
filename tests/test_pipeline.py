"""End to end: `newslens run` and `newslens report` on the bundled corpus and on a second corpus."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from newslens.cli import main
from newslens.pipeline import run_pipeline

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"
#: 40 AllSides articles on another story (Kavanaugh's nomination; tests/fixtures/README.md)
OTHER_STORY = Path(__file__).parent / "fixtures" / "allsides-kavanaugh.jsonl"
#: words of the bundled example study that must not reach another corpus's tables
EXAMPLE_WORDS = ("Idlib", "Lavrov", "TRT World", "regime")

#: Every table `newslens run` writes, with the columns the README's data dictionary promises.
TABLES = {
    "articles": ["doc_id", "outlet", "title", "title_evidence", "published", "n_words", "text"],
    "load_report": ["source", "doc_id", "status", "message"],
    "cleaning_log": ["doc_id", "rule", "removed_or_replaced_text", "replacement"],
    "terms": ["group", "term", "count", "per_10k", "doc_freq"],
    "keyness": ["group", "term", "statistic", "score", "count_group", "count_rest", "p_value"],
    "framing": ["group", "family", "term", "count"],
    "similarity_docs": ["a", "b", "cosine"],
    "similarity_outlets": ["a", "b", "cosine"],
    "shared_passages": ["doc_a", "doc_b", "outlet_a", "outlet_b", "text_a", "text_b", "n_words", "edits"],
    "quotes": ["doc_id", "outlet", "quote", "speaker", "actor", "group", "start", "end",
               "attribution", "kind"],
    "stance": ["actor", "group", "stance", "n_statements", "outlets", "evidence"],
    "run_notes": ["topic", "note"],
}
#: Tables a run writes only when the study names a framing file.
STUDY_TABLES = ("framing",)


@pytest.fixture(scope="module")
def bundled_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    assert main(["run", "--out", str(out)]) == 0
    return out


def test_run_writes_every_table_with_documented_columns(bundled_run):
    for name, columns in TABLES.items():
        table = pd.read_csv(bundled_run / f"{name}.csv", keep_default_na=False)
        assert set(columns) <= set(table.columns), name


def test_articles_csv_holds_cleaned_text_for_every_article(bundled_run):
    articles = pd.read_csv(bundled_run / "articles.csv", keep_default_na=False)
    assert len(articles) == 5
    # the cleaned text has no entity artifact or tracker word left
    assert not articles["text"].str.contains(r"& ?#|Quantcast").any()
    counted = articles["text"].str.split().str.len()
    assert (articles["n_words"] == counted).all()


def test_run_summary_names_articles_outlets_and_tables(capsys, tmp_path):
    assert main(["run", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "5 articles from 3 outlet(s)" in out
    for name in TABLES:
        assert f"{name}.csv" in out
    # the bundled example study is used, and the summary says so
    assert "note (corpus): no corpus given: the bundled example study" in out
    assert "no target event" not in out and "no framing file" not in out
    # the rule for unknown outlets is said, with the count (2 of the 5 have none)
    assert "note (outlets): 2 of 5 articles have no known outlet" in out


def test_report_on_a_second_corpus(tmp_path):
    """The notebooks run unchanged on 40 AllSides articles from 20 other outlets, with no
    study: no event (no stance table), no framing file (no framing table)."""
    assert main(["report", "--corpus", str(FIXTURE), "--out", str(tmp_path)]) == 0
    for name in TABLES:
        assert (tmp_path / "tables" / f"{name}.csv").exists() == (name not in STUDY_TABLES), name
    executed = sorted(p.name for p in (tmp_path / "notebooks").glob("*.ipynb"))
    assert executed == sorted(p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    assert len(executed) == 5
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "40 articles, 20 outlets" in html
    assert "Findings" in html
    assert html.count("data:image/png;base64") >= 5  # at least one figure per notebook
    # self-contained: nothing is loaded from the network
    assert not re.search(r'<script[^>]+src="https?://', html)
    articles = run_pipeline(FIXTURE, None, stages=()).tables["articles"]
    assert len(articles) == 40


# --------------------------------------------------------------------------- default engine

@pytest.mark.parametrize("n_articles, cores, expected", [
    (0, {0, 1}, 1),
    (999, {0, 1}, 1),          # below PARALLEL_MIN_ARTICLES: one process
    (1000, {0, 1}, 2),         # from it on: one process per core this process may use
    (37554, {0, 1, 2, 3}, 4),
    (5000, {3}, 1),            # pinned to one core
])
def test_default_workers_follows_corpus_size_and_cores(monkeypatch, n_articles, cores, expected):
    import newslens.pipeline.run as pipeline

    assert pipeline.PARALLEL_MIN_ARTICLES == 1000
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda pid: cores)
    assert pipeline.default_workers(n_articles) == expected


def test_run_without_workers_asks_default_workers_and_explicit_one_wins(monkeypatch, tmp_path):
    import newslens.pipeline.run as pipeline

    asked = []
    real = pipeline.make_engine

    def spy(engine="local", *, scheduler=None, workers=None):
        asked.append(workers)
        return real(engine, scheduler=scheduler, workers=1)   # keep the test in one process

    monkeypatch.setattr(pipeline, "make_engine", spy)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 3)
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda pid: {0, 1})
    run_pipeline(None, None, stages=("terms",))             # 5 bundled articles >= 3
    run_pipeline(None, None, stages=("terms",), workers=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 6)
    run_pipeline(None, None, stages=("terms",))             # 5 < 6
    assert asked == [2, 1, 1]


def test_every_notebook_takes_the_run_parameters():
    """`newslens report` injects CORPUS, LOAD_OPTIONS and RUN_OPTIONS (every option of the run)
    into every notebook, so none analyses anything but what the tables were computed from."""
    import papermill as pm

    from newslens.report import notebook_parameters

    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        declared = pm.inspect_notebook(str(path))
        assert {"CORPUS", "LOAD_OPTIONS", "RUN_OPTIONS"} <= set(declared), path.name
    from newslens.config import RunConfig

    injected = notebook_parameters(None, RunConfig(disabled_clean_rules=("byline",)), {})
    assert injected["RUN_OPTIONS"]["disabled_clean_rules"] == ["byline"]
    assert RunConfig.from_options(injected["RUN_OPTIONS"]).disabled_clean_rules == ("byline",)


def test_the_same_report_twice_is_the_same_page(tmp_path):
    """Two identical `newslens report` runs (into different folders) write byte-identical
    report.html: no random cell ids, timestamps, or paths of the run in the page."""
    for name in ("a", "b"):
        assert main(["report", "--out", str(tmp_path / name)]) == 0
    first = (tmp_path / "a" / "report.html").read_bytes()
    assert first == (tmp_path / "b" / "report.html").read_bytes()
    assert str(tmp_path).encode() not in first


# --------------------------------------------------------------------------- another story

@pytest.fixture(scope="module")
def other_story_run(tmp_path_factory):
    import contextlib
    import io

    out = tmp_path_factory.mktemp("other")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["run", "--corpus", str(OTHER_STORY), "--out", str(out)]) == 0
    return out, printed.getvalue()


def test_another_story_tables_hold_nothing_of_the_example_study(other_story_run):
    out, _ = other_story_run
    corpus_text = OTHER_STORY.read_text(encoding="utf-8").lower()
    for word in EXAMPLE_WORDS:
        assert word.lower() not in corpus_text              # the fixture was chosen so
        for path in out.glob("*.csv"):
            assert word.lower() not in path.read_text(encoding="utf-8").lower(), (word, path.name)


def test_another_story_without_an_event_says_so(other_story_run):
    out, printed = other_story_run
    assert "note (stance): no target event given: quotes and voice shares are computed, " \
           "stance is not" in printed
    assert "note (framing): no framing file given" in printed
    notes = pd.read_csv(out / "run_notes.csv", keep_default_na=False)
    assert notes["topic"].tolist() == ["stance", "framing", "actors"]
    assert not (out / "framing.csv").exists()
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    said = quotes[quotes["kind"] != "scare"]
    assert len(said) > 100 and set(said["stance"]) == {"no_target"}   # never off_target
    assert len(pd.read_csv(out / "stance.csv")) == 0
    # no actors file: speakers are kept by the name the text gives
    assert "Brett Kavanaugh" in set(quotes["actor"]) or "Kavanaugh" in set(quotes["actor"])
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert {"url", "authors", "topic", "bias_text"} <= set(articles.columns)  # kept as read
    assert articles["url"].str.startswith("http").all()


def test_another_story_with_its_event_named_has_stance(tmp_path, capsys):
    assert main(["run", "--corpus", str(OTHER_STORY), "--out", str(tmp_path),
                 "--target-terms", "nomination,confirmation,hearing"]) == 0
    assert "no target event" not in capsys.readouterr().out
    stance = pd.read_csv(tmp_path / "stance.csv", keep_default_na=False)
    assert len(stance) > 0 and set(stance["stance"]) & {"support", "oppose", "neutral"}
    notes = pd.read_csv(tmp_path / "run_notes.csv", keep_default_na=False)
    assert "stance" not in set(notes["topic"])
