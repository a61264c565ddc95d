"""Contents pages of every common kind are kept out of the sections and vouch for headings
(issue 10): dot leaders, Word's tab and right-aligned page number, page numbers before the
entries, and Word TOC fields in RTF with their "toc N" styles."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ingest.contents import read_contents
from ingest.readers.pdf import read_pdf
from ingest.readers.rtf import read_rtf
from ingest.sections import split_sections

ENTRIES = [("Foreword", 3), ("1 Introduction", 4), ("1.1 Background", 5), ("2 Findings", 6)]
PROSE = "The council has worked with partners across the borough on this programme of work."


def _report(path: Path, contents_title: str, numbers_first: bool = False) -> Path:
    """Cover, a contents page without dot leaders (Word: entry, tab, right-aligned number,
    or a designer's "03 Foreword"), then one page per entry."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 26)
    canvas.drawString(72, 700, "Annual Public Health Report")
    canvas.showPage()
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(72, 770, contents_title)
    canvas.setFont("Helvetica", 11)
    for i, (title, page) in enumerate(ENTRIES):
        y = 730 - 20 * i
        indent = 18 if "." in title.split()[0] else 0
        if numbers_first:
            canvas.drawString(72, y, f"{page:02d}")
            canvas.drawString(110 + indent, y, title)
        else:
            canvas.drawString(72 + indent, y, title)
            canvas.drawRightString(520, y, str(page))
    canvas.showPage()
    for title, page in ENTRIES:
        canvas.setFont("Helvetica-Bold", 12 if "." in title.split()[0] else 16)
        canvas.drawString(72, 770, title)
        canvas.setFont("Helvetica", 11)
        for i in range(10):
            canvas.drawString(72, 740 - 15 * i, PROSE)
        canvas.drawString(290, 40, str(page))
        canvas.showPage()
    canvas.save()
    return path


def test_a_word_contents_page_without_dot_leaders_is_not_kept_as_sections(
    tmp_path: Path,
) -> None:
    raw = read_pdf(_report(tmp_path / "r.pdf", "Contents"))
    assert [b.text for b in raw.blocks if b.page == 2] == [
        "Contents",
        "Foreword 3",
        "1 Introduction 4",
        "1.1 Background 5",
        "2 Findings 6",
    ]
    assert {b.kind for b in raw.blocks if b.page == 2} == {"toc"}
    sections = split_sections(raw, "r")
    assert [(s.heading, s.level) for s in sections] == [
        ("Foreword", 1),
        ("1 Introduction", 1),
        ("1.1 Background", 2),
        ("2 Findings", 1),
    ]
    assert not any("Findings 6" in s.text for s in sections)


def test_a_designed_contents_page_with_numbers_first_and_its_own_title(tmp_path: Path) -> None:
    raw = read_pdf(_report(tmp_path / "r.pdf", "In this report", numbers_first=True))
    assert {b.kind for b in raw.blocks if b.page == 2} == {"toc"}
    entries = read_contents(raw.blocks)
    assert [(e.title, e.label, e.level) for e in entries] == [
        ("Foreword", "03", 1),
        ("1 Introduction", "04", 1),
        ("1.1 Background", "05", 2),
        ("2 Findings", "06", 1),
    ]
    assert "In this report" not in [s.heading for s in split_sections(raw, "r")]


def test_word_toc_field_entries_in_rtf_give_contents_levels_and_confirm_headings(
    tmp_path: Path,
) -> None:
    styles = (
        r"{\stylesheet{\ql\f0\fs24 Normal;}"
        r"{\s9\ql\fs24 toc 1;}{\s10\ql\li240\fs24 toc 2;}}"
    )

    def para(text: str, style: str = "") -> str:
        return rf"\pard\plain{style}\f0\fs24 {text}\par" + "\n"

    body = (
        r"{\field{\*\fldinst TOC \\o \"1-3\" \\h}{\fldrslt "
        + para(r"Introduction\tab 1", r"\s9")
        + para(r"Where people live\tab 1", r"\s10")
        + para(r"Next steps\tab 2", r"\s9")
        + "}}"
        # Headings set by hand (no heading styles): the contents vouch for them.
        + "".join(
            para(t) + para(PROSE) for t in ("Introduction", "Where people live", "Next steps")
        )
    )
    path = tmp_path / "doc.rtf"
    path.write_bytes(
        (rf"{{\rtf1\ansi\ansicpg1252\deff0{{\fonttbl{{\f0 Arial;}}}}{styles}{body}}}").encode(
            "latin-1"
        )
    )
    raw = read_rtf(path)
    toc = [b for b in raw.blocks if b.kind == "toc"]
    assert [(b.text, b.role) for b in toc] == [
        ("Introduction 1", "toc1"),
        ("Where people live 1", "toc2"),
        ("Next steps 2", "toc1"),
    ]
    assert [(e.title, e.level) for e in read_contents(raw.blocks)] == [
        ("Introduction", 1),
        ("Where people live", 2),
        ("Next steps", 1),
    ]
    sections = split_sections(raw, "w")
    assert [(s.heading, s.level) for s in sections] == [
        ("Introduction", 1),
        ("Where people live", 2),
        ("Next steps", 1),
    ]
