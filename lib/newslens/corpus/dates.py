"""Publication dates: any common date string to ISO ``YYYY-MM-DD``, or "" with a warning."""
from __future__ import annotations

import functools

import pandas as pd

from .values import clean_cell


def normalise_date(value: object) -> tuple[str, str | None]:
    """Return an ISO date (YYYY-MM-DD) or "" with a warning for values that are not dates.

    Placeholders before 1900 (AllSides has ``0001-11-30``) are treated as missing.

    Examples
    --------
    >>> normalise_date("9/11/18")
    ('2018-09-11', None)
    >>> normalise_date("0001-11-30")
    ('', 'date "0001-11-30" is a placeholder; left empty')
    """
    return _normalise_date_text(clean_cell(value))


# A corpus repeats the same date strings thousands of times (AllSides: 37,554 articles, a few
# thousand distinct dates) and pd.to_datetime costs ~0.2 ms a call; the answer depends only on
# the string, so it is memoised.
@functools.lru_cache(maxsize=65536)
def _normalise_date_text(raw: str) -> tuple[str, str | None]:
    if not raw:
        return "", None
    if len(raw) >= 4 and raw[:4].isdigit() and int(raw[:4]) < 1900:
        return "", f'date "{raw}" is a placeholder; left empty'
    try:
        ts = pd.to_datetime(raw, format="mixed", utc=True)
    except (ValueError, TypeError, OverflowError):
        return "", f'date "{raw[:40]}" is not a date; left empty'
    if pd.isna(ts) or ts.year < 1900:
        return "", f'date "{raw[:40]}" is not a date; left empty'
    return ts.strftime("%Y-%m-%d"), None

