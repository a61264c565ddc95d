"""Regression tests for real-world PDFs the reader used to get wrong (issue 10): turned pages,
files pdfminer cannot parse, glyphs without a Unicode mapping, tagged PDFs and bookmarks.

Each test is named for what broke; its smallest reproducing file is either vendored under
tests/fixtures/realworld/ (with its licence) or written into tmp_path here.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from ingest.model import RawDocument
from ingest.readers.pdf import read_pdf
from ingest.readers.pdf_unicode import repair_words, unmapped_warning
from ingest.sections import split_outline, split_sections
from tests.ingest.pdf_bytes import bad_icc_pdf, text_page_pdf

VENDORED = Path(__file__).resolve().parent.parent / "fixtures" / "realworld"
PROSE = (
    "The council and its partners worked with residents in every ward of the borough "
    "to agree the priorities set out in this report."
)
ROWS = [("Ward", "2019", "2023"), ("Abbey", "71.2", "74.8"), ("Brookside", "68.9", "70.1")]


def _text(raw: RawDocument) -> str:
    return "\n".join(b.text for b in raw.blocks)


def _rotate(path: Path, rotations: dict[int, int]) -> Path:
    """Set /Rotate on pages (0-based index -> degrees), as a designer's tool would."""
    doc = pdfium.PdfDocument(str(path))
    try:
        for index, degrees in rotations.items():
            doc[index].set_rotation(degrees)
        out = path.with_name(f"rotated-{path.name}")
        doc.save(str(out))
    finally:
        doc.close()
    return out


def _report(path: Path, pages: int = 3, landscape_page: int | None = None) -> Path:
    """A plain report: a heading and prose per page; ``landscape_page`` holds a table."""
    canvas = Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        if n == landscape_page:
            canvas.setPageSize(landscape(A4))
            canvas.setFont("Helvetica-Bold", 16)
            canvas.drawString(60, 520, f"Table {n}: Life expectancy by ward")
            canvas.setFont("Helvetica", 10)
            for r, row in enumerate(ROWS):
                for c, cell in enumerate(row):
                    canvas.drawString(60 + 200 * c, 480 - 18 * r, cell)
        else:
            canvas.setPageSize(A4)
            canvas.setFont("Helvetica-Bold", 16)
            canvas.drawString(72, 770, f"Chapter {n} findings")
            canvas.setFont("Helvetica", 10)
            for i in range(8):
                canvas.drawString(72, 740 - 14 * i, PROSE[:90])
        canvas.showPage()
    canvas.save()
    return path


# ---- turned pages -----------------------------------------------------------------------


def test_a_rotate_90_page_is_read_not_rejected_as_without_text() -> None:
    raw = read_pdf(VENDORED / "unstructured" / "rotated-page-90.pdf")
    lines = [b.text for b in raw.blocks]
    assert "Rotated page fixture" in lines
    assert "Hello World Test Text" in lines  # words in order, not one letter per line


def test_a_rotate_180_page_is_not_read_backwards(tmp_path: Path) -> None:
    raw = read_pdf(_rotate(_report(tmp_path / "r.pdf", pages=2), {1: 180}))
    assert "Chapter 2 findings" in _text(raw)
    assert "sgnidnif" not in _text(raw)


def test_a_portrait_report_with_a_landscape_table_page_keeps_every_page(tmp_path: Path) -> None:
    path = _rotate(_report(tmp_path / "r.pdf", pages=3, landscape_page=2), {1: 90})
    raw = read_pdf(path)
    pages = {b.page for b in raw.blocks}
    assert pages == {1, 2, 3}
    table = next(b.table for b in raw.blocks if b.page == 2 and b.table is not None)
    assert table.rows == tuple(ROWS)


