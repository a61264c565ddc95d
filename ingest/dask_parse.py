"""Parse on a Dask ``distributed`` cluster instead of the local worker pool.

The ingest process connects to the scheduler, sends the same tasks the local pool runs (a whole
file; for a PDF, its page count, then runs of ``workers.CHUNK_PAGES`` pages), and puts the
results together exactly as a local run does (``workers.schedule``). Only parsing leaves the
machine: merging, tagging and writing stay in the one process that holds the index lock, so the
index is the same as a local run's.

On the cluster each task runs in a child process of a Dask worker under the same time and
memory limits, with the same rejection reasons, as a local pool worker (``ingest.dask_task``).
A Dask worker that dies mid-task (killed, or out of memory) has its task retried by the
scheduler on another worker (``distributed.scheduler.allowed-failures`` times, 3 by default);
after that the file is rejected with a reason and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from ingest.dask_task import run_task
from ingest.errors import IngestError
from ingest.workers import Limits, Outcome, Rejected, schedule, size_of

log = logging.getLogger(__name__)

CONNECT_SECONDS = 10.0


class DaskUnavailable(IngestError):
    reason = "the Dask scheduler could not be reached"


def parse_on_dask(
    jobs: Iterable[tuple[Path, str]], *, scheduler: str, limits: Limits
) -> Iterator[Outcome]:
    """Parse ``(path, doc_id)`` jobs on the cluster at ``scheduler`` (``tcp://host:8786``),
    yielding outcomes as files finish. Raises ``DaskUnavailable`` when it cannot connect."""
    pending = sorted(jobs, key=lambda job: -size_of(job[0]))
    if not pending:
        return
    from distributed import Client
    from distributed.scheduler import KilledWorker

    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskUnavailable(
            f"could not reach the Dask scheduler at {scheduler}: {exc}"[:300]
        ) from exc
    with client:
        executor = client.get_executor(pure=False)
        files: dict[Path, Any] = {}

        def submit(path: Path, limits: Limits, function: Callable[..., Any], *args: Any) -> Any:
            data = files.get(path)
            if data is None:
                try:
                    blob = path.read_bytes()
                except OSError as exc:  # as the ingest reports a file it cannot open
                    why = (exc.strerror or str(exc)).lower()
                    return _done(Rejected(path, f"could not be opened: {why}"))
                # Sent to the cluster once; every task of the file refers to it. A task rather
                # than scattered data: when the worker holding it dies the scheduler makes it
                # again, where scattered bytes would be lost with their worker.
                data = files[path] = client.submit(_file_bytes, blob, pure=False)
            return executor.submit(run_task, data, path, limits, function, *args)

        threads = sum(client.nthreads().values())
        lost: dict[Path, BaseException] = {}
        for outcome in schedule(
            submit,
            pending,
            limits,
            parallel=max(2, threads),
            lost=(KilledWorker,),
            broken=lost,
            # Enough files in flight to keep every thread busy, few enough that the cluster
            # does not hold the bytes of the whole corpus at once.
            window=max(2, 2 * threads),
            stop=lambda: executor.shutdown(wait=False),
        ):
            files.pop(outcome.path, None)
            yield outcome
        for path, death in lost.items():
            tries = getattr(death, "allowed_failures", 0) + 1
            yield Rejected(
                path,
                f"crashed the parser: the Dask worker parsing it died, {tries} times "
                "(out of memory, or killed)",
            )


def _file_bytes(blob: bytes) -> bytes:
    return blob


def _done(result: Any) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_result(result)
    return future
