"""Embedded citation metadata for section and document pages: Highwire Press ``citation_*``
meta tags and a COinS span, so that a browser reference-manager connector (Zotero's
Embedded Metadata and COinS translators, Mendeley's, EndNote's) saves the page as a report
with its title, corporate author, date, institution, pages and URL.

Pages follow the page rule: the numbers printed on the pages where the document prints them,
else the PDF's own page numbers (the only ones there are).
"""

from __future__ import annotations

from urllib.parse import urlencode

from ingest.model import Document, Section
from search_app.pages import pages_of

MetaTags = list[tuple[str, str]]


def _date(issued: str) -> str:
    """Highwire writes dates as YYYY/MM/DD (or fewer parts): '2010-04' -> '2010/04'."""
    return "/".join(p for p in issued.split("-")[:3] if p.isdigit())


def _pages(section: Section | None) -> tuple[str, str] | None:
    if section is None:
        return None
    pages = pages_of(section)
    if pages.printed_start is not None:
        return pages.printed_start, pages.printed_end or pages.printed_start
    if pages.pdf_start is not None:
        return str(pages.pdf_start), str(pages.pdf_end or pages.pdf_start)
    return None


def meta_tags(
    document: Document, page_url: str, pdf_url: str | None, section: Section | None = None
) -> MetaTags:
    """``(name, content)`` pairs for ``<meta>`` tags describing ``document`` (as a report),
    at ``section``'s pages when the page shows one section. URLs are absolute."""
    tags: MetaTags = [("citation_title", document.title)]
    if document.author:
        tags.append(("citation_author", document.author))
    if document.issued and _date(document.issued):
        tags.append(("citation_publication_date", _date(document.issued)))
        tags.append(("citation_date", _date(document.issued)))
    # The report's institution: it is what makes an importer save the page as a report.
    institution = document.publisher or document.author
    if institution:
        tags.append(("citation_technical_report_institution", institution))
    if document.publisher:
        tags.append(("citation_publisher", document.publisher))
    if document.number:
        tags.append(("citation_technical_report_number", document.number))
    if document.series:
        tags.append(("citation_series_title", document.series))
    if document.isbn:
        tags.append(("citation_isbn", document.isbn))
    if pages := _pages(section):
        tags.append(("citation_firstpage", pages[0]))
        tags.append(("citation_lastpage", pages[1]))
    tags.append(("citation_public_url", document.url or page_url))
    tags.append(("citation_abstract_html_url", page_url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    tags.append(("citation_language", "en"))
    return tags


def coins(document: Document, page_url: str, section: Section | None = None) -> str:
    """The ``title`` of a COinS span (OpenURL 1.0 KEV, book format, genre report)."""
    fields: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
        ("rft_id", document.url or page_url),
        ("rft.genre", "report"),
        ("rft.btitle", document.title),
    ]
    if document.author:
        fields.append(("rft.aucorp", document.author))
    if document.issued:
        fields.append(("rft.date", document.issued))
    if document.publisher:
        fields.append(("rft.pub", document.publisher))
    if document.place:
        fields.append(("rft.place", document.place))
    if document.series:
        fields.append(("rft.series", document.series))
    if document.isbn:
        fields.append(("rft.isbn", document.isbn))
    if pages := _pages(section):
        fields.append(("rft.spage", pages[0]))
        fields.append(("rft.epage", pages[1]))
        fields.append(("rft.pages", pages[0] if pages[0] == pages[1] else "-".join(pages)))
    return urlencode(fields)
