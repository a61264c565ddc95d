"""``healthsearch evaluate --commitments``: figures for commitments and their follow-ups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ingest.settings import PROJECT_ROOT
from search_app.context import cli_context

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "commitments.jsonl"


def evaluate_commitments(index: Path | None, as_json: bool, golden: Path = GOLDEN) -> str:
    """Score what the index stores against the hand-labelled set; text or JSON."""
    from ingest.commitment_eval import evaluate, load_golden
    from ingest.commitment_store import read_live

    with cli_context(index) as engine:
        if not engine.exists():
            raise click.ClickException(
                f"no index at {engine.index_dir}: run `healthsearch ingest` first"
            )
        tracked = read_live(engine.index_dir)
        if tracked is None:
            raise click.ClickException(
                f"the index at {engine.index_dir} has no commitments: "
                "run `healthsearch ingest --rebuild`"
            )
        issued = {d.id: d.issued for d in engine.documents().values()}
    result = evaluate(load_golden(golden), tracked, issued)
    return json.dumps(result, indent=2) if as_json else format_figures(result)


def format_figures(result: dict[str, Any]) -> str:
    lines = [
        "commitments and follow-ups (tests/golden/commitments.jsonl; "
        "tune = the Strategy, heldout = First Steps)",
        f"  {'split':8} {'extract P':>9} {'R':>6} {'links P':>8} {'R':>6} {'status':>7}"
        f" {'latest':>7}  labelled",
    ]
    for split, f in result.items():
        c, k = f["commitments"], f["links"]
        lines.append(
            f"  {split:8} {_n(c['precision']):>9} {_n(c['recall']):>6} {_n(k['precision']):>8}"
            f" {_n(k['recall']):>6} {_n(f['status_accuracy']):>7}"
            f" {_n(f['latest_status_accuracy']):>7}  {c['labelled']} commitments,"
            f" {k['labelled']} links"
        )
    return "\n".join(lines)


def _n(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
