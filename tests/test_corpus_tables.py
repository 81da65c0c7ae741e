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
    assert len(load_report(df)) == 4  # every row accounted for


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
    assert len(load_report(df)) == 4


def test_unknown_format_is_refused(tmp_path):
    path = write(tmp_path, "x.parquet", b"PAR1")
    with pytest.raises(CorpusError, match="unknown corpus format"):
        load_corpus(path)
