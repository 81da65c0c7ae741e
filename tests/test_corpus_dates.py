"""newslens.corpus.dates: date strings to ISO dates."""
from __future__ import annotations

import pytest

from newslens.corpus import normalise_date


@pytest.mark.parametrize("raw, expected", [
    ("2018-09-11", "2018-09-11"), ("9/11/18", "2018-09-11"), ("", ""),
    ("0001-11-30", ""), ("September 11, 2018", "2018-09-11"), ("no date", ""),
])
def test_normalise_date(raw, expected):
    assert normalise_date(raw)[0] == expected


@pytest.mark.parametrize("raw, dayfirst, expected", [
    ("02/03/2024", False, "2024-02-03"), ("02/03/2024", True, "2024-03-02"),
    ("2024-02-03", True, "2024-02-03"),            # ISO is read as written, day first or not
    ("13/03/2024", False, "2024-03-13"),           # only one reading exists
])
def test_normalise_date_day_first(raw, dayfirst, expected):
    assert normalise_date(raw, dayfirst=dayfirst)[0] == expected


@pytest.mark.parametrize("values, dayfirst, expected, status", [
    (["02/03/2024", "2024-05-01"], None, False, "warning"),   # ambiguous: warn
    (["02/03/2024", "25/03/2024"], None, True, "ok"),         # a day above 12 first
    (["02/03/2024", "03/25/2024"], None, False, "ok"),        # a day above 12 second
    (["25/03/2024", "03/25/2024"], None, False, "warning"),   # both orders in one column
    (["02/03/2024"], True, True, "ok"),
    (["03/25/2024"], True, True, "warning"),                  # asked day first, cannot be
    (["2024-02-03", "", None, "n/a"], None, False, "ok"),     # nothing ambiguous
])
def test_date_order(values, dayfirst, expected, status):
    from newslens.corpus.dates import date_order
    got, note, got_status = date_order(values, dayfirst=dayfirst)
    assert (got, got_status) == (expected, status)
    assert (note is None) == (status == "ok" and not (expected and dayfirst is None))
