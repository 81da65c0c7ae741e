"""Tests for lib/newslens/cli.py: options, exit codes and messages."""
from __future__ import annotations

import subprocess
import sys

import pytest

from newslens.cli import build_parser, config_from_args, main


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for option in ["--study", "--corpus", "--out", "--text-col", "--id-col", "--outlet-col",
                   "--title-col", "--date-col", "--dayfirst", "--target-terms", "--actors",
                   "--framing", "--top-k", "--disable-rule"]:
        assert option in text


def test_missing_corpus_gives_a_message_not_a_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "newslens.cli", "run", "--corpus",
                           str(tmp_path / "missing"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "missing: no such file or folder" in proc.stderr


def test_csv_without_text_column_exits_2(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("id,headline\n1,Hello\n")
    assert main(["run", "--corpus", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "no text column found" in capsys.readouterr().err


def test_options_reach_the_config():
    args = build_parser().parse_args(["run", "--target-terms", "strike, raid", "--target-place", "",
                                      "--top-k", "5", "--disable-rule", "captions"])
    config = config_from_args(args)
    assert config.target_terms == ("strike", "raid")
    assert config.target_place == ()
    assert config.top_k == 5
    assert config.disabled_clean_rules == ("captions",)


# --------------------------------------------------------------------------- studies (issue 15)

def study_args(*argv):
    from newslens.cli import study_from_args
    return study_from_args(build_parser().parse_args(["run", *argv]))


def test_no_corpus_and_no_study_is_the_example_study():
    study = study_args()
    assert study.is_example and study.config.target_place == ("idlib",)
    assert study.config.framing_path is not None and study.config.actors_path is not None


def test_a_corpus_without_a_study_names_no_event_actors_or_framing(tmp_path):
    study = study_args("--corpus", str(tmp_path / "my.csv"))
    assert study.corpus == tmp_path / "my.csv"
    assert study.config.target_terms == () and study.config.target_place == ()
    assert study.config.actors_path is None and study.config.framing_path is None


def test_flags_override_the_study_file(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("corpus: a.csv\ntarget_terms: [summit]\ntarget_place: [Hanoi]\n"
                    "columns: {text: body}\nactors: actors.csv\n", encoding="utf-8")
    study = study_args("--study", str(path), "--target-terms", "talks", "--target-place", "",
                       "--corpus", str(tmp_path / "b.csv"), "--text-col", "content",
                       "--dayfirst")
    assert study.corpus == tmp_path / "b.csv"
    assert study.config.target_terms == ("talks",) and study.config.target_place == ()
    assert study.config.actors_path == tmp_path / "actors.csv"       # not overridden: kept
    assert study.load_options["text_col"] == "content" and study.load_options["dayfirst"]
    kept = study_args("--study", str(path))
    assert kept.config.target_terms == ("summit",) and kept.load_options == {"text_col": "body"}


def test_a_study_without_a_corpus_is_an_error_naming_it(tmp_path, capsys):
    path = tmp_path / "study.yaml"
    path.write_text("target_terms: [summit]\n", encoding="utf-8")
    assert main(["run", "--study", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "the study names no corpus" in capsys.readouterr().err


def test_run_with_a_study_file_end_to_end(tmp_path, capsys):
    import pandas as pd

    (tmp_path / "data").mkdir()
    pd.DataFrame({"link": ["https://a.example/1", "https://b.example/2"],
                  "site": ["Daily A", "Weekly B"],
                  "body": ['Officials met on Friday. "We welcome the talks and hope they succeed," '
                           "said Maria Lopez, the envoy.",
                           '"These talks are a sham and we reject them," Omar Haddad said on '
                           "Saturday."],
                  "when": ["02/03/2024", "03/03/2024"]}).to_csv(tmp_path / "data" / "x.csv",
                                                               index=False)
    (tmp_path / "study.yaml").write_text(
        "title: Talks\ncorpus: data/x.csv\ncolumns: {id: link, outlet: site, text: body, "
        "date: when}\ndayfirst: true\ntarget_terms: [talks]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--study", str(tmp_path / "study.yaml"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "no target event" not in printed and "note (framing)" in printed
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert articles["doc_id"].tolist() == ["https://a.example/1", "https://b.example/2"]
    assert articles["published"].tolist() == ["2024-03-02", "2024-03-03"]   # day first
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert {"off_target", "no_target"}.isdisjoint(set(quotes["stance"]))
