"""Presentation helpers shared by the pages: page labels, highlighting, reading-order blocks.

Everything that reaches a template as markup is built here from escaped text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ingest.model import Document, Section
from search_app.engine import highlighted
from search_app.views.links import link


def highlight(text: str, terms: frozenset[str]) -> Markup:
    """``text`` escaped, with every token whose indexed term is in ``terms`` (the stems the
    engine matched for the query, ``Engine.matched``) wrapped in ``<mark>``."""
    if not terms:
        return escape(text)
    return Markup(highlighted(text, terms))


def _label_for(section: Section, page: int) -> str | None:
    """The printed label of physical ``page`` when the section's labels are plain numbers."""
    if section.label_start and section.label_start.isdigit() and section.page_start is not None:
        return str(int(section.label_start) + page - section.page_start)
    return None


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
    label: str | None = None


def reading_blocks(section: Section, terms: frozenset[str]) -> list[Block]:
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
            label = _label_for(section, chunk_page)
            blocks.append(Block("page", Markup(""), chunk_page, label))
        for para in re.split(r"\n\s*\n|\n(?=[-•*] )", chunk):
            if para.strip():
                blocks.append(Block("para", highlight(para.strip(), terms), chunk_page))
    return blocks
