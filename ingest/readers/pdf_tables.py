"""Tables on a page, kept whole: ruled tables from pdfplumber's table finder, and tables set
in aligned columns without rules.

A table's words leave the running text: its cells would otherwise read as short bold lines
(headers, row labels) that look like headings. The table comes back as one line of kind
"table" carrying its rows, in reading order where its top edge is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest.heading_cues import CONTENTS_TITLE
from ingest.readers.pdf_layout import Line, is_bold_font
from ingest.textnorm import normalise

Word = dict[str, Any]
Box = tuple[float, float, float, float]
# A page needs this many ruling lines and rectangles before the (costly) table finder runs.
MIN_RULES = 4
RULE_SLACK = 6.0  # points by which a table's row rules may differ in where they start or end
_NUMERIC = re.compile(r"^[-–+(]?[£$€]?\d[\d,.]*\s?%?\)?[a-z]?$", re.IGNORECASE)


@dataclass(frozen=True)
class FoundTable:
    bbox: Box
    rows: tuple[tuple[str, ...], ...]
    header_rows: int


def _cell(text: str | None) -> str:
    return normalise(" ".join((text or "").split()))


def _cell_text(words: list[Word]) -> str:
    """A cell's words in reading order: line by line, left to right."""
    return _cell(
        " ".join(w["text"] for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])))
    )


def _cells(table: Any, words: list[Word]) -> list[tuple[str, ...]]:
    """The table's rows of cell texts, from the page's words (pdfplumber's own extract
    tests every character against every cell: slow on a page of spreadsheet cells)."""
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        cells = row.cells
        texts: list[list[Word]] = [[] for _ in cells]
        _, top, _, bottom = row.bbox
        for w in words:
            cy = (w["top"] + w["bottom"]) / 2
            if not top <= cy <= bottom:
                continue
            cx = (w["x0"] + w["x1"]) / 2
            for i, cell in enumerate(cells):
                if cell is not None and cell[0] <= cx <= cell[2]:
                    texts[i].append(w)
                    break
        rows.append(tuple(_cell_text(ws) for ws in texts))
    return rows


def ruled_tables(page: Any, words: list[Word]) -> list[FoundTable]:
    """Tables drawn with rules (cell borders), with at least two rows and two columns."""
    if len(page.rects) + len(page.lines) < MIN_RULES:
        return []
    found = page.find_tables()
    ruled_rows = True
    rules = _row_rules(page) if not found else 0
    if rules >= 3:
        # Rules between rows and none between columns (Word's horizontal borders, booktabs):
        # the columns come from text aligned down (nearly) every row, not by chance.
        found = page.find_tables(
            {
                "vertical_strategy": "text",
                "horizontal_strategy": "lines",
                "min_words_vertical": max(3, int(0.7 * (rules - 1))),
            }
        )
        ruled_rows = False
    out = []
    for table in found:
        rows = _cells(table, words)
        if not ruled_rows:
            # pdfplumber's text strategy cuts a column at any chance alignment of word edges
            # ("Black | (1980); Acheson"); the gutters no word crosses in any row are the
            # columns a reader sees.
            # The rules' own width bounds it: the text strategy ends the table at the last
            # aligned edge and would drop the rest of the last column's lines.
            span = _rule_span(page, table.bbox)
            if span is None:
                continue  # underlined lines (links, a list), not a table's rules
            gutters = _gutters(span, words)
            if gutters:
                rows = _cells_between(table, words, gutters, span)
            if not (_looks_tabular(rows) and _one_size(table.bbox, words)):
                continue
        rows = [r for r in rows if any(r)]
        width = max((len(r) for r in rows), default=0)
        filled = sum(1 for r in rows for c in r if c)
        if len(rows) < 2 or width < 2 or filled < 2 * len(rows):
            continue  # a box drawn round a paragraph, or a single rule pair
        if sum(len(c.split()) for r in rows for c in r) > 60 * len(rows):
            continue  # a layout grid holding paragraphs, not a table of values
        out.append(FoundTable(tuple(table.bbox), tuple(rows), _header_rows(page, table)))
    return out


