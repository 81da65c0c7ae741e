"""The notebooks' prose and Findings hold for any corpus: no cell text names the bundled
example study, and every Findings section is computed from the run's tables."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
#: names from the bundled example study that no notebook text may contain
EXAMPLE_WORDS = ("Idlib", "Lavrov", "TRT World", "i24NEWS", "regime", "Guterres", "Syria")


def _cells(path):
    return nbformat.read(path, as_version=4).cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_markdown_names_the_example_study(path):
    for cell in _cells(path):
        if cell.cell_type != "markdown":
            continue
        for word in EXAMPLE_WORDS:
            assert word.lower() not in cell.source.lower(), (path.name, word, cell.source[:80])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_findings_are_computed_from_the_tables(path):
    cells = _cells(path)
    heads = [i for i, c in enumerate(cells)
             if c.cell_type == "markdown" and re.match(r"##\s+Findings", c.source)]
    assert len(heads) == 1, path.name
    after = cells[heads[0] + 1:]
    code = [c for c in after if c.cell_type == "code"]
    assert code and all("findings." in c.source for c in code), path.name
    # the committed output is the Markdown the code produced, not prose typed into the cell
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert any("text/markdown" in o.get("data", {}) for o in outputs), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_takes_the_run_tables(path):
    params = next(c for c in _cells(path) if "parameters" in c.metadata.get("tags", []))
    assert re.search(r"^TABLES = None", params.source, re.M), path.name
