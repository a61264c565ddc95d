"""The evidence table an analyst takes away: one row per evidence statement, as CSV, XLSX or JSON.

The CLI (`healthsearch evidence --format`), the objective page's downloads and the API all call
:func:`evidence_rows` and one of the writers here, so the three give the same table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ingest.model import Document, EvidenceStatement, Section, Source

FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
COLUMNS = (
    ("objective", "Objective"),
    ("document", "Document"),
    ("section", "Section"),
    ("printed_page", "Printed page"),
    ("pdf_page", "PDF page"),
    ("statement", "Statement"),
    ("kind", "Kind"),
    ("sources", "Sources cited"),
    ("permalink", "Permalink"),
)


@dataclass(frozen=True)
class EvidenceRow:
    objective: str  # "3", or "1; 3" when not filtered by objective
    doc_id: str
    document: str  # the document's title
    section_id: str
    section: str  # the section's heading
    printed_page: str
    pdf_page: int | None
    statement: str
    kinds: tuple[str, ...]
    sources: tuple[Source, ...]
    permalink: str
    number: int = 1  # the statement's place among its section's statements, from 1

    @property
    def kind(self) -> str:
        return "; ".join(self.kinds)

    @property
    def sources_text(self) -> str:
        return "; ".join(describe(s) for s in self.sources)

    def cells(self) -> list[Any]:
        """The row as the spreadsheet shows it, in :data:`COLUMNS` order."""
        return [
            self.objective, self.document, self.section, self.printed_page, self.pdf_page or "",
            self.statement, self.kind, self.sources_text, self.permalink,
        ]  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "doc": self.doc_id,
            "document": self.document,
            "section_id": self.section_id,
            "section": self.section,
            "printed_page": self.printed_page,
            "pdf_page": self.pdf_page,
            "statement": self.statement,
            "kinds": list(self.kinds),
            "sources": [s.to_dict() for s in self.sources],
            "permalink": self.permalink,
        }


def describe(source: Source) -> str:
    """One source as a reader would write it down: "note 6: Tudor Hart J (1971) ..."."""
    label = f"note {source.cited_as}" if source.kind == "note" else source.cited_as
    if source.resolved:
        return f"{label}: {source.text}"
    return f"{label} (not in the document's reference list)"


def printed_page(section: Section, page: int | None) -> str:
    """The page number printed on physical ``page``, where the section's labels tell it."""
    if page is None:
        return ""
    if page == section.page_start and section.label_start:
        return section.label_start
    if page == section.page_end and section.label_end:
        return section.label_end
    if section.label_start and section.label_start.isdigit() and section.page_start is not None:
        return str(int(section.label_start) + page - section.page_start)
    return ""


def permalink(base_url: str, section_id: str, index: int) -> str:
    """Where statement ``index`` of a section is shown: its section page, at the statement."""
    return f"{base_url.rstrip('/')}/sections/{section_id}#ev-{index + 1}"


def evidence_rows(
    sections: Iterable[Section],
    documents: Mapping[str, Document],
    objective: int | None = None,
    doc: str | None = None,
    base_url: str = "",
) -> list[EvidenceRow]:
    """One row per evidence statement of the chosen sections, in document order."""
    rows = []
    for section in sections:
        if doc and section.doc_id != doc:
            continue
        numbers = [t.number for t in section.objectives]
        if objective is not None and objective not in numbers:
            continue
        document = documents.get(section.doc_id)
        for index, statement in enumerate(section.evidence):
            rows.append(_row(section, document, statement, index, objective, numbers, base_url))
    return rows


def _row(
    section: Section,
    document: Document | None,
    statement: EvidenceStatement,
    index: int,
    objective: int | None,
    numbers: list[int],
    base_url: str,
) -> EvidenceRow:
    return EvidenceRow(
        objective=str(objective) if objective is not None else "; ".join(map(str, numbers)),
        doc_id=section.doc_id,
        document=document.title if document else section.doc_id,
        section_id=section.id,
        section=section.heading,
        printed_page=printed_page(section, statement.page),
        pdf_page=statement.page,
        statement=statement.text,
        kinds=statement.kinds,
        sources=statement.sources,
        permalink=permalink(base_url, section.id, index),
        number=index + 1,
    )


def to_csv(rows: Iterable[EvidenceRow]) -> str:
    """The table as CSV (RFC 4180 quoting, a header row), ready to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _, title in COLUMNS])
    for row in rows:
        writer.writerow([_safe(value) for value in row.cells()])
    return out.getvalue()


def to_xlsx(rows: Iterable[EvidenceRow], title: str = "Evidence") -> bytes:
    """The table as an Excel workbook: one sheet, a bold frozen header, wrapped statements."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = title[:31]
    sheet.append([name for _, name in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells())
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that starts with "=" is not a formula
    widths = {"A": 10, "B": 40, "C": 40, "D": 10, "E": 9, "F": 80, "G": 22, "H": 80, "I": 50}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe(value: Any) -> Any:
    # A spreadsheet opening the CSV must not run a cell that starts like a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "@"):
        return "'" + value
    return value


def to_json(rows: Iterable[EvidenceRow]) -> list[dict[str, Any]]:
    return [row.to_dict() for row in rows]
