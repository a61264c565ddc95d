"""Blocks into an outline of sections: which blocks are headings, at what level, and the text,
pages and printed page labels under each.

Format-agnostic: works only from :class:`~ingest.model.Block` fields, so PDF and RTF share it.
A reader that knows a heading level (an RTF heading style) sets ``heading_level``; otherwise
headings are found from typography (size, bold, space above) and numbering.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Block, RawDocument, Section
from ingest.notes import is_note, placed_anchors, to_note
from ingest.textnorm import BULLET, normalise

log = logging.getLogger(__name__)

FRONT_MATTER = "Front matter"
# Front matter shorter than this (in words, outside the cover page) is cover text: dropped.
MIN_FRONT_WORDS = 40
MAX_HEADING_CHARS = 160
MAX_HEADING_WORDS = 24

_WORDNUM = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
)
_NAMED = re.compile(
    rf"^(?:part|chapter|section|objective|annex|appendix|indicator|theme|priority|schedule)"
    rf"\s+(?:\d{{1,3}}|[A-Z]|[IVX]{{1,5}}|{_WORDNUM})\b\s*[:.–—-]?",
    re.IGNORECASE,
)
# "1.", "2.3", "2.3.1", "A.1", "A1.2" at the start, followed by a space and a word.
_DOTTED = re.compile(r"^((?:\d{1,2}|[A-Z])(?:\.\d{1,2}){0,4})(\.?)\s+\S")
_FUNCTION_END = re.compile(
    r"(?:\b(?:and|or|of|the|a|an|for|to|in|on|with|by|from|at|its|their|our|into)|[,–—&-])$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Heading:
    index: int  # position of the (first) block in the block list
    last: int  # position of the last block of a wrapped heading
    text: str
    level: int


def numbering_depth(text: str) -> int | None:
    """Depth of a heading's dotted numbering: "2." 1, "2.3" 2, "2.3.1" 3, "A.1" 2; else None."""
    match = _DOTTED.match(text)
    if not match:
        return None
    number, dot = match.group(1), match.group(2)
    depth = number.count(".") + 1
    if depth == 1 and not number.isdigit():
        return None  # "A word" is a sentence, not an annex number
    if depth == 1 and not dot and len(text.split()) > 1 and not text.split()[1][:1].isupper():
        return None  # "3 people said" is prose; "3 Healthy places" is a heading
    return depth


def is_numbered(text: str) -> bool:
    """Does ``text`` start with a heading number ("2.3", "Part Two", "Annex A", "Indicator 4:")?"""
    return bool(_NAMED.match(text)) or numbering_depth(text) is not None


