"""The HTML report: unique anchors and a linked table of contents, tables for reading, a title
from the study, and nothing of the bundled example study in another corpus's report."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from newslens.report import (drop_row_numbers, fold_steps, number_headings, report_title,
                             toc_html)

OTHER_STORY = Path(__file__).parent / "fixtures" / "allsides-kavanaugh.jsonl"
#: words of the bundled example study that another corpus's report must not show
EXAMPLE_WORDS = ("Idlib", "Lavrov", "TRT World", "regime")


def test_headings_get_unique_anchors_and_a_linked_contents():
    page = ('<h1 id="01-Load">01 Load<a class="anchor-link" href="#01-Load">¶</a></h1>'
            '<h2 id="Findings">Findings<a class="anchor-link" href="#Findings">¶</a></h2>'
            '<h1 id="02-Clean">02 Clean</h1>'
            '<h2 id="Findings">Findings<a class="anchor-link" href="#Findings">¶</a></h2>'
            '<h2 id="Findings">Findings</h2><h3 id="x">x</h3>')
    html, toc = number_headings(page)
    ids = re.findall(r'<h\d id="([^"]+)"', html)
    assert ids == ["s1", "s1-Findings", "s2", "s2-Findings", "s2-Findings-2", "s2-x"]
    assert 'href="#s2-Findings"' in html and 'href="#Findings"' not in html
    assert toc == [(1, "s1", "01 Load"), (2, "s1-Findings", "Findings"), (1, "s2", "02 Clean"),
                   (2, "s2-Findings", "Findings"), (2, "s2-Findings-2", "Findings")]
    links = re.findall(r'href="#([^"]+)"', toc_html(toc))
    assert links == ["s1", "s1-Findings", "s2", "s2-Findings", "s2-Findings-2"]


def test_row_numbers_are_dropped_but_a_named_index_stays():
    plain = pd.DataFrame({"outlet": ["A", "B"], "n": [1, 2]}).to_html()
    out = drop_row_numbers(plain)
    assert "<th>0</th>" not in out and "<th>1</th>" not in out
    assert re.findall(r"<th>([^<]*)</th>", out) == ["outlet", "n"]
    pivot = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["A", "B"], name="outlet")).to_html()
    assert drop_row_numbers(pivot) == pivot
    empty = drop_row_numbers(pd.DataFrame(columns=["a", "b"]).to_html())
    assert re.findall(r"<th>([^<]*)</th>", empty) == ["a", "b"]


def test_each_notebooks_steps_fold_between_its_title_and_its_findings():
    cell = '<div class="jp-Cell">{}</div>'
    page = "<html><body><main>" + "".join(cell.format(x) for x in (
        "<h1>One</h1><p>why</p>", "<table></table>", "<p>step</p>",
        "<h2>Findings</h2>", "<ul><li>fact</li></ul>",
        "<h1>Two</h1>", "<p>no findings here</p>")) + "</main></body></html>"
    out = fold_steps(page)
    folded = re.search(r"<details.*?</details>", out, re.S).group(0)
    assert "<table></table>" in folded and "<p>step</p>" in folded
    assert "why" not in folded and "Findings" not in folded and "fact" not in folded
    assert out.count("<details") == 1                  # "Two" has no Findings: left as it is
    assert "(2 cells)" in folded


@pytest.mark.parametrize("corpus, study, expected", [
    (Path("studies/cop28/raw"), None, "cop28"),
    (Path("exports/tax_bill.jsonl.xz"), None, "tax_bill"),
    (Path("x.csv"), "Tax bill 2017", "Tax bill 2017"),
    (None, None, "Example study: idlib"),
])
def test_title_from_the_study_or_the_corpus(corpus, study, expected):
    assert report_title(corpus, study=study) == expected


@pytest.fixture(scope="module")
def other_story_report(tmp_path_factory):
    from newslens.cli import main

    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--corpus", str(OTHER_STORY), "--out", str(out)]) == 0
    return out


def test_another_story_shows_nothing_of_the_example_study(other_story_report):
    corpus_text = OTHER_STORY.read_text(encoding="utf-8").lower()
    html = (other_story_report / "report.html").read_text(encoding="utf-8")
    tables = {p.name: p.read_text(encoding="utf-8") for p in
              (other_story_report / "tables").glob("*.csv")}
    for word in EXAMPLE_WORDS:
        assert word.lower() not in corpus_text            # the fixture was chosen so
        assert word.lower() not in html.lower(), word
        for name, text in tables.items():
            assert word.lower() not in text.lower(), (word, name)


def test_the_report_reads_as_a_report(other_story_report):
    html = (other_story_report / "report.html").read_text(encoding="utf-8")
    assert "<title>allsides-kavanaugh</title>" in html
    assert "Notebook</title>" not in html
    summary = re.search(r'<section class="nl-summary" id="summary">(.*?)</section>', html, re.S)
    assert summary and "40 articles" in summary.group(1) and "20 known outlets" in summary.group(1)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate anchors"
    for target in re.findall(r'<nav class="nl-toc".*?</nav>', html, re.S)[0].split('href="#')[1:]:
        assert f'id="{target.split(chr(34))[0]}"' in html
    # no target event: the stance section and the summary say so
    assert html.count("No target event given") >= 2
    # every notebook read the run's tables (TABLES injected), none cleaned the corpus again
    import nbformat

    for path in sorted((other_story_report / "notebooks").glob("*.ipynb")):
        injected = [c.source for c in nbformat.read(path, as_version=4).cells
                    if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and "TABLES = " in injected[0], path.name
    assert not any("prepare_corpus" in c.source
                   for path in sorted((other_story_report / "notebooks").glob("0[345]-*.ipynb"))
                   for c in nbformat.read(path, as_version=4).cells)


def test_stance_is_scored_when_the_event_is_named():
    from newslens.config import RunConfig
    from newslens.pipeline import run_pipeline

    config = RunConfig.from_options({"target_terms": "nomination, confirmation, hearing",
                                     "target_place": ""})
    tables = run_pipeline(OTHER_STORY, None, config=config).tables
    assert len(tables["stance"]) > 0
    assert set(tables["stance"]["stance"]) & {"support", "oppose", "neutral"}


# --------------------------------------------------------------------------- in a browser

CHROMIUM = Path("/usr/bin/chromium")


def test_the_report_in_a_headless_browser(other_story_report):
    """Debian's Chromium, driven by playwright (no browser download): the page loads with no
    script error, shows the summary, every contents link lands on its section, and tables
    are sortable and searchable offline."""
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium: `apt-get install chromium` to run the "
                    "browser test")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    errors = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        # offline: any request leaving the file is an error
        page.route(re.compile(r"^https?://"), lambda route: (errors.append(route.request.url),
                                                             route.abort()))
        page.goto((other_story_report / "report.html").resolve().as_uri())
        page.wait_for_selector("body[data-tables-ready=yes]", timeout=30_000)
        assert page.title() == "allsides-kavanaugh"
        summary = page.locator("#summary")
        assert summary.is_visible() and "40 articles" in summary.inner_text()
        links = page.locator("nav.nl-toc a")
        assert links.count() >= 10
        for i in range(links.count()):
            target = links.nth(i).get_attribute("href")[1:]
            assert page.locator(f'[id="{target}"]').count() == 1, target
            links.nth(i).click()
            top = page.evaluate(f'document.getElementById("{target}").getBoundingClientRect().top')
            # the section is in view (at the top, unless the page ends before)
            assert -5 < top < 900, (target, top)
            assert page.evaluate("location.hash") == f"#{target}"
        # tables: DataTables took at least one; its search filters the rows
        assert page.locator(".dt-container").count() >= 5
        first = page.locator(".dt-container").first
        search = first.locator("input[type=search]")
        rows_before = first.locator("tbody tr").count()
        search.fill("zzzz-no-such-text")
        assert first.locator("tbody tr").count() == 1          # "No matching records found"
        assert "No matching" in first.locator("tbody").inner_text()
        search.fill("")
        assert first.locator("tbody tr").count() == rows_before
        browser.close()
    assert errors == []
