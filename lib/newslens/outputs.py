"""Output folders written all at once: a run leaves the previous complete outputs or the
new complete outputs, never a mix, and two runs never write into one folder together.

:func:`output_folder` checks ``out`` before any work, takes a lock on it, and hands out a
staging folder beside it (same file system, so a rename is atomic). Everything is written
there; only when all of it succeeded are the entries moved into ``out``, with SIGINT and
SIGTERM held back for the few renames, so an interruption lands either before the first
(previous outputs intact) or after the last (new outputs complete). A failure or an
interruption before that deletes the staging folder and leaves ``out`` as it was.
"""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import NewslensError

#: The lock file inside an output folder (kept there; it holds no data).
LOCK_NAME = ".newslens.lock"


def check_output_folder(out: str | Path) -> Path:
    """``out`` as a Path, after checking that it is (or can be) a folder we may write.

    Raises
    ------
    NewslensError naming the path and the problem: an existing file, a folder or parent
    that cannot be written or created.
    """
    out = Path(out)
    if str(out) == "":
        raise NewslensError("the output folder is empty: give a path with --out")
    if out.exists() and not out.is_dir():
        raise NewslensError(f"{out}: the output path is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewslensError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    for folder in (out, out.resolve().parent):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise NewslensError(f"{folder}: the output folder (or the folder holding it) "
                                "is not writable")
    return out


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM (delivered when the block ends) in the main thread."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError):        # pragma: no cover (not POSIX)
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


#: Added (``BaseException.add_note``) to an interruption or error raised once the outputs
#: were published: the output folder then holds the new, complete outputs.
PUBLISHED_NOTE = "newslens: the outputs were published before this happened"


def published(exc: BaseException) -> bool:
    """Did ``exc`` (raised out of :func:`output_folder`) come after the outputs were
    published? Without it, the output folder holds what it held before the run."""
    return PUBLISHED_NOTE in getattr(exc, "__notes__", ())


def publish(staging: Path, out: Path) -> None:
    """Move every entry of ``staging`` into ``out``, replacing entries of the same name
    (a folder such as ``tables/`` is replaced whole), with signals held back (a Ctrl-C
    held back is raised as the block ends, with :data:`PUBLISHED_NOTE`)."""
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.resolve().parent))
    done = False
    try:
        with _signals_held():
            for entry in sorted(staging.iterdir()):
                target = out / entry.name
                if target.is_dir() and not target.is_symlink():
                    os.rename(target, trash / entry.name)
                os.replace(entry, target)
            done = True
    except BaseException as exc:
        if done:
            exc.add_note(PUBLISHED_NOTE)
        raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


@contextmanager
def output_folder(out: str | Path) -> Iterator[Path]:
    """Check and lock ``out``; yield a staging folder to write into; publish it into
    ``out`` if the block succeeds, delete it if not.

    Raises
    ------
    NewslensError when ``out`` is not a writable folder, or another run holds its lock.
    """
    from filelock import FileLock, Timeout

    out = check_output_folder(out)
    lock = FileLock(str(out / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise NewslensError(f"{out}: another newslens run is writing into this folder; wait "
                            "for it to finish or choose another --out") from None
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial",
                                    dir=out.resolve().parent))
    try:
        yield staging
        publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        lock.release()
