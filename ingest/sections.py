"""Blocks into an outline of sections: which blocks are headings, at what level, and the text,
pages and printed page labels under each.

Format-agnostic: works only from :class:`~ingest.model.Block` fields, so PDF and RTF share it.
A reader that knows a heading level (an RTF heading style) sets ``heading_level``; otherwise
headings are found from typography (size, bold, space above) and numbering.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

from ingest.contents import read_contents
from ingest.heading_cues import is_numbered, numbering_depth
from ingest.heading_doc import TYPOGRAPHY, body_size
from ingest.heading_finder import Heading, cover_pages, find_headings
from ingest.model import Block, RawDocument, Section, Table
from ingest.notes import is_note, placed_anchors, to_note
from ingest.textnorm import BULLET

log = logging.getLogger(__name__)

FRONT_MATTER = "Front matter"
# Front matter shorter than this (in words, outside the cover page) is cover text: dropped.
MIN_FRONT_WORDS = 40

__all__ = [
    "FRONT_MATTER",
    "body_size",
    "find_headings",
    "is_numbered",
    "numbering_depth",
    "outline_source",
    "split_outline",
    "split_sections",
]


class _Builder:
    """Accumulates one section's text and the pages its characters fall on."""

    def __init__(self, page: int | None) -> None:
        self.parts: list[str] = []
        self.notes: list[Block] = []
        self.note_refs: list[tuple[int, str]] = []
        self.length = 0
        self.page_start = page
        self.page_end = page
        self.current = page
        self.offsets: list[tuple[int, int]] = []
        self.last_kind = ""
        self.tables: list[Table] = []

    def _add(self, text: str, page: int | None, sep: str) -> None:
        if self.parts:
            self.parts.append(sep)
            self.length += len(sep)
        if page is not None:
            if self.page_start is None:
                self.page_start = self.current = page
            elif page != self.current:
                self.offsets.append((self.length, page))
                self.current = page
            self.page_end = page if self.page_end is None else max(self.page_end, page)
        self.parts.append(text)
        self.length += len(text)

    def add(self, block: Block) -> None:
        if block.kind == "footnote" and is_note(block):
            self.notes.append(block)
            return
        text = block.text
        if block.kind == "table" and block.table is not None:
            # Kept whole: its text for search, its cells for the page, at the same offset.
            text = block.table.text()
            start = self.length + (2 if self.parts else 0)
            self.tables.append(dataclasses.replace(block.table, offset=start, page=block.page))
        if block.kind == "list":
            text = f"{BULLET} {text.lstrip(BULLET).strip()}"
        sep = "\n" if block.kind == "list" and self.last_kind == "list" else "\n\n"
        self._add(text, block.page, sep)
        self.note_refs.extend(placed_anchors(block, text, self.length - len(text)))
        self.last_kind = block.kind

    def finish(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        # Notes stay out of the text; ingest.notes gives them to the sentence that calls them.
        return "".join(self.parts), tuple(self.offsets)


def _label(raw: RawDocument, page: int | None) -> str | None:
    if page is None or not 1 <= page <= len(raw.page_labels):
        return None
    return raw.page_labels[page - 1] or None


def outline_source(headings: list[Heading], raw: RawDocument) -> str:
    """The source most headings came from (the primary one when sources were mixed)."""
    counts = Counter(h.source for h in headings)
    if counts:
        return counts.most_common(1)[0][0]
    return raw.outline_source or TYPOGRAPHY


def split_sections(raw: RawDocument, doc_id: str) -> list[Section]:
    """Split a document's blocks into sections, one per heading, in document order."""
    return split_outline(raw, doc_id)[0]


def split_outline(raw: RawDocument, doc_id: str) -> tuple[list[Section], str]:
    """The sections, and where their headings came from (see :func:`outline_source`)."""
    contents = read_contents([b for b in raw.blocks if b.kind == "toc"])
    blocks = [b for b in raw.blocks if b.kind != "toc" and b.text.strip()]
    headings = find_headings(blocks, raw.page_count, contents)
    starts = {h.index: h for h in headings}
    skip = {j for h in headings for j in range(h.index + 1, h.last + 1)}

    pending: list[tuple[str, int, _Builder]] = []
    first = headings[0].index if headings else len(blocks)
    front = _Builder(None)
    for block in blocks[:first]:
        front.add(block)
    covers = cover_pages(blocks, raw.page_count) if headings else set()
    front_words = sum(len(b.text.split()) for b in blocks[:first] if b.page not in covers)
    if blocks[:first] and (front_words >= MIN_FRONT_WORDS or not headings):
        pending.append((FRONT_MATTER, 1, front))

    builder: _Builder | None = None
    for index in range(first, len(blocks)):
        block = blocks[index]
        if index in skip:
            continue
        heading = starts.get(index)
        if heading is not None:
            builder = _Builder(block.page)
            pending.append((heading.text, heading.level, builder))
        elif builder is not None:
            builder.add(block)

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    for ordinal, (heading_text, level, b) in enumerate(pending):
        text, offsets = b.finish()
        while stack and stack[-1][0] >= level:
            stack.pop()
        sections.append(
            Section(
                id=f"{doc_id}-s{ordinal:03d}",
                doc_id=doc_id,
                ordinal=ordinal,
                heading=heading_text,
                level=level,
                path=tuple(h for _, h in stack),
                text=text,
                page_start=b.page_start,
                page_end=b.page_end,
                label_start=_label(raw, b.page_start),
                label_end=_label(raw, b.page_end),
                page_offsets=offsets,
                source=raw.format,
                notes=tuple(to_note(n) for n in b.notes),
                note_refs=tuple(b.note_refs),
                tables=tuple(b.tables),
            )
        )
        stack.append((level, heading_text))
    log.debug("%s: %d sections from %d blocks", doc_id, len(sections), len(blocks))
    return sections, outline_source(headings, raw)
