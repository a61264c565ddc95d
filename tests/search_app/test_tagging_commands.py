"""The `evaluate` and `evidence` commands, on hand-made sections and on the sample index."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ingest.model import EvidenceStatement, ObjectiveTag, Section
from search_app.commands import tagging as commands


def _sections() -> list[Section]:
    return [
        Section(id="his-2010-s001", doc_id="his-2010", ordinal=1, heading="2.3 Objective Three",
                level=2, path=(), text="x", objectives=(ObjectiveTag(3, 0.9),),
                evidence=(EvidenceStatement("Pay rose 5%.", 23, ("figure", "trend")),)),
        Section(id="his-2010-s002", doc_id="his-2010", ordinal=2, heading="2.5 Healthy places",
                level=2, path=(), text="x", objectives=(ObjectiveTag(5, 0.9),),
                evidence=(EvidenceStatement("Casualties fell 10%.", 30, ("figure", "trend")),)),
    ]  # fmt: skip


def test_golden_labels_match_by_document_and_heading(tmp_path: Path) -> None:
    golden = tmp_path / "sample_corpus.json"
    golden.write_text(json.dumps({"documents": [{"id": "his-2010", "sections": [
        {"heading": "2.3  Objective Three", "level": 2, "page": 20, "objectives": [3]},
        {"heading": "Foreword", "level": 1, "page": 3, "objectives": []},
    ]}]}), encoding="utf-8")  # fmt: skip
    labels = commands.golden_labels(golden)
    assert labels[("his-2010", "2.3 Objective Three")] == frozenset({3})
    labelled = commands.label_sections(_sections(), labels)
    assert [(s.id, set(g)) for s, g in labelled] == [("his-2010-s001", {3})]


def test_evaluate_command_scores_the_ingested_sample_corpus(sample_index: Path) -> None:
    args = ["--index", str(sample_index), "--method", "vocabulary", "--method", "vocabulary_tuned"]
    result = CliRunner().invoke(commands.evaluate_command, [*args, "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["evidence_sources"]["statements"] >= 80
    assert figures["evidence_sources"]["accuracy"] >= 0.9  # issue 13's target
    end_to_end = figures["references"]["corpus end to end"]
    assert (
        end_to_end["entries"] >= 70
        and min(end_to_end[f] for f in ("authors", "year", "title")) >= 0.95
    )
    assert set(figures["methods"]) == {"vocabulary", "vocabulary_tuned"}
    assert figures["sections"] >= 200, "golden headings must match ingested sections"
    assert figures["methods"]["vocabulary"]["macro"]["f1"] >= 0.85
    text = CliRunner().invoke(commands.evaluate_command, args).output
    assert "vocabulary_tuned" in text and "macro" in text


def test_evidence_command_lists_statements_with_pages(sample_index: Path) -> None:
    args = ["--index", str(sample_index), "--objective", "3", "--doc", "his-2010", "--json"]
    result = CliRunner().invoke(commands.evidence_command, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(r["doc"] == "his-2010" and r["objective"] == "3" for r in rows)
    assert all(isinstance(r["pdf_page"], int) and r["pdf_page"] > 0 for r in rows)
    assert all(r["permalink"].startswith("http://127.0.0.1:5000/sections/") for r in rows)
    text = CliRunner().invoke(commands.evidence_command, args[:-1]).output
    assert "his-2010 p." in text


def test_evidence_command_writes_csv_and_xlsx(sample_index: Path, tmp_path: Path) -> None:
    base = ["--index", str(sample_index), "--objective", "3"]
    csv_out = CliRunner().invoke(commands.evidence_command, [*base, "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    header, *rows = list(csv.reader(io.StringIO(csv_out.output)))
    assert header == [
        "Objective", "Document", "Section", "Printed page", "PDF page", "Statement", "Kind",
        "Sources cited", "Permalink",
    ]  # fmt: skip
    assert rows and all(r[0] == "3" for r in rows)
    target = tmp_path / "objective-3.xlsx"
    xlsx = CliRunner().invoke(commands.evidence_command, [*base, "--format", "xlsx", "-o", target])
    assert xlsx.exit_code == 0, xlsx.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.max_row == len(rows) + 1
    assert [c.value for c in sheet[2]][5] == rows[0][5]


def test_evidence_command_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(commands.evidence_command, ["--index", str(tmp_path / "no")])
    assert result.exit_code != 0 and "healthsearch ingest" in result.output


@pytest.mark.parametrize(
    "command", [commands.evaluate_command, commands.evidence_command], ids=lambda c: c.name
)
def test_every_command_has_help_with_an_example(command) -> None:  # noqa: ANN001
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0 and "Example: healthsearch" in result.output
