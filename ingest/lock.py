"""One ingest at a time per index folder, with a lock the kernel releases when its holder dies.

The lock is a POSIX record lock (``lockf``) on ``<index>/.ingest.lock``. Unlike ``flock``, such
a lock belongs to the process that took it: parse workers forked afterwards do not inherit it,
and it goes when that process exits, however it exits (``kill -9`` included). The file also
records who holds it, so a refused ingest can say who is writing, and the next ingest can say
that the previous one stopped before it finished (its record is still there) as it takes over.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IndexNotWritable, IngestLocked

log = logging.getLogger(__name__)

LOCK = ".ingest.lock"
# POSIX locks never conflict within one process (and closing any descriptor of the file drops
# them), so this process keeps its own list of the locks it holds.
_held: set[str] = set()


@dataclass(frozen=True)
class Owner:
    """Who held (or holds) the lock, as its record says."""

    pid: int
    started: str

    def describe(self) -> str:
        return f"pid {self.pid}, started {self.started}"


@contextmanager
def exclusive(index_dir: Path) -> Iterator[Owner | None]:
    """Hold the ingest lock of ``index_dir``; yields the owner of an unfinished previous run.

    Raises ``IngestLocked`` when another ingest holds it, ``IndexNotWritable`` when the folder
    cannot be written.
    """
    path = Path(index_dir) / LOCK
    key = os.path.abspath(path)
    if key in _held:
        raise _locked(index_dir, Owner(os.getpid(), "in this process"))
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise not_writable(index_dir, exc) from exc
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise not_writable(index_dir, exc) from exc
            raise _locked(index_dir, _read(fd)) from exc
        previous = _read(fd)
        if previous is not None:
            log.warning(
                "the previous ingest into %s (%s) stopped before it finished; taking over "
                "its lock and clearing what it left",
                index_dir,
                previous.describe(),
            )
        _write(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        _held.add(key)
        try:
            yield previous
        finally:
            _held.discard(key)
            _write(fd, "")  # a finished run leaves no owner behind
    finally:
        os.close(fd)  # releases the lock


def not_writable(index_dir: Path, exc: OSError) -> IndexNotWritable:
    why = exc.strerror or str(exc)
    return IndexNotWritable(
        f"cannot write to the index folder {index_dir}: {why.lower()}; "
        "choose a folder you can write with --index, or fix its permissions"
    )


def _locked(index_dir: Path, owner: Owner | None) -> IngestLocked:
    who = f" ({owner.describe()})" if owner else ""
    return IngestLocked(
        f"another ingest{who} is already writing to {index_dir}; "
        "wait for it to finish and run this again"
    )


def _read(fd: int) -> Owner | None:
    try:
        pid, started = os.pread(fd, 200, 0).decode("ascii").strip().split(" ", 1)
        return Owner(int(pid), started)
    except (ValueError, UnicodeDecodeError):
        return None


def _write(fd: int, record: str) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, record.encode("ascii"), 0)
    except OSError as exc:  # a full disk must not lose the run over a note
        log.warning("could not update the ingest lock record: %s", exc)
