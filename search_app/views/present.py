"""Presentation helpers shared by the pages: page labels, highlighting, reading-order blocks.

Everything that reaches a template as markup is built here from escaped text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ingest.model import Document, EvidenceStatement, Section
from search_app.engine import highlighted
from search_app.pages import page_at
from search_app.views.links import link


def highlight(text: str, terms: frozenset[str]) -> Markup:
    """``text`` escaped, with every token whose indexed term is in ``terms`` (the stems the
    engine matched for the query, ``Engine.matched``) wrapped in ``<mark>``."""
    if not terms:
        return escape(text)
    return Markup(highlighted(text, terms))


def evidence_pages(
    section: Section, statement: EvidenceStatement, document: Document | None = None
) -> str:
    """Where an evidence statement is printed, by the page rule ("p. 8 (PDF p. 12)")."""
    return page_at(section, statement.page, document).text if statement.page else ""


def pdf_url(document: Document, page: int | None) -> str | None:
    """Link that opens the document's PDF at physical ``page`` (None when there is no PDF)."""
    if not document.pdf:
        return None
    url = link("files.pdf", doc_id=document.id)
    return f"{url}#page={page}" if page else url


@dataclass(frozen=True)
class Block:
    kind: str  # "page" (a page starts here) | "para"
    html: Markup
    page: int | None = None
    label: str | None = None  # the page rule's text for a page marker: "p. 5 (PDF p. 7)"


def reading_blocks(
    section: Section, terms: frozenset[str], document: Document | None = None
) -> list[Block]:
    """The section text as paragraphs, with a marker wherever a new physical page begins."""
    cuts = [(start, page) for start, page in section.page_offsets if start > 0]
    chunks: list[tuple[int | None, str]] = []
    pos, page = 0, section.page_start
    for start, next_page in cuts:
        chunks.append((page, section.text[pos:start]))
        pos, page = start, next_page
    chunks.append((page, section.text[pos:]))
    blocks: list[Block] = []
    for i, (chunk_page, chunk) in enumerate(chunks):
        if i > 0 and chunk_page is not None:
            label = page_at(section, chunk_page, document).text
            blocks.append(Block("page", Markup(""), chunk_page, label))
        for para in re.split(r"\n\s*\n|\n(?=[-•*] )", chunk):
            if para.strip():
                blocks.append(Block("para", highlight(para.strip(), terms), chunk_page))
    return blocks
