"""Evidence from tables: one statement per data row, read with its row and column headers.

A table's text in the index runs its cells together ("National minimum £5.80 £217.50 wage"
when a PDF wraps a cell); an analyst quoting it needs the row's label and each value's column:
"National minimum wage: Hourly rate £5.80; Weekly pay £217.50".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A cell that holds a value: "£5.80", "21%", "1,234", "7.1", "-3.2", "78.1 years", "n/a".
_VALUE = re.compile(
    r"^[<>≈~]?\s?[£$€]?\s?[-–]?\d[\d,.]*\s*(?:%|per ?cent|[mkb]n?|million|billion|years?|pence"
    r"|p|x|\*+|[a-z])?$|^(?:n/?a|–|-|\.\.|:)$",
    re.IGNORECASE,
)


# A row labelled by its period: "2008", "2008/09", "2008-10", "2012 to 2014".
_PERIOD = re.compile(r"^(?:19|20)\d{2}(?:\s*(?:/|-|–|to)\s*(?:19|20)?\d{2})?$")


def is_value(cell: str) -> bool:
    """True for a cell that holds a figure (or marks one missing), not a label."""
    return bool(_VALUE.match(re.sub(r"\s*\([^()]*\)\s*$", "", cell.strip())))


def column_headers(rows: Sequence[Sequence[str]], header_rows: int) -> list[str]:
    """One heading per column, the header rows' cells read top down ("TEDs simple")."""
    width = max((len(r) for r in rows), default=0)
    heads: list[str] = []
    for col in range(width):
        parts: list[str] = []
        for row in rows[:header_rows]:
            cell = " ".join(row[col].split()) if col < len(row) else ""
            if cell and cell not in parts:
                parts.append(cell)
        heads.append(" ".join(parts))
    return heads


def header_count(rows: Sequence[Sequence[str]], declared: int) -> int:
    """The number of header rows: as declared, else the leading rows that hold no value."""
    if declared:
        return declared
    count = 0
    for row in rows:
        if any(is_value(c) for c in row if c.strip()):
            break
        count += 1
    # A table of words only (sources, actions): its first row is the header.
    return count if count < len(rows) else min(1, len(rows) - 1)


def row_statements(rows: Sequence[Sequence[str]], header_rows: int = 0) -> list[str]:
    """ "Label: column value; column value" for each data row (the caller decides which are
    evidence: a row of figures, or one that cites a source)."""
    header_rows = header_count(rows, header_rows)
    heads = column_headers(rows, header_rows)
    out: list[str] = []
    for row in rows[header_rows:]:
        cells = [" ".join(c.split()) for c in row]
        first = cells[0] if cells else ""
        label = first if first and (not is_value(first) or _PERIOD.match(first)) else ""
        start = 1 if label else 0
        parts = []
        for col in range(start, len(cells)):
            value = cells[col]
            if not value:
                continue
            head = heads[col] if col < len(heads) else ""
            parts.append(f"{head} {value}" if head else value)
        if parts:
            out.append(f"{label}: {'; '.join(parts)}" if label else "; ".join(parts))
    return out
