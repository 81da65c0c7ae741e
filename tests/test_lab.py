"""`make lab` serves the notebooks: start the Jupyter server headless and ask its REST API."""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:  # loopback only
        return resp.status, resp.read()


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("jupyter-home")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(home / "ws"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={NOTEBOOKS_DIR}", "--ServerApp.open_browser=False"]
        + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"{base}/api/status", token)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start within 60 s")
            time.sleep(0.5)
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_lab_serves_every_notebook(lab_server):
    base, token = lab_server
    status, body = _get(f"{base}/api/contents/", token)
    assert status == 200
    served = {item["name"] for item in json.loads(body)["content"]}
    expected = {p.name for p in Path(NOTEBOOKS_DIR).glob("[0-9][0-9]-*.ipynb")}
    assert expected and expected <= served


def test_lab_opens_a_notebook_and_has_the_project_kernel(lab_server):
    base, token = lab_server
    status, body = _get(f"{base}/api/contents/01-load.ipynb", token)
    assert status == 200 and json.loads(body)["type"] == "notebook"
    _, specs = _get(f"{base}/api/kernelspecs", token)
    spec = json.loads(specs)["kernelspecs"]["python3"]["spec"]
    # the served python3 kernel is the one installed in this environment (so the kernel runs
    # this environment's Python and `import newslens` works in the lab), not a system one
    from jupyter_client.kernelspec import KernelSpecManager

    local = KernelSpecManager().get_kernel_spec("python3")
    assert spec["argv"] == local.argv
    assert Path(local.resource_dir).resolve().is_relative_to(Path(sys.prefix).resolve())
    status, page = _get(f"{base}/lab", token)
    assert status == 200 and b"JupyterLab" in page
