"""The evidence table: one row per statement with its pages, kind, sources and permalink."""

from __future__ import annotations

import csv
import io

import openpyxl

from ingest.model import Document, EvidenceStatement, ObjectiveTag, Reference, Section, Source
from search_app.evidence_table import evidence_rows, printed_page, to_csv, to_json, to_xlsx

NOTE = Source("note", "6", "Tudor Hart J (1971) The inverse care law.", Reference("x", year="1971"))
UNRESOLVED = Source("author-year", "Darzi, 2007")


def _sections() -> list[Section]:
    return [
        Section(
            id="his-2010-s020", doc_id="his-2010", ordinal=20, heading="2.2 Objective Two",
            level=2, path=(), text="...", page_start=15, page_end=16, label_start="12",
            label_end="13", objectives=(ObjectiveTag(2, 0.9), ObjectiveTag(5, 0.4)),
            evidence=(
                EvidenceStatement("Care varies inversely with need.", 15, ("cited finding",),
                                  (NOTE, UNRESOLVED)),
                EvidenceStatement("=SUM(A1) of £5.80 an hour.", 16, ("figure",)),
            ),
        ),
        Section(id="dp-s001", doc_id="dp", ordinal=1, heading="Wage", level=1, path=(),
                text="...", objectives=(ObjectiveTag(3, 0.9),),
                evidence=(EvidenceStatement("Pay rose 5%.", None, ("figure", "trend")),)),
    ]  # fmt: skip


DOCS = {"his-2010": Document(id="his-2010", title="The London Health Inequalities Strategy")}


def test_rows_for_an_objective_carry_pages_sources_and_permalinks() -> None:
    rows = evidence_rows(_sections(), DOCS, objective=2, base_url="http://example.org/")
    assert [(r.objective, r.document, r.printed_page, r.pdf_page) for r in rows] == [
        ("2", "The London Health Inequalities Strategy", "12", 15),
        ("2", "The London Health Inequalities Strategy", "13", 16),
    ]
    assert rows[0].permalink == "http://example.org/sections/his-2010-s020#ev-1"
    assert rows[0].sources_text == (
        "note 6: Tudor Hart J (1971) The inverse care law.; "
        "Darzi, 2007 (not in the document's reference list)"
    )
    everything = evidence_rows(_sections(), DOCS)
    assert [r.objective for r in everything] == ["2; 5", "2; 5", "3"]
    assert everything[2].document == "dp"  # a document the index lacks keeps its id


def test_printed_page_follows_the_labels() -> None:
    section = _sections()[0]
    assert [printed_page(section, p) for p in (15, 16, None)] == ["12", "13", ""]


def test_csv_is_quoted_and_formula_safe() -> None:
    text = to_csv(evidence_rows(_sections(), DOCS, objective=2))
    header, first, second = list(csv.reader(io.StringIO(text)))
    assert header[5] == "Statement" and first[5] == "Care varies inversely with need."
    assert second[5] == "'=SUM(A1) of £5.80 an hour."
    assert text.endswith("\r\n")


def test_xlsx_opens_with_the_same_rows() -> None:
    rows = evidence_rows(_sections(), DOCS, objective=2)
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows, "Objective 2")))
    sheet = workbook["Objective 2"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Objective", "Document", "Section"]
    assert values[1][5] == "Care varies inversely with need."
    assert values[2][5] == "=SUM(A1) of £5.80 an hour." and sheet["F3"].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_json_keeps_structured_sources() -> None:
    [first, _] = to_json(evidence_rows(_sections(), DOCS, objective=2))
    assert first["kinds"] == ["cited finding"]
    assert first["sources"][0]["reference"]["year"] == "1971"
    assert first["sources"][1] == {
        "kind": "author-year", "cited_as": "Darzi, 2007", "text": "", "reference": None,
    }  # fmt: skip
