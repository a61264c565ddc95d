"""Fixtures for the web app: a small hand-made index (documents, sections, a real PDF) in a
temporary folder, the Flask app over it, and the app served by the project's gunicorn launcher.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from ingest.model import Document, EvidenceStatement, ObjectiveTag, Section
from ingest.search_index import write_index
from ingest.settings import PROJECT_ROOT
from search_app import create_app
from search_app.engine import close_searchers


@pytest.fixture(scope="session", autouse=True)
def _schemathesis_imported_quietly() -> None:
    """schemathesis' pytest plugin imports jsonschema's deprecated RefResolutionError inside the
    first test call, which ``filterwarnings = error`` turns into a failure of that test. Import
    it once here with that one warning silenced (pyproject should carry the same filter)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", ".*RefResolutionError", DeprecationWarning)
        import schemathesis._hypothesis  # noqa: F401


OBJECTIVES_FILE = PROJECT_ROOT / "corpus" / "objectives.toml"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'

STRATEGY = Document(
    id="his-2010",
    title="The London Health Inequalities Strategy",
    files=("his-2010.pdf",),
    doc_type="strategy",
    issued="2010-04",
    author="Greater London Authority",
    publisher="Greater London Authority",
    place="London",
    isbn="978-1-84781-349-7",
    url="https://www.london.gov.uk/his",
    edition="sample",
    note="Sample edition written for this project; not the official text",
    page_count=4,
)
REVIEW = Document(
    id="marmot-2010",
    title="Fair Society, Healthy Lives",
    files=("marmot-2010.rtf",),
    doc_type="evidence review",
    issued="2010-02",
    author="The Marmot Review",
    publisher="The Marmot Review",
    place="London",
    edition="sample",
)


CHILD_POVERTY = (
    "Child poverty shapes health across a lifetime. Children in poverty are more likely to have "
    "poor health.\n\nHousing quality and overcrowding matter too: overcrowded homes are "
    "associated with respiratory illness (illustrative figure: 22 per cent)."
)


def tag(number: int, score: float, *reasons: str) -> ObjectiveTag:
    return ObjectiveTag(number=number, score=score, reasons=reasons or (f"term x{number}",))


def make_sections() -> list[Section]:
    s = [
        Section(
            id="his-2010/foreword",
            doc_id="his-2010",
            ordinal=0,
            heading="Foreword",
            level=1,
            path=(),
            text="London is a city of great wealth and great inequality in health.",
            page_start=2,
            page_end=2,
            label_start="ii",
            label_end="ii",
        ),
        Section(
            id="his-2010/1-1",
            doc_id="his-2010",
            ordinal=1,
            heading="1.1 Child poverty and health",
            level=2,
            path=("Part One: The case for action",),
            text=CHILD_POVERTY,
            page_start=3,
            page_end=4,
            label_start="1",
            label_end="2",
            page_offsets=((0, 3), (CHILD_POVERTY.index("Housing"), 4)),
            objectives=(tag(3, 1.4, "heading cue 'poverty'", "term 'child poverty' x2"),),
            evidence=(
                EvidenceStatement(
                    "overcrowded homes are associated with respiratory illness (illustrative "
                    "figure: 22 per cent)",
                    page=4,
                    kinds=("quantitative",),
                ),
            ),
        ),
        Section(
            id="his-2010/1-2",
            doc_id="his-2010",
            ordinal=2,
            heading="1.2 Empowering communities",
            level=2,
            path=("Part One: The case for action",),
            text=(
                "Community health champions and volunteering empower people to improve health "
                "and well-being. Employment and good work protect health too. " + HOSTILE
            ),
            page_start=4,
            page_end=4,
            label_start="2",
            label_end="2",
            objectives=(tag(1, 1.1), tag(4, 0.6)),
        ),
        Section(
            id="marmot-2010/intro",
            doc_id="marmot-2010",
            ordinal=0,
            heading="Introduction",
            level=1,
            path=(),
            text="Health inequalities arise from the conditions in which people are born and live.",
            source="rtf",
        ),
        Section(
            id="marmot-2010/policy-e",
            doc_id="marmot-2010",
            ordinal=1,
            heading="Policy objective E: healthy and sustainable places",
            level=2,
            path=("Policy objectives",),
            text="Housing, transport and green space shape health. Poverty concentrates in places.",
            source="rtf",
            objectives=(tag(5, 0.9), tag(3, 0.5)),
        ),
    ]
    return s


def write_pdf(path: Path, pages: int) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(1, pages + 1):
        c.drawString(72, 720, f"Sample page {n}")
        c.showPage()
    c.save()


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    write_pdf(corpus / "his-2010.pdf", 4)
    (corpus / "marmot-2010.rtf").write_text("{\\rtf1 sample}", encoding="utf-8")
    (corpus.parent / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    shutil.copy(OBJECTIVES_FILE, corpus / "objectives.toml")
    return corpus


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    write_index(index_dir, [STRATEGY, REVIEW], make_sections(), rebuild=True)
    return index_dir


@pytest.fixture()
def app(small_index: Path, small_corpus: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": small_index,
            "CORPUS_DIR": small_corpus,
        }
    )
    yield app
    close_searchers()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(
    small_index: Path, small_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app served by ``python -m search_app.serve`` (gunicorn) on a free local port."""
    port = free_port()
    env = {
        "HEALTHSEARCH_INDEX": str(small_index),
        "HEALTHSEARCH_CORPUS": str(small_corpus),
        "PATH": "/usr/bin:/bin",
    }
    log_path = tmp_path_factory.mktemp("server") / "gunicorn.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_app.serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log_path.read_text()}")
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start within 20 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests put screenshots: $HEALTHSEARCH_SCREENSHOTS when set (for
    example the git-ignored test-output/screenshots), else pytest's temporary folder."""
    chosen = os.environ.get("HEALTHSEARCH_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder
