"""Where printed lines fall in a built PDF (for the TOC's second pass and for drafting golden
files, which are then checked by eye)."""

from __future__ import annotations

import re
from pathlib import Path


def norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def locate(pdf: Path, lines: list[str], start_page: int = 1) -> list[int]:
    """The 1-based page of each of ``lines`` in order, each at or after the previous one's."""
    pages = [norm(t) for t in page_texts(pdf)]
    out: list[int] = []
    page = start_page
    for line in lines:
        key = norm(line)
        found = next((p for p in range(page, len(pages) + 1) if key in pages[p - 1]), None)
        if found is None:
            raise LookupError(f"{line!r} not found after page {page} of {pdf.name}")
        out.append(found)
        page = found
    return out
