"""Every shell example of the README runs as written.

The README's ```bash blocks are run in order, in one empty temporary folder (as a reader who
pastes them one after another), with the project's ``.venv/bin`` first on PATH (the README
asks readers to ``source .venv/bin/activate``). Each block creates its own input files. The
two ``make`` commands of the README are in a plain block: ``make test`` cannot run inside
itself; CI runs both.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"^```bash\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)


def test_readme_is_short_and_has_examples():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250
    assert len(BLOCKS) >= 6


def test_readme_links_point_at_files():
    text = README.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|notebooks|tests|lib)/[^)#]+)\)", text):
        assert (README.parent / target).exists(), target


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    outputs = []
    for block in BLOCKS:
        result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block], cwd=folder,
                                env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"README block failed:\n{block}\n{result.stderr[-2000:]}"
        outputs.append(result.stdout + result.stderr)
    return folder, outputs


def test_every_readme_example_runs(readme_run):
    folder, outputs = readme_run
    for name in ("my_results", "scraped_results", "folder_results", "pages_results",
                 "my_stance_results"):
        assert (folder / name / "articles.csv").exists(), name
    assert (folder / "my_report" / "report.html").exists()
    # the report's kernels run over local sockets: no "TCP without encryption" warning
    assert not any("without encryption" in out for out in outputs)


def test_readme_examples_say_what_they_claim(readme_run):
    folder, _ = readme_run
    scraped = pd.read_csv(folder / "scraped_results" / "articles.csv", dtype=str)
    # the url column is kept; 02/03/2024 with --dayfirst is 2 March
    assert "url" in scraped.columns
    assert sorted(scraped["published"]) == ["2024-03-02", "2024-03-03"]
    assert not scraped["text"].str.contains("CAIRO (Reuters)", regex=False).any()
    stance = pd.read_csv(folder / "my_stance_results" / "stance.csv")
    assert dict(zip(stance["actor"], stance["stance"])) == {"Maria Lopez": "support",
                                                           "Omar Haddad": "oppose"}
    pages = pd.read_csv(folder / "pages_results" / "articles.csv", dtype=str)
    assert pages["outlet"].tolist() == ["Daily A"]
    assert not pages["text"].str.contains("Home | World", regex=False).any()
    html = (folder / "my_report" / "report.html").read_text(encoding="utf-8")
    assert "<title>Ceasefire talks, March 2024</title>" in html
