"""One ingest run over every real-world PDF and RTF: nothing is lost, nothing stops the run.

The reader tests pin each file's exact outcome; this test checks the run as a user sees it:
every file either becomes (part of) a document or is listed as rejected with a one-line reason.
"""

from __future__ import annotations

from pathlib import Path

from ingest import search_index
from ingest.catalogue import slugify
from ingest.pipeline import ingest
from ingest.settings import load_settings
from tests.conftest import CORPUS, REALWORLD


def test_every_realworld_file_is_ingested_or_rejected_with_a_reason(tmp_path: Path) -> None:
    settings = load_settings(corpus_dir=CORPUS, index_dir=tmp_path / "index", parse_timeout=120)
    files = sorted([*REALWORLD.joinpath("pdf").iterdir(), *REALWORLD.joinpath("rtf").iterdir()])

    report = ingest(settings, [REALWORLD / "pdf", REALWORLD / "rtf"])

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
    # What ingested is searchable and has outlines.
    stored = {d.id for d in search_index.read_documents(settings.index_dir)}
    assert {slugify("nics-background-checks-2015-11"), slugify("issue_29_good")} <= stored
