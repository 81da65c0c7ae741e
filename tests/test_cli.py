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
    for option in ["--corpus", "--out", "--text-col", "--id-col", "--outlet-col", "--title-col",
                   "--date-col", "--target-terms", "--actors", "--top-k", "--disable-rule"]:
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
