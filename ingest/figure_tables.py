"""Tables of figures in a section: one row per period ("2009–11 8.9 9.2"), read from the
sectioner's structured tables (``Section.tables``, where a build keeps them) or else from the
table's lines in the section text, with the header above and a "Table N:" caption nearby.

Used by ``ingest.indicators``; nothing here knows what the figures measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Section

PERIOD = r"(?:\d{4}(?:\s?[–/-]\s?\d{2,4})?)"
NUMBER = r"-?\d[\d,]*(?:\.\d+)?%?"
MISSING = {"", "–", "-", "..", ":", "n/a", "x"}  # how statistical tables mark no figure
_MISSING = r"(?:–|-|\.\.|:|n/a|x)"
_CELL = rf"(?:{NUMBER}|{_MISSING})"
ROW = re.compile(rf"^({PERIOD})((?:\s+{_CELL})*\s+{NUMBER}(?:\s+{_CELL})*)$")  # one figure at least
CAPTION = re.compile(r"^(?:Table|Figure)\s+\d+[.:]", re.I)
SERIES = re.compile(r"\s*([^()]+?)\s*\(([^)]*)\)")


@dataclass(frozen=True)
class FigureTable:
    caption: str
    header: tuple[str, ...]  # header cells; one cell holding the whole line when from text
    rows: tuple[tuple[str, ...], ...]  # data rows: period first, then figures
    offset: int  # where the table starts in the section text


def lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for the non-blank lines of ``text``."""
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append((pos, raw.strip()))
        pos += len(raw) + 1
    return out


def row(line: str) -> str:
    """The line as "<period> <figure>..." when it is a row of figures ("a | b" cells too),
    else ""."""
    plain = " ".join(line.replace("|", " ").split())
    return plain if ROW.match(plain) else ""


def _split(plain_row: str) -> tuple[str, ...]:
    m = ROW.match(plain_row)
    assert m is not None
    return (m.group(1), *m.group(2).split())


def _header_cells(line: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in line.split("|")) if "|" in line else (line,)


def _caption(before: list[str], after: list[str]) -> str:
    """The nearest "Table N:" line above the table, else one just below it."""
    return next((c for c in reversed(before) if CAPTION.match(c)), "") or next(
        (c for c in after if CAPTION.match(c)), ""
    )


def text_tables(text: str) -> list[FigureTable]:
    """Runs of "<period> <figure> <figure>..." lines, with the header line above the run."""
    found = lines(text)
    tables: list[FigureTable] = []
    i = 0
    while i < len(found):
        if not row(found[i][1]):
            i += 1
            continue
        start = i
        while i < len(found) and row(found[i][1]):
            i += 1
        rows = tuple(_split(row(line)) for _pos, line in found[start:i])
        header = found[start - 1][1] if start > 0 else ""
        if CAPTION.match(header):
            header = ""
        caption = _caption(
            [line for _pos, line in found[max(0, start - 3) : start]],
            [found[i][1]] if i < len(found) else [],
        )
        offset = found[start - 1][0] if header else found[start][0]
        tables.append(FigureTable(caption, _header_cells(header) if header else (), rows, offset))
    return tables


def structured_tables(section: Section) -> list[FigureTable]:
    """The sectioner's own tables (``Section.tables``, when this build keeps them) that hold
    rows of figures."""
    out = []
    found = lines(section.text)
    for table in getattr(section, "tables", ()):
        rows = [tuple(c.strip() for c in r) for r in table.rows]
        head = rows[: table.header_rows] or rows[:1]
        data = tuple(
            r
            for r in rows[len(head) :]
            if r
            and re.fullmatch(PERIOD, r[0])
            and all(c in MISSING or re.fullmatch(NUMBER, c) for c in r[1:])
            and any(re.fullmatch(NUMBER, c) for c in r[1:])
        )
        if not data:
            continue
        header = tuple(" ".join(column).strip() for column in zip(*head, strict=False))
        caption = _caption(
            [line for pos, line in found if pos < table.offset][-3:],
            [line for pos, line in found if pos > table.offset and not row(line)][1:3],
        )
        out.append(FigureTable(caption, header, data, table.offset))
    return out


def figure_tables(section: Section) -> list[FigureTable]:
    """The section's tables of figures, structured ones first choice."""
    return structured_tables(section) or text_tables(section.text)


def number(cell: str) -> float | None:
    try:
        return float(cell.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def columns(table: FigureTable, width: int) -> tuple[str, tuple[str, ...], str]:
    """(period heading, series names, shared unit) for a table with ``width`` figure columns:
    "Period London, men (years) England, men (years)" gives ("Period", ("London, men",
    "England, men"), "years"). Series are numbered when the header cannot be split."""
    if len(table.header) > 1:  # one cell per column
        first, labels = table.header[0], list(table.header[1:])
    else:
        words = (table.header[0] if table.header else "").split(" ", 1)
        first, rest = words[0], (words[1] if len(words) > 1 else "")
        labels = [f"{name} ({unit})" for name, unit in SERIES.findall(rest)]
    if len(labels) != width:
        return first, tuple(f"Series {n}" for n in range(1, width + 1)), ""
    parsed = [SERIES.fullmatch(c) for c in labels]
    units = {m.group(2) for m in parsed if m}
    if len(units) == 1 and all(parsed):
        return first, tuple(m.group(1) for m in parsed if m), units.pop()
    return first, tuple(labels), ""
