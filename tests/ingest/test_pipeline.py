"""The ingest run end to end: files in a folder -> sections in the index, with a report."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import readers, search_index
from ingest.errors import IngestLocked
from ingest.model import Block, RawDocument
from ingest.pipeline import LOCK, _exclusive, ingest
from ingest.settings import load_settings
from tests.conftest import CORPUS, VENDORED

PARAGRAPHS = {
    "1. Child poverty in London": (
        "London has the highest child poverty rate of any English region, and low pay keeps "
        "many working families below the poverty line."
    ),
    "2. Housing and healthy places": (
        "Overcrowded housing, air pollution and a lack of green space shape health in every "
        "borough of the city."
    ),
}


def write_pdf(
    path: Path, headings: dict[str, str] = PARAGRAPHS, title: str = "Test Report"
) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(title)
    for number, (heading, text) in enumerate(headings.items(), start=1):
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(72, 760, heading)
        pdf.setFont("Helvetica", 10)
        for i, start in enumerate(range(0, len(text), 80)):
            pdf.drawString(72, 730 - 14 * i, text[start : start + 80])
        pdf.setFont("Helvetica", 8)
        pdf.drawString(290, 30, str(number))
        pdf.showPage()
    pdf.save()


def write_rtf(path: Path, headings: dict[str, str]) -> None:
    body = "".join(
        f"{{\\pard\\s1\\outlinelevel0\\b\\fs32 {h}\\par}}{{\\pard\\s0\\fs20 {t}\\par}}"
        for h, t in headings.items()
    )
    path.write_text(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}"
        "{\\stylesheet{\\s0 Normal;}{\\s1\\outlinelevel0 heading 1;}}" + body + "}",
        encoding="ascii",
    )


@pytest.fixture()
def settings(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "objectives.toml", corpus / "objectives.toml")
    return load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", workers=2)


def test_a_folder_ingests_and_bad_files_are_reported_with_a_reason(settings) -> None:
    write_pdf(settings.corpus_dir / "Child Poverty Report.pdf")
    (settings.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (settings.corpus_dir / "notes.docx").write_bytes(b"PK\x03\x04")
    shutil.copy(VENDORED / "pdf" / "password-example.pdf", settings.corpus_dir)

    report = ingest(settings)

    assert [d.id for d in report.documents] == ["child-poverty-report"]
    assert report.documents[0].pages == 2
    reasons = {Path(r.path).name: r.reason for r in report.rejected}
    assert set(reasons) == {"broken.pdf", "notes.docx", "password-example.pdf"}
    assert "password" in reasons["password-example.pdf"]
    assert "unsupported format .docx" in reasons["notes.docx"]
    assert all("\n" not in reason for reason in reasons.values())
    headings = [s.heading for s in search_index.read_sections(settings.index_dir)]
    assert "1. Child poverty in London" in headings


def test_unchanged_corpus_is_skipped_and_one_changed_file_is_reingested(settings) -> None:
    write_pdf(settings.corpus_dir / "a.pdf")
    write_pdf(settings.corpus_dir / "b.pdf")
    first = ingest(settings)
    assert {d.id for d in first.documents} == {"a", "b"}

    again = ingest(settings)
    assert again.documents == () and set(again.unchanged) == {"a", "b"}

    write_pdf(
        settings.corpus_dir / "b.pdf", {"3. Work and health": "Good work is good for health."}
    )
    changed = ingest(settings)
    assert [d.id for d in changed.documents] == ["b"]
    assert changed.unchanged == ("a",)
    headings = [s.heading for s in search_index.read_sections(settings.index_dir, "b")]
    assert headings == ["3. Work and health"]
    assert search_index.read_sections(settings.index_dir, "a"), "a must be untouched"


def test_a_removed_file_leaves_the_index(settings) -> None:
    write_pdf(settings.corpus_dir / "a.pdf")
    write_pdf(settings.corpus_dir / "b.pdf")
    ingest(settings)
    (settings.corpus_dir / "b.pdf").unlink()
    report = ingest(settings)
    assert report.removed == ("b",)
    assert [d.id for d in search_index.read_documents(settings.index_dir)] == ["a"]


def test_a_pdf_and_its_rtf_twin_are_one_document(settings) -> None:
    rtf_only = dict(PARAGRAPHS)
    rtf_only["2.1 Fuel poverty"] = "Cold homes and fuel poverty raise excess winter deaths."
    write_pdf(settings.corpus_dir / "report.pdf", PARAGRAPHS)
    write_rtf(settings.corpus_dir / "report.rtf", rtf_only)
    report = ingest(settings)
    assert [d.id for d in report.documents] == ["report"]
    sections = search_index.read_sections(settings.index_dir, "report")
    assert [s.heading for s in sections] == list(rtf_only)
    assert sections[0].page_start == 1 and sections[1].page_start == 2
    assert sections[2].source == "rtf" and sections[2].page_start == 2


def test_a_file_that_breaks_on_reingest_keeps_the_old_version(settings) -> None:
    path = settings.corpus_dir / "a.pdf"
    write_pdf(path)
    ingest(settings)
    path.write_bytes(b"%PDF-1.4 truncated")
    report = ingest(settings)
    assert [Path(r.path).name for r in report.rejected] == ["a.pdf"]
    assert report.wrote_nothing
    headings = [s.heading for s in search_index.read_sections(settings.index_dir, "a")]
    assert "1. Child poverty in London" in headings


def test_rebuild_switches_to_a_fresh_index_with_everything(settings) -> None:
    write_pdf(settings.corpus_dir / "a.pdf")
    ingest(settings)
    report = ingest(settings, rebuild=True)
    assert [d.id for d in report.documents] == ["a"]
    assert search_index.read_sections(settings.index_dir, "a")


def test_a_second_ingest_while_one_runs_gets_a_clear_message(settings) -> None:
    write_pdf(settings.corpus_dir / "a.pdf")
    settings.index_dir.mkdir()
    with _exclusive(settings.index_dir / LOCK), pytest.raises(IngestLocked) as caught:
        ingest(settings)
    assert "another ingest" in str(caught.value)


# Pathological files: readers registered for test-only suffixes. Workers are forked, so they
# see the registry as the test left it.


def _hang(path: Path) -> RawDocument:
    time.sleep(60)
    raise AssertionError("not reached")


def _hog(path: Path) -> RawDocument:
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))


def _crash(path: Path) -> RawDocument:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("not reached")


def _fine(path: Path) -> RawDocument:
    return RawDocument(
        str(path), "txt", (Block("Heading", heading_level=1), Block("Some text here."))
    )


@pytest.mark.parametrize(
    ("suffix", "reader", "reason"),
    [
        (".hang", _hang, "took longer than 2 s"),
        (".hog", _hog, "needed more than 400 MB"),
        (".crash", _crash, "crashed the parser"),
    ],
)
def test_a_pathological_file_is_rejected_and_the_rest_ingests(
    settings, monkeypatch, suffix, reader, reason
) -> None:
    monkeypatch.setitem(readers.READERS, suffix, reader)
    monkeypatch.setitem(readers.READERS, ".fine", _fine)
    (settings.corpus_dir / f"bad{suffix}").write_text("x")
    (settings.corpus_dir / "good.fine").write_text("x")
    limited = load_settings(
        corpus_dir=settings.corpus_dir,
        index_dir=settings.index_dir,
        parse_timeout=2,
        parse_memory_mb=400,
    )
    report = ingest(limited)
    assert [d.id for d in report.documents] == ["good"]
    assert len(report.rejected) == 1 and reason in report.rejected[0].reason


@pytest.mark.slow  # ~10 s alone: the long PDF is read twice
def test_a_long_pdf_read_in_chunks_by_two_workers_gives_the_same_sections() -> None:
    from ingest.workers import CHUNK_PAGES, Limits, Parsed, parse_all, parse_file

    path = CORPUS / "his-2010.pdf"  # 32 pages: more than one chunk
    whole = parse_file(path, "his-2010")
    assert whole.raw.page_count > CHUNK_PAGES
    [chunked] = parse_all([(path, "his-2010")], workers=2, limits=Limits())
    assert isinstance(chunked, Parsed)
    assert chunked.sections == whole.sections
    assert chunked.raw.page_labels == whole.raw.page_labels
