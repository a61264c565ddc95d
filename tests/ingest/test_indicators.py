"""The Delivery Plan's indicators, read at ingest from the Indicator Report's tables.

The figures are checked against the report's source text (tools/corpus/src), not typed into
the test: every table row the source prints must come back, value for value.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ingest import figure_tables, indicators
from ingest.model import Document, ObjectiveTag, Section
from ingest.search_index import write_index
from ingest.settings import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "tools" / "corpus" / "src" / "indicator-report-2015.txt"

REPORT = Document(id="ir", title="Indicator Report", doc_type="indicator report", issued="2015")
PLAN = Document(id="dp", title="Delivery Plan", doc_type="delivery plan", issued="2015-09")

SII_TEXT = (
    "Definition and source. The slope index of inequality measures the gap in life "
    "expectancy.\n\nWhy it matters. It is the headline measure of the gra-\n\ndient.\n\n"
    "Table 2: Slope index of inequality in male life expectancy (illustrative figures)\n\n"
    "Period London, men (years) England, men (years)\n\n"
    "2009–11 8.9 9.2\n\n2010–12 8.7 9.1\n\n2011–13 8.6 9.2"
)


def section(doc: Document, n: int, heading: str, text: str, **kw: Any) -> Section:
    fields: dict[str, Any] = {"path": (), **kw}
    return Section(f"{doc.id}-s{n:03d}", doc.id, n, heading, 2, text=text, **fields)


def source_tables() -> dict[int, list[tuple[str, ...]]]:
    """Indicator number -> the rows of figures its section prints, from the source text."""
    out: dict[int, list[tuple[str, ...]]] = {}
    current = None
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"## Indicator (\d+):", line)
        if m:
            current = int(m.group(1))
        elif current and re.match(r"\| \d{4}", line):
            cells = tuple(c.strip() for c in line.strip("| ").split("|"))
            out.setdefault(current, []).append(cells)
    return out


def test_the_sample_corpus_gives_twelve_indicators_with_the_reports_figures(
    sample_index: Path,
) -> None:
    found = indicators.read(sample_index)  # written by the ingest itself
    assert found.report_doc == "indicator-report-2015"
    assert found.plan_doc == "delivery-plan-2015"  # the list comes from the plan's Table 3
    assert [i.number for i in found.indicators] == list(range(1, 13))
    assert found.with_figures == 12
    expected = source_tables()
    assert len(expected) == 12
    for ind in found.indicators:
        rows = [(o.period, *(ind.figure(v) for v in o.values)) for o in ind.observations]
        assert rows == expected[ind.number], ind.name
    first = found.indicators[0]
    assert first.name == "Slope index of inequality in life expectancy"
    assert first.group == "Overall" and found.indicators[3].group == "Specific"
    assert first.series == ("London, men", "England, men") and first.unit == "years"
    assert first.baseline is not None and first.baseline.period == "2009–11"
    assert first.definition.startswith("The slope index of inequality (SII) measures")
    assert first.caption.startswith("Table 2: Slope index of inequality")
    assert first.page == 6  # where the table is printed, for the viewer link
    assert found.indicators[1].page == 7  # indicator 2 starts on page 6, its table is on 7
    assert found.indicators[8].unit == "per 1,000 households"


def test_text_tables_read_header_units_caption_and_the_page_they_are_on() -> None:
    s = section(
        REPORT,
        1,
        "Indicator 1: SII",
        SII_TEXT,
        page_start=6,
        page_end=7,
        page_offsets=((SII_TEXT.index("Table 2"), 7),),
    )
    found = indicators.extract([REPORT], [s])
    (ind,) = found.indicators
    assert (ind.number, ind.name, ind.period_label) == (1, "SII", "Period")
    assert ind.series == ("London, men", "England, men") and ind.unit == "years"
    assert [o.values for o in ind.observations] == [(8.9, 9.2), (8.7, 9.1), (8.6, 9.2)]
    assert ind.page == 7
    assert ind.definition == "The slope index of inequality measures the gap in life expectancy."


@dataclass(frozen=True)
class CellTable:  # the shape the sectioner's structured tables have (Section.tables)
    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    page: int | None = None
    offset: int = 0


def test_structured_tables_are_read_cell_by_cell() -> None:
    text = "Lead-in.\n\nTable 10: Statutory homelessness acceptances\n\nYear | London | England"
    table = CellTable(
        (
            ("Year", "London (per 1,000 households)", "England (per 1,000 households)"),
            ("2012/13", "4.6", "2.4"),
            ("2013/14", "4.9", ""),
            ("Note", "figures are illustrative", ""),
        ),
        offset=text.index("Year"),
    )
    found = figure_tables.structured_tables(SimpleNamespace(text=text, tables=(table,)))  # type: ignore[arg-type]
    assert len(found) == 1
    assert found[0].caption == "Table 10: Statutory homelessness acceptances"
    assert found[0].rows == (("2012/13", "4.6", "2.4"), ("2013/14", "4.9", ""))
    assert figure_tables.columns(found[0], 2) == (
        "Year",
        ("London", "England"),
        "per 1,000 households",
    )


def test_the_list_comes_from_the_delivery_plan_and_gaps_stay_visible() -> None:
    listing = section(
        PLAN,
        0,
        "7.1 The indicator set",
        "Table 3\n\nNumber Indicator Type\n\n1 Life expectancy gap Overall\n\n"
        "2 Wellbeing Overall\n\n3 School readiness Specific",
    )
    only_one = section(
        REPORT,
        0,
        "Indicator 1: Slope index",
        SII_TEXT,
        path=("3. Overall indicators",),
        objectives=(ObjectiveTag(3, 1.0),),
    )
    found = indicators.extract([PLAN, REPORT], [listing, only_one])
    assert [(i.number, i.name, i.group) for i in found.indicators] == [
        (1, "Life expectancy gap", "Overall"),
        (2, "Wellbeing", "Overall"),
        (3, "School readiness", "Specific"),
    ]
    assert found.indicators[0].observations and found.indicators[0].objectives == (3,)
    assert not found.indicators[1].observations  # the report has no section for it
    assert found.with_figures == 1


def test_without_a_plan_the_reports_headings_make_the_list() -> None:
    s = section(REPORT, 0, "Indicator 4: School readiness", "No figures here.", path=("Specific",))
    found = indicators.extract([REPORT], [s])
    assert [(i.number, i.name, i.group) for i in found.indicators] == [
        (4, "School readiness", "Specific")
    ]
    assert found.indicators[0].definition == "No figures here."
    assert indicators.extract([PLAN], [s]).indicators == ()  # no indicator report at all


def test_stored_beside_the_index_and_refreshed_when_the_index_changes(tmp_path: Path) -> None:
    s = section(REPORT, 0, "Indicator 1: Slope index", SII_TEXT, page_start=6, page_end=6)
    write_index(tmp_path, [REPORT], [s], rebuild=True)
    indicators.keep_current(tmp_path, changed=False)  # none stored yet: read them
    assert indicators.read(tmp_path).with_figures == 1
    stored = json.loads((tmp_path / indicators.FILE).read_text(encoding="utf-8"))
    assert stored["indicators"][0]["observations"][0] == {"period": "2009–11", "values": [8.9, 9.2]}
    write_index(tmp_path, [], [], remove=["ir"])
    indicators.keep_current(tmp_path, changed=False)  # unchanged: left alone
    assert indicators.read(tmp_path).with_figures == 1
    indicators.keep_current(tmp_path, changed=True)
    assert indicators.read(tmp_path).indicators == ()


def test_an_unreadable_file_means_no_indicators_not_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / indicators.FILE).write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert indicators.read(tmp_path).indicators == ()
    assert "unreadable" in caplog.text
    assert indicators.read(tmp_path / "missing").indicators == ()
