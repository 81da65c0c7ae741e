"""Fixtures shared by the test modules: the bundled example study and the AllSides fixture,
loaded and cleaned once per test session."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import FIXTURE


@pytest.fixture(scope="session")
def bundled() -> pd.DataFrame:
    """The bundled example study, loaded and cleaned."""
    import newslens

    df, _ = newslens.clean_corpus(newslens.load_corpus())
    return df


@pytest.fixture(scope="session")
def cleaned_fixture() -> pd.DataFrame:
    """The 40 AllSides articles of ``tests/fixtures/allsides-idlib.jsonl``, cleaned."""
    import newslens

    df, _ = newslens.clean_corpus(newslens.load_corpus(FIXTURE))
    return df


@pytest.fixture(scope="session")
def bundled_quotes(bundled) -> dict[str, pd.DataFrame]:
    """The quotes and stance tables of the bundled example study."""
    from newslens.config import RunConfig
    from newslens.stance import stage_tables

    return stage_tables(bundled, config=RunConfig())
