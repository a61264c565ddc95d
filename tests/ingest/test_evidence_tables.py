"""Evidence from table rows keeps its row and column headers, in order."""

from __future__ import annotations

from ingest.evidence import classify
from ingest.table_evidence import column_headers, header_count, is_value, row_statements


def test_a_row_reads_with_its_headers_in_order() -> None:
    rows = [
        ("Pay standard", "Hourly rate", "Weekly pay for 37.5 hours"),
        ("National minimum wage", "£5.80", "£217.50"),
        ("London Living Wage", "£7.60", "£285.00"),
    ]
    assert row_statements(rows) == [
        "National minimum wage: Hourly rate £5.80; Weekly pay for 37.5 hours £217.50",
        "London Living Wage: Hourly rate £7.60; Weekly pay for 37.5 hours £285.00",
    ]
    assert "figure" in classify(row_statements(rows)[0])


def test_two_header_rows_make_one_heading_per_column() -> None:
    rows = [
        ("Language", "TEDs", "TEDs", "mAP"),
        ("Language", "simple", "complex", "mAP"),
        ("OTSL", "0.965", "0.934", "0.88"),
    ]
    assert column_headers(rows, 2) == ["Language", "TEDs simple", "TEDs complex", "mAP"]
    assert row_statements(rows, 2) == ["OTSL: TEDs simple 0.965; TEDs complex 0.934; mAP 0.88"]


def test_header_rows_found_when_not_declared() -> None:
    rows = [("Year", "London (%)", "England (%)"), ("2008", "21", "19")]
    assert header_count(rows, 0) == 1
    assert row_statements(rows) == ["2008: London (%) 21; England (%) 19"]
    assert [is_value(c) for c in ("£5.80", "21%", "1,234", "n/a", "Londoners", "2.8x")] == [
        True, True, True, True, False, True,
    ]  # fmt: skip


def test_a_row_that_cites_is_kept_for_the_classifier() -> None:
    rows = [
        ("Type of source", "Examples", "Used for"),
        ("National reviews", "Black (1980); Acheson (1998)", "Framework"),
    ]
    [statement] = row_statements(rows)
    assert statement == (
        "National reviews: Examples Black (1980); Acheson (1998); Used for Framework"
    )
    assert "cited finding" in classify(statement)
