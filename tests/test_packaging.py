"""pyproject.toml is the one list of dependencies; environment.yml must not drift from it."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = {}
    for spec in specs:
        name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([\w.]+)", spec).groups()
        pins[name.lower()] = version
    return pins


def _conda_pins() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip = dep["pip"]
            continue
        name, _, version = dep.partition("=")
        if name not in ("python", "pip"):
            pins[name.lower()] = version
    return pins, pip


def test_environment_yml_matches_pyproject():
    conda, pip = _conda_pins()
    assert conda == _pyproject_pins()
    assert pip == ["-e ."]


def test_every_dependency_is_pinned_exactly():
    # exact pins keep notebook outputs and tables byte-identical across machines
    assert all(v for v in _pyproject_pins().values())


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert ci.strip().splitlines()[-1] == "make test"
