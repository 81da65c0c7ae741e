"""Paths and run options shared by every stage.

Everything newslens ships is package data, found through :mod:`importlib.resources`, so a
normal ``pip install .`` works as well as a checkout: ``RESOURCES`` (stop words, phrases,
the stance lexicon) and ``EXAMPLE_DIR``, the bundled example study (its ``study.yaml``,
the five Idlib articles in ``raw/`` with their ``metadata.csv``, its ``actors.csv``, its
``framing.yaml`` and its hand annotation ``quotes_gold.csv``). A study (the event whose
stance is measured, the actors, the framing families) is data, not a default of the code:
:class:`RunConfig` names no event and no file, and :mod:`newslens.study` reads a study file. Package data is read as files, which a regular
installation (wheel or editable) provides; a zipped import is not supported.
``PROCESSED_DIR`` is where ``newslens run`` writes by default, relative to the current
folder (as cookiecutter-data-science's ``data/processed``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
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

#: The example study's file: its corpus, target event, actors and framing families.
EXAMPLE_STUDY = EXAMPLE_DIR / "study.yaml"

#: Header-only actors file: what a run uses when no actors file is given, so that every
#: speaker is kept by the name the text gives (``newslens.quotes.load_actors(None)`` reads
#: the example study's actors, which must not apply to another corpus).
NO_ACTORS_PATH = RESOURCES_DIR / "no_actors.csv"


@dataclass(frozen=True)
class RunConfig:
    """Options of one ``newslens run``; every stage reads what it needs from here.

    Attributes
    ----------
    title : the study's title, for the report ("" when none is given).
    target_terms : names of the event whose stance is measured (empty: no event, so no
        stance is computed; quotes and voice shares still are).
    target_place : words that tie a statement to the event's place (empty: the event's names
        decide which statements are about it, docs/stance.md).
    actors_path : CSV of actors (None: no actors file; speakers are kept by name).
    framing_path : YAML of framing term families (None: no framing table).
    stance_lexicon_path : YAML stance lexicon (None: the bundled ``stance_lexicon.yaml``).
    top_k : nearest neighbours kept per document in ``similarity_docs.csv``
        (None: all pairs, fine for small corpora).
    min_passage_words : shortest shared passage reported.
    disabled_clean_rules : names of cleaning rules switched off.
    progress : show progress bars.
    """

    title: str = ""
    target_terms: tuple[str, ...] = ()
    target_place: tuple[str, ...] = ()
    actors_path: Path | None = None
    framing_path: Path | None = None
    stance_lexicon_path: Path | None = None
    top_k: int | None = None
    min_passage_words: int = 12
    disabled_clean_rules: tuple[str, ...] = ()
    progress: bool = False

    @classmethod
    def from_options(cls, options: dict | None = None) -> "RunConfig":
        """A config from plain values, as a notebook's ``RUN_OPTIONS`` parameter holds them
        (lists for tuples, strings for paths; a comma-separated string for a list of terms).

        Examples
        --------
        >>> RunConfig.from_options({"target_terms": "summit, talks", "top_k": 5}).target_terms
        ('summit', 'talks')
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options or {}) - known)
        if unknown:
            raise ValueError(f"unknown run option(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        values = {}
        for name, value in (options or {}).items():
            if name in ("actors_path", "framing_path", "stance_lexicon_path") and value is not None:
                value = Path(value)
            elif isinstance(value, str) and name in _LIST_OPTIONS:
                value = tuple(v.strip() for v in value.split(",") if v.strip())
            elif isinstance(value, list):
                value = tuple(value)
            values[name] = value
        return cls(**values)

    def to_options(self) -> dict:
        """The config as plain values (lists, strings) for a notebook's ``RUN_OPTIONS``:
        ``RunConfig.from_options(config.to_options())`` equals ``config`` but for paths, which
        are made absolute, since notebooks run in their own folder."""
        out = {}
        for name, value in asdict(self).items():
            if isinstance(value, Path):
                value = str(value.resolve())
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


_LIST_OPTIONS = ("target_terms", "target_place", "disabled_clean_rules")
