"""What a user sees of the outline work (issue 10): the ingest report's warnings and outline
source per document, the document's stored outline source, and the outline's quality on the
development set of reports from other producers."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.pipeline import ingest
from ingest.search_index import get_document
from ingest.settings import PROJECT_ROOT, load_settings
from tests.ingest.pdf_bytes import bad_icc_pdf


def test_warnings_and_outline_source_reach_the_ingest_report(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / "objectives.toml", corpus / "objectives.toml")
    (corpus / "damaged colour.pdf").write_bytes(
        bad_icc_pdf(["Annual report 2024", "The council spends most of its budget on care."])
    )
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    report = ingest(settings)
    assert not report.rejected  # pdfium read what pdfminer could not
    (summary,) = report.documents
    assert summary.outline_source == "typography"
    (warning,) = summary.warnings
    assert warning.startswith("damaged colour.pdf: page 1: read with pdfium (pdfminer")
    data = report.to_json()["documents"][0]
    assert data["outline_source"] == "typography" and data["warnings"] == [warning]
    stored = get_document(settings.index_dir, summary.id)
    assert stored is not None
    assert stored.outline_source == "typography" and stored.warnings == (warning,)


def test_the_development_set_outlines_reach_precision_and_recall_of_0_9(tmp_path: Path) -> None:
    from tools.outline_devset import evaluate_devset

    overall = evaluate_devset(tmp_path)["overall"]
    assert overall["rejected"] == 0
    assert overall["precision"] >= 0.9 and overall["recall"] >= 0.9
    assert overall["level_accuracy"] >= 0.9 and overall["page_exact"] >= 0.9