def test_text_drawn_turned_on_an_upright_page_is_read_in_its_own_direction(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sideways.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.translate(520, 60)
    canvas.rotate(90)  # a landscape table set sideways on a portrait page, no /Rotate
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(0, 0, "Appendix B: Comparison with similar areas")
    canvas.setFont("Helvetica", 10)
    for i in range(6):
        canvas.drawString(0, -30 - 14 * i, PROSE[:80])
    canvas.save()
    sections = split_sections(read_pdf(path), "s")
    assert [s.heading for s in sections] == ["Appendix B: Comparison with similar areas"]
    assert PROSE[:40] in sections[0].text


# ---- files and pages pdfminer cannot read ------------------------------------------------


def test_a_page_with_a_bad_icc_colour_space_is_read_by_pdfium(tmp_path: Path) -> None:
    path = tmp_path / "icc.pdf"
    path.write_bytes(bad_icc_pdf(["Annual report 2024", PROSE[:80]]))
    raw = read_pdf(path)  # used to be rejected as "damaged: none of the 1 pages"
    assert "Annual report 2024" in _text(raw)
    assert raw.warnings and "read with pdfium" in raw.warnings[0]
    assert "attribute 'N'" in raw.warnings[0] and "\n" not in raw.warnings[0]


def test_text_pdfminer_places_off_an_inverted_mediabox_is_read(tmp_path: Path) -> None:
    path = tmp_path / "inverted.pdf"
    data = text_page_pdf(["2021 3 31", "Weekly report"])
    path.write_bytes(data.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 842 595 0]"))
    raw = read_pdf(path)  # used to be rejected as a scan without a text layer
    assert "Weekly report" in _text(raw)
    assert "off the page" in raw.warnings[0]


# ---- characters without a Unicode mapping -------------------------------------------------


def test_unmapped_characters_are_taken_from_pdfium_text_where_it_has_them() -> None:
    words = [{"text": "1\ufffd"}, {"text": "Continue"}, {"text": "(cid:12)nance"}]
    fixed, count = repair_words(words, "1. Continue to ease the burden of finance")
    assert [w["text"] for w in fixed] == ["1.", "Continue", "finance"]  # "fi": a ligature
    assert count == 2


def test_unmapped_characters_pdfium_cannot_map_either_stay_and_are_reported() -> None:
    fixed, count = repair_words([{"text": "(cid:3)(cid:4)"}], "\x03\x04")
    assert count == 0 and fixed[0]["text"] == "(cid:3)(cid:4)"
    assert unmapped_warning({9: 4, 10: 3, 11: 0, 12: 7, 3: 0}) == (
        "pages 9-10, 12: 14 characters without a Unicode mapping"
    )
    assert unmapped_warning({5: 1}) == "page 5: 1 character without a Unicode mapping"
    assert unmapped_warning({1: 0}) is None


# ---- declared outlines --------------------------------------------------------------------


def test_a_tagged_pdf_takes_its_headings_from_the_structure_tree() -> None:
    raw = read_pdf(VENDORED / "pdf" / "pdf_structure.pdf")
    sections, source = split_outline(raw, "t")
    assert source == "structure-tree"
    assert [(s.heading, s.level) for s in sections] == [
        ("Titre 1", 1),
        ("Titre 2", 2),
        ("Tableau", 3),
    ]
    # The file marks the table's header cells TH: they are not a heading ("Chose Truc").
    assert "Chose" in sections[-1].text
    assert not any("Chose" in s.heading for s in sections)
    # List items (LI) stay in their section, whatever their type looks like.
    assert "Énumération" in sections[1].text


def _bookmarked(path: Path, marks: list[tuple[str, int, int]], extra_page: bool) -> Path:
    """Headings set in the body's type (no typography to find them), named by bookmarks."""
    canvas = Canvas(str(path), pagesize=A4)
    page = 1
    y = 770
    for n, (title, level, on_page) in enumerate(marks):
        while on_page > page:
            canvas.showPage()
            page, y = page + 1, 770
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, y, title)
        canvas.bookmarkPage(f"m{n}", top=y + 12)
        canvas.addOutlineEntry(title, f"m{n}", level=level - 1)
        for i in range(4):
            canvas.drawString(72, y - 16 - 14 * i, PROSE[:90])
        y -= 100
    if extra_page:
        canvas.showPage()
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(72, 770, "Annex: Methods")
        canvas.setFont("Helvetica", 10)
        for i in range(4):
            canvas.drawString(72, 740 - 14 * i, PROSE[:90])
    canvas.save()
    return path


def test_bookmarks_name_headings_typography_cannot_see(tmp_path: Path) -> None:
    marks = [("Introduction", 1, 1), ("Scope", 2, 1), ("Findings", 1, 2), ("Housing", 2, 2)]
    raw = read_pdf(_bookmarked(tmp_path / "b.pdf", marks, extra_page=False))
    sections, source = split_outline(raw, "b")
    assert source == "bookmarks"
    assert [(s.heading, s.level, s.page_start) for s in sections] == [
        (title, level, page) for title, level, page in marks
    ]


def test_pages_past_the_last_bookmark_fall_back_to_typography(tmp_path: Path) -> None:
    marks = [("Introduction", 1, 1), ("Findings", 1, 2)]
    raw = read_pdf(_bookmarked(tmp_path / "b.pdf", marks, extra_page=True))
    sections, source = split_outline(raw, "b")
    assert source == "bookmarks"
    assert [s.heading for s in sections] == ["Introduction", "Findings", "Annex: Methods"]


def test_a_bold_header_row_of_an_unruled_table_is_no_heading(tmp_path: Path) -> None:
    path = tmp_path / "survey.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(72, 770, "1.1")
    canvas.drawString(130, 770, "How residents took part")  # a number tabbed off its title
    canvas.setFont("Helvetica", 11)
    for i in range(3):
        canvas.drawString(72, 750 - 14 * i, PROSE[:90])
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(72, 690, "Face to face")  # column heads of a table without rules
    canvas.drawString(300, 690, "Telephone")
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 672, "Residents who came to a drop-in session")
    canvas.drawString(300, 672, "Residents called by the council")
    for i in range(3):
        canvas.drawString(72, 640 - 14 * i, PROSE[:90])
    canvas.save()
    sections = split_sections(read_pdf(path), "s")
    assert [s.heading for s in sections] == ["1.1 How residents took part"]
    assert "Face to face" in sections[0].text
