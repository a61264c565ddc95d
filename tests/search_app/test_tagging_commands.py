"""The `evaluate` and `evidence` commands, on hand-made sections and on the sample index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.model import EvidenceStatement, ObjectiveTag, Section
from search_app.commands import tagging as commands


def _sections() -> list[Section]:
    return [
        Section(id="his-2010-s001", doc_id="his-2010", ordinal=1, heading="2.3 Objective Three",
                level=2, path=(), text="x", objectives=(ObjectiveTag(3, 0.9),),
                evidence=(EvidenceStatement("Pay rose 5%.", 23, ("quantitative",)),)),
        Section(id="his-2010-s002", doc_id="his-2010", ordinal=2, heading="2.5 Healthy places",
                level=2, path=(), text="x", objectives=(ObjectiveTag(5, 0.9),),
                evidence=(EvidenceStatement("Casualties fell 10%.", 30, ("quantitative",)),)),
        Section(id="dp-s001", doc_id="dp", ordinal=1, heading="Wage", level=1, path=(),
                text="The London Living Wage lifts pay for 20,000 workers (GLA, 2015).",
                objectives=(ObjectiveTag(3, 0.9),), page_start=7),
    ]  # fmt: skip


def test_evidence_rows_filter_by_objective_and_document() -> None:
    rows = commands.evidence_rows(_sections(), objective=3)
    assert [(r["doc"], r["page"]) for r in rows] == [("his-2010", 23), ("dp", 7)]
    assert rows[1]["kinds"] == ["quantitative", "citation"]  # found when the index had none
    assert [r["text"] for r in commands.evidence_rows(_sections(), doc="his-2010")] == [
        "Pay rose 5%.",
        "Casualties fell 10%.",
    ]


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
    assert rows and all(r["doc"] == "his-2010" for r in rows)
    assert all(isinstance(r["page"], int) and r["page"] > 0 for r in rows)


def test_evidence_command_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(commands.evidence_command, ["--index", str(tmp_path / "no")])
    assert result.exit_code != 0 and "healthsearch ingest" in result.output


@pytest.mark.parametrize(
    "command", [commands.evaluate_command, commands.evidence_command], ids=lambda c: c.name
)
def test_every_command_has_help_with_an_example(command) -> None:  # noqa: ANN001
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0 and "Example: healthsearch" in result.output
