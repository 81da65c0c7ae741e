"""pyproject.toml is the one list of dependencies; environment.yml must not drift from it."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


LOCK = ROOT / "requirements" / "lock.txt"


def _pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return [Requirement(spec) for spec in
            project["dependencies"] + extras["dev"] + extras["dask"]]


def _locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([\w.+!]+)(?: ;.*)?", line)
        assert match, f"lock line not pinned exactly: {line!r}"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def test_the_lock_pins_every_dependency_inside_pyproject_ranges():
    locked = _locked()
    for req in _pyproject_requirements():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is in pyproject.toml but not in the lock"
        assert req.specifier.contains(locked[name], prereleases=True), (req, locked[name])


def test_pyproject_gives_ranges_not_exact_pins():
    # exact pins in pyproject.toml would make newslens uninstallable beside other packages
    for req in _pyproject_requirements():
        assert not any(s.operator == "==" for s in req.specifier), req


def test_make_ci_and_conda_install_the_lock():
    make = (ROOT / "Makefile").read_text()
    assert "LOCK   := requirements/lock.txt" in make
    assert "pip install --quiet -r $(LOCK)" in make
    assert "pip install --quiet --no-deps -e ." in make
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert "-r requirements/lock.txt" in pip
    assert [d for d in env["dependencies"] if not isinstance(d, dict)] == ["python=3.11", "pip"]


def test_this_environment_runs_the_locked_versions():
    """The committed notebook outputs and tables are those of the lock: a test run on other
    versions would compare against outputs it cannot reproduce."""
    from importlib.metadata import PackageNotFoundError, version

    wrong = {}
    for req in _pyproject_requirements():
        name = canonicalize_name(req.name)
        try:
            have = version(req.name)
        except PackageNotFoundError:
            continue                    # an extra not installed here (the dask extra)
        if have != _locked()[name]:
            wrong[name] = (have, _locked()[name])
    assert not wrong, f"installed != locked (run `make setup` in a fresh .venv): {wrong}"


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
    for name in ("pyproject.toml", "README.md", "LICENSE"):
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
