"""Writing tidy tables: sorted, fixed float format, and safe to open in a spreadsheet."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"):
#: =, +, -, @, tab and carriage return.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Decimal places kept for every float written to a table; enough for cosines and z-scores,
#: few enough that the last digit does not differ between BLAS builds.
FLOAT_DECIMALS = 6

# Unpaired UTF-16 surrogates cannot be encoded as UTF-8: one would make the CSV writer raise
# after hours of work. The loader already replaces them (and says so in the load report);
# this is the last line of defence for text a stage builds itself.
_SURROGATES = re.compile("[\ud800-\udfff]")

#: Floats at least this large have no digits left after the decimal point (a double holds
#: about 16 significant digits), and rounding them to 6 places would overflow to inf.
_NO_FRACTION = 1e15


def neutralise_formula(value: object) -> object:
    """Prefix a text cell with ``'`` when a spreadsheet would run it as a formula.

    OWASP's advice for CSV injection: a cell that begins with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return is prefixed with a single quote, so Excel, LibreOffice and
    Google Sheets show it as text. Numbers are left alone (a negative z-score is a number,
    not a formula).

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_formula("Idlib")
    'Idlib'
    >>> neutralise_formula(-1.5)
    -1.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _tidy_cell(value: object) -> object:
    """One cell of a text (object) column: neutralised text, or a rounded float."""
    if isinstance(value, str):
        if not value.isascii() and _SURROGATES.search(value):  # isascii: a fast exit
            value = _SURROGATES.sub("\ufffd", value)
        value = neutralise_formula(value)
        if "\r" in value:
            # Python's CSV writer quotes a cell holding "\n" but not one holding a lone
            # "\r" when rows end with "\n"; spreadsheets and csv readers then break the row
            # in two there. A CR inside a cell is never meaningful: it becomes "\n".
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value
    if isinstance(value, float) and math.isfinite(value):
        # A float inside an object column is written with repr(), all 17 digits: round it
        # like a float column, and turn -0.0 into 0.0 (see tidy_for_csv).
        return round(value, FLOAT_DECIMALS) + 0.0
    return value


def tidy_for_csv(df: pd.DataFrame, *, sort_by: list[str] | None = None) -> pd.DataFrame:
    """Return a copy ready for a byte-stable, spreadsheet-safe CSV.

    Floats are rounded to ``FLOAT_DECIMALS`` (except those of 1e15 or more, which have no
    fractional digits to round and would overflow), and a negative zero (``-1e-9`` rounds to
    ``-0.0``, printed ``-0.000000``) becomes ``0.0``: whether a value near zero comes out
    just below or just above it differs between BLAS builds, and the file must not. Text
    cells are neutralised with :func:`neutralise_formula` and a carriage return inside a
    cell becomes a newline (which the writer quotes); rows are sorted by ``sort_by``
    (stable mergesort) so the same input always gives the same file.
    """
    out = df.copy()
    if sort_by:
        out = out.sort_values(sort_by, kind="mergesort").reset_index(drop=True)
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            values = out[col]
            big = (values.abs() >= _NO_FRACTION).fillna(False).astype(bool)
            rounded = values.where(~big, 0.0).round(FLOAT_DECIMALS).where(~big, values)
            # x + 0.0 is x for every x except -0.0, which becomes +0.0 (IEEE 754 addition).
            out[col] = rounded + 0.0
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_tidy_cell)
    return out


def write_table(df: pd.DataFrame, path: str | Path, *, sort_by: list[str] | None = None) -> Path:
    """Write ``df`` as UTF-8 CSV with Unix line ends, sorted and neutralised.

    Parameters
    ----------
    df : the table.
    path : where to write it; parent folders are created.
    sort_by : columns that define the row order.

    Returns
    -------
    Path of the written file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = tidy_for_csv(df, sort_by=sort_by)
    out.to_csv(path, index=False, lineterminator="\n", float_format=f"%.{FLOAT_DECIMALS}f",
               encoding="utf-8")
    return path


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (text cells keep their ``'`` prefix)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype_backend="numpy_nullable")


__all__ = ["FORMULA_PREFIXES", "neutralise_formula", "tidy_for_csv", "write_table", "read_table"]