def _gutters(bbox: Box, words: list[Word]) -> list[float]:
    """The x of every vertical strip inside ``bbox`` that no word crosses, wider than half an
    em: the gaps between columns (a word space is a quarter of an em)."""
    inside = sorted((w["x0"], w["x1"]) for w in words if _inside(w, bbox))
    if not inside:
        return []
    sizes = sorted(w["size"] for w in words if _inside(w, bbox))
    least = 0.5 * sizes[len(sizes) // 2]
    gutters: list[float] = []
    reach = inside[0][1]
    for x0, x1 in inside[1:]:
        if x0 - reach >= least:
            gutters.append((x0 + reach) / 2)
        reach = max(reach, x1)
    return gutters


def _rule_span(page: Any, bbox: Box) -> Box | None:
    """``bbox`` widened to the horizontal rules that bound it; None when those rules do not
    start and end together, as a table's borders do (underlines of links and list items end
    where their text ends)."""
    x0, top, x1, bottom = bbox
    rules = [e for e in page.horizontal_edges if top - 2 <= e["top"] <= bottom + 2]
    if not rules:
        return bbox
    starts, ends = [e["x0"] for e in rules], [e["x1"] for e in rules]
    if max(starts) - min(starts) > RULE_SLACK or max(ends) - min(ends) > RULE_SLACK:
        return None
    return (min(x0, *starts), top, max(x1, *ends), bottom)


def _cells_between(
    table: Any, words: list[Word], gutters: list[float], span: Box
) -> list[tuple[str, ...]]:
    """The table's rows (from its rules) cut into cells at the gutters."""
    edges = [float("-inf"), *gutters, float("inf")]
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        _, top, _, bottom = row.bbox
        x0, x1 = span[0], span[2]
        texts: list[list[Word]] = [[] for _ in gutters + [0.0]]
        for w in words:
            cy = (w["top"] + w["bottom"]) / 2
            cx = (w["x0"] + w["x1"]) / 2
            if top <= cy <= bottom and x0 - 1 <= cx <= x1 + 1:
                column = next(i for i in range(len(edges) - 1) if cx < edges[i + 1])
                texts[column].append(w)
        rows.append(tuple(_cell_text(ws) for ws in texts))
    return rows


def _row_rules(page: Any) -> int:
    """How many long horizontal rules the page has (at distinct heights)."""
    width = page.width
    return len({round(e["top"]) for e in page.horizontal_edges if e["x1"] - e["x0"] >= 0.3 * width})


def _one_size(bbox: Box, words: list[Word]) -> bool:
    """No larger type inside: rules above and below a heading are not a table's rows."""
    sizes = sorted(w["size"] for w in words if _inside(w, bbox))
    return bool(sizes) and sizes[-1] <= sizes[len(sizes) // 2] + 1.0


def _looks_tabular(rows: list[tuple[str, ...]]) -> bool:
    """Rows of short cells, most rows with two or more filled: a table, not prose."""
    if len(rows) < 2:
        return False
    filled = [sum(1 for c in r if c) for r in rows]
    cells = [c for r in rows for c in r if c]
    return sum(1 for n in filled if n >= 2) >= 0.7 * len(rows) and sum(
        len(c.split()) for c in cells
    ) <= 8 * len(cells)


def _header_rows(page: Any, table: Any) -> int:
    """1 when the first row is set bold (or is words over a body of numbers), else 0."""
    if not table.rows:
        return 0
    x0, top, x1, bottom = table.rows[0].bbox
    chars = [
        c
        for c in page.chars
        if x0 <= c["x0"] and c["x1"] <= x1 and top <= c["top"] <= c["bottom"] <= bottom + 1
        if c["text"].strip()
    ]
    if chars and sum(1 for c in chars if is_bold_font(c["fontname"])) * 2 > len(chars):
        return 1
    return 0


def _inside(word: Word, box: Box) -> bool:
    x0, top, x1, bottom = box
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def split_words(words: list[Word], tables: list[FoundTable]) -> tuple[list[Word], list[list[Word]]]:
    """The words outside every table, and each table's own words."""
    inside: list[list[Word]] = [[] for _ in tables]
    rest = []
    for w in words:
        for i, t in enumerate(tables):
            if _inside(w, t.bbox):
                inside[i].append(w)
                break
        else:
            rest.append(w)
    return rest, inside


def table_line(table: FoundTable, words: list[Word], page: int) -> Line:
    sizes: dict[float, int] = {}
    for w in words:
        size = round(w["size"] * 2) / 2
        sizes[size] = sizes.get(size, 0) + len(w["text"])
    x0, top, x1, bottom = table.bbox
    text = "\n".join(" | ".join(r) for r in table.rows)
    return Line(
        text=text,
        page=page,
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        size=max(sizes, key=sizes.__getitem__) if sizes else 0.0,
        bold=False,
        col=0,
        first_font=words[0]["fontname"] if words else "",
        first_word=text.split(" ", 1)[0] if text else "",
        chars=sum(len(w["text"]) for w in words),
        kind="table",
        font=words[0]["fontname"] if words else "",
        cells=table.rows,
        header_rows=table.header_rows,
    )


def place(lines: list[Line], extra: Sequence[Line]) -> list[Line]:
    """``lines`` with each table line put in reading order: before the first line below its
    top edge in the same column (or spanning ones), else at the end."""
    out = list(lines)
    for t in sorted(extra, key=lambda ln: ln.top):
        at = next(
            (i for i, ln in enumerate(out) if ln.top >= t.top and ln.kind != "table"),
            len(out),
        )
        out.insert(at, t)
    return out


# ---- tables without rules: rows of cells in aligned columns ---------------------------------


def _numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell.replace(" ", "")))


