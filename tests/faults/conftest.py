"""The fault and abuse suite (issue 16): real processes, real signals, real sockets.

Everything here drives the installed ``healthsearch`` command as an operator would: ingests
killed with ``kill -9`` at random moments, bad files of every kind, slow and idle clients
against ``healthsearch serve``, and a bounded load run while ingests rewrite the index.

``./run test`` (CI) runs it at a size that costs about a minute and a half; ``./run faults``
runs the long version (``HEALTHSEARCH_FAULTS=long``: more kills, longer load). The figures
each run measured are printed at the end of the pytest report.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from ingest.settings import PROJECT_ROOT
from search_app.serve import gunicorn_options
from tests.conftest import CORPUS

HEALTHSEARCH = str(Path(sys.executable).with_name("healthsearch"))
LONG = os.environ.get("HEALTHSEARCH_FAULTS") == "long"
# What the suite measured, printed at the end of the run (see pytest_terminal_summary).
FIGURES: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "faults: the fault and abuse suite (issue 16)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.slow)  # real processes and timeouts: seconds each


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("fault suite figures")
        for key, value in FIGURES.items():
            terminalreporter.write_line(f"{key}: {value}")


def record(key: str, value: Any) -> None:
    FIGURES[key] = value


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``healthsearch`` as a user would, from the repository root."""
    return subprocess.run(
        [HEALTHSEARCH, *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )


def small_corpus(folder: Path) -> Path:
    """Three sample PDFs and two RTFs of the shipped corpus with their configuration: enough
    for parse workers, twins and tagging, small enough to ingest in a few seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("objectives.toml", "synonyms.toml"):
        shutil.copy(CORPUS / name, folder / name)
    for name in (
        "assembly-response-2010.pdf",
        "first-steps-2010.pdf",
        "first-steps-2010.rtf",
        "hwhl-2008.rtf",
        "indicator-report-2015.pdf",
    ):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def healthz_seconds(self, timeout: float = 10.0) -> float:
        started = time.monotonic()
        response = requests.get(self.base + "/healthz", timeout=timeout)
        assert response.status_code == 200
        return time.monotonic() - started

    def worker_rss_mb(self) -> list[float]:
        import psutil

        children = psutil.Process(self.proc.pid).children(recursive=True)
        return sorted(round(c.memory_info().rss / 2**20, 1) for c in children)


@pytest.fixture(scope="module")
def served_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small corpus and its index, ingested by the command line."""
    root = tmp_path_factory.mktemp("served")
    corpus = small_corpus(root / "corpus")
    index = root / "index"
    done = cli("ingest", "--corpus", str(corpus), "--index", str(index))
    assert done.returncode == 0, done.stderr
    return corpus, index


@pytest.fixture(scope="module")
def server(
    served_index: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """``healthsearch serve`` (gunicorn, its default workers and threads) on a free port."""
    corpus, index = served_index
    port = free_port()
    log = tmp_path_factory.mktemp("server-log") / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [HEALTHSEARCH, "serve", "--port", str(port), "--index", str(index)]
            + ["--corpus", str(corpus)],
            cwd=PROJECT_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", port, proc, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"the server exited: {log.read_text()}"
            try:
                if requests.get(server.base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the server did not start within 60 s"
            time.sleep(0.2)
        # Every thread has opened its searcher once its warm-up line is in the log.
        threads = 2 * gunicorn_options("127.0.0.1", port, 2)["threads"]
        while log.read_text().count("warmed up") < threads and time.monotonic() < deadline:
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
