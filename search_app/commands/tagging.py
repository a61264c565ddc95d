"""CLI commands for tagging; registered by search_app.cli."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ingest.evidence import evaluate_detector
from ingest.evidence_quality import evaluate_references, evaluate_sources
from ingest.model import Section
from ingest.settings import PROJECT_ROOT
from ingest.tagging import METHODS, Labelled, evaluate, load_objectives
from search_app import relevance
from search_app.commands import corpus_option, index_option
from search_app.context import cli_context
from search_app.engine import Engine
from search_app.evidence_table import (
    FORMATS,
    EvidenceRow,
    describe,
    evidence_rows,
    to_csv,
    to_json,
    to_xlsx,
)
from search_app.pages import page_text

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "sample_corpus.json"
EVIDENCE_LABELS = PROJECT_ROOT / "tests" / "golden" / "evidence_labels.jsonl"
EVIDENCE_SOURCES = PROJECT_ROOT / "tests" / "golden" / "evidence_sources.jsonl"
REFERENCES = PROJECT_ROOT / "tests" / "golden" / "references.jsonl"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


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
                f"  {split:>13}  P {f['precision']}  R {f['recall']}  "
                f"({f['sentences']} sentences, {f['evidence']} evidence)"
            )
    linked = result.get("evidence_sources")
    if linked:
        lines.append("\nclaim to source (hand-labelled statements that cite something)")
        lines.append(
            f"  {linked['correct']}/{linked['statements']} correct ({linked['accuracy']}); "
            f"{linked['found']} extracted; sources P {linked['source_precision']} "
            f"R {linked['source_recall']}"
        )
    references = result.get("references")
    if references:
        lines.append("\nreference parsing (field accuracy on hand-labelled entries)")
        for group, f in references.items():
            fields = "  ".join(f"{k} {f[k]}" for k in ("authors", "year", "title", "journal"))
            lines.append(f"  {group:>24}  {fields}  ({f['entries']} entries)")
    return "\n".join(lines)


def _require_index(engine: Engine) -> None:
    if not engine.exists():
        raise click.ClickException(
            f"no index at {engine.index_dir}: run `healthsearch ingest` first"
        )


def _read_sections(engine: Engine) -> list[Section]:
    _require_index(engine)
    return engine.sections()


def _judged_path(value: Path | None) -> Path | None:
    """``value`` as given, or inside the project folder (the judged sets live in the repo)."""
    if value is None:
        return None
    for path in (value, PROJECT_ROOT / value):
        if path.is_file():
            return path
    raise click.BadParameter(f"no judged query file {value}", param_hint="'--judged'")


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
@click.option(
    "--search",
    "search_mode",
    is_flag=True,
    help="Score search instead: nDCG@10, MRR, success@3 and zero results on the judged queries "
    "(tests/golden/relevance.jsonl), tune and holdout splits.",
)
@click.option(
    "--judged",
    "judged_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=lambda _ctx, _param, value: _judged_path(value),
    help="With --search: another judged query file in the same JSONL format "
    "(e.g. tests/golden/relevance_blind.jsonl, from here or the project folder); implies "
    "--search.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate_command(
    index_dir: Path | None,
    corpus_dir: Path | None,
    methods: tuple[str, ...],
    commitments: bool,
    search_mode: bool,
    judged_file: Path | None,
    as_json: bool,
) -> None:
    """Score objective tagging, evidence and its sources against the golden labels.

    Prints precision, recall and F1 per objective and the macro average for each tagging
    method (leaving one document out); the evidence detector's precision and recall on the
    hand-labelled sentences, per split; the share of hand-labelled statements whose linked
    sources are exactly right; and reference-list field accuracy. With
    --commitments: extraction and follow-up link precision and recall, and status accuracy.
    With --search: search ranking scored against the judged query set.

    Example: healthsearch evaluate --method vocabulary --json; healthsearch evaluate --search;
    healthsearch evaluate --search --judged tests/golden/relevance_blind.jsonl
    """
    if commitments:
        from search_app.commands.commitment_eval import evaluate_commitments

        click.echo(evaluate_commitments(index_dir, as_json))
        return
    if search_mode or judged_file is not None:
        try:
            judged = relevance.load_judgments(judged_file or relevance.JUDGMENTS)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        with cli_context(index_dir, corpus_dir) as engine:
            _require_index(engine)
            report = relevance.evaluate(judged, relevance.searcher(engine))
        click.echo(json.dumps(report, indent=2) if as_json else relevance.format_report(report))
        return
    with cli_context(index_dir, corpus_dir) as engine:
        sections = _read_sections(engine)
        documents = list(engine.documents().values())
        objectives_file = engine.settings.objectives_file
    labelled = label_sections(sections, golden_labels())
    if not labelled:
        raise click.ClickException("no indexed section matches a golden (doc, heading) label")
    objectives = load_objectives(objectives_file)
    result = evaluate(labelled, objectives, methods or METHODS)
    result["evidence_detector"] = evaluate_detector(_jsonl(EVIDENCE_LABELS))
    result["evidence_sources"] = evaluate_sources(_jsonl(EVIDENCE_SOURCES), sections)
    result["references"] = evaluate_references(_jsonl(REFERENCES), documents, sections)
    click.echo(json.dumps(result, indent=2) if as_json else format_evaluation(result))


@click.command("evidence")
@click.option("--objective", type=int, default=None, help="Only sections tagged with N.")
@click.option("--doc", default=None, help="Only this document id.")
@index_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", *FORMATS]),
    default="text",
    help="text (default), csv, xlsx or json: one row per statement.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (xlsx needs it unless stdout is redirected).",
)
@click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    envvar="HEALTHSEARCH_BASE_URL",
    show_default=True,
    help="Where the web app is served, for the permalink column.",
)
def evidence_command(
    objective: int | None,
    doc: str | None,
    index_dir: Path | None,
    fmt: str,
    as_json: bool,
    output: Path | None,
    base_url: str,
) -> None:
    """List evidence statements (figures, comparisons, trends, cited findings) with their pages
    and the sources they cite, or write them as a table to take away.

    Columns: objective, document, section, printed page, PDF page, statement, kind, sources
    cited, permalink.

    Example: healthsearch evidence --objective 2 --format xlsx -o objective-2.xlsx
    """
    fmt = "json" if as_json else fmt
    with cli_context(index_dir) as engine:
        sections = _read_sections(engine)
        documents = engine.documents()
    rows = evidence_rows(sections, documents, objective, doc, base_url)
    if fmt == "xlsx":
        data = to_xlsx(rows, f"Objective {objective}" if objective else "Evidence")
        if output is None and sys.stdout.isatty():
            raise click.ClickException("xlsx is binary: give --output FILE or redirect stdout")
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
        return
    if fmt == "csv":
        text = to_csv(rows)
    elif fmt == "json":
        text = json.dumps(to_json(rows), indent=2, ensure_ascii=False) + "\n"
    else:
        text = "".join(_text_row(r) for r in rows)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")


def _text_row(row: EvidenceRow) -> str:
    page = page_text(row.pdf_page, row.printed_page) or "page ?"  # "p. 8 (PDF p. 12)"
    lines = [f"{row.doc_id} {page} [{row.kind}] {row.statement}\n"]
    lines.extend(f"    - {describe(s)}\n" for s in row.sources)
    return "".join(lines)