def body_size(blocks: Sequence[Block]) -> float:
    """The font size that carries most characters of running text."""
    weights: Counter[float] = Counter()
    for b in blocks:
        if b.size > 0 and b.kind in ("para", "list"):
            weights[b.size] += len(b.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _looks_like_heading(block: Block, body: float, cover: bool) -> bool:
    if block.heading_level is not None:
        return True
    if cover or block.kind != "para":
        return False
    text = block.text
    if not text or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if block.lines > 3 or text.startswith(BULLET):
        return False
    numbered = is_numbered(text)
    if text.endswith((".", ";", ",")) and not (numbered and len(text.split()) <= 2):
        return False  # sentence-final punctuation: prose, not a heading
    if not any(c.isalpha() for c in text):
        return False
    larger = body > 0 and block.size >= body + max(0.9, 0.08 * body)
    smaller = body > 0 and block.size < body - 0.5
    if smaller:
        return False
    if larger:
        return True
    return block.bold and (block.space_before >= 0.4 * body or numbered)


def _phrase_continues(first: Block, second: Block) -> bool:
    """Is ``second`` the wrapped remainder of heading ``first``?"""
    if first.page != second.page or first.bold != second.bold:
        return False
    if abs(first.size - second.size) > 0.5 or first.heading_level != second.heading_level:
        return False
    if is_numbered(second.text):
        return False
    if second.text[:1].islower() or _FUNCTION_END.search(first.text):
        return True
    # A bare label ("Part Two", "Chapter 3") above its title is one heading.
    return bool(_NAMED.match(first.text)) and len(first.text.split()) <= 3


def _levels(blocks: Sequence[Block], heads: list[tuple[int, int, str]]) -> list[int]:
    """Level per heading: explicit level wins; else rank of (size, bold) refined by numbering.

    Distinct heading styles are ranked largest first (bold above regular at one size). Within
    one style, deeper dotted numbering goes one level deeper per step ("2.3.1" under "2.3");
    named numbering ("Part Two", "Indicator 4") takes the level of its style.
    """
    styles = sorted(
        {(blocks[i].size, blocks[i].bold) for i, _, _ in heads if blocks[i].heading_level is None},
        key=lambda s: (-s[0], not s[1]),
    )
    rank = {style: n for n, style in enumerate(styles, start=1)}
    min_depth: dict[tuple[float, bool], int] = {}
    for i, _, text in heads:
        depth = numbering_depth(text)
        style = (blocks[i].size, blocks[i].bold)
        if depth is not None:
            min_depth[style] = min(depth, min_depth.get(style, depth))
    levels = []
    for i, _, text in heads:
        block = blocks[i]
        if block.heading_level is not None:
            levels.append(max(1, block.heading_level))
            continue
        style = (block.size, block.bold)
        depth = numbering_depth(text)
        extra = depth - min_depth[style] if depth is not None and style in min_depth else 0
        levels.append(rank[style] + extra)
    # Close gaps (no level 2 under level 1 means the 3s are really 2s).
    present = sorted(set(levels))
    squeeze = {lvl: n for n, lvl in enumerate(present, start=1)}
    return [squeeze[lvl] for lvl in levels]


def _drop_callouts(
    blocks: Sequence[Block], heads: list[tuple[int, int, str]], body: float
) -> list[tuple[int, int, str]]:
    """In a numbered outline, drop unnumbered body-size bold titles of a style no numbered
    heading uses: those are box and case-study titles ("Case study: ...", "Box 1: ..."),
    part of the section they sit in. "Foreword" or "References" share the numbered style."""
    typographic = [h for h in heads if blocks[h[0]].heading_level is None]
    numbered = [h for h in typographic if is_numbered(h[2])]
    if len(numbered) < 4 or len(numbered) < 0.6 * len(typographic):
        return heads
    numbered_styles = {(blocks[i].size, blocks[i].bold) for i, _, _ in numbered}
    margin = max(0.9, 0.08 * body)
    return [
        h
        for h in heads
        if blocks[h[0]].heading_level is not None
        or is_numbered(h[2])
        or (blocks[h[0]].size, blocks[h[0]].bold) in numbered_styles
        or blocks[h[0]].size >= body + margin
    ]


def find_headings(blocks: Sequence[Block], page_count: int | None = None) -> list[_Heading]:
    """The headings among ``blocks`` (toc blocks already removed), wrapped ones merged."""
    body = body_size(blocks)
    pages = {b.page for b in blocks if b.page is not None}
    has_cover = len(pages) >= 3 or (page_count or 0) >= 3
    # A source that declares its outline (RTF heading styles) is trusted alone: its cover
    # title is set large and bold too, but is no heading.
    declared = sum(1 for b in blocks if b.heading_level is not None) >= 3
    heads: list[tuple[int, int, str]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        cover = has_cover and block.page == 1
        if (declared and block.heading_level is None) or not _looks_like_heading(
            block, body, cover
        ):
            i += 1
            continue
        text, last = block.text, i
        while (
            last + 1 < len(blocks)
            and _looks_like_heading(blocks[last + 1], body, cover)
            and _phrase_continues(blocks[last], blocks[last + 1])
        ):
            last += 1
            text = f"{text} {blocks[last].text}"
        heads.append((i, last, normalise(text)))
        i = last + 1
    heads = _drop_callouts(blocks, heads, body)
    levels = _levels(blocks, heads)
    return [
        _Heading(i, last, text, lvl) for (i, last, text), lvl in zip(heads, levels, strict=True)
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


def split_sections(raw: RawDocument, doc_id: str) -> list[Section]:
    """Split a document's blocks into sections, one per heading, in document order."""
    blocks = [b for b in raw.blocks if b.kind != "toc" and b.text.strip()]
    headings = find_headings(blocks, raw.page_count)
    starts = {h.index: h for h in headings}
    skip = {j for h in headings for j in range(h.index + 1, h.last + 1)}

    pending: list[tuple[str, int, _Builder]] = []
    first = headings[0].index if headings else len(blocks)
    front = _Builder(None)
    for block in blocks[:first]:
        front.add(block)
    front_words = sum(len(b.text.split()) for b in blocks[:first] if not (b.page == 1 and headings))
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
            )
        )
        stack.append((level, heading_text))
    log.debug("%s: %d sections from %d blocks", doc_id, len(sections), len(blocks))
    return sections
