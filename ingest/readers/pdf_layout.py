"""Page layout for the PDF reader: words into printed lines, in reading order, column by column.

Works on the word dicts pdfplumber's ``extract_words`` returns; knows nothing of headers,
contents pages or sections. Per-word work is kept to a few attribute reads because pdfplumber
itself already costs ~75 ms a page and the reader must add little on top.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest.readers.pdf_notes import call_text, is_note_call
from ingest.textnorm import BULLET, normalise

Word = dict[str, Any]

_BOLD = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b|extrab", re.IGNORECASE)
_bold_cache: dict[str, bool] = {}
# pdfminer writes glyphs without a Unicode mapping as "(cid:127)"; at a line start that is
# almost always a bullet from a symbol font, anywhere else it is noise.
_CID = re.compile(r"\(cid:\d+\)")


def _clean_cids(text: str) -> str:
    if text.startswith("(cid:"):
        text = _CID.sub(BULLET, text, count=1)
    return normalise(_CID.sub("", text))


def is_bold_font(fontname: str) -> bool:
    """Bold by font name, including subset names such as ``ABCDEF+Arial-BoldMT``."""
    bold = _bold_cache.get(fontname)
    if bold is None:
        bold = _bold_cache[fontname] = bool(_BOLD.search(fontname.partition("+")[2] or fontname))
    return bold


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line (or one column's part of it) on one page."""

    text: str
    page: int  # 1-based physical page
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # dominant font size, weighted by characters
    bold: bool  # most characters are in a bold face
    col: int  # 0 = spans the page (single column), 1 = left column, 2 = right column
    first_font: str  # font of the first word: bullets often come from Symbol/Wingdings
    first_word: str
    chars: int
    kind: str = "para"  # para | toc, set by the furniture pass


def _raw_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Group pdfplumber's line-ordered words into lines.

    With ``use_text_flow=False`` pdfplumber clusters characters by ``top`` and sorts each
    cluster left to right, so a new line starts where x runs backwards or top jumps.
    """
    lines: list[list[Word]] = []
    current: list[Word] = []
    last_x0 = -1.0
    line_top = 0.0
    for w in words:
        x0 = w["x0"]
        top = w["top"]
        if current and (x0 < last_x0 or abs(top - line_top) > max(3.0, 0.6 * w["size"])):
            lines.append(current)
            current = []
        if not current:
            line_top = top
        current.append(w)
        last_x0 = x0
    if current:
        lines.append(current)
    return lines


def find_gutter(lines: list[list[Word]], x_start: float, width: float) -> float | None:
    """The x of a column gutter in the middle band of the page, or None for one column.

    A gutter is a vertical strip in the middle 40% of the page that (almost) no word
    crosses while many lines have words on both sides of it.
    """
    if len(lines) < 6 or width <= 0:
        return None
    bins = int(width) + 2
    diff = [0] * (bins + 1)
    for line in lines:
        for w in line:
            a = int(w["x0"] - x_start)
            b = int(w["x1"] - x_start) + 1
            if 0 <= a < bins:
                diff[a] += 1
                diff[min(b, bins)] -= 1
    coverage = []
    running = 0
    for d in diff[:bins]:
        running += d
        coverage.append(running)
    lo, hi = int(width * 0.3), int(width * 0.7)
    band = coverage[lo:hi]
    if not band:
        return None
    low = min(band)
    if low > max(1, 0.1 * len(lines)):
        return None
    # The longest run of least-covered bins is the gutter; a narrow one is just a word gap.
    best_start, best_len, run_start = 0, 0, None
    for i, c in enumerate(band + [low + 1]):
        if c <= low:
            if run_start is None:
                run_start = i
        elif run_start is not None:
            if i - run_start > best_len:
                best_start, best_len = run_start, i - run_start
            run_start = None
    if best_len < 6:
        return None
    gutter = x_start + lo + best_start + best_len / 2
    both = sum(1 for line in lines if line[0]["x1"] < gutter < line[-1]["x0"])
    left = sum(1 for line in lines if line[-1]["x1"] <= gutter)
    right = sum(1 for line in lines if line[0]["x0"] >= gutter)
    # Two columns: many lines break at the gutter or each side carries its own lines.
    if both >= 3 and left + both >= 0.2 * len(lines) and right + both >= 0.2 * len(lines):
        return gutter
    return None


def _make_line(words: list[Word], page: int, col: int) -> Line:
    sizes: dict[float, int] = {}
    bold_chars = 0
    chars = 0
    parts: list[str] = []
    prev_x1 = -1e9
    for i, w in enumerate(words):
        # A raised note marker ("served" + "6") is a call, kept apart from the word it follows.
        call = i > 0 and is_note_call(w, words[i - 1])
        # pdfplumber splits words where the font changes ("Strategy" italic + ","): glue
        # pieces that touch instead of inserting a space.
        if parts and w["x0"] - prev_x1 > 0.12 * w["size"] and not call:
            parts.append(" ")
        parts.append(call_text(w["text"]) if call else w["text"])
        prev_x1 = w["x1"]
        n = len(w["text"])
        chars += n
        size = round(w["size"] * 2) / 2
        sizes[size] = sizes.get(size, 0) + n
        if is_bold_font(w["fontname"]):
            bold_chars += n
    first = words[0]
    text = "".join(parts)
    return Line(
        text=_clean_cids(text) if "(cid:" in text else normalise(text),
        page=page,
        x0=first["x0"],
        x1=words[-1]["x1"],
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=max(sizes, key=sizes.__getitem__),
        bold=bold_chars * 2 > chars,
        col=col,
        first_font=first["fontname"],
        first_word=_clean_cids(first["text"]),
        chars=chars,
    )


def page_lines(
    words: Sequence[Word], page: int, bbox: tuple[float, float, float, float]
) -> list[Line]:
    """The printed lines of one page in reading order (left column, then right column).

    Words outside the page box (invisible text some producers park off the page) and rotated
    words (margin labels) are dropped.
    """
    x_start, top, x_end, bottom = bbox
    visible = [
        w
        for w in words
        if w["upright"]
        and w["x0"] >= x_start - 1
        and w["x1"] <= x_end + 1
        and w["top"] >= top - 1
        and w["bottom"] <= bottom + 1
    ]
    raw = _raw_lines(visible)
    gutter = find_gutter(raw, x_start, x_end - x_start)
    if gutter is None:
        return [_make_line(ws, page, 0) for ws in raw if ws]
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for ws in raw:
        if any(w["x0"] < gutter < w["x1"] for w in ws):
            # A line across the gutter (a chapter title over both columns) ends the band of
            # columns above it: flush them first so reading order follows the page.
            out.extend(left)
            out.extend(right)
            left, right = [], []
            out.append(_make_line(ws, page, 0))
            continue
        lpart = [w for w in ws if w["x1"] <= gutter]
        rpart = [w for w in ws if w["x0"] >= gutter]
        if lpart:
            left.append(_make_line(lpart, page, 1))
        if rpart:
            right.append(_make_line(rpart, page, 2))
    out.extend(left)
    out.extend(right)
    return out
