"""Which headings a PDF declares, in order of trust: structure tree, then bookmarks.

A tagged PDF's H1-H6 elements are its headings, and its table cells, list items, captions,
figures and notes are not, whatever their type looks like. Without heading tags, bookmarks
matched to their titles on the page are the headings. Blocks a declared source covers and
does not name a heading get ``heading_level=0`` (known not to be a heading); blocks on pages
no source covers keep ``None`` and are left to typography in the sectioner.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection

from ingest.model import Block
from ingest.readers.pdf_bookmarks import BOOKMARK, Bookmark, apply_bookmarks
from ingest.readers.pdf_structure import heading_level

STRUCTURE_TREE = "structure-tree"
BOOKMARKS = "bookmarks"
TYPOGRAPHY = "typography"
# Structure roles whose text is never a heading, and the block kind each implies.
_NOT_HEADINGS = {
    "TD": "para",
    "TH": "para",
    "LI": "para",
    "Lbl": "para",
    "Figure": "caption",
    "Caption": "caption",
    "Note": "footnote",
    "TOC": "toc",
    "Artifact": "para",
}
_CAPTION_TITLE = re.compile(r"^(?:figure|fig\.|table|chart|graph|map|box|exhibit)\s*\d", re.I)


def _known(block: Block) -> Block:
    """A block whose structure role rules it out as a heading, marked so."""
    kind = _NOT_HEADINGS.get(block.role)
    if kind is None:
        return block
    new_kind = kind if block.kind == "para" and kind != "para" else block.kind
    return dataclasses.replace(block, heading_level=0, kind=new_kind)


def declare_outline(
    blocks: list[Block], tagged: Collection[int], bookmarks: tuple[Bookmark, ...], pages: int
) -> tuple[list[Block], str]:
    """The blocks with declared headings marked, and the outline source that declared them."""
    blocks = [_known(b) if b.page in tagged else b for b in blocks]
    tree = sum(1 for b in blocks if b.page in tagged and heading_level(b.role))
    if tree >= 2 or (tree and pages <= 3):
        out = []
        for b in blocks:
            if b.page not in tagged or b.heading_level == 0:
                out.append(b)
            else:
                level = heading_level(b.role)
                out.append(dataclasses.replace(b, heading_level=level if level else 0))
        return out, STRUCTURE_TREE
    marks = tuple(m for m in bookmarks if not _CAPTION_TITLE.match(m.title))
    if marks:
        marked, found = apply_bookmarks(blocks, marks)
        # One matched bookmark is no outline (a chapter's bookmark on an extract of it).
        if found >= 2 and found >= 0.3 * len(marks):
            # The bookmarks speak for the pages from the first to the last they point to;
            # pages outside (front matter, appended pages) are left to typography.
            pages_marked = [b.page or 0 for b in marked if b.role == BOOKMARK]
            first, last = min(pages_marked), max(pages_marked)
            return [
                dataclasses.replace(b, heading_level=0)
                if b.role != BOOKMARK and b.page is not None and first <= b.page <= last
                else b
                for b in marked
            ], BOOKMARKS
    return blocks, TYPOGRAPHY
