"""Presentation helpers shared by the pages: page labels, highlighting, reading-order blocks.

Everything that reaches a template as markup is built here from escaped text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ingest.model import Document, EvidenceStatement, Section, Table
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
    kind: str  # "page" (a page starts here) | "para" | "table"
    html: Markup
    page: int | None = None
    label: str | None = None  # the page rule's text for a page marker: "p. 5 (PDF p. 7)"


OUTLINE_SOURCES = {
    "structure-tree": "the PDF's tags (structure tree)",
    "bookmarks": "the PDF's bookmarks",
    "styles": "the file's heading styles",
    "typography": "type sizes, weights and numbering",
}


def outline_label(source: str) -> str:
    """How a document's headings were found, in a reader's words ("" when unknown)."""
    return OUTLINE_SOURCES.get(source, source)


def table_html(table: Table, terms: frozenset[str]) -> Markup:
    """A kept-whole table as an HTML table: header rows as ``<th scope="col">``."""
    head = table.rows[: table.header_rows]
    body = table.rows[table.header_rows :]
    parts = ['<table class="table">']
    if head:
        parts.append("<thead>")
        for row in head:
            cells = "".join(f'<th scope="col">{highlight(c, terms)}</th>' for c in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</thead>")
    parts.append("<tbody>")
    for row in body:
        parts.append("<tr>" + "".join(f"<td>{highlight(c, terms)}</td>" for c in row) + "</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def _paragraphs(
    text: str, start: int, tables: list[Table], terms: frozenset[str], page: int | None
) -> list[Block]:
    """Paragraph and table blocks of ``text``, which starts at offset ``start`` in the
    section: a table's own text is shown as the table."""
    out: list[Block] = []
    pos = 0
    for table in tables:
        at = table.offset - start
        if not 0 <= at < len(text):
            continue
        out.extend(_plain(text[pos:at], terms, page))
        out.append(Block("table", table_html(table, terms), page))
        pos = at + len(table.text())
    out.extend(_plain(text[pos:], terms, page))
    return out


def _plain(text: str, terms: frozenset[str], page: int | None) -> list[Block]:
    return [
        Block("para", highlight(para.strip(), terms), page)
        for para in re.split(r"\n\s*\n|\n(?=[-•*] )", text)
        if para.strip()
    ]


def reading_blocks(
    section: Section, terms: frozenset[str], document: Document | None = None
) -> list[Block]:
    """The section text as paragraphs and tables, with a marker wherever a new physical page
    begins."""
    cuts = [(start, page) for start, page in section.page_offsets if start > 0]
    chunks: list[tuple[int, int | None, str]] = []
    pos, page = 0, section.page_start
    for start, next_page in cuts:
        chunks.append((pos, page, section.text[pos:start]))
        pos, page = start, next_page
    chunks.append((pos, page, section.text[pos:]))
    blocks: list[Block] = []
    tables = sorted(section.tables, key=lambda t: t.offset)
    for i, (chunk_start, chunk_page, chunk) in enumerate(chunks):
        if i > 0 and chunk_page is not None:
            label = page_at(section, chunk_page, document).text
            blocks.append(Block("page", Markup(""), chunk_page, label))
        blocks.extend(_paragraphs(chunk, chunk_start, tables, terms, chunk_page))
    return blocks
