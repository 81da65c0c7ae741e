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
