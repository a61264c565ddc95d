"""Parse files in worker processes, each with a time limit and a memory limit.

Parsing is the only step that can hang or balloon on a hostile or broken file, so it runs
out of process: a file that exceeds its limits, or kills its worker, is rejected with a reason
and the rest of the run goes on. Tagging runs afterwards (on worker processes too:
``ingest.enrich_pool``) and indexing in the ingest process; a file may bring only as much text
as the same limits allow them (``Limits.text_budget``).

Workers die with the ingest process, so a killed ingest leaves nothing running behind it
(``ingest.worker_process``).

``schedule`` runs the tasks of a set of files (whole files; for a long PDF, its page count, then
runs of pages) on any executor: the local pool here, or a Dask cluster (``ingest.dask_parse``).
"""

from __future__ import annotations

import gc
import logging
import math
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
from ingest.sections import split_outline
from ingest.worker_process import Deadline, caused_by_memory, died_of_memory, init_worker

if TYPE_CHECKING:
    from ingest.readers.pdf import PdfChunk

log = logging.getLogger(__name__)
T = TypeVar("T")
# Long PDFs are read in runs of pages spread over the workers, none shorter than this.
CHUNK_PAGES = 24
# pdfminer allocates millions of small objects per file, few of them in reference cycles: with
# CPython's default threshold (700) the cyclic collector ran thousands of times per file,
# about a tenth of a worker's time (bench/ingest_long.py). Collect far less often.
GC_THRESHOLD = (50_000, 20, 100)


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
    sections, outline_source = split_outline(raw, doc_id)
    slim = RawDocument(
        path=raw.path,
        format=raw.format,
        blocks=(),
        page_count=raw.page_count,
        page_labels=raw.page_labels,
        metadata=raw.metadata,
        inferred=describe(raw),  # title, author, date ... from the cover and imprint (issue 11)
        outline_source=outline_source,
        warnings=raw.warnings,
    )
    return Parsed(path, slim, tuple(sections))


_CRASHED = "crashed the parser (out of memory or a native error)"


def _over_memory(limits: Limits) -> str:
    return f"needed more than {limits.memory_mb} MB to parse (memory limit)"


def init_parse_process(memory_mb: int, parent: int, fatal_dir: str) -> None:
    """Set up a process that parses: limits, death with ``parent``, a lazier collector."""
    init_worker(memory_mb, parent, fatal_dir)
    gc.set_threshold(*GC_THRESHOLD)


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

    With more than one worker, a long PDF is read in runs of pages spread over the workers
    (reading pages is almost all of the cost), then put together here. A file whose
    worker dies (a crash, or the kernel killing it) is retried once on its own, so that one bad
    file cannot take an innocent neighbour down with it; if it dies again it is rejected.
    """
    # Largest files first: a long file started last would leave the other worker idle at
    # the end (longest-processing-time-first scheduling).
    pending = sorted(jobs, key=lambda job: -size_of(job[0]))
    if not pending:
        return
    broken: dict[Path, BaseException] = {}
    with tempfile.TemporaryDirectory(prefix="healthsearch-workers-") as fatal_dir:
        with ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=multiprocessing.get_context("fork"),
            initializer=init_parse_process,
            initargs=(limits.memory_mb, os.getpid(), fatal_dir),
        ) as pool:

            def submit(path: Path, limits: Limits, task: Callable[..., Any], *args: Any) -> Any:
                return pool.submit(_guarded, path, limits, task, *args)

            try:
                yield from schedule(
                    submit,
                    pending,
                    limits,
                    parallel=workers,
                    lost=(BrokenProcessPool,),
                    broken=broken,
                    stop=lambda: _kill(pool),
                )
            except BaseException:
                # Ctrl-C, or the caller stopped early: do not wait for the files in progress.
                _kill(pool)
                raise
        died = _over_memory(limits) if broken and died_of_memory(Path(fatal_dir)) else _CRASHED
    doc_ids = dict(pending)
    for path in broken:
        if retry:
            yield from parse_all([(path, doc_ids[path])], workers=1, limits=limits, retry=False)
        else:
            yield Rejected(path, died)


Submit = Callable[..., "Future[Any]"]  # submit(path, limits, task, *args): runs _guarded


def schedule(
    submit: Submit,
    pending: list[tuple[Path, str]],
    limits: Limits,
    *,
    parallel: int,
    lost: tuple[type[BaseException], ...],
    broken: dict[Path, BaseException],
    stop: Callable[[], None],
    window: int | None = None,
) -> Iterator[Outcome]:
    """Parse ``pending`` files through ``submit``, yielding one outcome per file as it is done.

    ``parallel``: how many tasks run at once (more than one: long PDFs are read in runs of
    pages). A task that raises one of ``lost`` (its worker died) puts its file in ``broken``,
    for the caller to retry or reject; any other exception rejects the file with its reason.
    ``window``: at most this many files in progress at once (None: all of them).
    """
    run = _Run(submit, limits, parallel)
    queue = list(reversed(pending))
    in_progress: set[Path] = set()

    def top_up() -> None:
        while queue and (window is None or len(in_progress) < window):
            path, doc_id = queue.pop()
            in_progress.add(path)
            run.start(path, doc_id)

    top_up()
    # The worker's own alarm is the time limit; this outer wait is the backstop for a
    # worker stuck in native code, where the alarm cannot interrupt it.
    backstop = limits.seconds * 2 + 30
    while run.futures:
        done, _ = wait(run.futures, timeout=backstop, return_when=FIRST_COMPLETED)
        if not done:
            for path in {task.path for task in run.futures.values()}:
                yield Rejected(path, "parser stopped responding (time limit)")
            stop()
            return
        for future in done:
            task = run.futures.pop(future, None)  # None: its file failed meanwhile
            if task is None or task.path in broken:
                continue
            try:
                result = future.result()
            except lost as exc:
                broken[task.path] = exc
                run.drop(task.path)
                in_progress.discard(task.path)
                continue
            except Exception as exc:  # e.g. the task could not even start where it was sent
                result = Rejected(
                    task.path, f"could not be parsed: {type(exc).__name__}: {exc}"[:200]
                )
            try:
                # handle() may submit follow-up tasks, which fails too once a worker died.
                outcomes = list(run.handle(task, result))
            except lost as exc:
                broken[task.path] = exc
                run.drop(task.path)
                in_progress.discard(task.path)
                continue
            for outcome in outcomes:
                in_progress.discard(outcome.path)
                yield outcome
        top_up()


def page_runs(pages: int, parallel: int) -> list[tuple[int, int]]:
    """(start, stop) runs of pages for ``parallel`` workers: long runs first, then shorter ones
    (guided self-scheduling), none under ``CHUNK_PAGES``. Few runs, because each pays for
    opening the PDF again; short ones at the end, so that the workers finish together."""
    runs = []
    start = 0
    while start < pages:
        size = max(CHUNK_PAGES, math.ceil((pages - start) / (2 * parallel)))
        runs.append((start, min(pages, start + size)))
        start += size
    return runs


@dataclass(frozen=True)
class _Task:
    kind: str  # "file" | "count" | "chunk"
    path: Path
    doc_id: str


class _Run:
    """The tasks of one parse_all call: whole files, page counts, and chunks of long PDFs."""

    def __init__(self, submit: Submit, limits: Limits, parallel: int) -> None:
        self.submit = submit
        self.limits = limits
        self.parallel = parallel
        self.chunked = parallel > 1
        self.futures: dict[Future[Any], _Task] = {}
        self.chunks: dict[Path, list[PdfChunk]] = {}
        self.expected: dict[Path, int] = {}

    def _submit(self, task: _Task, function: Callable[..., Any], *args: Any) -> None:
        self.futures[self.submit(task.path, self.limits, function, *args)] = task

    def start(self, path: Path, doc_id: str) -> None:
        if self.chunked and path.suffix.lower() == ".pdf":
            from ingest.readers.pdf import count_pages

            self._submit(_Task("count", path, doc_id), count_pages, path)
        else:
            self._submit(_Task("file", path, doc_id), parse_file, path, doc_id)

    def drop(self, path: Path) -> None:
        """Forget a file that failed, and cancel its other tasks."""
        self.chunks.pop(path, None)
        self.expected.pop(path, None)
        for future, other in list(self.futures.items()):
            if other.path == path:
                future.cancel()
                del self.futures[future]

    def handle(self, task: _Task, result: Any) -> Iterator[Outcome]:
        if isinstance(result, Rejected):
            if task.kind != "chunk" or task.path in self.expected:
                yield result  # report a chunked file once, on its first failing chunk
            self.drop(task.path)
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

        runs = page_runs(pages, self.parallel)
        self.chunks[task.path] = []
        self.expected[task.path] = len(runs)
        for start, stop in runs:
            chunk = _Task("chunk", task.path, task.doc_id)
            self._submit(chunk, read_pdf_chunk, task.path, start, stop)

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


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
