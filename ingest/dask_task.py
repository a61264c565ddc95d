"""One parse task on a Dask worker, run in a child process under the local pool's limits.

A Dask worker is a long-lived process that many tasks share, and a daemonic one, so it may not
start ``multiprocessing`` children. Each of its threads therefore keeps one child of its own,
started with ``python -m ingest.dask_task``. The child is set up as a local pool worker is
(``workers.init_parse_process``: the address-space limit, the alarm, death with its parent) and
runs every task through the same ``workers._guarded``, so a file over its limits is rejected
with the same reason as in a local run, and a crash costs the child (started again for the next
task), not the Dask worker.
Tasks and results cross the child's stdin and stdout as length-prefixed pickles.

The file travels with the task (its bytes, scattered to the cluster once per file) and is
written to a temporary folder under its own name, so workers need the ``healthsearch``
package but no filesystem shared with the ingest machine.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ingest.worker_process import died_of_memory
from ingest.workers import _CRASHED, Limits, Parsed, Rejected, _over_memory

_HEADER = struct.Struct("!Q")
_local = threading.local()


def run_task(
    blob: bytes, path: Path, limits: Limits, function: Callable[..., Any], *args: Any
) -> Any:
    """Run ``function(*args)`` on a copy of ``path`` made from ``blob``, in this thread's child.

    Returns what ``workers._guarded`` returns (the task's result or a ``Rejected``), with the
    copy's path replaced by ``path`` so that the result reads as if made on the ingest machine.
    """
    with tempfile.TemporaryDirectory(prefix="healthsearch-task-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(blob)
        args = tuple(copy if arg == path else arg for arg in args)
        result = _child(limits).run(path, limits, function, args)
    if isinstance(result, Parsed):
        raw = dataclasses.replace(result.raw, path=str(path))
        return dataclasses.replace(result, path=path, raw=raw)
    return result


def _child(limits: Limits) -> _Child:
    child: _Child | None = getattr(_local, "child", None)
    if child is None or not child.alive() or child.memory_mb != limits.memory_mb:
        if child is not None:
            child.close()
        child = _local.child = _Child(limits.memory_mb)
    return child


class _Child:
    """A ``python -m ingest.dask_task`` process that runs tasks one at a time."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.folder = Path(tempfile.mkdtemp(prefix="healthsearch-child-"))
        # The child imports the same ``ingest`` this worker imported.
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        # Its log records reach this worker's stderr; what CPython writes when it aborts goes
        # to a file in ``folder``, read to name the cause (``worker_process``).
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ingest.dask_task", str(memory_mb), str(self.folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(
        self, path: Path, limits: Limits, function: Callable[..., Any], args: tuple[Any, ...]
    ) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            _send(self.process.stdin, pickle.dumps((path, limits, function, args)))
        except BrokenPipeError:
            return self._died(path, limits)
        # The child's own alarm is the time limit; this is the backstop for a child stuck in
        # native code, where the alarm cannot interrupt it (as in the local pool).
        deadline = time.monotonic() + limits.seconds * 2 + 30
        reply = _receive(self.process.stdout.fileno(), deadline)
        if reply is None:
            if self.alive():
                self.close()
                return Rejected(path, "parser stopped responding (time limit)")
            return self._died(path, limits)
        return pickle.loads(reply)

    def _died(self, path: Path, limits: Limits) -> Rejected:
        self.close()
        return Rejected(path, _over_memory(limits) if died_of_memory(self.folder) else _CRASHED)

    def close(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _send(stream: IO[bytes], message: bytes) -> None:
    stream.write(_HEADER.pack(len(message)) + message)
    stream.flush()


def _receive(fd: int, deadline: float) -> bytes | None:
    """One message from ``fd``, or None when the writer closed it or ``deadline`` passed."""
    header = _read_exact(fd, _HEADER.size, deadline)
    if header is None:
        return None
    return _read_exact(fd, _HEADER.unpack(header)[0], deadline)


def _read_exact(fd: int, size: int, deadline: float) -> bytes | None:
    parts: list[bytes] = []
    while size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        data = os.read(fd, min(size, 1 << 20))
        if not data:
            return None
        parts.append(data)
        size -= len(data)
    return b"".join(parts)


def _serve(memory_mb: int, folder: str) -> None:
    """The child's loop: read a task, run it guarded, write the result; stop at end of input."""
    from ingest.workers import _guarded, init_parse_process

    # Results go out on a private copy of stdout; anything printed goes to stderr instead.
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    init_parse_process(memory_mb, os.getppid(), folder)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # the worker is gone: just end
    tasks = sys.stdin.buffer
    while True:
        header = tasks.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        path, limits, function, args = pickle.loads(tasks.read(_HEADER.unpack(header)[0]))
        _send(results, pickle.dumps(_guarded(path, limits, function, *args)))


if __name__ == "__main__":
    _serve(int(sys.argv[1]), sys.argv[2])