def _is_row(line: Line) -> bool:
    """A line of short cells apart from each other, some of them figures."""
    cells = line.segments
    if len(cells) < 2 or any(len(c) > 60 for c in cells):
        return False
    numbers = sum(1 for c in cells if _numeric(c))
    return numbers >= 1 and (len(cells) >= 3 or numbers * 2 >= len(cells))


def _contents_like(rows: Sequence[Line]) -> bool:
    """Titles each followed by one page number, rising: contents entries, not a table."""
    numbers = []
    for ln in rows:
        if len(ln.segments) != 2 or not ln.segments[1].isdigit():
            return False
        numbers.append(int(ln.segments[1]))
    return all(a <= b for a, b in zip(numbers, numbers[1:], strict=False))


def aligned_tables(lines: list[Line]) -> list[Line]:
    """Runs of at least three lines set as rows of figures in columns become one table line;
    a line of words just above such a run (its column headers) joins it as the header."""
    if any(CONTENTS_TITLE.match(ln.text) for ln in lines[:6]):
        return lines  # a contents page: its page-number column is no table
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while (
            j < len(lines)
            and lines[j].kind == "para"
            and lines[j].col == lines[i].col
            and _is_row(lines[j])
        ):
            j += 1
        if j - i >= 3 and not _contents_like(lines[i:j]):
            start = i
            header = 0
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.kind == "para"
                and prev.col == lines[i].col
                and len(prev.segments) >= 2
                and not any(_numeric(c) for c in prev.segments)
            ):
                out.pop()
                start, header = i - 1, 1
            run = lines[start:j]
            rows = tuple(ln.segments for ln in run)
            width = max(len(r) for r in rows)
            rows = tuple(r + ("",) * (width - len(r)) for r in rows)
            out.append(
                dataclasses.replace(
                    run[0],
                    text="\n".join(" | ".join(r) for r in rows),
                    x1=max(ln.x1 for ln in run),
                    bottom=max(ln.bottom for ln in run),
                    kind="table",
                    cells=rows,
                    header_rows=header,
                    chars=sum(ln.chars for ln in run),
                )
            )
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out
