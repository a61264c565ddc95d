"""The PDF reader on report-like PDFs drawn by tests/ingest/pdf_factory.py.

Golden outlines live in tests/golden/outlines/; regenerate deliberately with
``REGEN_GOLDEN=1 .venv/bin/pytest tests/ingest/test_pdf_reader.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ingest.errors import (
    EmptyDocument,
    EncryptedDocument,
    NotAPdf,
    NoText,
    NoTextLayer,
    TruncatedDocument,
)
from ingest.model import RawDocument
from ingest.readers.pdf import read_pdf
from ingest.sections import split_sections
from tests.ingest.pdf_factory import FACTORIES, strategy_report

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "outlines"


@pytest.fixture(scope="module")
def strategy(tmp_path_factory: pytest.TempPathFactory) -> RawDocument:
    return read_pdf(strategy_report(tmp_path_factory.mktemp("pdf") / "strategy.pdf"))


def _all_text(raw: RawDocument) -> str:
    return "\n".join(b.text for b in raw.blocks)


def test_running_header_and_page_numbers_are_not_text(strategy: RawDocument) -> None:
    text = _all_text(strategy)
    assert "Health Inequalities Test Strategy 2010" not in text
    assert not any(b.text.strip().isdigit() for b in strategy.blocks)


def test_printed_page_numbers_become_labels(strategy: RawDocument) -> None:
    # Cover and contents are unnumbered; physical page 3 prints "1".
    assert strategy.page_count == 9
    assert strategy.page_labels == ("", "", "1", "2", "3", "4", "5", "6", "7")


def test_metadata_from_the_info_dict(strategy: RawDocument) -> None:
    assert strategy.metadata["title"] == "Test Report"
    assert strategy.metadata["author"] == "Test Authority"


def test_contents_page_is_marked_toc(strategy: RawDocument) -> None:
    toc = [b for b in strategy.blocks if b.kind == "toc"]
    assert {b.page for b in toc} == {2}
    assert any(b.text.startswith("1.1.1 The statutory duty") for b in toc)
    assert not any(b.kind != "toc" for b in strategy.blocks if b.page == 2)


def test_hyphenation_repaired_and_real_hyphens_kept(strategy: RawDocument) -> None:
    text = _all_text(strategy)
    assert "reduce health inequalities across London" in text
    assert "mental well-being for the Londoners" in text
    assert "with self-help groups" in text


def test_bullets_are_list_blocks_without_the_glyph(strategy: RawDocument) -> None:
    items = [b for b in strategy.blocks if b.kind == "list"]
    assert [b.text for b in items][1:] == [
        "consult the London Assembly and the functional bodies;",
        "review the strategy from time to time.",
    ]
    assert items[0].text.startswith("publish a strategy") and items[0].text.endswith("London;")


def test_small_text_at_the_page_foot_is_a_footnote(strategy: RawDocument) -> None:
    notes = [b for b in strategy.blocks if b.kind == "footnote"]
    assert [(b.page, b.text) for b in notes] == [
        (3, "1 Greater London Authority Act 2007, section 309.")
    ]


def test_two_columns_read_left_column_first(strategy: RawDocument) -> None:
    texts = [b.text for b in strategy.blocks if b.page == 7]
    order = [
        next(i for i, t in enumerate(texts) if needle in t)
        for needle in ("left column about housing", "Left column closing", "right column about")
    ]
    assert order == sorted(order)
    assert not any("housing" in t and "employment" in t for t in texts)  # no mixed lines


def test_heading_blocks_carry_size_bold_and_space(strategy: RawDocument) -> None:
    heading = next(b for b in strategy.blocks if b.text == "1.1 Purpose of the strategy")
    assert heading.bold and heading.size == 14.0 and heading.page == 3
    body = next(b for b in strategy.blocks if b.text.startswith("The strategy sets out"))
    assert not body.bold and body.size == 10.5 and body.lines == 4


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_outline_matches_golden(name: str, tmp_path: Path) -> None:
    raw = read_pdf(FACTORIES[name](tmp_path / f"{name}.pdf"))
    outline = {
        "page_labels": list(raw.page_labels),
        "sections": [
            {
                "heading": s.heading,
                "level": s.level,
                "path": list(s.path),
                "page_start": s.page_start,
                "page_end": s.page_end,
                "label_start": s.label_start,
                "label_end": s.label_end,
                "chars": len(s.text),
            }
            for s in split_sections(raw, name)
        ],
    }
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("REGEN_GOLDEN") == "1":
        golden.write_text(json.dumps(outline, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert outline == json.loads(golden.read_text("utf-8"))


# Errors: each failure a user meets has its own class and one-line reason ------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        read_pdf(path)


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("<html><body>Not found</body></html>")
    with pytest.raises(NotAPdf):
        read_pdf(path)


def test_truncated_download(tmp_path: Path) -> None:
    whole = strategy_report(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(TruncatedDocument):
        read_pdf(path)


def test_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    canvas = Canvas(str(path), pagesize=A4, encrypt="secret")
    canvas.drawString(72, 700, "Confidential text")
    canvas.save()
    with pytest.raises(EncryptedDocument):
        read_pdf(path)


def test_scanned_pages_need_ocr(tmp_path: Path) -> None:
    image = tmp_path / "scan.png"
    Image.new("L", (200, 280), color=200).save(image)
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(2):
        canvas.drawImage(str(image), 0, 0, *A4)
        canvas.showPage()
    canvas.save()
    with pytest.raises(NoTextLayer, match="no text layer on any of its 2 pages"):
        read_pdf(path)


def test_blank_pages_have_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.showPage()
    canvas.save()
    with pytest.raises(NoText):
        read_pdf(path)
