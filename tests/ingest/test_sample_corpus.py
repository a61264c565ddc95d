"""The shipped sample corpus ingests into the outline its builder wrote down (golden file)."""

from __future__ import annotations

from pathlib import Path

from tools.outline_accuracy import evaluate


def test_every_sample_document_ingests(sample_index: Path) -> None:
    from ingest.search_index import read_documents

    documents = {d.id: d for d in read_documents(sample_index)}
    assert len(documents) == 10
    assert all(d.edition == "sample" for d in documents.values())
    assert documents["his-2010"].page_count >= 24


def test_the_outline_matches_the_golden_headings_levels_and_pages(sample_index: Path) -> None:
    result = evaluate(sample_index)
    overall = result["overall"]
    print("outline accuracy:", overall)
    assert overall["recall"] >= 0.95, [(r["doc"], r["missing"]) for r in result["documents"]]
    assert overall["precision"] >= 0.95, [(r["doc"], r["unexpected"]) for r in result["documents"]]
    for row in result["documents"]:
        assert row["level_accuracy"] is None or row["level_accuracy"] >= 0.9, row
        assert row["page_accuracy"] is None or row["page_accuracy"] >= 0.95, row


def test_more_like_this_suggests_sections_on_the_same_objectives(sample_index: Path) -> None:
    """Related sections are chosen from the key terms picked at ingest; most must serve an
    objective of the section (golden labels), and better than Whoosh's Bo1 terms do."""
    from tools.related_quality import evaluate as related

    result = related(sample_index)
    print("more like this:", result)
    assert result["sections"] >= 100
    assert result["key-terms"]["share_an_objective"] >= 0.8
    assert result["key-terms"]["share_an_objective"] >= result["bo1"]["share_an_objective"]
