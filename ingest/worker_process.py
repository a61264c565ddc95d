"""The life of a parse worker process: its limits, its death with the ingest, its last words.

Each worker runs under an address-space limit and an alarm (``init_worker``), dies with the
ingest process however that dies (a parent-death signal, and a watchdog on the parent's pid
where that signal does not exist), and sends what CPython writes when it aborts to a file the
ingest process reads to name the cause (``died_of_memory``).
"""

from __future__ import annotations

import ctypes
import logging
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)


class Deadline(BaseException):
    """Raised by the alarm. A BaseException, so that a library's ``except Exception`` (pdfminer
    has several) cannot swallow it and keep parsing past the limit."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Deadline()


def init_worker(memory_mb: int, parent: int, fatal_dir: str) -> None:
    _die_with_parent(parent)
    _divert_fatal_errors(fatal_dir)
    # The address-space limit makes a runaway parse raise MemoryError instead of taking
    # the machine down; the worker process is discarded with its heap after the run.
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.signal(signal.SIGALRM, _on_alarm)
    # The parent handles Ctrl-C; a worker just dies with its pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def init_helper(parent: int) -> None:
    """Set up a worker that runs only the ingest's own code on text already parsed (no
    limits: the text budget bounds it), dying with the ingest and leaving Ctrl-C to it."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the ingest process dies, however it dies.

    Without this a worker outlives a killed ingest, blocked for ever on a result pipe that no
    one reads. The watchdog covers systems without prctl, and a parent that died before the
    signal was armed.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


# CPython writes its fatal errors ("Cannot recover from MemoryErrors", a 40-line dump) straight
# to file descriptor 2. Each worker sends that descriptor to a file of its own, read by the
# parent to name the cause; Python's own stderr (log records) still reaches the terminal.
def _divert_fatal_errors(folder: str) -> None:
    terminal = os.fdopen(os.dup(2), "w", buffering=1, errors="backslashreplace")
    fatal = os.open(os.path.join(folder, f"{os.getpid()}.err"), os.O_WRONLY | os.O_CREAT, 0o600)
    os.dup2(fatal, 2)
    os.close(fatal)
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            if isinstance(handler, logging.StreamHandler) and _on_fd2(handler.stream):
                handler.setStream(terminal)
    if _on_fd2(sys.stderr):
        sys.stderr = terminal


def _on_fd2(stream: Any) -> bool:
    try:
        return bool(stream.fileno() == 2)
    except (AttributeError, OSError, ValueError):
        return False


def died_of_memory(folder: Path) -> bool:
    """Whether a worker that died said, in its diverted stderr, that memory ran out."""
    written = b"".join(p.read_bytes()[-4096:] for p in folder.glob("*.err"))
    if written.strip():
        log.debug("a parse worker died: %s", written.decode("utf-8", "replace").strip()[:500])
    return b"MemoryError" in written


def caused_by_memory(exc: BaseException) -> bool:
    """True when a MemoryError lies behind ``exc``: pdfplumber wraps the one the address-space
    limit raises, and a reader may translate it into "damaged"."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 20:
        current = todo.pop()
        if isinstance(current, MemoryError):
            return True
        seen.append(current)
        linked = [current.__cause__, current.__context__]
        linked += [a for a in current.args if isinstance(a, BaseException)]
        todo.extend(e for e in linked if e is not None and not any(e is s for s in seen))
    return False
