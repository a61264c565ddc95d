"""Page furniture: running headers and footers, printed page numbers, contents pages.

None of this is body text a user would search or cite, but printed page numbers are how
they cite, so the numbers are kept as page labels when the PDF has none of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from ingest.heading_cues import CONTENTS_TITLE
from ingest.readers.pdf_layout import Line

# Share of the page height at the top and bottom where headers and footers live.
MARGIN_BAND = 0.12
# How many lines at each page edge are candidates for running headers and footers.
EDGE_LINES = 3

_DIGITS = re.compile(r"\d+")
# Roman numerals up to 39, enough for front matter, without swallowing words like "did".
_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"^(?:[-–—]\s*)?(?:page\s+)?(\d{{1,4}}|{_ROMAN})(?:\s*(?:of|/)\s*\d{{1,4}})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_URL = re.compile(r"^(?:https?://|www\.)\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$", re.IGNORECASE)
_PRINT_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}", re.IGNORECASE)
_LEADING_PAGE = re.compile(r"^\d{1,3}\s+\S.{0,100}$")
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\S{1,8}$|…{2,}|(?:_\s?){4,}\s*\S{1,8}$")
_ENDS_WITH_PAGE = re.compile(rf"\S.*\s(?:\d{{1,3}}|{_ROMAN})$", re.IGNORECASE)


@dataclass(frozen=True)
class Furniture:
    """What the furniture pass found: body lines per page and printed page numbers."""

    pages: list[list[Line]]  # lines left after headers, footers and page numbers are removed
    printed_numbers: dict[int, str]  # physical page -> number printed in its margin


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.lower())


def _edges(lines: list[Line], top: float, bottom: float) -> tuple[list[int], list[int]]:
    """Indexes of the lines in the top and bottom margin bands (at most EDGE_LINES each)."""
    height = bottom - top
    head = [i for i, ln in enumerate(lines[:EDGE_LINES]) if ln.bottom <= top + MARGIN_BAND * height]
    start = max(0, len(lines) - EDGE_LINES)
    foot = [
        i for i, ln in enumerate(lines[start:], start) if ln.top >= bottom - MARGIN_BAND * height
    ]
    return head, foot


def _spot(line: Line) -> tuple[str, int, int]:
    """A line's text (digits masked) and where it stands, to the nearest 6 points."""
    return _key(line.text), round(line.x0 / 6), round(line.top / 6)


def _number_of(text: str) -> str | None:
    match = _PAGE_NUMBER.match(text)
    return match.group(1) if match else None


def remove_furniture(
    pages: list[list[Line]], boxes: list[tuple[float, float, float, float]]
) -> Furniture:
    """Drop running headers/footers, page numbers, URLs and print stamps at the page edges.

    A margin line is a running header or footer if, with digits masked, it repeats in the
    margins of at least 3 pages and of 40% of them (or of 3 pages when it is set no larger
    than the text around it: chapter running heads repeat on fewer pages than the whole).
    """
    n = len(pages)
    edges = []
    for lines, box in zip(pages, boxes, strict=True):
        # Reading order puts the right column after the left: margins are by position.
        by_y = sorted(range(len(lines)), key=lambda i: lines[i].top)
        ordered = [lines[i] for i in by_y]
        head, foot = _edges(ordered, box[1], box[3])
        edges.append({by_y[i] for i in head} | {by_y[i] for i in foot})
    counts: Counter[str] = Counter()
    for lines, idx in zip(pages, edges, strict=True):
        counts.update({_key(lines[i].text) for i in idx})
    repeated = {k for k, c in counts.items() if c >= 3 and c >= 0.4 * n}
    # Running heads set in a side margin (or anywhere) repeat at one spot on the page.
    spots: Counter[tuple[str, int, int]] = Counter()
    for lines in pages:
        spots.update(
            {
                _spot(ln)
                for ln in lines
                if ln.kind != "table" and len(ln.text) <= 80 and _number_of(ln.text) is None
            }
        )
    fixed = {s for s, c in spots.items() if c >= 3 and c >= 0.4 * n}
    if fixed:
        pages = [[ln for ln in lines if _spot(ln) not in fixed] for lines in pages]
        edges = []
        for lines, box in zip(pages, boxes, strict=True):
            by_y = sorted(range(len(lines)), key=lambda i: lines[i].top)
            head, foot = _edges([lines[i] for i in by_y], box[1], box[3])
            edges.append({by_y[i] for i in head} | {by_y[i] for i in foot})

    kept_pages: list[list[Line]] = []
    numbers: dict[int, str] = {}
    embedded: dict[int, str] = {}  # numbers inside running lines, used where no bare one
    for page_no, (lines, idx) in enumerate(zip(pages, edges, strict=True), start=1):
        drop: set[int] = set()
        for i in idx:
            if lines[i].kind == "table":
                continue
            text = lines[i].text
            key = _key(text)
            number = _number_of(text)
            if number is not None:
                numbers.setdefault(page_no, number)
                drop.add(i)
            elif key in repeated or _URL.match(text) or _PRINT_STAMP.match(text):
                drop.add(i)
                # "Health Inequalities Strategy 23": a number at the edge of a running line
                # may be the page's; labels_from_numbers keeps it only if it steps with pages.
                edge = re.search(r"^(\d{1,4})\s|\s(\d{1,4})$", text)
                if edge and key.count("#") == 1:
                    embedded.setdefault(page_no, edge.group(1) or edge.group(2))
        kept_pages.append([ln for i, ln in enumerate(lines) if i not in drop])
    return Furniture(pages=kept_pages, printed_numbers={**embedded, **numbers})


