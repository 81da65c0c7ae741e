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


def test_a_regular_install_runs_the_bundled_study(tmp_path):
    """`pip install .` (not editable) into a fresh environment, then `newslens run` from a
    folder outside the checkout: the package data (the example study, the word lists) is
    found without the checkout, and the tables equal those of the checkout's install.

    The fresh venv borrows the test environment's third-party packages through a ``.pth``
    line (``--no-deps``) so that nothing is downloaded but the build backend; a path added
    by a ``.pth`` line is not a site directory, so the checkout's editable hook, which
    lives there, is not loaded.
    """
    import shutil
    import site
    import subprocess
    import sys

    src = tmp_path / "src"
    shutil.copytree(ROOT / "lib", src / "lib", ignore=shutil.ignore_patterns(
        "*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "borrowed.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet",
                    "--no-deps", str(src)], check=True, capture_output=True, text=True)
    where = subprocess.run([str(py), "-c", "import newslens; print(newslens.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert where.startswith(purelib), where          # the installed copy, not the checkout
    work = tmp_path / "elsewhere"
    work.mkdir()
    run = subprocess.run([str(venv / "bin" / "newslens"), "run", "--out", "tables"], cwd=work,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "5 articles from 3 outlet(s)" in run.stdout

    from newslens.pipeline import run_pipeline

    run_pipeline(None, tmp_path / "checkout", workers=1)
    written = sorted(p.name for p in (work / "tables").glob("*.csv"))
    assert written == sorted(p.name for p in (tmp_path / "checkout").glob("*.csv"))
    for name in written:
        assert (work / "tables" / name).read_bytes() == (tmp_path / "checkout" / name).read_bytes(), name
