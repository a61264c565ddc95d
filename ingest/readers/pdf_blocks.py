"""Printed lines into paragraph blocks: by vertical gap, indentation, style and bullets."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Collection, Iterable

from ingest.heading_cues import NAMED, is_italic_font
from ingest.model import Block, Table
from ingest.readers.pdf_layout import Line
from ingest.textnorm import BULLET, join_hyphenated

# First words that mark a bullet list item once normalised ("" and friends become "•").
_BULLET_WORDS = frozenset({BULLET, "-", "–", "—", "▪", "○", "➢", "➤", "►", "✓", "✔", "◦", "*"})
_BULLET_FONTS = re.compile(r"symbol|wingding|dingbat|zapf", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;)\"”’]$")


def body_size(lines: Iterable[Line]) -> float:
    """The font size carrying most characters: the body text size."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[ln.size] += ln.chars
    return weights.most_common(1)[0][0] if weights else 0.0


def normal_gap(pages: list[list[Line]], body: float) -> float:
    """The usual gap between consecutive body lines of one paragraph (leading minus size)."""
    gaps: Counter[float] = Counter()
    for lines in pages:
        for a, b in zip(lines, lines[1:], strict=False):
            if a.col == b.col and a.size == body == b.size:
                gap = b.top - a.bottom
                if -2 < gap < 2 * body:
                    gaps[round(gap * 2) / 2] += 1
    return gaps.most_common(1)[0][0] if gaps else 0.25 * body


def _bullet(line: Line) -> str | None:
    """The text of a bullet item without its bullet, or None if the line is no bullet."""
    word = line.first_word
    if word.startswith(BULLET):
        return line.text[1:].strip() or None
    rest = line.text[len(word) :].strip()
    if not rest:
        return None
    if word in _BULLET_WORDS or (
        word in {"o", "§", "q", "n", "l", "Ø"} and _BULLET_FONTS.search(line.first_font)
    ):
        return rest
    return None


_LABEL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z][.)]?|[IVXL]{1,5}[.)]?)$")


def _row_of_cells(line: Line) -> bool:
    """Words set in separate columns on one line, other than a number before its title."""
    cells = line.segments
    if len(cells) < 2:
        return False
    named = NAMED.match(cells[0])
    label = bool(_LABEL.match(cells[0])) or (named is not None and named.end() >= len(cells[0]))
    return not (len(cells) == 2 and label)


def _dominant(lines: list[Line]) -> tuple[float, bool]:
    sizes: Counter[float] = Counter()
    bold = 0
    chars = 0
    for ln in lines:
        sizes[ln.size] += ln.chars
        chars += ln.chars
        bold += ln.chars if ln.bold else 0
    return sizes.most_common(1)[0][0], bold * 2 > chars


def _starts_new(block: list[Line], prev: Line, line: Line, split_gap: float) -> bool:
    first = block[0]
    if line.kind != prev.kind or line.role != prev.role or line.kind in ("table", "toc"):
        return True  # each contents line is an entry of its own
    if line.col != prev.col:
        # A paragraph running on from the foot of the left column to the top of the right.
        return not (
            prev.col == 1
            and line.col == 2
            and prev.size == line.size
            and prev.bold == line.bold
            and line.text[:1].islower()
            and not _SENTENCE_END.search(prev.text)
        )
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return True
    # A one-line title, short of the measure, over text of the same size: set apart by
    # slant or colour alone. (A full line that changes slant is a phrase in italics.)
    if (
        len(block) == 1
        and prev.x1 < line.x1 - 4 * line.size
        and (is_italic_font(line.font) != is_italic_font(prev.font) or line.color != prev.color)
    ):
        return True
    if line.top - prev.bottom > split_gap * max(1.0, line.size / max(prev.size, 1.0)):
        return True
    if line.top < prev.top - 1:  # ran back up the page: a new region
        return True
    if _bullet(line) is not None:
        return True
    if _bullet(first) is not None:
        # A list item goes on while lines hang indented under its text.
        return line.x0 <= first.x0 + 2
    # A first-line indent opens a paragraph, unless the block so far is one centred line.
    return line.x0 > prev.x0 + 0.8 * line.size and not (len(block) == 1 and prev.x1 - line.x1 > 0)


def build_blocks(
    lines: list[Line],
    body: float,
    split_gap: float,
    page_box: tuple[float, float, float, float],
    vocabulary: Collection[str],
) -> list[Block]:
    """Group one page's lines (reading order) into blocks and classify them.

    ``kind`` is "toc" for contents lines, "list" for bullet items (text without the bullet),
    "footnote" for small text below the last body-size text at the bottom of the page.
    """
    groups: list[list[Line]] = []
    for line in lines:
        if line.text in (".", ",", ";", ":") and groups:
            # A stop set on a line of its own (by a fraction or a kern): it ends the line above.
            above = groups[-1][-1]
            groups[-1][-1] = dataclasses.replace(above, text=above.text + line.text)
            continue
        if groups and not _starts_new(groups[-1], groups[-1][-1], line, split_gap):
            groups[-1].append(line)
        else:
            groups.append([line])
    top, bottom = page_box[1], page_box[3]
    height = bottom - top
    # Footnotes: the trailing run of small blocks that starts in the lower part of the page.
    footnote_from = len(groups)
    for i in range(len(groups) - 1, -1, -1):
        if groups[i][0].kind == "table":
            break  # a table (and its caption above) at the foot of a page is no footnote
        size, _ = _dominant(groups[i])
        if size <= body * 0.88 and groups[i][0].top >= top + 0.55 * height:
            footnote_from = i
        else:
            break
    blocks: list[Block] = []
    prev_bottom: dict[int, float] = {}
    for i, group in enumerate(groups):
        size, bold = _dominant(group)
        first = group[0]
        item = _bullet(first)
        texts = [ln.text for ln in group]
        kind = first.kind
        table = None
        if kind == "table":
            table = Table(rows=first.cells, header_rows=first.header_rows, page=first.page)
        elif kind == "para" and item is not None:
            kind = "list"
            texts[0] = item
        elif kind == "para" and i >= footnote_from:
            kind = "footnote"
        col_prev = prev_bottom.get(first.col, prev_bottom.get(0, top))
        # A line of words standing far apart ("Face to face    Telephone") is a row of
        # cells, not a title; a section number tabbed off its title ("1.1    Scope") is.
        cells = kind == "para" and len(group) == 1 and _row_of_cells(first)
        blocks.append(
            Block(
                text=first.text if kind == "table" else join_hyphenated(texts, vocabulary),
                page=first.page,
                size=size,
                bold=bold,
                kind=kind,
                space_before=round(max(0.0, first.top - col_prev), 1),
                lines=len(group),
                heading_level=0 if cells else None,
                role=first.role,
                table=table,
                font=first.font,
                color=first.color,
                x0=round(min(ln.x0 for ln in group), 1),
                x1=round(max(ln.x1 for ln in group), 1),
            )
        )
        last = max(ln.bottom for ln in group)
        prev_bottom[first.col] = last
        if first.col == 0:
            prev_bottom = {0: last}
    return blocks
