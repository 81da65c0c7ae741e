"""Tests for lib/newslens/config.py and the package's public face: run options as plain values
(what a notebook's RUN_OPTIONS holds), package data found without a checkout, dir(newslens)."""
from __future__ import annotations

from pathlib import Path

import pytest

import newslens
from newslens.config import EXAMPLE_DIR, RAW_DIR, RESOURCES_DIR, RunConfig


def test_run_options_round_trip_through_plain_values(tmp_path):
    config = RunConfig(target_terms=("summit", "talks"), target_place=(),
                       actors_path=tmp_path / "actors.csv", top_k=5,
                       disabled_clean_rules=("byline",))
    options = config.to_options()
    assert options["target_terms"] == ["summit", "talks"]          # lists, not tuples
    assert options["actors_path"] == str((tmp_path / "actors.csv").resolve())
    assert RunConfig.from_options(options) == config


@pytest.mark.parametrize("options, field, expected", [
    ({"target_terms": "summit, talks ,"}, "target_terms", ("summit", "talks")),  # papermill -p
    ({"target_place": ""}, "target_place", ()),                                  # any place
    ({"disabled_clean_rules": ["byline"]}, "disabled_clean_rules", ("byline",)),
    ({"framing_path": "f.yaml"}, "framing_path", Path("f.yaml")),
    ({}, "top_k", None),
])
def test_run_options_from_plain_values(options, field, expected):
    assert getattr(RunConfig.from_options(options), field) == expected


def test_unknown_run_option_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown run option.*target_term.*known:.*target_terms"):
        RunConfig.from_options({"target_term": "x"})


def test_package_data_is_found_through_the_package():
    # the bundled study and the word lists live inside the package, not in a checkout
    package = Path(newslens.__file__).parent
    assert RAW_DIR.is_relative_to(package) and EXAMPLE_DIR.is_relative_to(package)
    assert sorted(p.suffix for p in RAW_DIR.iterdir()) == [".csv"] + [".txt"] * 5
    assert (EXAMPLE_DIR / "actors.csv").is_file() and (EXAMPLE_DIR / "quotes_gold.csv").is_file()
    assert (RESOURCES_DIR / "stance_lexicon.yaml").is_file()


def test_dir_lists_the_public_api_and_the_stages():
    listed = dir(newslens)
    for name in ("load_corpus", "clean_corpus", "keyness", "tfidf_similarity", "shared_passages",
                 "extract_quotes", "assign_stance", "run_pipeline", "prepare_corpus", "RunConfig",
                 "clean", "terms", "similarity", "quotes", "stance", "pipeline"):
        assert name in listed, name
    assert not [n for n in listed if n.startswith("_") and n != "__version__"]
    for name in newslens.__all__:        # every listed name resolves
        assert getattr(newslens, name) is not None
    with pytest.raises(AttributeError):
        newslens.no_such_function


def test_a_stance_lexicon_file_reaches_the_stance_stage(tmp_path):
    from newslens.cli import build_parser, config_from_args
    args = build_parser().parse_args(["run", "--stance-lexicon", str(tmp_path / "lex.yaml")])
    config = config_from_args(args)
    assert config.stance_lexicon_path == tmp_path / "lex.yaml"
    assert RunConfig.from_options(config.to_options()).stance_lexicon_path == \
        (tmp_path / "lex.yaml").resolve()


# --------------------------------------------------------------------------- a study file

def test_run_options_name_no_study_by_default():
    # a study is data: nothing of the example study is a default of the code (issue 15)
    config = RunConfig()
    assert config.target_terms == () and config.target_place == ()
    assert config.actors_path is None and config.framing_path is None and config.title == ""


def test_the_example_study_file_names_its_own_files():
    from newslens.config import EXAMPLE_STUDY
    from newslens.study import example_study

    study = example_study()
    assert study.path == EXAMPLE_STUDY and study.is_example
    assert study.corpus == RAW_DIR
    assert study.config.actors_path == EXAMPLE_DIR / "actors.csv"
    assert study.config.framing_path == EXAMPLE_DIR / "framing.yaml"
    assert "offensive" in study.config.target_terms and study.config.target_place == ("idlib",)
    assert (RESOURCES_DIR / "framing.yaml").exists() is False   # not a resource for every corpus


def test_a_study_file_reads_paths_relative_to_itself(tmp_path):
    from newslens.study import load_study

    (tmp_path / "s").mkdir()
    path = tmp_path / "s" / "study.yaml"
    path.write_text("title: Summit 2019\ncorpus: data/export.csv\n"
                    "columns: {text: body, outlet: site}\ndayfirst: true\n"
                    "target_terms: summit, talks\ntarget_place: [Hanoi]\n"
                    "actors: actors.csv\nframing: /abs/framing.yaml\n", encoding="utf-8")
    study = load_study(path)
    assert study.corpus == tmp_path / "s" / "data" / "export.csv"
    assert study.load_options == {"text_col": "body", "outlet_col": "site", "dayfirst": True}
    assert study.config.title == "Summit 2019"
    assert study.config.target_terms == ("summit", "talks")
    assert study.config.target_place == ("Hanoi",)
    assert study.config.actors_path == tmp_path / "s" / "actors.csv"
    assert study.config.framing_path == Path("/abs/framing.yaml")
    assert study.config.stance_lexicon_path is None and not study.is_example


@pytest.mark.parametrize("text, message", [
    ("target_term: summit\n", "unknown key.*target_term.*known:"),
    ("- a\n- b\n", "a study file is a mapping"),
    ("columns: {body: text}\n", "'columns' maps text, html, id"),
    ("dayfirst: maybe\n", "'dayfirst' must be true or false"),
    ("target_terms: {a: 1}\n", "'target_terms' must be a list"),
    ("actors: [a.csv]\n", "'actors' must be a path"),
    ("title: [\n", "cannot read the study file"),
])
def test_a_bad_study_file_names_the_file_and_the_problem(tmp_path, text, message):
    from newslens.errors import NewslensError
    from newslens.study import load_study

    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NewslensError, match=message) as err:
        load_study(path)
    assert str(path) in str(err.value)
    with pytest.raises(NewslensError, match="study file not found"):
        load_study(tmp_path / "missing.yaml")
