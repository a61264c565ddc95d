"""Commitments through the real ingest: stored with each index build, re-judged on re-ingest,
and scored on the sample corpus against the hand-labelled set."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from ingest.commitment_eval import evaluate, load_golden
from ingest.commitment_links import judgement_lines
from ingest.commitment_store import live_folder, read_live
from ingest.pipeline import ingest
from ingest.search_index import read_documents
from ingest.settings import load_settings
from search_app.cli import cli
from tests.conftest import CORPUS, GOLDEN
from tests.ingest.test_pipeline import write_pdf

CATALOGUE = """
[[document]]
id = "plan"
title = "Plan"
issued = "2010-04"
author = "Greater London Authority"
files = ["plan.pdf"]

[[document]]
id = "report"
title = "Report"
issued = "2011"
author = "Greater London Authority"
files = ["report.pdf"]
"""


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(CORPUS / "objectives.toml", folder / "objectives.toml")
    (folder / "catalogue.toml").write_text(CATALOGUE, encoding="utf-8")
    write_pdf(
        folder / "plan.pdf",
        {"1. Low pay": "The Mayor will publish the London Living Wage every year."},
    )
    write_pdf(
        folder / "report.pdf",
        {
            "1. Low pay": "The Living Wage Unit has published a new London Living Wage rate.",
            "2. Housing": "Overcrowding is common in rented homes across the city.",
        },
    )
    return folder


def test_ingest_stores_commitments_and_a_changed_judgement_rewrites_them(tmp_path: Path) -> None:
    settings = load_settings(
        corpus_dir=small_corpus(tmp_path / "corpus"), index_dir=tmp_path / "ix"
    )
    ingest(settings)
    [tracked] = read_live(settings.index_dir) or []
    assert tracked.commitment.text == "The Mayor will publish the London Living Wage every year."
    [link] = tracked.followups
    assert link.doc_id == "report" and link.status == "done"

    (settings.corpus_dir / "commitment_links.toml").write_text(
        judgement_lines(tracked.commitment.id, link.id, "reject"), encoding="utf-8"
    )
    report = ingest(settings)
    assert {d.id for d in report.documents} == {"plan", "report"}  # judged again, not re-read
    [again] = read_live(settings.index_dir) or []
    assert again.followups == () and again.status == "no later mention"
    folder = live_folder(settings.index_dir)
    assert folder is not None
    assert len(list(folder.glob("commitments.*.json"))) == 2  # the previous one stays for readers


def test_the_sample_corpus_scores_against_the_labelled_set(sample_index: Path) -> None:
    tracked = read_live(sample_index)
    assert tracked is not None
    issued = {d.id: d.issued for d in read_documents(sample_index)}
    result = evaluate(load_golden(GOLDEN / "commitments.jsonl"), tracked, issued)
    print("commitments:", result)
    for split in ("tune", "heldout"):
        figures = result[split]
        assert figures["commitments"]["precision"] >= 0.95, figures
        assert figures["commitments"]["recall"] >= 0.95, figures
        assert figures["links"]["precision"] >= 0.80, figures
        # measured 0.637 (tune) and 0.594 (heldout); 0.58 fails if ``place`` stops helping
        assert figures["links"]["recall"] >= 0.58, figures
        # the links ``place`` added are harder to read (0.871 / 0.835); the target is 0.8
        assert figures["status_accuracy"] >= 0.82, figures


def test_evaluate_commitments_prints_the_figures(sample_index: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--commitments", "--index", str(sample_index)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["heldout", "tune", "all"]
    assert "extract P" in lines[1] and "links P" in lines[1]


def test_evaluate_commitments_on_a_missing_index_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--commitments", "--index", str(tmp_path)])
    assert result.exit_code == 1
    assert "run `healthsearch ingest` first" in result.output
