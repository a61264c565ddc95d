"""The golden outline of the sample corpus, and a check of each PDF against it.

`tests/golden/sample_corpus.json` is what the ingest tests compare their sectioner with: for each
document its headings as printed, their levels, objectives, and the physical PDF page (1-based)
on which each heading is printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pdfplumber

from .markup import SourceDocument
from .pdf import PdfResult
from .pdf_styles import BODY_SIZE


def golden_entry(doc: SourceDocument, pdf: PdfResult | None) -> dict[str, Any]:
    sections = []
    for index, section in enumerate(doc.sections):
        page = pdf.heading_pages[index] if pdf else None
        sections.append(
            {
                "heading": section.heading.text,
                "level": section.heading.level,
                "page": page,
                "printed_page": pdf.printed(page) if pdf and page else None,
                "objectives": list(section.heading.objectives),
            }
        )
    return {
        "id": doc.doc_id,
        "title": doc.title,
        "formats": list(doc.formats),
        "pdf_pages": pdf.pages if pdf else None,
        "sections": sections,
    }


def write_golden(path: Path, entries: dict[str, dict[str, Any]], order: list[str]) -> None:
    """Merge `entries` into the golden file, keeping documents built earlier (for --only)."""
    existing: dict[str, dict[str, Any]] = {}
    if path.exists():
        existing = {d["id"]: d for d in json.loads(path.read_text("utf-8"))["documents"]}
    existing.update(entries)
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    documents = sorted(existing.values(), key=lambda d: (rank.get(d["id"], len(rank)), d["id"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"documents": documents}, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def check_pdf(path: Path, entry: dict[str, Any]) -> list[str]:
    """Problems found by reading the PDF back as the ingester will: heading on its page, bold,
    larger than body text. An empty list means the golden outline can be trusted."""
    problems: list[str] = []
    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) != entry["pdf_pages"]:
            problems.append(f"{len(pdf.pages)} pages, golden says {entry['pdf_pages']}")
        heading_words: dict[int, list[str]] = {}
        for section in entry["sections"]:
            number = section["page"]
            if number not in heading_words:
                page = pdf.pages[number - 1]
                words = page.extract_words(extra_attrs=["size", "fontname"])
                page.close()  # pdfplumber keeps every page's objects alive until closed
                heading_words[number] = [
                    w["text"]
                    for w in words
                    if w["size"] > BODY_SIZE + 0.5 and "Bold" in w["fontname"]
                ]
            if not _contains(heading_words[number], section["heading"].split()[:3]):
                problems.append(f"heading {section['heading']!r} not found on page {number}")
    return problems


def _contains(words: list[str], wanted: list[str]) -> bool:
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words)))
