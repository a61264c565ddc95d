"""The ingest run end to end: files in a folder -> sections in the index, with a report."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest import readers, search_index
from ingest.errors import IngestLocked
from ingest.lock import LOCK, exclusive
from ingest.model import Block, RawDocument
from ingest.pipeline import ingest
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
    with exclusive(settings.index_dir), pytest.raises(IngestLocked) as caught:
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


# ---- issue 16: nothing lost, nothing stuck -------------------------------------------------


def test_rebuild_keeps_the_previous_version_of_a_document_whose_file_is_now_rejected(
    settings,
) -> None:
    write_pdf(settings.corpus_dir / "a.pdf")
    write_pdf(settings.corpus_dir / "b.pdf")
    ingest(settings)
    (settings.corpus_dir / "a.pdf").write_bytes(b"%PDF-1.4 truncated")
    report = ingest(settings, rebuild=True)
    assert [Path(r.path).name for r in report.rejected] == ["a.pdf"]
    assert [d.id for d in report.documents] == ["b"]  # a is kept, not reported as ingested
    headings = [s.heading for s in search_index.read_sections(settings.index_dir, "a")]
    assert "1. Child poverty in London" in headings
    # Still rejected next time, and still kept.
    assert not ingest(settings).documents
    assert search_index.read_sections(settings.index_dir, "a")


def test_a_truncated_rtf_keeps_the_previous_version(settings) -> None:
    path = settings.corpus_dir / "plan.rtf"
    write_rtf(path, PARAGRAPHS)
    ingest(settings)
    path.write_bytes(path.read_bytes()[:200])
    report = ingest(settings)
    assert "truncated" in report.rejected[0].reason
    headings = [s.heading for s in search_index.read_sections(settings.index_dir, "plan")]
    assert headings == list(PARAGRAPHS)


def test_what_an_interrupted_run_left_is_cleared_by_the_next(settings, caplog) -> None:
    write_pdf(settings.corpus_dir / "a.pdf")
    ingest(settings)
    builds = settings.index_dir / search_index.BUILDS
    (builds / ("20260101T000000-dead" + search_index.PARTIAL)).mkdir()
    (builds / "20260101T000000-torn").mkdir()  # an unfinished build from before .partial
    (settings.index_dir / ".CURRENT.0123").write_text("x")
    # The lock record of an ingest that was killed (the kernel released its lock).
    (settings.index_dir / LOCK).write_text("999999999 2026-01-01 00:00:00\n")
    write_pdf(settings.corpus_dir / "b.pdf")

    with caplog.at_level("WARNING"):
        report = ingest(settings)

    assert [d.id for d in report.documents] == ["b"]
    assert [p.name for p in builds.iterdir()] == [search_index._current_name(settings.index_dir)]
    assert not list(settings.index_dir.glob(".CURRENT.*"))
    assert "previous ingest" in caplog.text and "pid 999999999" in caplog.text
    assert (settings.index_dir / LOCK).read_text() == ""


def test_an_ingest_refused_by_a_running_one_names_it(settings) -> None:
    settings.index_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(settings.index_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(IngestLocked, match=f"another ingest \\(pid {holder.pid}, started"):
            ingest(settings)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    write_pdf(settings.corpus_dir / "a.pdf")
    assert ingest(settings).documents  # the kernel released the killed holder's lock


HOLD_LOCK = (
    "import sys, time; from pathlib import Path; from ingest.lock import exclusive\n"
    "with exclusive(Path(sys.argv[1])):\n    print('holding', flush=True); time.sleep(60)\n"
)


def test_the_json_report_is_valid_utf8_for_a_file_name_that_is_not(settings) -> None:
    name = os.fsdecode(b"caf\xe9.pdf")
    write_pdf(settings.corpus_dir / name)
    (settings.corpus_dir / os.fsdecode(b"bad\xff.pdf")).write_bytes(b"%PDF-1.4 truncated")
    report = ingest(settings)
    text = json.dumps(report.to_json(), ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogates left
    assert "caf\\\\xe9.pdf" in text and "bad\\\\xff.pdf" in text


def test_a_file_with_more_text_than_the_limits_allow_is_rejected(settings) -> None:
    from ingest.workers import Limits, Parsed, Rejected, parse_all

    path = settings.corpus_dir / "long.rtf"
    write_rtf(path, {f"{n}. Chapter": "Health and housing in London. " * 60 for n in range(200)})
    tight = Limits(seconds=3.5, memory_mb=2048)  # 250,000 characters; the file has 360,000
    [outcome] = parse_all([(path, "long")], workers=1, limits=tight)
    assert isinstance(outcome, Rejected)
    assert outcome.reason.startswith("too much text to tag and index within the limits")
    assert "--timeout 3.5" in outcome.reason
    [fine] = parse_all([(path, "long")], workers=1, limits=Limits())
    assert isinstance(fine, Parsed)


def test_a_memory_error_a_library_wrapped_is_reported_as_the_memory_limit() -> None:
    from pdfplumber.utils.exceptions import PdfminerException

    from ingest.errors import CorruptDocument
    from ingest.worker_process import caused_by_memory

    try:
        try:
            raise PdfminerException(MemoryError("Unable to allocate output buffer."))
        except PdfminerException as exc:
            raise CorruptDocument("damaged: the file could not be parsed") from exc
    except CorruptDocument as wrapped:
        assert caused_by_memory(wrapped)
    assert not caused_by_memory(CorruptDocument())
