"""Paths and run options shared by every stage.

Everything newslens ships is package data, found through :mod:`importlib.resources`, so a
normal ``pip install .`` works as well as a checkout: ``RESOURCES`` (stop words, phrases,
the stance lexicon, the framing families) and ``EXAMPLE_DIR``, the bundled example study
(the five Idlib articles in ``raw/`` with their ``metadata.csv``, its ``actors.csv`` and
its hand annotation ``quotes_gold.csv``). Package data is read as files, which a regular
installation (wheel or editable) provides; a zipped import is not supported.
``PROCESSED_DIR`` is where ``newslens run`` writes by default, relative to the current
folder (as cookiecutter-data-science's ``data/processed``).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(str(resources.files("newslens")))
RESOURCES_DIR = PACKAGE_DIR / "resources"
EXAMPLE_DIR = PACKAGE_DIR / "examples" / "idlib"
#: The bundled corpus: never edited by code.
RAW_DIR = EXAMPLE_DIR / "raw"
PROCESSED_DIR = Path("data") / "processed"

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
    actors_path : CSV of actors (None: the example study's ``actors.csv``).
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
