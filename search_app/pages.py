"""The one page rule, everywhere the read path shows pages (web pages, API, CLI, evidence,
citations and exports):

- the page number printed on the page where the document prints one: "p. 12", "pp. 12–14";
- the physical PDF page only when labelled so, beside the printed one where they differ
  ("p. 12 (PDF p. 15)") or alone where nothing is printed ("PDF p. 15");
- a section without pages (an RTF-only document) by its number: "§ 2.2".

JSON names both kinds explicitly: ``printed_page_start``/``printed_page_end`` (labels, or
null) and ``pdf_page_start``/``pdf_page_end`` (1-based physical pages, or null), beside
``pages``, the text above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.model import Document, EvidenceStatement, Section
from ingest.pages import is_page_number

# "2.2 Inequalities in childhood obesity" -> "2.2"; "Annex A: ..." -> "Annex A".
_SECTION_NUMBER = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,4}|[A-Z](?:\.\d{1,2}){1,4})\.?\s"
    r"|(?P<named>(?:Part|Chapter|Section|Annex|Appendix)\s+(?:\d{1,2}|[A-Z]|[IVX]{1,5}"
    r"|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten))\b)",
    re.IGNORECASE,
)
SHORT_HEADING = 40


def section_locator(heading: str) -> str:
    """A short locator for a section without pages: its number, else its heading (cut)."""
    heading = heading.strip()
    match = _SECTION_NUMBER.match(heading)
    if match:
        return match.group("num") or match.group("named")
    if len(heading) <= SHORT_HEADING:
        return heading
    return heading[:SHORT_HEADING].rsplit(" ", 1)[0] + "…"


def _span(prefix: str, first: str, last: str) -> str:
    if first == last:
        return f"{prefix}p. {first}"
    return f"{prefix}pp. {first}–{last}"


@dataclass(frozen=True)
class Pages:
    """Where a section (or a statement in it) is, both ways."""

    pdf_start: int | None
    pdf_end: int | None
    printed_start: str | None  # a printed page number, never a label such as "Cover"
    printed_end: str | None
    section: str = ""  # the short section locator, for text without pages

    @property
    def printed(self) -> bool:
        return self.printed_start is not None

    @property
    def text(self) -> str:
        """ "p. 12", "pp. 12–14 (PDF pp. 15–17)", "PDF p. 15" or "§ 2.2"."""
        pdf = ""
        if self.pdf_start is not None:
            pdf = _span("PDF ", str(self.pdf_start), str(self.pdf_end or self.pdf_start))
        if self.printed_start is not None:
            printed = _span("", self.printed_start, self.printed_end or self.printed_start)
            same = printed == pdf.removeprefix("PDF ")
            return printed if not pdf or same else f"{printed} ({pdf})"
        if pdf:
            return pdf
        return f"§ {self.section}" if self.section else ""

    def fields(self) -> dict[str, Any]:
        return {
            "pages": self.text,
            "printed_page_start": self.printed_start,
            "printed_page_end": self.printed_end if self.printed else None,
            "pdf_page_start": self.pdf_start,
            "pdf_page_end": self.pdf_end,
        }


def pages_of(section: Section) -> Pages:
    printed = is_page_number(section.label_start) and is_page_number(
        section.label_end or section.label_start
    )
    return Pages(
        pdf_start=section.page_start,
        pdf_end=section.page_end if section.page_start is not None else None,
        printed_start=section.label_start if printed else None,
        printed_end=(section.label_end or section.label_start) if printed else None,
        section="" if section.page_start is not None else section_locator(section.heading),
    )


def page_span(section: Section) -> str:
    """The section's pages as the page rule writes them."""
    return pages_of(section).text


def page_fields(section: Section) -> dict[str, Any]:
    """``pages``, ``printed_page_start/end`` and ``pdf_page_start/end`` for JSON."""
    return pages_of(section).fields()


def printed_at(section: Section, page: int, document: Document | None = None) -> str | None:
    """The number printed on physical ``page`` of ``section``: from the document's page
    labels, else counted on from the section's first printed number."""
    if document is not None and document.page_labels:
        return document.printed_page(page)
    first = section.label_start
    if first and first.isdigit() and section.page_start is not None:
        return str(int(first) + page - section.page_start)
    return None


def page_at(section: Section, page: int | None, document: Document | None = None) -> Pages:
    """One physical page of ``section`` (an evidence statement's), both ways."""
    if page is None:
        return Pages(None, None, None, None, section_locator(section.heading))
    printed = printed_at(section, page, document)
    return Pages(page, page, printed, printed)


def pdf_page_text(document: Document | None, page: int | None) -> str:
    """One physical page of a document by the page rule: "p. 8 (PDF p. 12)", "PDF p. 12"."""
    if page is None:
        return ""
    printed = document.printed_page(page) if document is not None else None
    return Pages(page, page, printed, printed).text


def page_text(pdf_page: int | None, printed_page: str | None) -> str:
    """One page known both ways (an evidence row's): "p. 8 (PDF p. 12)", "PDF p. 12", "p. 8"."""
    printed = printed_page if is_page_number(printed_page) else None
    return Pages(pdf_page, pdf_page, printed, printed).text


def evidence_fields(
    section: Section, statement: EvidenceStatement, document: Document | None = None
) -> dict[str, Any]:
    at = page_at(section, statement.page, document)
    return {
        "pages": at.text,
        "printed_page": at.printed_start,
        "pdf_page": at.pdf_start,
    }


# Model fields renamed on the way out: "page_start" did not say which kind of page it was.
_RENAMED = ("page_start", "page_end", "label_start", "label_end", "page_offsets")


def section_json(section: Section, document: Document | None = None) -> dict[str, Any]:
    """A section as the API and ``healthsearch sections --json`` give it."""
    data = {k: v for k, v in section.to_dict().items() if k not in _RENAMED}
    data.update(page_fields(section))
    data["pdf_page_offsets"] = [list(p) for p in section.page_offsets]
    data["evidence"] = [
        {**e, **evidence_fields(section, ev, document)}
        for e, ev in zip(data["evidence"], section.evidence, strict=True)
    ]
    for e in data["evidence"]:
        e.pop("page", None)
    return data
