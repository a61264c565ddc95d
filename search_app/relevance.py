"""Search relevance against a judged query set (``tests/golden/relevance.jsonl``).

Each line of the judged set is one query as an analyst types it, with graded judgments of
sections made by reading the documents: 3 answers the query, 2 is clearly useful, 1 touches
it, anything unjudged is 0. Queries marked ``off_topic`` ask about something the corpus does
not cover; the right answer there is nothing, or an answer that says no section has all the
words. A third of the queries are marked ``"split": "holdout"`` and are not looked at while
ranking is tuned.

The figures are the usual ones: nDCG@10 (gain 2^grade - 1), MRR and success@3 (a section of
grade 2 or more at rank 1, in the top 3), and the zero-result rate on answerable queries.
The engine is reached through a callable, so this module knows nothing of Whoosh.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.settings import PROJECT_ROOT
from search_app.engine import Engine

JUDGMENTS = PROJECT_ROOT / "tests" / "golden" / "relevance.jsonl"
RELEVANT = 2  # the grade from which a hit counts as an answer (MRR, success@3)
SPLITS = ("tune", "holdout")


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    query: str
    category: str
    split: str  # "tune" | "holdout"
    off_topic: bool
    grades: Mapping[str, int]  # section id -> grade 1..3


@dataclass(frozen=True)
class Answer:
    """What the engine showed on its first page for one query."""

    section_ids: tuple[str, ...]  # in the order shown
    total: int
    partial: bool = False  # the hits lack some query words, and the answer says so
    corrected: str | None = None  # the query actually searched, when auto-corrected


@dataclass(frozen=True)
class Scored:
    judged: JudgedQuery
    answer: Answer
    ndcg: float
    rr: float
    success: bool

    @property
    def zero(self) -> bool:
        return self.answer.total == 0

    @property
    def off_topic_ok(self) -> bool:
        """An off-topic query is answered right by nothing, or by hits flagged as partial."""
        return self.answer.total == 0 or self.answer.partial

    def to_json(self) -> dict[str, Any]:
        j = self.judged
        return {
            "id": j.id,
            "query": j.query,
            "category": j.category,
            "split": j.split,
            "off_topic": j.off_topic,
            "total": self.answer.total,
            "partial": self.answer.partial,
            "corrected": self.answer.corrected,
            "top": [[sid, j.grades.get(sid, 0)] for sid in self.answer.section_ids[:10]],
            "ndcg@10": round(self.ndcg, 4),
            "rr": round(self.rr, 4),
            "success@3": self.success,
        }


def load_judgments(path: Path = JUDGMENTS) -> list[JudgedQuery]:
    """The judged queries of a JSONL file; ValueError naming the line if one is malformed."""
    queries = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            grades = {str(k): int(v) for k, v in row.get("judgments", {}).items()}
            queries.append(
                JudgedQuery(
                    id=str(row["id"]),
                    query=str(row["query"]),
                    category=str(row.get("category", "")),
                    split=str(row.get("split", "tune")),
                    off_topic=bool(row.get("off_topic", False)),
                    grades=grades,
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path.name} line {n}: {exc}") from exc
    return queries


def dcg(gains: Iterable[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(grades.get(sid, 0) for sid in ranked[:k]) / ideal


def reciprocal_rank(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    for i, sid in enumerate(ranked, start=1):
        if grades.get(sid, 0) >= RELEVANT:
            return 1.0 / i
    return 0.0


def success_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 3) -> bool:
    return any(grades.get(sid, 0) >= RELEVANT for sid in ranked[:k])


def score(judged: JudgedQuery, answer: Answer) -> Scored:
    ids, grades = answer.section_ids, judged.grades
    return Scored(
        judged, answer, ndcg_at(ids, grades), reciprocal_rank(ids, grades), success_at(ids, grades)
    )


def evaluate(queries: Sequence[JudgedQuery], run: Callable[[str], Answer]) -> dict[str, Any]:
    """Run every query and score it: per-query rows and summaries for tune, holdout and all."""
    scored = [score(q, run(q.query)) for q in queries]
    summary = {name: summarise([s for s in scored if s.judged.split == name]) for name in SPLITS}
    summary["all"] = summarise(scored)
    categories = sorted({s.judged.category for s in scored if not s.judged.off_topic})
    return {
        "queries": len(scored),
        "summary": summary,
        "categories": {
            c: summarise([s for s in scored if s.judged.category == c]) for c in categories
        },
        "rows": [s.to_json() for s in scored],
    }


def summarise(scored: Sequence[Scored]) -> dict[str, Any]:
    answerable = [s for s in scored if not s.judged.off_topic]
    off = [s for s in scored if s.judged.off_topic]
    n = len(answerable)
    return {
        "answerable": n,
        "ndcg@10": _mean(s.ndcg for s in answerable),
        "mrr": _mean(s.rr for s in answerable),
        "success@3": _mean(float(s.success) for s in answerable),
        "zero_results": _mean(float(s.zero) for s in answerable),
        "off_topic": len(off),
        "off_topic_empty": _mean(float(s.zero) for s in off),
        "off_topic_ok": _mean(float(s.off_topic_ok) for s in off),
    }


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(sum(items) / len(items), 4) if items else 0.0


def format_report(report: Mapping[str, Any], *, failures_of: str = "tune") -> str:
    """A plain-text table of :func:`evaluate` output, then the ``failures_of`` split's misses
    (holdout misses are not listed, so that they are not tuned against)."""
    lines = [
        f"{report['queries']} judged queries",
        f"  {'split':<8} {'n':>3}  {'nDCG@10':>7}  {'MRR':>6}  {'succ@3':>6}  {'zero':>6}"
        f"  {'off-topic empty/ok':>18}",
    ]
    for name, f in report["summary"].items():
        lines.append(
            f"  {name:<8} {f['answerable']:>3}  {f['ndcg@10']:>7.3f}  {f['mrr']:>6.3f}"
            f"  {f['success@3']:>6.3f}  {f['zero_results']:>6.3f}"
            f"  {f['off_topic_empty']:>8.2f}/{f['off_topic_ok']:.2f} of {f['off_topic']}"
        )
    lines.append("\nby category (all splits)")
    for name, f in report["categories"].items():
        lines.append(
            f"  {name:<12} {f['answerable']:>3}  nDCG {f['ndcg@10']:.3f}  MRR {f['mrr']:.3f}"
            f"  succ@3 {f['success@3']:.3f}  zero {f['zero_results']:.3f}"
        )
    misses = [r for r in report["rows"] if r["split"] == failures_of and _missed(r)]
    if misses:
        lines.append(f"\nmisses ({failures_of} split)")
        for r in misses:
            top = ", ".join(f"{sid}:{g}" for sid, g in r["top"][:3]) or "no results"
            lines.append(f"  {r['id']} {r['query']!r} (total {r['total']}): {top}")
    return "\n".join(lines)


def _missed(row: Mapping[str, Any]) -> bool:
    if row["off_topic"]:
        return not (row["total"] == 0 or row["partial"])
    return not row["success@3"]


def searcher(engine: Engine) -> Callable[[str], Answer]:
    """Answers from the real search: first page of 10, default settings, as a user sees it."""

    def run(query: str) -> Answer:
        result = engine.search(query, per_page=10)
        ids = tuple(h.section.id for h in result.hits)
        return Answer(ids, result.total, result.partial, result.corrected_query)

    return run
