"""The judged query sets and the relevance scorer (`healthsearch evaluate --search`).

Two judged sets: ``relevance.jsonl`` (written with the engine) and ``relevance_blind.jsonl``
(written before its author read the engine or the first set; split by a hash of the query id
before any run). The thresholds at the bottom stop the search figures on each from falling:
they sit a little under what the engine reaches (see the README's search section).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.search_index import read_sections
from search_app import relevance
from search_app.commands import tagging as commands

GRADES = {"a": 3, "b": 2, "c": 1}
BLIND = relevance.JUDGMENTS.with_name("relevance_blind.jsonl")


def test_ndcg_is_one_for_the_ideal_order_and_falls_when_the_best_hit_drops() -> None:
    assert relevance.ndcg_at(["a", "b", "c"], GRADES) == pytest.approx(1.0)
    assert relevance.ndcg_at(["b", "a", "c"], GRADES) < 1.0
    assert relevance.ndcg_at(["x", "y"], GRADES) == 0.0
    assert relevance.ndcg_at(["a"], {}) == 0.0  # nothing judged: no credit, no division by 0


def test_reciprocal_rank_and_success_count_only_grade_two_and_above() -> None:
    assert relevance.reciprocal_rank(["c", "x", "b"], GRADES) == pytest.approx(1 / 3)
    assert relevance.success_at(["c", "x", "b"], GRADES) is True
    assert relevance.success_at(["c", "x", "y", "a"], GRADES) is False  # rank 4 is too late
    assert relevance.reciprocal_rank(["c"], GRADES) == 0.0


def test_off_topic_queries_are_right_when_empty_or_flagged_partial() -> None:
    off = relevance.JudgedQuery("q1", "hs2", "off_topic", "tune", True, {})
    on = relevance.JudgedQuery("q2", "air quality", "topic", "tune", False, {"a": 3})
    answers = {
        "hs2": relevance.Answer(("x",), 1, partial=True),
        "air quality": relevance.Answer((), 0),
    }
    report = relevance.evaluate([off, on], lambda q: answers[q])
    assert report["summary"]["all"]["off_topic_ok"] == 1.0
    assert report["summary"]["all"]["off_topic_empty"] == 0.0
    assert report["summary"]["all"]["zero_results"] == 1.0  # the answerable query found nothing
    assert report["summary"]["tune"]["answerable"] == 1


def test_a_malformed_judgment_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "rel.jsonl"
    bad.write_text('{"id": "q1", "query": "x"}\n{"id": "q2"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        relevance.load_judgments(bad)


def test_the_judged_set_is_large_varied_and_split() -> None:
    queries = relevance.load_judgments()
    assert len(queries) >= 60
    assert len({q.query.lower() for q in queries}) == len(queries), "duplicate query"
    categories = {q.category for q in queries}
    assert {"natural", "programme", "statistic", "misspelling", "objective", "document"} <= (
        categories
    )
    assert sum(q.off_topic for q in queries) >= 8
    holdout = sum(q.split == "holdout" for q in queries) / len(queries)
    assert 0.25 <= holdout <= 0.4
    for q in queries:
        assert q.split in relevance.SPLITS, q.id
        if q.off_topic:
            assert not q.grades, f"{q.id}: an off-topic query has no relevant section"
        else:
            assert max(q.grades.values()) >= 2, f"{q.id} has no section that answers it"
            assert set(q.grades.values()) <= {1, 2, 3}, q.id


def test_the_blind_set_is_varied_judged_and_split_by_a_hash_of_the_id() -> None:
    queries = relevance.load_judgments(BLIND)
    assert len(queries) >= 50
    assert len({q.query.lower() for q in queries}) == len(queries), "duplicate query"
    assert len({q.category for q in queries}) >= 10
    assert sum(q.off_topic for q in queries) >= 8
    for q in queries:  # the split was fixed before any failure was looked at
        even = int(hashlib.sha1(q.id.encode()).hexdigest(), 16) % 2 == 0
        assert q.split == ("tune" if even else "holdout"), q.id
        if q.off_topic:
            assert not q.grades, q.id
        else:
            assert max(q.grades.values()) >= 2 and set(q.grades.values()) <= {1, 2, 3}, q.id


@pytest.mark.parametrize("path", [relevance.JUDGMENTS, BLIND], ids=["judged", "blind"])
def test_every_judged_section_exists_in_the_sample_index(sample_index: Path, path: Path) -> None:
    ids = {s.id for s in read_sections(sample_index)}
    missing = {
        (q.id, sid) for q in relevance.load_judgments(path) for sid in q.grades if sid not in ids
    }
    assert not missing, f"judgments name sections the corpus does not have: {sorted(missing)}"


def _report(sample_index: Path, *extra: str) -> dict:
    result = CliRunner().invoke(
        commands.evaluate_command, ["--index", str(sample_index), "--search", "--json", *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def report(sample_index: Path) -> dict:
    return _report(sample_index)


@pytest.fixture(scope="module")
def blind_report(sample_index: Path) -> dict:
    return _report(sample_index, "--judged", str(BLIND))


def test_evaluate_judged_scores_another_file_and_names_a_bad_line(
    sample_index: Path, tmp_path: Path
) -> None:
    one = tmp_path / "one.jsonl"
    row = {"id": "x1", "query": "fuel poverty", "judgments": {"his-2010-s029": 3}}
    one.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        commands.evaluate_command, ["--index", str(sample_index), "--judged", str(one)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 judged queries")
    one.write_text('{"id": "x1"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        commands.evaluate_command, ["--index", str(sample_index), "--judged", str(one)]
    )
    assert result.exit_code == 1 and "line 1" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(
        commands.evaluate_command, ["--index", str(sample_index), "--judged", "nope.jsonl"]
    )
    assert result.exit_code == 2 and "no judged query file nope.jsonl" in result.output


def test_evaluate_search_prints_figures_for_both_splits(sample_index: Path) -> None:
    result = CliRunner().invoke(
        commands.evaluate_command, ["--index", str(sample_index), "--search"]
    )
    assert result.exit_code == 0, result.output
    for word in ("nDCG@10", "MRR", "succ@3", "zero", "tune", "holdout", "off-topic"):
        assert word in result.output


def test_evaluate_search_without_an_index_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(commands.evaluate_command, ["--index", str(tmp_path), "--search"])
    assert result.exit_code == 1
    assert "no index" in result.output and "Traceback" not in result.output


def test_search_figures_do_not_fall(report: dict) -> None:
    """A little under what the engine reaches (README, search section); the brief's targets
    are success@3 >= 0.9 and at most 2% zero results on the judged set as a whole."""
    tune, holdout, every = (report["summary"][k] for k in ("tune", "holdout", "all"))
    assert tune["success@3"] >= 0.97 and holdout["success@3"] >= 0.87
    assert every["success@3"] >= 0.94
    assert tune["ndcg@10"] >= 0.82 and holdout["ndcg@10"] >= 0.79
    assert tune["mrr"] >= 0.92 and holdout["mrr"] >= 0.87
    assert tune["zero_results"] <= 0.02 and every["zero_results"] <= 0.02
    assert every["off_topic_ok"] == 1.0  # nothing, or closest matches under a notice
    assert every["off_topic_empty"] >= 0.85


def test_blind_search_figures_do_not_fall(blind_report: dict) -> None:
    """The blind set (README, search section): a little under what the engine reaches."""
    tune, holdout, every = (blind_report["summary"][k] for k in ("tune", "holdout", "all"))
    assert tune["success@3"] >= 0.95 and holdout["success@3"] >= 0.95
    assert tune["ndcg@10"] >= 0.84 and holdout["ndcg@10"] >= 0.8
    assert tune["mrr"] >= 0.93 and holdout["mrr"] >= 0.95
    assert every["zero_results"] <= 0.02
    assert every["off_topic_ok"] == 1.0
    assert every["off_topic_empty"] >= 0.85
