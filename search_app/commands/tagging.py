"""CLI commands for tagging; registered by search_app.cli."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ingest.evidence import evaluate_detector, find_evidence
from ingest.model import Section
from ingest.settings import PROJECT_ROOT
from ingest.tagging import METHODS, Labelled, evaluate, load_objectives
from search_app.commands import corpus_option, index_option
from search_app.context import cli_context
from search_app.engine import Engine

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "sample_corpus.json"
EVIDENCE_LABELS = PROJECT_ROOT / "tests" / "golden" / "evidence_labels.jsonl"


def golden_labels(path: Path = GOLDEN) -> dict[tuple[str, str], frozenset[int]]:
    """(doc id, heading) -> golden objective numbers, from the sample corpus outline."""
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = data.get("documents", data) if isinstance(data, dict) else data
    items = docs.items() if isinstance(docs, dict) else ((d.get("id"), d) for d in docs)
    labels = {}
    for doc_id, doc in items:
        for sec in doc.get("sections", ()):
            labels[(str(doc_id), " ".join(sec["heading"].split()))] = frozenset(
                int(n) for n in sec.get("objectives") or ()
            )
    return labels


def label_sections(
    sections: Sequence[Section], labels: dict[tuple[str, str], frozenset[int]]
) -> list[Labelled]:
    """Sections that have a golden label, paired with it."""
    return [
        (s, labels[(s.doc_id, " ".join(s.heading.split()))])
        for s in sections
        if (s.doc_id, " ".join(s.heading.split())) in labels
    ]


def format_evaluation(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`ingest.tagging.evaluate` output."""
    lines = [f"{result['sections']} sections, {result['documents']} documents (leave one out)"]
    for method, figures in result["methods"].items():
        lines.append(f"\n{method}")
        lines.append(f"  {'objective':>9}  {'P':>5}  {'R':>5}  {'F1':>5}  support")
        for n, p in figures["per_objective"].items():
            lines.append(
                f"  {n:>9}  {p['precision']:.3f}  {p['recall']:.3f}  {p['f1']:.3f}  {p['support']}"
            )
        m = figures["macro"]
        lines.append(f"  {'macro':>9}  {m['precision']:.3f}  {m['recall']:.3f}  {m['f1']:.3f}")
    detector = result.get("evidence_detector")
    if detector:
        lines.append("\nevidence detector (hand-labelled sentences)")
        for split, f in detector.items():
            lines.append(
                f"  {split:>9}  P {f['precision']}  R {f['recall']}  "
                f"({f['sentences']} sentences, {f['evidence']} evidence)"
            )
    return "\n".join(lines)


def evidence_rows(
    sections: Sequence[Section], objective: int | None = None, doc: str | None = None
) -> list[dict[str, Any]]:
    """Evidence statements of the chosen sections, one row each, with page and objectives."""
    rows = []
    for s in sections:
        if doc and s.doc_id != doc:
            continue
        numbers = [t.number for t in s.objectives]
        if objective is not None and objective not in numbers:
            continue
        for e in s.evidence or find_evidence(s):
            rows.append(
                {
                    "doc": s.doc_id,
                    "section": s.id,
                    "heading": s.heading,
                    "page": e.page,
                    "objectives": numbers,
                    "kinds": list(e.kinds),
                    "text": e.text,
                }
            )
    return rows


def _read_sections(engine: Engine) -> list[Section]:
    if not engine.exists():
        raise click.ClickException(
            f"no index at {engine.index_dir}: run `healthsearch ingest` first"
        )
    return engine.sections()


@click.command("evaluate")
@index_option
@corpus_option
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(METHODS),
    help="Only these methods (repeatable); default all. naive_bayes takes about a minute.",
)
@click.option(
    "--commitments",
    is_flag=True,
    help="Score commitments and their follow-ups against tests/golden/commitments.jsonl instead.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate_command(
    index_dir: Path | None,
    corpus_dir: Path | None,
    methods: tuple[str, ...],
    commitments: bool,
    as_json: bool,
) -> None:
    """Score objective tagging against the golden labels, leaving one document out.

    Prints precision, recall and F1 per objective and the macro average for each method, and
    the evidence detector's precision and recall on the hand-labelled sentences. With
    --commitments: extraction and follow-up link precision and recall, and status accuracy.

    Example: healthsearch evaluate --method vocabulary --json
    """
    if commitments:
        from search_app.commands.commitment_eval import evaluate_commitments

        click.echo(evaluate_commitments(index_dir, as_json))
        return
    with cli_context(index_dir, corpus_dir) as engine:
        labelled = label_sections(_read_sections(engine), golden_labels())
        objectives_file = engine.settings.objectives_file
    if not labelled:
        raise click.ClickException("no indexed section matches a golden (doc, heading) label")
    objectives = load_objectives(objectives_file)
    result = evaluate(labelled, objectives, methods or METHODS)
    result["evidence_detector"] = evaluate_detector(
        [json.loads(line) for line in EVIDENCE_LABELS.read_text("utf-8").splitlines() if line]
    )
    click.echo(json.dumps(result, indent=2) if as_json else format_evaluation(result))


@click.command("evidence")
@click.option("--objective", type=int, default=None, help="Only sections tagged with N.")
@click.option("--doc", default=None, help="Only this document id.")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evidence_command(
    objective: int | None, doc: str | None, index_dir: Path | None, as_json: bool
) -> None:
    """List evidence statements (figures, trends, cited sources) with their pages.

    Example: healthsearch evidence --objective 3 --doc his-2010 --json
    """
    with cli_context(index_dir) as engine:
        rows = evidence_rows(_read_sections(engine), objective, doc)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r['doc']} p.{r['page'] or '?'} [{','.join(r['kinds'])}] {r['text']}")
