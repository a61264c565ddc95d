"""Parse files in worker processes, each with a time limit and a memory limit.

Parsing is the only step that can hang or balloon on a hostile or broken file, so it runs
out of process: a file that exceeds its limits, or kills its worker, is rejected with a reason
and the rest of the run goes on. Tagging and indexing run in the ingest process afterwards; a
file may bring only as much text as the same limits allow them (``Limits.text_budget``).

Workers die with the ingest process, so a killed ingest leaves nothing running behind it
(``ingest.worker_process``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ingest.errors import IngestError
from ingest.metadata import describe
from ingest.model import RawDocument, Section
from ingest.readers import read
from ingest.sections import split_sections
from ingest.worker_process import Deadline, caused_by_memory, died_of_memory, init_worker

if TYPE_CHECKING:
    from ingest.readers.pdf import PdfChunk

log = logging.getLogger(__name__)
T = TypeVar("T")
# Long PDFs are read in runs of this many pages, spread over the workers.
CHUNK_PAGES = 24


@dataclass(frozen=True)
class Parsed:
    """A file read and split into sections: what a worker sends back."""

    path: Path
    raw: RawDocument  # blocks dropped to keep the message small; metadata and pages kept
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Rejected:
    path: Path
    reason: str


Outcome = Parsed | Rejected


# What tagging and indexing cost in the ingest process per million characters of text, twice
# what was measured on a 2-core machine (about 7 s and 42 MB: tests/faults/test_bad_inputs.py
# measures it again), so that the time and memory limits also bound the work after parsing.
SECONDS_PER_MILLION_CHARS = 14.0
MB_PER_MILLION_CHARS = 80.0


@dataclass(frozen=True)
class Limits:
    seconds: float = 300.0
    memory_mb: int = 2048

    @property
    def text_budget(self) -> int:
        """The most characters one file may bring: tagging and indexing them fit the limits."""
        millions = min(
            self.seconds / SECONDS_PER_MILLION_CHARS, self.memory_mb / MB_PER_MILLION_CHARS
        )
        return int(millions * 1_000_000)

    def over_budget(self, parsed: Parsed) -> Rejected | None:
        chars = sum(len(s.text) + len(s.heading) for s in parsed.sections)
        if chars <= self.text_budget:
            return None
        return Rejected(
            parsed.path,
            f"too much text to tag and index within the limits: {chars / 1e6:.1f} million "
            f"characters, where --timeout {self.seconds:g} and --memory-mb {self.memory_mb} "
            f"allow {self.text_budget / 1e6:.1f} million",
        )


def parse_file(path: Path, doc_id: str) -> Parsed:
    """Read one file and split it into sections (in whatever process calls it)."""
    return _sectioned(path, read(path), doc_id)


def _sectioned(path: Path, raw: RawDocument, doc_id: str) -> Parsed:
    sections = split_sections(raw, doc_id)
    slim = RawDocument(
        path=raw.path,
        format=raw.format,
        blocks=(),
        page_count=raw.page_count,
        page_labels=raw.page_labels,
        metadata=raw.metadata,
        inferred=describe(raw),  # title, author, date ... from the cover and imprint (issue 11)
    )
    return Parsed(path, slim, tuple(sections))


_CRASHED = "crashed the parser (out of memory or a native error)"


def _over_memory(limits: Limits) -> str:
    return f"needed more than {limits.memory_mb} MB to parse (memory limit)"


def _guarded(path: Path, limits: Limits, task: Callable[..., T], *args: Any) -> T | Rejected:
    """Run ``task(*args)`` under the time limit; turn every failure into a Rejected reason."""
    signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        result = task(*args)
        if isinstance(result, Parsed):
            # Checked here so that the text of a file over its budget never leaves the worker.
            return limits.over_budget(result) or result
        return result
    except Deadline:
        return Rejected(path, f"took longer than {limits.seconds:g} s to parse (time limit)")
    except MemoryError:
        return Rejected(path, _over_memory(limits))
    except IngestError as exc:
        return Rejected(path, _over_memory(limits) if caused_by_memory(exc) else str(exc))
    except RecursionError:
        return Rejected(path, "damaged: structure nested too deeply to parse")
    except Exception as exc:  # a reader bug must not lose the rest of the run
        log.exception("unexpected error parsing %s", path)
        return Rejected(path, f"could not be parsed: {type(exc).__name__}: {exc}"[:200])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def parse_all(
    jobs: Iterable[tuple[Path, str]], *, workers: int, limits: Limits, retry: bool = True
) -> Iterator[Outcome]:
    """Parse ``(path, doc_id)`` jobs in ``workers`` processes, yielding outcomes as they finish.

    With more than one worker, a long PDF is read in runs of ``CHUNK_PAGES`` pages spread over
    the workers (reading pages is almost all of the cost), then put together here. A file whose
    worker dies (a crash, or the kernel killing it) is retried once on its own, so that one bad
    file cannot take an innocent neighbour down with it; if it dies again it is rejected.
    """
    # Largest files first: a long file started last would leave the other worker idle at
    # the end (longest-processing-time-first scheduling).
    pending = sorted(jobs, key=lambda job: -_size(job[0]))
    if not pending:
        return
    broken: dict[Path, str] = {}
    with tempfile.TemporaryDirectory(prefix="healthsearch-workers-") as fatal_dir:
        with ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=multiprocessing.get_context("fork"),
            initializer=init_worker,
            initargs=(limits.memory_mb, os.getpid(), fatal_dir),
        ) as pool:
            try:
                yield from _run_all(pool, pending, workers, limits, broken)
            except BaseException:
                # Ctrl-C, or the caller stopped early: do not wait for the files in progress.
                _kill(pool)
                raise
        died = _over_memory(limits) if broken and died_of_memory(Path(fatal_dir)) else _CRASHED
    for path, doc_id in broken.items():
        if retry:
            yield from parse_all([(path, doc_id)], workers=1, limits=limits, retry=False)
        else:
            yield Rejected(path, died)


def _run_all(
    pool: ProcessPoolExecutor,
    pending: list[tuple[Path, str]],
    workers: int,
    limits: Limits,
    broken: dict[Path, str],
) -> Iterator[Outcome]:
    run = _Run(pool, limits, chunked=workers > 1)
    for path, doc_id in pending:
        run.start(path, doc_id)
    # The worker's own alarm is the time limit; this outer wait is the backstop for a
    # worker stuck in native code, where the alarm cannot interrupt it.
    backstop = limits.seconds * 2 + 30
    while run.futures:
        done, _ = wait(run.futures, timeout=backstop, return_when=FIRST_COMPLETED)
        if not done:
            for path in {task.path for task in run.futures.values()}:
                yield Rejected(path, "parser stopped responding (time limit)")
            _kill(pool)
            return
        for future in done:
            task = run.futures.pop(future, None)  # None: its file failed meanwhile
            if task is None or task.path in broken:
                continue
            try:
                # handle() may submit follow-up tasks, which fails too once a worker died.
                outcomes = list(run.handle(task, future.result()))
            except BrokenProcessPool:
                broken[task.path] = task.doc_id
                run.forget(task.path)
                continue
            yield from outcomes


@dataclass(frozen=True)
class _Task:
    kind: str  # "file" | "count" | "chunk"
    path: Path
    doc_id: str


class _Run:
    """The tasks of one parse_all call: whole files, page counts, and chunks of long PDFs."""

    def __init__(self, pool: ProcessPoolExecutor, limits: Limits, chunked: bool) -> None:
        self.pool = pool
        self.limits = limits
        self.chunked = chunked
        self.futures: dict[Future[Any], _Task] = {}
        self.chunks: dict[Path, list[PdfChunk]] = {}
        self.expected: dict[Path, int] = {}

    def _submit(self, task: _Task, function: Callable[..., Any], *args: Any) -> None:
        future = self.pool.submit(_guarded, task.path, self.limits, function, *args)
        self.futures[future] = task

    def start(self, path: Path, doc_id: str) -> None:
        if self.chunked and path.suffix.lower() == ".pdf":
            from ingest.readers.pdf import count_pages

            self._submit(_Task("count", path, doc_id), count_pages, path)
        else:
            self._submit(_Task("file", path, doc_id), parse_file, path, doc_id)

    def forget(self, path: Path) -> None:
        self.chunks.pop(path, None)
        self.expected.pop(path, None)

    def handle(self, task: _Task, result: Any) -> Iterator[Outcome]:
        if isinstance(result, Rejected):
            if task.kind != "chunk" or task.path in self.expected:
                yield result  # report a chunked file once, on its first failing chunk
            self.forget(task.path)
            for future, other in list(self.futures.items()):
                if other.path == task.path:
                    future.cancel()
                    del self.futures[future]
        elif task.kind == "file":
            yield result
        elif task.kind == "count":
            self._split(task, int(result))
        elif task.path in self.expected:
            self.chunks[task.path].append(result)
            if len(self.chunks[task.path]) == self.expected[task.path]:
                chunks = self.chunks.pop(task.path)
                del self.expected[task.path]
                yield self._assemble(task, chunks)

    def _split(self, task: _Task, pages: int) -> None:
        if pages <= CHUNK_PAGES:
            self._submit(_Task("file", task.path, task.doc_id), parse_file, task.path, task.doc_id)
            return
        from ingest.readers.pdf import read_pdf_chunk

        starts = range(0, pages, CHUNK_PAGES)
        self.chunks[task.path] = []
        self.expected[task.path] = len(starts)
        for start in starts:
            chunk = _Task("chunk", task.path, task.doc_id)
            self._submit(chunk, read_pdf_chunk, task.path, start, start + CHUNK_PAGES)

    def _assemble(self, task: _Task, chunks: list[PdfChunk]) -> Outcome:
        # Cheap and on data already extracted, so it runs here rather than in another round
        # trip to a worker; it is still guarded so that a bug costs one file, not the run.
        from ingest.readers.pdf import assemble_pdf

        try:
            parsed = _sectioned(task.path, assemble_pdf(task.path, chunks), task.doc_id)
            return self.limits.over_budget(parsed) or parsed
        except IngestError as exc:
            return Rejected(task.path, str(exc))
        except Exception as exc:
            log.exception("unexpected error assembling %s", task.path)
            return Rejected(task.path, f"could not be parsed: {type(exc).__name__}: {exc}"[:200])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
