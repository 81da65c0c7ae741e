"""newslens.corpus: CSV and JSON Lines corpora (csv_format, json_format, records)."""
from __future__ import annotations

import gzip
import json
import lzma

import pandas as pd
import pytest

from newslens.corpus import load_corpus, load_report
from newslens.errors import CorpusError
from helpers import report_of, write


def test_csv_with_column_mapping_and_duplicate_ids(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame({"key": ["x", "x", "y", "z"], "body": ["One.", "Two.", "", "Four."],
                  "site": ["S1", "S2", "S1", ""], "when": ["2018-09-11", "", "", "bad"]}
                 ).to_csv(path, index=False)
    df = load_corpus(path, text_col="body", id_col="key", outlet_col="site", date_col="when")
    assert df["doc_id"].tolist() == ["x", "x~2", "z"]
    assert df["outlet"].tolist() == ["S1", "S2", "unknown"]
    assert df["published"].tolist() == ["2018-09-11", "", ""]
    rep = report_of(df)
    assert rep["articles.csv:3"][0] == "warning" and 'duplicate doc_id "x"' in rep["articles.csv:3"][1]
    assert rep["articles.csv:4"][0] == "skipped"
    assert "not a date" in rep["articles.csv:5"][1]
    assert rep["articles.csv"] == ("ok", "doc_id from column 'key'")    # the file's own row
    assert len(load_report(df)) == 5  # every row accounted for, and the file


def test_csv_without_text_column_names_file_and_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,headline\n1,Hello\n")
    with pytest.raises(CorpusError) as err:
        load_corpus(path)
    assert "t.csv" in str(err.value) and "headline" in str(err.value)
    with pytest.raises(CorpusError, match="no column 'body'"):
        load_corpus(path, text_col="body")


@pytest.mark.parametrize("suffix, opener", [(".jsonl", open), (".jsonl.gz", gzip.open),
                                            (".jsonl.xz", lzma.open)])
def test_jsonl_with_broken_line(tmp_path, suffix, opener):
    path = tmp_path / f"dump{suffix}"
    lines = [json.dumps({"ID": "a1", "source": "Outlet A", "title": "T1", "date": "0001-11-30",
                         "content_original": "First article."}),
             '{"ID": "a2", "content_original": "broken',
             json.dumps(["not", "an", "object"]),
             json.dumps({"ID": "a3", "source": "Outlet B", "content_original": "Third."})]
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    df = load_corpus(path)
    assert df["doc_id"].tolist() == ["a1", "a3"]
    assert df["outlet"].tolist() == ["Outlet A", "Outlet B"]
    rep = report_of(df)
    assert rep[f"{path.name}:2"][0] == "skipped" and "not valid JSON" in rep[f"{path.name}:2"][1]
    assert "not an object" in rep[f"{path.name}:3"][1]
    assert "placeholder" in rep[f"{path.name}:1"][1]
    assert rep[path.name] == ("ok", "doc_id from column 'ID'")
    assert len(load_report(df)) == 5


def test_unknown_format_is_refused(tmp_path):
    path = write(tmp_path, "x.parquet", b"PAR1")
    with pytest.raises(CorpusError, match="unknown corpus format"):
        load_corpus(path)


# --------------------------------------------------------------- a scraper's export (issue 15)

def scraper_csv(tmp_path, dates=("02/03/2024", "04/05/2024")):
    path = tmp_path / "export.csv"
    pd.DataFrame({"url": ["https://example.org/a", "https://example.org/b"],
                  "title": ["Talks resume in Geneva", ""],
                  "text": ["CAIRO (Reuters) - Talks resumed.", "Storm closes the coastal road\nBody of the second article."],
                  "source": ["Wire", "Paper"], "date": list(dates),
                  "authors": ["Jane Roe", "John Doe; Ann Poe"], "section": ["World", ""]}
                 ).to_csv(path, index=False)
    return path


def test_extra_columns_and_url_are_kept_and_url_is_the_doc_id(tmp_path):
    df = load_corpus(scraper_csv(tmp_path))
    assert df["doc_id"].tolist() == ["https://example.org/a", "https://example.org/b"]
    assert df["url"].tolist() == df["doc_id"].tolist()            # kept as the link it is
    assert df["authors"].tolist() == ["Jane Roe", "John Doe; Ann Poe"]
    assert df["section"].tolist() == ["World", ""]
    assert list(df.columns[-3:]) == ["url", "authors", "section"]  # after the article columns
    assert "doc_id from column 'url'" in report_of(df)["export.csv"][1]


def test_jsonl_extra_fields_lists_joined_and_missing_keys_empty(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "One.", "authors": ["A B", "C D"]}) + "\n"
                    + json.dumps({"id": 8, "text": "Two.", "tags": {"k": 1}}) + "\n")
    df = load_corpus(path)
    assert df["doc_id"].tolist() == ["7", "8"]
    assert df["authors"].tolist() == ["A B; C D", ""]
    assert df["tags"].tolist() == ["", '{"k": 1}']


def test_an_extra_column_named_like_an_article_column_is_renamed(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"body": ["One."], "text": ["a summary"]}).to_csv(path, index=False)
    df = load_corpus(path, text_col="body")
    assert df["text"].tolist() == ["One."] and df["text.1"].tolist() == ["a summary"]


def test_without_an_id_column_the_report_says_line_numbers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("text\nOne.\nTwo.\n")
    df = load_corpus(path)
    assert df["doc_id"].tolist() == ["t-2", "t-3"]
    assert "doc_id from the line number" in report_of(df)["t.csv"][1]


def test_ambiguous_dates_are_read_month_first_with_a_warning(tmp_path):
    df = load_corpus(scraper_csv(tmp_path))
    assert df["published"].tolist() == ["2024-02-03", "2024-04-05"]
    status, message = report_of(df)["export.csv"]
    assert status == "warning" and "2 date(s) such as 02/03/2024" in message
    assert "--dayfirst" in message


def test_dayfirst_reads_day_first_without_warning(tmp_path):
    df = load_corpus(scraper_csv(tmp_path), dayfirst=True)
    assert df["published"].tolist() == ["2024-03-02", "2024-05-04"]
    assert report_of(df)["export.csv"][0] == "ok"


def test_a_day_above_12_in_the_column_settles_the_order(tmp_path):
    df = load_corpus(scraper_csv(tmp_path, dates=("02/03/2024", "25/03/2024")))
    assert df["published"].tolist() == ["2024-03-02", "2024-03-25"]
    status, message = report_of(df)["export.csv"]
    assert status == "ok" and "read day first" in message


def test_derived_titles_say_where_they_come_from(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": ["SHARE\nEnter City and State or Zip Code\n"
                           "Senate passes the budget after a long night\n"
                           "WASHINGTON (AP) - The Senate passed the budget on Friday, after "
                           "a night of votes that ended a long stand-off.",
                           "The Senate passed the budget on Friday, after a night of votes "
                           "that ended a long stand-off between the parties."]}
                 ).to_csv(path, index=False)
    df = load_corpus(path)
    assert df["title"].tolist() == ["Senate passes the budget after a long night", ""]
    assert df["title_evidence"].tolist() == ["first headline-like line (line 3)", "none"]
    given = load_corpus(scraper_csv(tmp_path))
    assert given["title_evidence"].tolist() == ["title column", "first headline-like line (line 1)"]
