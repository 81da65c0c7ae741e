"""Publication dates: any common date string to ISO ``YYYY-MM-DD``, or "" with a warning;
and the order (day first or month first) of a column's numeric dates such as ``02/03/2024``.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pandas as pd

from .values import clean_cell

# A numeric date whose first two fields may be day and month in either order: 02/03/2024,
# 2.3.24, 02-03-2024. ISO dates (2024-03-02) start with the year and are never ambiguous.
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")
# An ISO date or timestamp: read as written whatever the day-first option says (the
# parser would otherwise swap its month and day when asked for day first).
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def normalise_date(value: object, *, dayfirst: bool = False) -> tuple[str, str | None]:
    """Return an ISO date (YYYY-MM-DD) or "" with a warning for values that are not dates.

    Placeholders before 1900 (AllSides has ``0001-11-30``) are treated as missing.
    ``dayfirst`` reads ``02/03/2024`` as 2 March (ISO dates are read as written).

    Examples
    --------
    >>> normalise_date("9/11/18")
    ('2018-09-11', None)
    >>> normalise_date("02/03/2024", dayfirst=True)
    ('2024-03-02', None)
    >>> normalise_date("0001-11-30")
    ('', 'date "0001-11-30" is a placeholder; left empty')
    """
    return _normalise_date_text(clean_cell(value), bool(dayfirst))


# A corpus repeats the same date strings thousands of times (AllSides: 37,554 articles, a few
# thousand distinct dates) and pd.to_datetime costs ~0.2 ms a call; the answer depends only on
# the string, so it is memoised.
@functools.lru_cache(maxsize=65536)
def _normalise_date_text(raw: str, dayfirst: bool = False) -> tuple[str, str | None]:
    if not raw:
        return "", None
    if len(raw) >= 4 and raw[:4].isdigit() and int(raw[:4]) < 1900:
        return "", f'date "{raw}" is a placeholder; left empty'
    try:
        ts = pd.to_datetime(raw, format="mixed", utc=True,
                            dayfirst=dayfirst and not _ISO.match(raw))
    except (ValueError, TypeError, OverflowError):
        return "", f'date "{raw[:40]}" is not a date; left empty'
    if pd.isna(ts) or ts.year < 1900:
        return "", f'date "{raw[:40]}" is not a date; left empty'
    return ts.strftime("%Y-%m-%d"), None


def date_order(values: Iterable[object], *, dayfirst: bool | None = None,
               column: str = "date") -> tuple[bool, str | None, str]:
    """How to read a column's numeric dates (``02/03/2024``): day first or month first, and
    a note for the load report with its status.

    With ``dayfirst`` None the column decides: a first field above 12 (``25/03/2024``) can
    only be a day, a second field above 12 (``03/25/2024``) only a day in second place.
    When neither occurs but some dates could be read either way, they are read month first
    (pandas' default) with a warning; when both occur the column mixes the two orders.

    Returns
    -------
    (dayfirst, note or None, status of the note: ``ok`` or ``warning``)

    Examples
    --------
    >>> date_order(["02/03/2024", "2024-05-01"])[0::2]
    (False, 'warning')
    >>> date_order(["02/03/2024", "25/03/2024"])[0]
    True
    """
    day_first = month_first = ambiguous = 0
    examples: dict[str, str] = {}
    for value in values:
        m = _NUMERIC_DATE.match(clean_cell(value))
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        kind = ("day_first" if a > 12 >= b else "month_first" if b > 12 >= a else
                "ambiguous" if a != b and a <= 12 and b <= 12 else None)
        if kind is None:
            continue
        examples.setdefault(kind, m.group(0))
        day_first += kind == "day_first"
        month_first += kind == "month_first"
        ambiguous += kind == "ambiguous"
    where = f"column '{column}'"
    if dayfirst is not None:
        against = month_first if dayfirst else day_first
        if against:
            ex = examples["month_first" if dayfirst else "day_first"]
            return dayfirst, (f"{where}: read {'day' if dayfirst else 'month'} first as asked, "
                              f"but {against} date(s) such as {ex} cannot be; they are read "
                              "the only way they can"), "warning"
        return dayfirst, None, "ok"
    if day_first and month_first:
        return False, (f"{where} mixes day-first dates (such as {examples['day_first']}) and "
                       f"month-first dates (such as {examples['month_first']}); "
                       f"{ambiguous} date(s) that could be either are read month first"), "warning"
    if day_first:
        return True, (f"{where}: dates read day first, since {day_first} date(s) such as "
                      f"{examples['day_first']} can only be day first"), "ok"
    if ambiguous and not month_first:
        ex = examples["ambiguous"]
        return False, (f"{where}: {ambiguous} date(s) such as {ex} could be day first or "
                       f"month first; read month first ({normalise_date(ex)[0]}); give "
                       "--dayfirst (or dayfirst: true in the study file) if they are day first"
                       ), "warning"
    return False, None, "ok"
