"""Small conversions of raw values into the article table's fields: a table cell into a
clean string, a file name fit for a report, bidirectional controls removed. (A title taken
from the text is :mod:`newslens.corpus.titles`'s.)"""
from __future__ import annotations

import os
import re

import pandas as pd

# Bidirectional control characters: the Unicode Bidi_Control property (ALM U+061C, LRM
# U+200E, RLM U+200F, the embeddings and overrides U+202A-U+202E, the isolates
# U+2066-U+2069). They are invisible, but U+202E shows the rest of a line reversed in a
# terminal, a spreadsheet or the HTML report ("Trojan Source"), and a trailing RLM left by
# an Arabic or Hebrew CMS makes "Outlet\u200f" a second outlet beside "Outlet".
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def display_name(rel: str) -> str:
    """A file name fit for a report and a terminal.

    Names that are not valid UTF-8 arrive with surrogate escapes (they cannot be written
    to a UTF-8 CSV); control characters could rewrite the user's terminal when a message
    is printed. Both are shown as backslash escapes.
    """
    name = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def clean_cell(value: object) -> str:
    """A table cell as a stripped string; None and NaN are ""."""
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


def strip_bidi(value: str) -> tuple[str, int]:
    """``value`` without bidirectional control characters (see above), and how many went.

    >>> strip_bidi("Reuters\u200f")
    ('Reuters', 1)
    """
    if value.isascii():
        return value, 0
    stripped, n = _BIDI_CONTROLS.subn("", value)
    return (stripped.strip(), n) if n else (value, 0)
