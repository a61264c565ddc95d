"""Real files no one here wrote: every file pdfplumber or pdfium reads text from is ingested,
a rotated statistics table keeps its characters, and the outline agrees with docling's
reading of its test files (issue 10).

The vendored files (tests/fixtures/realworld) always run; the rest of ../shared/realworld
carries the ``shared`` marker and runs when ``../shared`` is beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.readers.pdf import read_pdf
from ingest.sections import split_sections
from tests.conftest import REALWORLD, realworld_files

# Read by pdfium in milliseconds, by pdfplumber in minutes: the scale test runs elsewhere.
SLOW = {"DA-619p.pdf"}
FILES = realworld_files("unstructured", "*.pdf") + realworld_files("docling", "*.pdf")


def _pdfium_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "".join(parts)
    finally:
        doc.close()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(*p.values, id=p.id, marks=[*p.marks, pytest.mark.slow]) if p.id in SLOW else p
        for p in FILES
    ],
)
def test_every_file_with_text_pdfium_can_read_is_ingested(path: Path) -> None:
    if not _pdfium_text(path).strip():
        return  # no text layer at all (a scan): rejected with its reason elsewhere
    raw = read_pdf(path)
    sections = split_sections(raw, "rw")
    assert sum(len(s.text) + len(s.heading) for s in sections) > 0


@pytest.mark.shared
def test_a_rotated_statistics_table_keeps_its_characters(tmp_path: Path) -> None:
    # pdfplumber's own rotated test file is this one with /Rotate 90 set.
    doc = pdfium.PdfDocument(str(REALWORLD / "pdf" / "nics-background-checks-2015-11.pdf"))
    try:
        doc[0].set_rotation(90)
        path = tmp_path / "nics-rotated.pdf"
        doc.save(str(path))
    finally:
        doc.close()
    raw = read_pdf(path)
    text = "".join(b.text for b in raw.blocks)
    assert len("".join(text.split())) > 0.8 * 4319  # was rejected: "contains no text"
    assert "Alabama" in text and "Wyoming" in text  # states read as words, not letters


@pytest.mark.shared
def test_outline_agrees_with_doclings_reading_of_its_test_files(tmp_path: Path) -> None:
    from tools.outline_devset import evaluate_docling

    overall = evaluate_docling(tmp_path)["overall"]
    # recall: docling's headings we find; precision: ours that docling has. Most of the
    # rest are docling's misreadings (a section number moved after its title).
    assert overall["recall"] >= 0.75 and overall["precision"] >= 0.8
