"""What is cited: sections with their locators, grouped into one record per document.

Bibliographic metadata is kept as CSL-JSON (built from the ``Document``, one item per
document); where in the document a section is (its page locator) belongs to the citation, not
to the item. A reference manager gets one record per document whose pages field lists every
cited section's pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ingest.model import Document, Section
from search_app.pages import pages_of

SAMPLE_NOTE = "Sample edition written for this project; not the official text."


@dataclass(frozen=True)
class PageLocator:
    """Where in the document the section is, by the page rule (:mod:`search_app.pages`):
    printed page numbers, else PDF pages (``physical``), else a short section locator.
    ``note`` says which, so a reader can find the place in their copy."""

    label: str  # "page" | "section"
    value: str  # "23", "23-25", or a section number ("2.2") or short heading
    note: str
    physical: bool = False  # PDF page numbers: the document prints none

    @property
    def first(self) -> str:
        return self.value.split("-")[0] if self.label == "page" else ""

    @property
    def last(self) -> str:
        return self.value.split("-")[-1] if self.label == "page" else ""

    @property
    def text(self) -> str:
        """As a reader sees it: "p. 23", "pp. 23–25", "PDF p. 7", "§ 2.2"."""
        if self.label != "page":
            return f"§ {self.value}"
        prefix = "PDF " if self.physical else ""
        if self.first == self.last:
            return f"{prefix}p. {self.first}"
        return f"{prefix}pp. {self.first}–{self.last}"


def _span(start: str | int | None, end: str | int | None) -> str:
    first, last = str(start), str(end if end is not None else start)
    return first if first == last else f"{first}-{last}"


def locate(section: Section) -> PageLocator:
    pages = pages_of(section)
    if pages.printed_start is not None:
        return PageLocator(
            "page",
            _span(pages.printed_start, pages.printed_end),
            "Page numbers are the page numbers printed in the document",
        )
    if pages.pdf_start is not None:
        return PageLocator(
            "page",
            _span(pages.pdf_start, pages.pdf_end),
            "Page numbers are PDF page numbers (the pages carry no printed numbers)",
            physical=True,
        )
    return PageLocator(
        "section",
        pages.section,
        "Located by section (the source file has no page numbers)",
    )


@dataclass(frozen=True)
class Citation:
    """One cited section of one document."""

    section: Section
    document: Document

    @property
    def key(self) -> str:
        return re.sub(r"[^A-Za-z0-9_:-]+", "-", self.section.id).strip("-") or "section"

    @property
    def locator(self) -> PageLocator:
        return locate(self.section)

    @property
    def heading(self) -> str:
        return " › ".join((*self.section.path, self.section.heading))

    @property
    def note(self) -> str:
        parts = [f"Section: {self.heading.rstrip('.?!:')}.", f"{self.locator.note}."]
        return " ".join(parts + document_notes(self.document))


def document_notes(document: Document) -> list[str]:
    """The sample-edition warning and the catalogue's own note, each once."""
    parts = [SAMPLE_NOTE] if document.edition == "sample" else []
    own_note = document.note.strip().rstrip(".") + "."
    if document.note and own_note != SAMPLE_NOTE:
        parts.append(own_note)
    return parts


@dataclass(frozen=True)
class CitedDocument:
    """One record for a reference manager: a document and the sections cited from it."""

    document: Document
    citations: tuple[Citation, ...]  # in document order

    @property
    def key(self) -> str:
        return re.sub(r"[^A-Za-z0-9_:-]+", "-", self.document.id).strip("-") or "document"

    @property
    def locators(self) -> tuple[PageLocator, ...]:
        return tuple(dict.fromkeys(c.locator for c in self.citations))

    @property
    def page_runs(self) -> tuple[tuple[str, str], ...]:
        """(first, last) of each run of cited pages, in document order; runs that touch
        ("1-2" then "2" or "3") are one run."""
        runs: list[tuple[str, str]] = []
        for loc in self.locators:
            if loc.label != "page":
                continue
            first, last = loc.first, loc.last
            if runs and runs[-1][1].isdigit() and first.isdigit() and last.isdigit():
                start, end = runs[-1]
                if int(start) <= int(first) <= int(end) + 1:
                    runs[-1] = (start, str(max(int(end), int(last))))
                    continue
            runs.append((first, last))
        return tuple(runs)

    @property
    def pages(self) -> str:
        """Every cited page, in document order: "ii, 1-2, 12" ('' without pages)."""
        return ", ".join(_span(first, last) for first, last in self.page_runs)

    @property
    def page_range(self) -> tuple[str, str] | None:
        """(first, last) when the citations make one page or one run of pages."""
        runs = self.page_runs
        return runs[0] if len(runs) == 1 else None

    @property
    def note(self) -> str:
        cited = "; ".join(f"{c.heading.rstrip('.?!:')} ({c.locator.text})" for c in self.citations)
        notes = {c.locator.note for c in self.citations}
        parts = [f"Cited: {cited}.", *(f"{n}." for n in sorted(notes))]
        return " ".join(parts + document_notes(self.document))


def by_document(citations: Iterable[Citation]) -> list[CitedDocument]:
    """One record per document, in the order documents are first cited; sections in
    document order, each once."""
    groups: dict[str, dict[str, Citation]] = {}
    documents: dict[str, Document] = {}
    for cit in citations:
        groups.setdefault(cit.document.id, {}).setdefault(cit.section.id, cit)
        documents[cit.document.id] = cit.document
    return [
        CitedDocument(
            documents[doc_id], tuple(sorted(cits.values(), key=lambda c: c.section.ordinal))
        )
        for doc_id, cits in groups.items()
    ]


def _date_parts(issued: str) -> list[int]:
    return [int(p) for p in issued.split("-")[:3] if p.isdigit()]


def csl_item(document: Document) -> dict[str, Any]:
    """The CSL-JSON item for a document (one per document; no locator)."""
    item: dict[str, Any] = {"id": document.id, "type": "report", "title": document.title}
    if document.author:
        item["author"] = [{"literal": document.author}]
    if document.publisher:
        item["publisher"] = document.publisher
    if document.place:
        item["publisher-place"] = document.place
    if _date_parts(document.issued):
        item["issued"] = {"date-parts": [_date_parts(document.issued)]}
    if document.url:
        item["URL"] = document.url
    if document.isbn:
        item["ISBN"] = document.isbn
    if document.series:  # report series: CSL's genre and number ("Research Report 361")
        item["genre"] = document.series
    if document.number:
        item["number"] = document.number
    notes = document_notes(document)
    if notes:
        item["note"] = " ".join(notes)
    return item


def build_citations(sections: Iterable[Section], documents: dict[str, Document]) -> list[Citation]:
    """Pair each section with its document; sections of unknown documents are skipped."""
    return [Citation(s, documents[s.doc_id]) for s in sections if s.doc_id in documents]
