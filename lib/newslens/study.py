"""A study as data: one small YAML file naming the corpus, the event, the actors and the
framing families, read by ``newslens run/report --study PATH``.

A study file (``study.yaml``; every key optional, paths relative to the file's folder)::

    title: The 2018 Idlib offensive, five articles      # the report's title
    corpus: raw                                          # folder, .csv or .jsonl
    columns: {text: body, outlet: site}                  # load options (text, id, outlet,
                                                         #   title, date), as --text-col ...
    dayfirst: false                                      # read 02/03/2024 as 2 March
    target_terms: [offensive, assault, attack]           # the event whose stance is measured
    target_place: [idlib]                                # words tying a statement to its place
    actors: actors.csv                                   # actors file
    framing: framing.yaml                                # framing term families
    stance_lexicon: my_lexicon.yaml                      # stance cues (default: the bundled)

A key left out means "none": no event (no stance is computed), no actors file (speakers
kept by name), no framing file (no framing table). Command-line flags override the file.
The bundled example is :data:`newslens.config.EXAMPLE_STUDY`; see ``docs/study.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import EXAMPLE_STUDY, RunConfig
from .errors import NewslensError

__all__ = ["Study", "load_study", "example_study", "STUDY_KEYS", "COLUMN_KEYS"]

#: Keys a study file may hold.
STUDY_KEYS = ("title", "corpus", "columns", "dayfirst", "target_terms", "target_place",
              "actors", "framing", "stance_lexicon")
#: Keys of a study file's ``columns``, and the load option each one sets.
COLUMN_KEYS = {"text": "text_col", "html": "html_col", "id": "id_col", "outlet": "outlet_col",
               "title": "title_col", "date": "date_col"}


@dataclass(frozen=True)
class Study:
    """What a study file says: the corpus, how to load it, and the run options.

    Attributes
    ----------
    config : the run options (title, target terms and place, actors, framing, lexicon).
    corpus : the corpus path (None: none given).
    load_options : column names and ``dayfirst`` for :func:`newslens.load_corpus`.
    path : the study file (None: a study made from flags only).
    """

    config: RunConfig = field(default_factory=RunConfig)
    corpus: Path | None = None
    load_options: dict = field(default_factory=dict)
    path: Path | None = None

    @property
    def is_example(self) -> bool:
        """Whether this is the bundled example study."""
        return self.path is not None and self.path.resolve() == EXAMPLE_STUDY.resolve()


def _terms(value: object, key: str, where: str) -> tuple[str, ...]:
    """A list of terms from a YAML list of strings or a comma-separated string."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    raise NewslensError(f"{where}: '{key}' must be a list of words or a comma-separated string")


def _path(value: object, key: str, where: str, base: Path) -> Path | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise NewslensError(f"{where}: '{key}' must be a path (a string)")
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def load_study(path: str | Path) -> Study:
    """Read a study file (YAML; see the module docstring for its keys).

    Raises
    ------
    NewslensError : the file is missing, not YAML, not a mapping, or has an unknown key
        or a value of the wrong kind; the message names the file and the key.

    Examples
    --------
    >>> study = load_study(EXAMPLE_STUDY)
    >>> study.corpus.name, study.config.target_place, study.config.framing_path.name
    ('raw', ('idlib',), 'framing.yaml')
    """
    import yaml

    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise NewslensError(f"{where}: study file not found" if not path.exists()
                            else f"{where}: the study file is not a regular file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise NewslensError(f"{where}: cannot read the study file: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise NewslensError(f"{where}: a study file is a mapping of keys "
                            f"({', '.join(STUDY_KEYS)})")
    unknown = sorted(str(k) for k in data if k not in STUDY_KEYS)
    if unknown:
        raise NewslensError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                            f"known: {', '.join(STUDY_KEYS)}")
    base = path.parent
    columns = data.get("columns") or {}
    if not isinstance(columns, dict) or set(columns) - set(COLUMN_KEYS):
        raise NewslensError(f"{where}: 'columns' maps {', '.join(COLUMN_KEYS)} to column names")
    load_options = {COLUMN_KEYS[k]: str(v) for k, v in columns.items() if v is not None}
    if data.get("dayfirst") is not None:
        if not isinstance(data["dayfirst"], bool):
            raise NewslensError(f"{where}: 'dayfirst' must be true or false")
        load_options["dayfirst"] = data["dayfirst"]
    title = data.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        raise NewslensError(f"{where}: 'title' must be text")
    config = RunConfig(
        title=str(title or "").strip(),
        target_terms=_terms(data.get("target_terms"), "target_terms", where),
        target_place=_terms(data.get("target_place"), "target_place", where),
        actors_path=_path(data.get("actors"), "actors", where, base),
        framing_path=_path(data.get("framing"), "framing", where, base),
        stance_lexicon_path=_path(data.get("stance_lexicon"), "stance_lexicon", where, base))
    return Study(config=config, corpus=_path(data.get("corpus"), "corpus", where, base),
                 load_options=load_options, path=path)


def example_study() -> Study:
    """The bundled example study (:data:`newslens.config.EXAMPLE_STUDY`): five articles on
    the expected 2018 offensive on Idlib, with its own event, actors and framing."""
    return load_study(EXAMPLE_STUDY)


def with_overrides(study: Study, *, corpus: str | Path | None = None,
                   load_options: dict | None = None, **config_changes) -> Study:
    """``study`` with the values given (not None) replacing its own: command-line flags
    override the study file."""
    changes = {k: v for k, v in config_changes.items() if v is not None}
    options = {**study.load_options,
               **{k: v for k, v in (load_options or {}).items() if v is not None}}
    return replace(study, config=replace(study.config, **changes), load_options=options,
                   corpus=Path(corpus) if corpus is not None else study.corpus)
