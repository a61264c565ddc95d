"""`healthsearch search`: readable output, JSON output, filters and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import search_index as si
from ingest.model import Document, ObjectiveTag, Section
from search_app.commands.search import search_command
from search_app.engine import close_searchers


@pytest.fixture
def index(tmp_path: Path) -> Path:
    doc = Document(id="his-2010", title="Health Inequalities Strategy", issued="2010")
    sections = [
        Section(
            id=f"his-2010-{i}",
            doc_id="his-2010",
            ordinal=i,
            heading=heading,
            level=2,
            path=("Chapter 3",),
            text=text,
            page_start=20 + i,
            page_end=21 + i,
            objectives=(ObjectiveTag(3, 0.7),) if i else (),
        )
        for i, (heading, text) in enumerate(
            [("Poverty", "Child poverty in London."), ("Obesity", "Child obesity <b>rising</b>.")]
        )
    ]
    si.write_index(tmp_path, [doc], sections, rebuild=True)
    yield tmp_path
    close_searchers()


def test_json_output_has_the_documented_shape(index: Path) -> None:
    result = CliRunner().invoke(
        search_command, ["child", "--objective", "3", "--index", str(index), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"query", "total", "page", "hits", "facets", "suggestion", "synonyms", "notices"} <= set(
        data
    )
    assert data["total"] == 1
    hit = data["hits"][0]
    assert hit["section_id"] == "his-2010-1"
    assert (hit["pdf_page_start"], hit["pdf_page_end"]) == (21, 22)
    assert hit["path"] == ["Chapter 3"] and hit["objectives"] == [3]
    assert hit["snippet"] == "Child obesity <b>rising</b>."


def test_plain_output_is_readable(index: Path) -> None:
    result = CliRunner().invoke(search_command, ["child", "poverty", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "results 1-1 of 1" in result.output
    assert "Health Inequalities Strategy · PDF pp. 20–21" in result.output
    assert "Chapter 3 > Poverty" in result.output


def test_malformed_query_and_missing_index(index: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(search_command, ['"child', "--index", str(index)])
    assert result.exit_code == 0 and "note: Could not read the query" in result.output
    missing = CliRunner().invoke(search_command, ["x", "--index", str(tmp_path / "none")])
    assert missing.exit_code != 0 and "no search index" in missing.output


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(search_command, ["--help"])
    assert "Example: healthsearch search" in result.output
