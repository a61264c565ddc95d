"""Note calls in PDFs: raised small markers are taken off the words they stick to.

Measured on the sample editions (reportlab) and on a Chromium-printed file
(tests/fixtures/notes): every call is found and nothing else on those pages is.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from ingest.model import Block, Section
from ingest.readers.pdf_notes import calls_in_line, is_note_call, mark_notes, take_calls
from ingest.settings import PROJECT_ROOT

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "notes" / "chromium_notes.pdf"


def _calls(path: Path, page: int) -> list[tuple[str, str]]:
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[page - 1].extract_words(extra_attrs=["size", "fontname"])
    return [
        (words[i - 1]["text"], w["text"])
        for i, w in enumerate(words)
        if i and is_note_call(w, words[i - 1])
    ]


def test_calls_in_a_chromium_printed_pdf() -> None:
    assert _calls(FIXTURE, 1) == [("served", "1"), ("practice", "2,3")]


def test_calls_in_the_sample_strategy() -> None:
    assert _calls(PROJECT_ROOT / "corpus" / "his-2010.pdf", 15) == [("served", "6"), ("need", "7")]


def _word(text: str, x0: float, size: float, bottom: float) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + size * 0.5 * len(text), "size": size,
            "bottom": bottom}  # fmt: skip


def test_mathematics_and_lowered_marks_are_not_calls() -> None:
    x = _word("X", 10, 10, 100)
    assert not is_note_call(_word("i", 15, 6, 96), x)  # X to the i
    co = _word("CO", 10, 10, 100)
    assert not is_note_call(_word("2", 20, 6, 102), co)  # CO2, lowered
    served = _word("served", 10, 10, 100)
    assert is_note_call(_word("6", 40.5, 6, 96), served)
    assert not is_note_call(_word("6", 60, 6, 96), served)  # far from the word: not its call


def test_calls_become_anchors_and_notes_answer_them() -> None:
    words = [_word("the", 0, 10, 100), _word("served", 16, 10, 100), _word("6", 46.5, 6, 96)]
    line = " ".join(calls_in_line(words)).replace(" \ue000", "\ue000")
    body = take_calls(Block(text=line + " next.", size=10))
    assert body.text == "the served next." and body.anchors == ((10, "6"),)
    raised_marker = Block(text="\ue0006\ue001 Tudor Hart J (1971) The inverse care law.", size=8)
    assert take_calls(raised_marker).text.startswith("6 Tudor Hart")
    blocks = mark_notes(
        [
            Block(text="the served\ue0006\ue001. More text.", size=10),
            Block(text="6 Tudor Hart J (1971) The inverse care law.", size=8),
            Block(text="7 items were counted in the small print.", size=8),
            Block(text="Body resumes.", size=10),
        ],
        body_size=10,
    )
    assert [b.kind for b in blocks] == ["para", "footnote", "para", "para"]
    assert blocks[0].anchors == ((10, "6"),)


def test_notes_run_together_are_split_and_a_last_line_rejoins_its_note() -> None:
    blocks = mark_notes(
        [
            Block(
                text="graded on a scale\ue0001\ue001. A trial is not feasible\ue0002\ue001.",
                size=10,
            ),
            Block(text="1 The scale follows the HDA. 2 On observational evidence see", size=8),
            Block(text="Macintyre (2003).", size=8),
        ],
        body_size=10,
    )
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        ("footnote", "1 The scale follows the HDA."),
        ("footnote", "2 On observational evidence see Macintyre (2003)."),
    ]


def _read(path: Path) -> tuple[str, list[Section]]:
    from ingest.enrich import enrich
    from ingest.model import Document
    from ingest.readers import read
    from ingest.sections import split_sections

    _, sections = enrich(Document(id="d", title="D"), split_sections(read(path), "d"), ())
    return "\n".join(s.text for s in sections), sections


def test_a_chromium_pdf_reads_without_markers_and_links_its_notes() -> None:
    text, sections = _read(FIXTURE)
    assert "population served." in text and "served1" not in text and "practice2" not in text
    assert "Tudor Hart" not in text, "note text stays out of the page's body text"
    statements = {e.text.split()[-1]: e for s in sections for e in s.evidence}
    assert [s.cited_as for s in statements["served."].sources] == ["1"]
    assert [s.cited_as for s in statements["practice."].sources] == ["2", "3"]


def test_a_libreoffice_pdf_keeps_its_footnotes_out_of_the_text() -> None:
    pdf = PROJECT_ROOT / "tests" / "fixtures" / "devset" / "riverside-dph-annual-report-2024.pdf"
    text, sections = _read(pdf)
    assert "their population." in text and "population.1" not in text
    notes = [n for s in sections for n in s.notes]
    assert [(n.marker, n.text) for n in notes][:1] == [
        ("1", "Health and Social Care Act 2012, section 31.")
    ]
    assert "Health and Social Care Act 2012, section 31" not in text
