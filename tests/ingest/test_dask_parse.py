"""Parsing on a real Dask cluster gives the index a local run gives, and survives a killed worker.

Each test starts ``distributed.LocalCluster`` (a scheduler and two worker processes over TCP on
127.0.0.1) in a process of its own, as a cluster the ingest would be pointed at, and ingests
through ``healthsearch``'s pipeline with ``dask_scheduler`` set to its address.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from ingest import search_index
from ingest.pipeline import IngestReport, ingest
from ingest.settings import load_settings
from tests.conftest import CORPUS, REALWORLD, VENDORED
from tests.ingest.pdf_factory import LOREM, ReportWriter

pytestmark = pytest.mark.slow

CLUSTER = """
import sys
from distributed import LocalCluster

cluster = LocalCluster(
    n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
    scheduler_port=0, dashboard_address=None,
)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # runs until the test closes this pipe
cluster.close()
"""


@contextmanager
def local_cluster(**config: str) -> Iterator[tuple[str, psutil.Process]]:
    """A LocalCluster in its own process: (scheduler address, that process). ``config``:
    ``DASK_*`` environment variables for it."""
    env = {**os.environ, **config}
    process = psutil.Popen(
        [sys.executable, "-c", CLUSTER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None and process.stdin is not None
    address = process.stdout.readline().strip()
    try:
        assert address.startswith("tcp://127.0.0.1:"), address
        yield address, process
    finally:
        tree = process.children(recursive=True)
        process.stdin.close()
        try:
            process.wait(60)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        for child in tree:
            if child.is_running():
                child.kill()


def sections_of(index_dir: Path) -> list[tuple]:
    """What a reader sees of every section, in a stable order."""
    return sorted(
        (s.id, s.heading, s.level, s.path, s.text, s.page_start, s.page_end, s.objectives)
        for s in search_index.read_sections(index_dir)
    )


def run(index_dir: Path, folders: list[Path], dask: str | None = None) -> IngestReport:
    settings = load_settings(
        corpus_dir=CORPUS, index_dir=index_dir, parse_timeout=120, dask_scheduler=dask
    )
    return ingest(settings, folders)


def rejections(report: IngestReport) -> dict[str, str]:
    return {Path(r.path).name: r.reason for r in report.rejected}


def long_report(path: Path, chapters: int) -> Path:
    """A report long enough to be read in several runs of pages (2 pages a chapter)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    w = ReportWriter(path, header="A long test report", number_offset=0)
    for n in range(1, chapters + 1):
        w.heading(f"{n}. Chapter {n}", 1)
        for _ in range(18):
            w.para(f"{LOREM} Chapter {n} goes on.")
    return w.save()


def test_the_sample_corpus_on_dask_gives_the_sections_of_a_local_run(
    sample_index: Path, tmp_path: Path
) -> None:
    with local_cluster() as (address, _cluster):
        report = run(tmp_path / "dask", [CORPUS], dask=address)
    assert not report.rejected
    assert sections_of(tmp_path / "dask") == sections_of(sample_index)
    documents = {d.id: d for d in search_index.read_documents(sample_index)}
    assert {d.id: d for d in search_index.read_documents(tmp_path / "dask")} == documents


REALWORLD_SETS = [
    pytest.param(
        [VENDORED / "pdf", VENDORED / "rtf", VENDORED / "docling", VENDORED / "unstructured"],
        id="vendored",
    ),
    pytest.param([REALWORLD / "pdf", REALWORLD / "rtf"], id="shared", marks=pytest.mark.shared),
]


@pytest.mark.parametrize("folders", REALWORLD_SETS)
def test_realworld_files_on_dask_give_the_sections_and_rejections_of_a_local_run(
    tmp_path: Path, folders: list[Path]
) -> None:
    local = run(tmp_path / "local", folders)
    with local_cluster() as (address, _cluster):
        remote = run(tmp_path / "dask", folders, dask=address)
    assert rejections(remote) == rejections(local)
    assert "password" in rejections(remote)["password-example.pdf"]
    assert sections_of(tmp_path / "dask") == sections_of(tmp_path / "local")


def kill_a_worker_mid_task(cluster: psutil.Process, killed: list[int]) -> None:
    """SIGKILL the first Dask worker seen running a parse task (its task process is busy)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        for proc in cluster.children(recursive=True):
            try:
                busy = "ingest.dask_task" in " ".join(proc.cmdline()) and (
                    proc.status() == psutil.STATUS_RUNNING
                )
                if busy:
                    worker = proc.parent()
                    os.kill(worker.pid, signal.SIGKILL)
                    killed.append(worker.pid)
                    return
            except psutil.Error:
                continue
        time.sleep(0.01)


def ingest_while_killing(tmp_path: Path, pdf: Path, **config: str) -> IngestReport:
    killed: list[int] = []
    with local_cluster(**config) as (address, cluster):
        killer = threading.Thread(target=kill_a_worker_mid_task, args=(cluster, killed))
        killer.start()
        try:
            report = run(tmp_path / "dask", [pdf.parent], dask=address)
        finally:
            killer.join()
    assert killed, "no worker was seen parsing"
    assert not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == "zombie"
    return report


def test_a_task_whose_worker_is_killed_is_run_again_elsewhere(tmp_path: Path) -> None:
    pdf = long_report(tmp_path / "corpus" / "long.pdf", chapters=40)
    local = run(tmp_path / "local", [pdf.parent])
    report = ingest_while_killing(tmp_path, pdf)
    assert not report.rejected
    assert [d.pages for d in report.documents] == [d.pages for d in local.documents]
    assert report.documents[0].pages >= 3 * 24  # 72: read in several runs of pages
    assert sections_of(tmp_path / "dask") == sections_of(tmp_path / "local")
    assert local.documents[0].sections == report.documents[0].sections


def test_a_file_whose_workers_keep_dying_is_rejected_with_a_reason(tmp_path: Path) -> None:
    pdf = long_report(tmp_path / "corpus" / "long.pdf", chapters=40)
    # No second chance: the first death of a worker running its task rejects the file.
    report = ingest_while_killing(tmp_path, pdf, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0")
    assert rejections(report) == {
        "long.pdf": "crashed the parser: the Dask worker parsing it died, 1 times "
        "(out of memory, or killed)"
    }
    assert not report.documents


def test_an_unreachable_scheduler_is_a_one_line_reason(tmp_path: Path) -> None:
    from ingest.errors import IngestError

    with pytest.raises(IngestError, match="could not reach the Dask scheduler at tcp://127"):
        run(tmp_path / "index", [VENDORED / "docling"], dask="tcp://127.0.0.1:9")
