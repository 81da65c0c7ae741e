"""Output folders: checked before any work, locked against a second run, written all at
once (an interrupted or failed run leaves the previous complete outputs)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from newslens.cli import main
from newslens.errors import NewslensError
from newslens.outputs import LOCK_NAME, output_folder, publish
from newslens.pipeline import run_pipeline


def _no_staging_left(folder: Path) -> None:
    leftovers = [p.name for p in folder.parent.iterdir()
                 if p.name.startswith(f".{folder.name}.")]
    assert leftovers == []


def test_out_that_is_a_file_stops_before_any_work(tmp_path, capsys, monkeypatch):
    target = tmp_path / "out"
    target.write_text("not a folder")
    loaded = []
    monkeypatch.setattr("newslens.pipeline.run.load_corpus",
                        lambda *a, **k: loaded.append(1))
    assert main(["run", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "the output path is a file, not a folder" in err and str(target) in err
    assert "Traceback" not in err
    assert loaded == []                     # refused before the corpus was read


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_out_stops_before_any_work(tmp_path, capsys):
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(0o500)
    try:
        assert main(["run", "--out", str(target)]) == 2
    finally:
        target.chmod(0o700)
    assert "not writable" in capsys.readouterr().err


def test_missing_or_malformed_actors_file_stops_before_any_work(tmp_path, capsys, monkeypatch):
    loaded = []
    monkeypatch.setattr("newslens.pipeline.run.load_corpus",
                        lambda *a, **k: loaded.append(1))
    missing = tmp_path / "nope.csv"
    assert main(["run", "--out", str(tmp_path / "o1"), "--actors", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: actors file not found" in err
    folder = tmp_path / "actors_dir"
    folder.mkdir()
    assert main(["run", "--out", str(tmp_path / "o2"), "--actors", str(folder)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert loaded == []


def test_a_second_run_into_a_locked_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    with output_folder(out):
        with pytest.raises(NewslensError, match="another newslens run is writing"):
            run_pipeline(None, out, stages=())
    # released: the next run goes ahead
    run_pipeline(None, out, stages=())
    assert (out / "articles.csv").exists()


def test_a_failed_run_leaves_the_previous_outputs_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_pipeline(None, out, workers=1)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert len(before) >= 11

    import newslens.pipeline.run as run

    real = run.write_table
    calls = []

    def failing(table, path, **kwargs):       # fails after two tables are written
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt            # as when the user presses Ctrl-C
        return real(table, path, **kwargs)

    monkeypatch.setattr(run, "write_table", failing)
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(None, out, workers=1, config=run.RunConfig(min_passage_words=20))
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    _no_staging_left(out)


def test_a_first_run_that_fails_leaves_no_tables(tmp_path, monkeypatch):
    import newslens.pipeline.run as run

    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(run, "write_table", failing)
    out = tmp_path / "new"
    with pytest.raises(RuntimeError):
        run_pipeline(None, out, workers=1, stages=())
    assert list(out.glob("*.csv")) == []
    _no_staging_left(out)


def test_publish_replaces_files_and_folders_and_keeps_the_rest(tmp_path):
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "old.csv").write_text("old")
    (out / "report.html").write_text("old report")
    (out / "notes.txt").write_text("the user's own file")
    staging = tmp_path / "staging"
    (staging / "tables").mkdir(parents=True)
    (staging / "tables" / "new.csv").write_text("new")
    (staging / "report.html").write_text("new report")
    publish(staging, out)
    assert sorted(p.name for p in (out / "tables").iterdir()) == ["new.csv"]
    assert (out / "report.html").read_text() == "new report"
    assert (out / "notes.txt").read_text() == "the user's own file"


def test_the_lock_file_is_the_only_extra_file(tmp_path):
    out = tmp_path / "out"
    result = run_pipeline(None, out, stages=())
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [p.name for p in result.written] + [LOCK_NAME])
    assert all(p.parent == out for p in result.written)
    _no_staging_left(out)


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


@pytest.mark.skipif(os.name != "posix", reason="signals as on POSIX")
@pytest.mark.parametrize("signame, code, said", [("SIGINT", 130, "interrupted"),
                                                 ("SIGTERM", 143, "terminated")])
def test_a_signal_while_tables_are_written_leaves_whole_outputs(tmp_path, signame, code, said):
    """The issue's case: Ctrl-C (or a scheduler's SIGTERM) just after the run starts writing
    tables. The output folder then holds the previous run's tables byte for byte, or, if the
    signal came during the final renames, the new run's tables complete; the message says
    which; no staging folder is left beside it."""
    import signal
    import subprocess
    import sys
    import time

    fixtures = Path(__file__).parent / "fixtures"
    out = tmp_path / "out"
    assert main(["run", "--corpus", str(fixtures / "allsides-kavanaugh.jsonl"),
                 "--out", str(out)]) == 0
    before = _tables(out)
    complete = tmp_path / "complete"
    args = ["run", "--corpus", str(fixtures / "allsides-idlib.jsonl"), "--workers", "1"]
    assert main(args + ["--out", str(complete)]) == 0
    new = _tables(complete)
    assert new and new != before

    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from newslens.cli import main; sys.exit(main())",
         *args, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        staged = [p for s in tmp_path.glob(".out.*.partial") for p in s.glob("*.csv")]
        if staged:                            # the first table is being written
            break
        time.sleep(0.002)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    if "holds the new outputs, complete" in err:
        assert _tables(out) == new
    else:
        assert f"newslens: {said}; nothing was written into {out}" in err
        assert _tables(out) == before
    _no_staging_left(out)


def test_a_failed_report_leaves_the_previous_report_and_tables(tmp_path, monkeypatch):
    """The issue's case: a report that fails after its tables were computed must not leave
    the previous report.html beside new tables."""
    import newslens.report as report

    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "articles.csv").write_text("previous tables")
    (out / "report.html").write_text("previous report")

    def kernel_died(*args, **kwargs):
        raise RuntimeError("kernel died")

    monkeypatch.setattr(report, "execute_notebooks", kernel_died)
    with pytest.raises(RuntimeError, match="kernel died"):
        report.build_report(None, out)
    assert (out / "report.html").read_text() == "previous report"
    assert sorted(p.name for p in (out / "tables").iterdir()) == ["articles.csv"]
    assert (out / "tables" / "articles.csv").read_text() == "previous tables"
    _no_staging_left(out)


def test_a_ctrl_c_held_back_while_publishing_is_known_to_come_after_it(tmp_path, monkeypatch):
    """Ctrl-C during the final renames is held back and raised once they are done: the
    interruption then carries the note that the new outputs are in place, so that the
    command line says so instead of "nothing was written"."""
    from contextlib import contextmanager

    import newslens.outputs as outputs

    @contextmanager
    def held_then_raised():
        yield
        raise KeyboardInterrupt   # the signal, delivered as the block ends

    monkeypatch.setattr(outputs, "_signals_held", held_then_raised)
    out, staging = tmp_path / "out", tmp_path / "staging"
    out.mkdir()
    staging.mkdir()
    (out / "a.csv").write_text("old")
    (staging / "a.csv").write_text("new")
    with pytest.raises(KeyboardInterrupt) as info:
        publish(staging, out)
    assert outputs.published(info.value)
    assert (out / "a.csv").read_text() == "new"
    assert not outputs.published(KeyboardInterrupt())
