"""What the sectioner knows of a document before choosing headings: its body size and
face, each page's running text, its covers, and the type style of a block.

Shared by the heading finder and its filters; format-agnostic (only
:class:`~ingest.model.Block` fields).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.contents import ContentsIndex, Entry
from ingest.heading_cues import is_italic_font
from ingest.heading_levels import Style
from ingest.model import Block

# A page with less running text than this (in words) is a cover: its lines are no headings.
COVER_WORDS = 60
BACK_COVER_WORDS = 350

TREE, BOOKMARKS, STYLES, CONTENTS, TYPOGRAPHY = (
    "structure-tree",
    "bookmarks",
    "styles",
    "contents",
    "typography",
)


def body_size(blocks: Sequence[Block]) -> float:
    """The font size that carries most characters of running text."""
    weights: Counter[float] = Counter()
    for b in blocks:
        if b.size > 0 and b.kind in ("para", "list"):
            weights[b.size] += len(b.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def is_italic(block: Block) -> bool:
    return bool(block.font) and is_italic_font(block.font)


def style_of(block: Block) -> Style:
    return (block.size, block.bold, is_italic(block) and not block.bold)


def style_order(style: Style) -> tuple[float, bool, bool]:
    """Sort key: larger first, bold before regular, upright before italic."""
    size, bold, italic = style
    return (-size, not bold, italic)


def face_of(block: Block) -> tuple[Style, str]:
    """The style with the font family: what tells a back cover or masthead from headings."""
    name = (block.font.partition("+")[2] or block.font).lower()
    return style_of(block), re.split(r"[-,]", name, maxsplit=1)[0]


@dataclass(frozen=True)
class Candidate:
    """A block (or run of blocks) that may be a heading, and what vouches for it."""

    index: int
    last: int
    text: str
    kind: str  # a source name, or CONTENTS for a block only the contents page vouches for
    entry: Entry | None  # its contents entry


@dataclass
class PageFacts:
    words: int = 0  # words of running text (body-size paragraphs)
    width: float = 0.0  # right edge of the widest running-text block
    body: float = 0.0  # the size carrying most characters on this page


class DocFacts:
    """The document as the heading finder sees it."""

    def __init__(self, blocks: Sequence[Block], page_count: int | None, toc: list[Entry]):
        self.blocks = blocks
        self.body = body_size(blocks)
        self.contents = ContentsIndex(toc)
        self.declared_only = sum(1 for b in blocks if b.heading_level) >= 3 and not any(
            b.heading_level == 0 for b in blocks
        )
        self.pages: dict[int, PageFacts] = {}
        for b in blocks:
            if b.page is None:
                continue
            page = self.pages.setdefault(b.page, PageFacts())
            if b.kind in ("para", "list") and abs(b.size - self.body) <= 0.6:
                page.words += len(b.text.split())
                if b.lines >= 2:
                    page.width = max(page.width, b.x1)
        local: dict[int, Counter[float]] = {}
        for b in blocks:
            if b.page is not None and b.kind in ("para", "list") and b.size > 0:
                local.setdefault(b.page, Counter())[b.size] += len(b.text)
        for number, sizes in local.items():
            self.pages[number].body = sizes.most_common(1)[0][0]
        count = max([page_count or 0, *self.pages])
        self.count = count
        faces = Counter(
            face_of(b) for b in blocks if b.kind == "para" and abs(b.size - self.body) <= 0.5
        )
        self.body_face = faces.most_common(1)[0][0] if faces else None
        # The running text's own colour and weight: a line differing from them is set apart.
        colours: Counter[str] = Counter()
        bold = chars = 0
        for b in blocks:
            if b.kind == "para" and abs(b.size - self.body) <= 0.5:
                colours[b.color] += len(b.text)
                chars += len(b.text)
                bold += len(b.text) if b.bold else 0
        self.body_color = colours.most_common(1)[0][0] if colours else ""
        self.body_bold = chars > 0 and bold * 2 > chars
        self.covers: set[int] = set()
        if count >= 3 and self.pages.get(1, PageFacts()).words < COVER_WORDS:
            self.covers.add(1)
        self.last = count if count >= 4 else None

    def next_content(self, last: int) -> int | None:
        for j in range(last + 1, len(self.blocks)):
            if self.blocks[j].kind != "footnote":
                return j
        return None

    def text_between(self, a: int, b: int) -> bool:
        """Is there running text (body size or larger) between blocks ``a`` and ``b``?"""
        return any(
            self.blocks[j].size >= self.body - 0.5 and self.blocks[j].kind in ("para", "list")
            for j in range(a + 1, b)
        )

    def running_text(self, start: int) -> bool:
        """Do the blocks from ``start`` read as running text (a paragraph or a list in one
        size), rather than the one-line labels on a figure?"""
        size = self.blocks[start].size
        items = 0
        for block in self.blocks[start : start + 4]:
            if block.kind not in ("para", "list") or abs(block.size - size) > 0.5:
                break
            if block.lines >= 2 and len(block.text.split()) >= 12:
                return True  # a paragraph
            items += block.kind == "list"
        return items >= 2  # a list
