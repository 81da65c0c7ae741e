"""newslens.corpus.html: saved web pages into articles (trafilatura), with the evidence of
each metadata value; a folder of pages; an html column of a table."""
from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from newslens.corpus import load_corpus
from newslens.errors import CorpusError
from newslens.corpus.html import extract_html, metadata_evidence
from helpers import report_of, write

# A small news page written for these tests: navigation, an article with a subheading, a
# "most read" box and a footer with newsletter, copyright and cookie links.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Bridge reopens after repairs | The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier">
<meta property="og:title" content="Bridge reopens after repairs">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2021-05-04T08:30:00Z">
<link rel="canonical" href="https://courier.example/news/bridge-reopens">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>Bridge reopens after repairs</h1>
<p class="byline">By Jane Roe</p>
<p>The old stone bridge over the river reopened to traffic on Tuesday after eight months of repairs, the county council said in a statement.</p>
<p>Engineers replaced two of the arches, which had cracked during the winter floods, and widened the footpath on the northern side so that pushchairs and wheelchairs can pass.</p>
<p>"We are relieved that the work finished before the summer season," said the council's head of roads, who added that the cost had stayed within the budget agreed last year.</p>
<h2>Traffic expected to ease</h2>
<p>Shopkeepers in the town centre said that the closure had cost them customers, because drivers had to take a detour of more than twenty kilometres through the hills.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Council tax to rise</a></li><li><a href="/b">School wins award</a></li></ul></aside>
</main>
<footer><p>Subscribe to our newsletter</p><p>&copy; 2021 The Valley Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a></footer>
</body></html>"""

BODY_SENTENCES = ["The old stone bridge over the river reopened",
                  "Engineers replaced two of the arches",
                  "We are relieved that the work finished",
                  "Traffic expected to ease",
                  "Shopkeepers in the town centre said"]
FURNITURE = ["Most read", "Council tax to rise", "Subscribe to our newsletter",
             "All rights reserved", "Privacy policy", "Cookie settings", "Sport"]


def test_extract_html_keeps_the_article_and_drops_the_page_furniture():
    art = extract_html(PAGE)
    for s in BODY_SENTENCES:
        assert s in art.text
    for s in FURNITURE:
        assert s not in art.text
    # the title once, first, then one paragraph per block, separated by blank lines
    paragraphs = art.text.split("\n\n")
    assert paragraphs[0] == "Bridge reopens after repairs"
    assert paragraphs.count("Bridge reopens after repairs") == 1
    assert paragraphs[1].startswith("The old stone bridge")


def test_extract_html_metadata_with_evidence():
    art = extract_html(PAGE.encode("utf-8"))
    assert (art.title, art.published, art.author, art.site_name, art.url) == (
        "Bridge reopens after repairs", "2021-05-04", "Jane Roe", "The Valley Courier",
        "https://courier.example/news/bridge-reopens")
    assert art.evidence == {"title": "from the page's og:title",
                            "published": "from the page's article:published_time",
                            "author": "from the page's author",
                            "site_name": "from the page's og:site_name",
                            "url": "from the page's <link rel=\"canonical\">"}


def test_evidence_names_json_ld_and_says_when_no_tag_holds_the_value():
    from lxml import html
    page = html.fromstring('<html><head><script type="application/ld+json">'
                           '{"@type": "NewsArticle", "publisher": {"@type": "Organization", '
                           '"name": "Hill Post"}, "datePublished": "2020-01-02T10:00"}</script>'
                           '<script type="application/ld+json">{broken</script>'
                           '</head><body></body></html>')
    assert metadata_evidence(page, "site_name", "Hill Post") == "from the page's JSON-LD publisher"
    assert metadata_evidence(page, "published", "2020-01-02") == \
        "from the page's JSON-LD datePublished"
    assert metadata_evidence(page, "author", "Nobody").startswith("found by trafilatura")


def test_page_without_article_gives_empty_text():
    # a page whose body holds no text (a redirect stub, a page that needs JavaScript)
    art = extract_html("<html><head><title>Loading</title></head><body><script>go()</script>"
                       "</body></html>")
    assert art.text == ""


def test_folder_of_pages_loads_text_and_metadata(tmp_path):
    write(tmp_path, "a.html", PAGE)
    write(tmp_path, "sub/b.html.gz", gzip.compress(PAGE.replace("Jane Roe", "John Doe")
                                                   .encode("utf-8")))
    write(tmp_path, "c.htm", "<html><head><title>Loading</title></head><body></body></html>")
    write(tmp_path, "d.txt", "Headline\n\nA text article.")
    write(tmp_path, "bad.html.gz", b"not gzip at all")
    df = load_corpus(tmp_path)
    by_id = df.set_index("doc_id")
    assert sorted(by_id.index) == ["a", "d", "sub/b"]
    for doc in ("a", "sub/b"):
        assert by_id.loc[doc, "outlet"] == "The Valley Courier"   # from og:site_name
        assert by_id.loc[doc, "title"] == "Bridge reopens after repairs"
        assert by_id.loc[doc, "published"] == "2021-05-04"
        assert "Engineers replaced two of the arches" in by_id.loc[doc, "text"]
        assert "Subscribe to our newsletter" not in by_id.loc[doc, "text"]
    # the page's other metadata travel with the article (into articles.csv)
    assert by_id.loc["a", "author"] == "Jane Roe" and by_id.loc["sub/b", "author"] == "John Doe"
    assert "published: from the page's article:published_time" in \
        by_id.loc["a", "metadata_evidence"]
    assert by_id.loc["a", "extracted_by"].startswith("trafilatura ")
    assert by_id.loc["d", "extracted_by"] in ("", None) or pd.isna(by_id.loc["d", "extracted_by"])
    rep = report_of(df)
    assert rep["c.htm"][0] == "skipped" and "no article text" in rep["c.htm"][1]
    assert rep["bad.html.gz"][0] == "skipped" and "cannot be read" in rep["bad.html.gz"][1]


def test_metadata_csv_wins_over_the_page(tmp_path):
    write(tmp_path, "a.html", PAGE)
    write(tmp_path, "metadata.csv", "file,outlet,published\na.html,Courier Weekly,2021-05-05\n")
    row = load_corpus(tmp_path).iloc[0]
    assert (row["outlet"], row["published"], row["title"]) == (
        "Courier Weekly", "2021-05-05", "Bridge reopens after repairs")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_table_column_of_web_pages_is_read_as_a_folders_pages_are(tmp_path, fmt):
    rows = [{"doc_id": "x", "outlet": "", "html": PAGE},
            {"doc_id": "y", "outlet": "Given Outlet", "html": PAGE},
            {"doc_id": "z", "outlet": "", "html": ""},
            {"doc_id": "w", "outlet": "",
             "html": "<html><head><title>Loading</title></head><body></body></html>"}]
    path = tmp_path / f"pages.{fmt}"
    if fmt == "csv":
        pd.DataFrame(rows).to_csv(path, index=False)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    df = load_corpus(path)                       # no text column: the html column is read
    by_id = df.set_index("doc_id")
    assert sorted(by_id.index) == ["x", "y"]
    assert by_id.loc["x", "outlet"] == "The Valley Courier"     # the page's og:site_name
    assert by_id.loc["y", "outlet"] == "Given Outlet"           # the table's value wins
    assert by_id.loc["x", "title"] == "Bridge reopens after repairs"
    assert by_id.loc["x", "title_evidence"] == "web page metadata"
    assert by_id.loc["x", "published"] == "2021-05-04"
    assert "Engineers replaced two of the arches" in by_id.loc["x", "text"]
    assert "<p>" not in by_id.loc["x", "text"] and "Subscribe to our newsletter" not in \
        by_id.loc["x", "text"]
    assert by_id.loc["x", "author"] == "Jane Roe"
    assert by_id.loc["x", "extracted_by"].startswith("trafilatura ")
    assert "site_name: from the page's og:site_name" in by_id.loc["x", "metadata_evidence"]
    # the same article as from a folder holding the page
    write(tmp_path / "folder", "x.html", PAGE)
    from_folder = load_corpus(tmp_path / "folder").iloc[0]
    for column in ("text", "title", "title_evidence", "outlet", "published", "author",
                   "metadata_evidence"):
        assert by_id.loc["x", column] == from_folder[column], column
    rep = report_of(df)
    assert rep[f"pages.{fmt}"][0] == "ok" and "web pages in column 'html'" in rep[f"pages.{fmt}"][1]
    skipped = {k: v for k, v in rep.items() if v[0] == "skipped"}
    assert len(skipped) == 2 and any("empty or missing text in column 'html'" in m
                                     for _, m in skipped.values())
    assert any("no article text found" in m for _, m in skipped.values())


def test_html_column_named_or_guessed_only_without_a_text_column(tmp_path):
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "The scraped text. " * 5, "html": PAGE})
                    + "\n", encoding="utf-8")
    assert load_corpus(path).iloc[0]["text"].startswith("The scraped text.")
    named = load_corpus(path, html_col="html").iloc[0]
    assert "Engineers replaced two of the arches" in named["text"]
    with pytest.raises(CorpusError, match="not both"):
        load_corpus(path, html_col="html", text_col="text")
    with pytest.raises(CorpusError, match="no column 'page'"):
        load_corpus(path, html_col="page")


def test_newslens_run_reads_a_named_html_column(tmp_path):
    from newslens.cli import main

    path = tmp_path / "export.csv"
    pd.DataFrame([{"id": "a", "body": "short teaser", "page": PAGE},
                  {"id": "b", "body": "another teaser", "page": PAGE}]).to_csv(path, index=False)
    out = tmp_path / "out"
    assert main(["run", "--corpus", str(path), "--html-col", "page", "--out", str(out)]) == 0
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert articles["outlet"].tolist() == ["The Valley Courier"] * 2
    assert articles["text"].str.contains("Engineers replaced two of the arches").all()
    assert "page" not in articles.columns                     # the raw page is not carried
    assert articles["body"].tolist() == ["short teaser", "another teaser"]
