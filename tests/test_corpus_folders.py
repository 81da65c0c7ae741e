"""newslens.corpus.folders: the bundled corpus, folders of .txt files with their metadata,
and bad files reported while the others still load."""
from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from newslens.config import RAW_DIR
from newslens.corpus import ARTICLE_COLUMNS, load_corpus, load_report
from newslens.errors import CorpusError
from helpers import report_of, write

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_bundled_corpus_has_five_articles_with_provenance():
    df = load_corpus()
    assert list(df.columns) == ARTICLE_COLUMNS
    assert len(df) == 5
    by_id = df.set_index("doc_id")
    # outlets from the text: "Source: TRTWorld and agencies" (000, 003), "i24NEWS" (004),
    # nothing (001, 002)
    assert by_id.loc["000_f1a47c61d5634de7", "outlet"] == "TRT World"
    assert by_id.loc["003_d1e834c509b7f8b6", "outlet"] == "TRT World"
    assert by_id.loc["004_73afe5bdf0f6d93d", "outlet"] == "i24NEWS"
    assert by_id.loc["001_2cd73c8184396dff", "outlet"] == "unknown"
    assert by_id.loc["002_bbf2f34e69fbf003", "outlet"] == "unknown"
    # 003's caption is dated September 11, 2018, so it cannot be earlier
    assert by_id.loc["003_d1e834c509b7f8b6", "published"] >= "2018-09-11"
    assert set(load_report(df)["status"]) == {"ok"}


def test_bundled_raw_files_are_the_seeds_byte_for_byte():
    if not SEEDS.exists():
        pytest.skip(f"seed folder not found at {SEEDS}")
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (RAW_DIR / seed.name).read_bytes() == seed.read_bytes(), seed.name
    assert sorted(p.name for p in RAW_DIR.glob("*.txt")) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_metadata_has_the_documented_columns_and_evidence():
    meta = pd.read_csv(RAW_DIR / "metadata.csv", dtype=str, keep_default_na=False)
    for col in ["doc_id", "file", "outlet", "title", "published", "outlet_evidence",
                "date_evidence", "notes"]:
        assert col in meta.columns
    assert (meta["outlet_evidence"].str.len() > 20).all()
    # every date is an estimate and must say so; an empty date needs no evidence
    dated = meta[meta["published"] != ""]
    assert dated["date_evidence"].str.startswith("Estimate").all()


def test_text_is_kept_as_read():
    df = load_corpus()
    path = RAW_DIR / "004_73afe5bdf0f6d93d.txt"
    assert df.set_index("doc_id").loc["004_73afe5bdf0f6d93d", "text"] == path.read_text("utf-8")


# --------------------------------------------------------------------------- folders

def test_folder_without_metadata_uses_unknown_outlet_and_a_headline_like_title(tmp_path):
    write(tmp_path, "a.txt", "\n\n  Mayor opens the new city bridge  \n\nBody text.\n")
    write(tmp_path, "b.txt", "share\nSecond headline about the bridge\nMore.")
    write(tmp_path, "c.txt", "Only a body sentence that runs on for long enough to be prose.")
    df = load_corpus(tmp_path)
    assert df["doc_id"].tolist() == ["a", "b", "c"]
    assert df["outlet"].tolist() == ["unknown"] * 3
    assert df["title"].tolist() == ["Mayor opens the new city bridge",
                                    "Second headline about the bridge", ""]
    assert df["title_evidence"].tolist() == ["first headline-like line (line 1)",
                                             "first headline-like line (line 2)", "none"]
    assert set(load_report(df)["status"]) == {"ok"}


def test_metadata_fills_outlet_title_and_date(tmp_path):
    write(tmp_path, "a.txt", "Text A")
    write(tmp_path, "metadata.csv", "doc_id,file,outlet,title,published\nA1,a.txt,Outlet X,Title A,9/11/18\n")
    df = load_corpus(tmp_path)
    row = df.iloc[0]
    assert (row.doc_id, row.outlet, row.title, row.published) == ("A1", "Outlet X", "Title A", "2018-09-11")


@pytest.mark.parametrize("name, data, status, fragment", [
    ("empty.txt", b"", "skipped", "empty"),
    ("blank.txt", b"  \n\t \r\n", "skipped", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "skipped", "not a text file"),
    ("noise.txt", bytes(range(0, 32)) * 100, "skipped", "not a text file"),
    ("latin.txt", "Caf\xe9 au lait, na\xefve r\xe9sum\xe9".encode("cp1252"), "warning", "cp1252"),
    ("bom8.txt", codecs.BOM_UTF8 + "Idlib".encode("utf-8"), "ok", ""),
    ("u16.txt", "Idlib \u0130stanbul".encode("utf-16"), "warning", "utf-16"),
    ("nul.txt", b"Idlib\x00 province", "warning", "NUL"),
    ("notes.md", b"# not an article", "skipped", "not a .txt file"),
])
def test_bad_files_are_reported_and_others_still_load(tmp_path, name, data, status, fragment):
    write(tmp_path, "good.txt", "A good article.\n\nWith two paragraphs.")
    write(tmp_path, name, data)
    df = load_corpus(tmp_path)
    rep = report_of(df)
    assert rep["good.txt"] == ("ok", "")
    assert rep[name][0] == status
    assert fragment in rep[name][1]
    assert "good" in df["doc_id"].tolist()
    assert (name[:-4] in df["doc_id"].tolist()) == (status != "skipped")


def test_metadata_problems_are_reported(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "Article A")
    write(corpus, "b.txt", "Article B")
    write(tmp_path, "secret.txt", "outside the corpus")
    write(corpus, "metadata.csv",
          "doc_id,file,outlet\n"
          "a,a.txt,X\n"
          "ghost,ghost.txt,Y\n"
          "esc,../secret.txt,Z\n"
          f"abs,{(tmp_path / 'secret.txt').as_posix()},Z\n")
    df = load_corpus(corpus)
    rep = report_of(df)
    assert df["doc_id"].tolist() == ["a", "b"]
    assert rep["metadata.csv:3"][0] == "skipped" and "does not exist" in rep["metadata.csv:3"][1]
    assert "outside the corpus folder" in rep["metadata.csv:4"][1]
    assert "outside the corpus folder" in rep["metadata.csv:5"][1]
    assert rep["b.txt"] == ("warning", "no metadata row; outlet set to unknown")
    assert df.set_index("doc_id").loc["b", "outlet"] == "unknown"
    assert "outside the corpus" not in " ".join(df["text"])


def test_missing_path_and_empty_folder_raise_clear_errors(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no articles could be loaded"):
        load_corpus(tmp_path)
    write(tmp_path, "empty.txt", "")
    with pytest.raises(CorpusError, match="empty.txt: empty"):
        load_corpus(tmp_path)
