"""Small builders shared by the test modules (imported as ``from helpers import ...``; pytest
puts this folder on ``sys.path``)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from newslens.corpus import load_report

FIXTURE = Path(__file__).parent / "fixtures" / "allsides-idlib.jsonl"


def texts_corpus(texts: list[str], outlets: list[str] | None = None) -> pd.DataFrame:
    """A cleaned-corpus table from texts: doc ids d0, d1, ...; one outlet "X" unless given."""
    ids = [f"d{i}" for i in range(len(texts))]
    return pd.DataFrame({"doc_id": ids, "outlet": outlets or ["X"] * len(texts),
                         "text_clean": texts})


def outlet_corpus(*rows: tuple[str, str]) -> pd.DataFrame:
    """(outlet, text) pairs -> a cleaned-corpus table, doc ids d0, d1, ..."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                         "outlet": [o for o, _ in rows],
                         "text_clean": [t for _, t in rows]})


def write(folder: Path, name: str, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``folder/name``, creating folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def report_of(df: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The load report of ``df`` as ``{source: (status, message)}``."""
    rep = load_report(df)
    return {r.source: (r.status, r.message) for r in rep.itertuples()}


#: An article for the cleaning tests: a headline and two prose paragraphs around the lines
#: under test (``wrap``); what remains when every line under test is dropped.
HEAD = "Talks fail over the northern province"
BODY = "The talks ended on Tuesday without an agreement, officials said."
BODY2 = "Both sides blamed each other for the failure of the meeting."
EXPECTED_PLAIN = "\n\n".join([HEAD, BODY, BODY2])


def wrap(*lines: str) -> str:
    """An article: headline, the lines under test between two prose paragraphs."""
    return "\n\n".join([HEAD, BODY, *lines, BODY2])