def _is_entry(text: str) -> bool:
    return bool(_LEADER.search(text) or _ENDS_WITH_PAGE.match(text))


def mark_contents(pages: list[list[Line]]) -> list[list[Line]]:
    """Mark contents lines ``kind="toc"``.

    A page titled "Contents" (in its first few lines) is a contents page, and so is a page
    after one where most lines end in a page number. On a contents page every line from the
    title to the last entry is contents (unnumbered lines are part titles or wrapped
    entries). Anywhere else, only lines with dot leaders are.
    """
    out: list[list[Line]] = []
    previous_contents = False
    for lines in pages:
        titled = any(CONTENTS_TITLE.match(ln.text) for ln in lines[:5])
        entries = [i for i, ln in enumerate(lines) if _is_entry(ln.text)]
        if titled and not entries:
            # A designer's contents: the page number before the entry ("03 Foreword").
            entries = [i for i, ln in enumerate(lines) if _LEADING_PAGE.match(ln.text)]
        is_contents = titled or (
            previous_contents and len(entries) >= 4 and len(entries) >= 0.6 * len(lines)
        )
        marked: set[int] = {
            i for i, ln in enumerate(lines) if ln.kind != "table" and _LEADER.search(ln.text)
        }
        if is_contents and (entries or titled):
            first = 0
            if titled:
                first = next(i for i, ln in enumerate(lines) if CONTENTS_TITLE.match(ln.text))
            last = entries[-1] if entries else first
            marked.update(range(first, last + 1))
        previous_contents = is_contents
        out.append(
            [
                dataclasses.replace(ln, kind="toc") if i in marked and ln.kind != "table" else ln
                for i, ln in enumerate(lines)
            ]
        )
    return out


def labels_from_numbers(printed: dict[int, str], page_count: int) -> tuple[str, ...]:
    """Printed page label per physical page, from the numbers found in the margins.

    A number is trusted when another page agrees with its offset from the physical page
    (so a stray "2010" in a footer is not a page number); a page without a number between
    two pages with the same offset gets the number the offset implies.
    """
    offsets: dict[int, int] = {}
    labels = [""] * page_count
    for page, text in printed.items():
        if text.isdigit():
            offsets[page] = int(text) - page
        elif 1 <= page <= page_count:
            labels[page - 1] = text.lower()  # roman front-matter numbers
    common = Counter(offsets.values())
    for page, offset in offsets.items():
        if common[offset] >= 2 and 1 <= page <= page_count:
            labels[page - 1] = str(page + offset)
    trusted = sorted(p for p, o in offsets.items() if common[o] >= 2)
    for a, b in zip(trusted, trusted[1:], strict=False):
        if offsets[a] == offsets[b]:
            for page in range(a + 1, b):
                if not labels[page - 1] and page + offsets[a] > 0:
                    labels[page - 1] = str(page + offsets[a])
    return tuple(labels)
