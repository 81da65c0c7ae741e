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
