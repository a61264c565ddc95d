"""Ingests killed at random moments: nothing left running, nothing locked, nothing lost.

Before issue 16, ``kill -9`` (or ``-TERM``) of an ingest left its two parse workers alive,
re-parented and holding the lock file open, and every later ingest said "another ingest is
already writing" until someone found and killed them.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import search_index
from ingest.lock import LOCK
from tests.faults.conftest import CORPUS, HEALTHSEARCH, LONG, cli, record

KILLS = 60 if LONG else 20
PARAGRAPH = (
    "Health inequalities between London boroughs remain wide: life expectancy differs by "
    "years between neighbouring wards, and child poverty, housing and air quality explain "
    "much of the gap. "
)


def write_version(path: Path, version: int) -> None:
    """An 8-page report whose every section names its version, so a reader can tell an old
    version from a new one and both from a mixture."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in range(1, 9):
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(72, 760, f"{page}. Chapter {page} of version {version}")
        pdf.setFont("Helvetica", 10)
        for line in range(30):
            text = f"version{version} " + PARAGRAPH
            pdf.drawString(72, 730 - 14 * line, text[(line * 7) % 60 :][:85])
        pdf.showPage()
    pdf.save()


def start_ingest(corpus: Path, index: Path, *extra: str) -> psutil.Popen:
    return psutil.Popen(
        [HEALTHSEARCH, "ingest", "--corpus", str(corpus), "--index", str(index), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_and_reap(proc: psutil.Popen, sig: int = signal.SIGKILL) -> list[psutil.Process]:
    """Send ``sig`` to the ingest process; returns the processes it had started."""
    try:
        children = proc.children(recursive=True)
        proc.send_signal(sig)
    except psutil.NoSuchProcess:  # it had finished
        children = []
    proc.wait(timeout=30)
    return children


def survivors(children: list[psutil.Process], within: float = 3.0) -> list[int]:
    """Pids of ``children`` still running after ``within`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + within
    while True:
        alive = []
        for child in children:
            try:
                if child.status() != psutil.STATUS_ZOMBIE:
                    alive.append(child.pid)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def wait_for_partial_build(index: Path, proc: psutil.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    builds = index / search_index.BUILDS
    while proc.poll() is None and time.monotonic() < deadline:
        if any(builds.glob("*" + search_index.PARTIAL)):
            return True
        time.sleep(0.005)
    return False


def versions_in_index(index: Path, doc_id: str) -> set[str]:
    """The versions the sections of ``doc_id`` name (one version, or the index is torn)."""
    sections = search_index.read_sections(index, doc_id)
    assert sections, f"{doc_id} lost from the index"
    return {word for s in sections for word in s.text.split() if word.startswith("version")}


def document_ids(index: Path) -> set[str]:
    return {d.id for d in search_index.read_documents(index)}


@pytest.fixture()
def corpus_and_index(tmp_path: Path) -> tuple[Path, Path]:
    """A report that changes between runs beside a PDF and an RTF that do not."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("objectives.toml", "assembly-response-2010.pdf", "hwhl-2008.rtf"):
        shutil.copy(CORPUS / name, corpus / name)
    write_version(corpus / "changing-report.pdf", 0)
    index = tmp_path / "index"
    done = cli("ingest", "--corpus", str(corpus), "--index", str(index))
    assert done.returncode == 0, done.stderr
    return corpus, index


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_a_killed_ingest_leaves_no_workers_and_no_lock(
    corpus_and_index: tuple[Path, Path], sig: int
) -> None:
    corpus, index = corpus_and_index
    write_version(corpus / "changing-report.pdf", 1)
    proc = start_ingest(corpus, index, "--rebuild")
    deadline = time.monotonic() + 60
    while len(proc.children()) < 2:  # wait until both parse workers are busy
        assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
        time.sleep(0.02)
    children = kill_and_reap(proc, sig)
    assert survivors(children) == [], "parse workers outlived the ingest"
    # The next ingest neither waits nor refuses, and says what it took over.
    again = cli("ingest", "--corpus", str(corpus), "--index", str(index), timeout=120)
    assert again.returncode == 0, again.stderr
    assert "stopped before it finished" in again.stderr
    assert versions_in_index(index, "changing-report") == {"version1"}


def test_kill_9_at_random_moments_of_ingest_and_rebuild(
    corpus_and_index: tuple[Path, Path],
) -> None:
    corpus, index = corpus_and_index
    expected = document_ids(index)
    rng = random.Random(16)
    started = time.monotonic()
    timed = cli("ingest", "--corpus", str(corpus), "--index", str(index), "--rebuild")
    full_run = time.monotonic() - started
    assert timed.returncode == 0, timed.stderr
    outcomes = {"old version": 0, "new version": 0, "unfinished build cleared": 0}
    landed = 0  # kills that found the ingest still running
    in_write = 0  # kills aimed at a rebuild writing its new build
    for kill in range(1, KILLS + 1):
        write_version(corpus / "changing-report.pdf", kill)
        rebuild = kill % 2 == 0
        proc = start_ingest(corpus, index, *(["--rebuild"] if rebuild else []))
        if rebuild and kill % 4 == 0:
            # Aim at the riskiest moments: while the new build is being written.
            writing = wait_for_partial_build(index, proc, timeout=full_run * 5)
            time.sleep(rng.uniform(0.0, 0.3))
            in_write += writing
        else:
            time.sleep(rng.uniform(0.0, full_run))
        landed += proc.poll() is None
        children = kill_and_reap(proc)
        assert survivors(children) == [], f"kill {kill}: parse workers outlived the ingest"

        # The index is whole: every document, each in one version (the old or the new).
        assert document_ids(index) == expected, f"kill {kill}: documents lost"
        seen = versions_in_index(index, "changing-report")
        assert seen in ({f"version{kill - 1}"}, {f"version{kill}"}), f"kill {kill}: {seen}"
        outcomes["new version" if seen == {f"version{kill}"} else "old version"] += 1
        unfinished = list((index / search_index.BUILDS).glob("*" + search_index.PARTIAL))

        # The next ingest runs at once and completes.
        after = cli("ingest", "--corpus", str(corpus), "--index", str(index), "--json")
        assert after.returncode == 0, f"kill {kill}: {after.stderr}"
        json.loads(after.stdout)
        assert versions_in_index(index, "changing-report") == {f"version{kill}"}
        assert not list((index / search_index.BUILDS).glob("*" + search_index.PARTIAL))
        outcomes["unfinished build cleared"] += bool(unfinished)
    assert (index / LOCK).read_text() == "", "the last ingest left its lock record"
    record(
        "kill -9 of ingest/rebuild survived",
        f"{KILLS} of {KILLS}, {landed} while it ran, {in_write} aimed at the build being "
        f"written ({outcomes})",
    )
