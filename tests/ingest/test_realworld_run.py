"""One ingest run over real-world PDFs and RTFs: nothing is lost, nothing stops the run.

The reader tests pin each file's exact outcome; this test checks the run as a user sees it:
every file either becomes (part of) a document or is listed as rejected with a one-line reason.
It runs on the vendored files (tests/fixtures/realworld) always, and on every PDF and RTF of
../shared/realworld when that is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import search_index
from ingest.catalogue import slugify
from ingest.pipeline import ingest
from ingest.settings import load_settings
from tests.conftest import CORPUS, REALWORLD, VENDORED

RUNS = [
    pytest.param(
        [VENDORED / "pdf", VENDORED / "rtf", VENDORED / "docling", VENDORED / "unstructured"],
        {"bookmark-sample", "bytes", "fake-doc"},
        id="vendored",
    ),
    pytest.param(
        [REALWORLD / "pdf", REALWORLD / "rtf"],
        {slugify("nics-background-checks-2015-11"), slugify("issue_29_good")},
        id="shared",
        marks=[pytest.mark.shared, pytest.mark.slow],
    ),
]


@pytest.mark.parametrize(("folders", "some_documents"), RUNS)
def test_every_realworld_file_is_ingested_or_rejected_with_a_reason(
    tmp_path: Path, folders: list[Path], some_documents: set[str]
) -> None:
    settings = load_settings(corpus_dir=CORPUS, index_dir=tmp_path / "index", parse_timeout=120)
    files = sorted(f for folder in folders for f in folder.iterdir())  # licences too

    report = ingest(settings, folders)

    rejected = {Path(r.path).name: r.reason for r in report.rejected}
    ingested = {Path(f).name for d in report.documents for f in d.files}
    assert ingested | set(rejected) == {f.name for f in files}
    assert not ingested & set(rejected)
    for name, reason in rejected.items():
        assert reason and "\n" not in reason and len(reason) < 200, (name, reason)
        assert "Traceback" not in reason and "Error(" not in reason, (name, reason)
    # The classic bad inputs are among the rejected, each for the reason a person expects.
    assert "password" in rejected["password-example.pdf"]
    assert "empty" in rejected["empty.pdf"]
    assert all("unsupported format" in r for n, r in rejected.items() if n.startswith("LICENSE"))
    # What ingested is searchable and has outlines.
    stored = {d.id for d in search_index.read_documents(settings.index_dir)}
    assert some_documents <= stored
