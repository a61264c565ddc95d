"""Parse files in worker processes, each with a time limit and a memory limit.

Parsing is the only step that can hang or balloon on a hostile or broken file, so it runs
out of process: a file that exceeds its limits, or kills its worker, is rejected with a reason
and the rest of the run goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from ingest.errors import IngestError
from ingest.model import RawDocument, Section
from ingest.readers import read
from ingest.sections import split_sections

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Limits:
    seconds: float = 300.0
    memory_mb: int = 2048


def parse_file(path: Path, doc_id: str) -> Parsed:
    """Read one file and split it into sections (in whatever process calls it)."""
    raw = read(path)
    sections = split_sections(raw, doc_id)
    slim = RawDocument(
        path=raw.path,
        format=raw.format,
        blocks=(),
        page_count=raw.page_count,
        page_labels=raw.page_labels,
        metadata=raw.metadata,
    )
    return Parsed(path, slim, tuple(sections))


class _Deadline(BaseException):
    """Raised by the alarm. A BaseException, so that a library's ``except Exception`` (pdfminer
    has several) cannot swallow it and keep parsing past the limit."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Deadline()


def _init_worker(memory_mb: int) -> None:
    # The address-space limit makes a runaway parse raise MemoryError instead of taking
    # the machine down; the worker process is discarded with its heap after the run.
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.signal(signal.SIGALRM, _on_alarm)
    # The parent handles Ctrl-C; a worker just dies with its pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _guarded(path: Path, doc_id: str, limits: Limits) -> Outcome:
    signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        return parse_file(path, doc_id)
    except _Deadline:
        return Rejected(path, f"took longer than {limits.seconds:g} s to parse (time limit)")
    except MemoryError:
        return Rejected(path, f"needed more than {limits.memory_mb} MB to parse (memory limit)")
    except IngestError as exc:
        return Rejected(path, str(exc))
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

    A file whose worker dies (a crash, or the kernel killing it) is retried once on its own,
    so that one bad file cannot take an innocent neighbour down with it; if it dies again it
    is rejected.
    """
    pending = list(jobs)
    if not pending:
        return
    broken: list[tuple[Path, str]] = []
    with ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(pending))),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(limits.memory_mb,),
    ) as pool:
        futures: dict[Future[Outcome], tuple[Path, str]] = {
            pool.submit(_guarded, path, doc_id, limits): (path, doc_id) for path, doc_id in pending
        }
        # The worker's own alarm is the time limit; this outer wait is the backstop for a
        # worker stuck in native code, where the alarm cannot interrupt it.
        backstop = limits.seconds * 2 + 30
        while futures:
            done, _ = wait(futures, timeout=backstop, return_when=FIRST_COMPLETED)
            if not done:
                for path, _doc in futures.values():
                    yield Rejected(path, "parser stopped responding (time limit)")
                _kill(pool)
                break
            for future in done:
                job = futures.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(job)
    for job in broken:
        if retry:
            yield from parse_all([job], workers=1, limits=limits, retry=False)
        else:
            yield Rejected(job[0], "crashed the parser (out of memory or a native error)")


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
