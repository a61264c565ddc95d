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

_BOLD = re.compile(
    r"bold|black|heavy|semibold|demi|[-,]bd\b|extrab|cmbx|sfbx|lmbx|\bbx\d|[a-z]bx\d{2}|-medi\b",
    re.IGNORECASE,
)
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


_colour_cache: dict[object, str] = {}


def colour_name(value: object) -> str:
    """A fill colour as a short stable name: "" for black (grey 0, RGB 0 0 0, CMYK with
    only K) or unknown, else its components rounded ("0.0,0.37,0.72")."""
    key = tuple(value) if isinstance(value, list) else value
    name = _colour_cache.get(key)
    if name is None:
        parts = tuple(
            v for v in (key if isinstance(key, tuple) else ()) if isinstance(v, float | int)
        )
        dark = (
            not parts
            or (len(parts) == 4 and max(parts[:3]) < 0.05 and parts[3] > 0.9)
            or (len(parts) != 4 and max(parts) < 0.1)
        )
        name = "" if dark else ",".join(f"{v:.2f}" for v in parts)
        _colour_cache[key] = name
    return name


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
    role: str = ""  # structure role of most of its characters (tagged PDFs), else ""
    font: str = ""  # font of most of its characters
    color: str = ""  # fill colour of most of its characters ("" black or unknown)
    segments: tuple[str, ...] = ()  # its text split where words stand far apart (cells)
    unmapped: int = 0  # characters without a Unicode mapping (a leading bullet glyph aside)
    cells: tuple[tuple[str, ...], ...] = ()  # rows of cells, for kind "table"
    header_rows: int = 0  # for kind "table"


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


_FIGURE = re.compile(r"^[\divxlcIVXLC.,%£$€()+\-–]{1,9}$")


def _figures_column(lines: list[list[Word]], gutter: float) -> bool:
    """Is everything right of the gutter short figures (page numbers, values)?"""
    right = [" ".join(w["text"] for w in ws if w["x0"] >= gutter) for ws in lines]
    right = [t for t in right if t]
    if not right:
        return False
    figures = sum(1 for t in right if all(_FIGURE.match(p) for p in t.split()))
    return figures >= 0.7 * len(right)


def _make_line(words: list[Word], page: int, col: int) -> Line:
    if len(words) > 1:
        # Tiny text on a heading's line (hidden "Chapter 1." labels, stray marks) is noise.
        top_size = max(w["size"] for w in words)
        if top_size >= 14:
            words = [w for w in words if w["size"] >= 0.35 * top_size]
    sizes: dict[float, int] = {}
    fonts: dict[str, int] = {}
    colors: dict[str, int] = {}
    roles: dict[str, int] = {}
    tagged = "role" in words[0]
    bold_chars = 0
    chars = 0
    parts: list[str] = []
    segments: list[str] = []
    seg_start = 0
    prev_x1 = -1e9
    for i, w in enumerate(words):
        # A raised note marker ("served" + "6") is a call, kept apart from the word it follows.
        call = i > 0 and is_note_call(w, words[i - 1])
        # pdfplumber splits words where the font changes ("Strategy" italic + ","): glue
        # pieces that touch instead of inserting a space.
        gap = w["x0"] - prev_x1
        if parts and gap > 1.0 * w["size"]:
            segments.append("".join(parts[seg_start:]).strip())
            seg_start = len(parts)
        if parts and gap > 0.12 * w["size"] and not call:
            parts.append(" ")
        parts.append(call_text(w["text"]) if call else w["text"])
        prev_x1 = w["x1"]
        n = len(w["text"])
        chars += n
        size = round(w["size"] * 2) / 2
        sizes[size] = sizes.get(size, 0) + n
        font = w["fontname"]
        fonts[font] = fonts.get(font, 0) + n
        color = colour_name(w.get("non_stroking_color"))
        colors[color] = colors.get(color, 0) + n
        if tagged:
            roles[w["role"]] = roles.get(w["role"], 0) + n
        if is_bold_font(font):
            bold_chars += n
    first = words[0]
    text = "".join(parts)
    unmapped = text.count("\ufffd") + text.count("(cid:")
    if text.startswith("(cid:"):
        unmapped -= 1  # a symbol-font bullet: it becomes "•"
    if segments:
        segments.append("".join(parts[seg_start:]).strip())
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
        role=max(roles, key=roles.__getitem__) if roles else "",
        font=max(fonts, key=fonts.__getitem__),
        color=max(colors, key=colors.__getitem__),
        segments=tuple(normalise(s) for s in segments) if segments else (),
        unmapped=unmapped,
    )


def _drawn_out_of_order(lines: list[list[Word]], top: float, height: float) -> bool:
    """Does the page's text start well down the page and come back up to its head later
    (a title or masthead drawn after the body, as Word's text boxes and frames often are)?
    Then reading order is the order down the page, not the order of drawing."""
    if len(lines) < 4 or height <= 0:
        return False
    # Footers are often drawn first; they say nothing about the order of the text.
    body = [ws for ws in lines if min(w["top"] for w in ws) - top < 0.88 * height]
    if len(body) < 4:
        return False
    first = min(w["top"] for w in body[0]) - top
    if first < 0.3 * height:
        return False
    later = min(min(w["top"] for w in ws) for ws in body[1:]) - top
    return later < first - 0.2 * height


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
    if _drawn_out_of_order(raw, top, bottom - top):
        raw.sort(key=lambda ws: min(w["top"] for w in ws))
    gutter = find_gutter(raw, x_start, x_end - x_start)
    if gutter is not None and _figures_column(raw, gutter):
        gutter = None  # page numbers of a contents page, or a column of figures: one column
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
