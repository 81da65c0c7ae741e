"""Paths and run options shared by every stage.

One place for paths, as in cookiecutter-data-science: ``PROJ_ROOT`` is the checkout,
``RAW_DIR`` the bundled corpus (never edited by code), ``PROCESSED_DIR`` where
``newslens run`` writes by default.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parents[1]
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
RESOURCES_DIR = PACKAGE_DIR / "resources"

#: Fixed seed for everything random (MinHash permutations, samples in benchmarks).
RANDOM_STATE = 0

#: Names of the bundled corpus's target event (the expected offensive on Idlib).
DEFAULT_TARGET_TERMS: tuple[str, ...] = (
    "offensive", "assault", "attack", "operation", "battle", "bloodbath",
    "escalation", "military operation", "counterterrorism operation",
)
DEFAULT_TARGET_PLACE: tuple[str, ...] = ("idlib",)


@dataclass(frozen=True)
class RunConfig:
    """Options of one ``newslens run``; every stage reads what it needs from here.

    Attributes
    ----------
    target_terms : names of the event whose stance is measured.
    target_place : words that tie a statement to the event's place (empty: any place).
    actors_path : CSV of actors (None: the bundled ``data/actors.csv``).
    framing_path : YAML of framing term families (None: the bundled file).
    top_k : nearest neighbours kept per document in ``similarity_docs.csv``
        (None: all pairs, fine for small corpora).
    min_passage_words : shortest shared passage reported.
    disabled_clean_rules : names of cleaning rules switched off.
    progress : show progress bars.
    """

    target_terms: tuple[str, ...] = DEFAULT_TARGET_TERMS
    target_place: tuple[str, ...] = DEFAULT_TARGET_PLACE
    actors_path: Path | None = None
    framing_path: Path | None = None
    top_k: int | None = None
    min_passage_words: int = 12
    disabled_clean_rules: tuple[str, ...] = ()
    progress: bool = False
