"""The Strategy's objectives: coverage per document and per year, and each objective's
timeline and evidence."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, render_template

from ingest.model import Document, Objective, Section
from search_app.engine import browse
from search_app.evidence_table import FORMATS
from search_app.pages import page_span
from search_app.views import charts, coverage, data
from search_app.views.evidence import grouped_rows

bp = Blueprint("objectives", __name__, url_prefix="/objectives")


@bp.get("/")
def index() -> str:
    cov = data.coverage()
    documents = list(data.documents().values())
    objectives = data.objectives()
    years = coverage.by_year(cov, documents, objectives)
    chart = charts.grouped_bars(
        [str(y.year) for y in years],
        [(f"Objective {o.number}", f"o{o.number}") for o in objectives],
        [[y.cells[o.number].share for o in objectives] for y in years],
    )
    return render_template(
        "objectives/index.html",
        objectives=objectives,
        documents=documents,
        short_titles={d.id: coverage.short_title(d) for d in documents},
        totals=cov.totals,
        cells=coverage.matrix(cov, documents, objectives),
        years=years,
        chart=chart,
    )


def _why(section: Section, documents: Mapping[str, Document], objective: Objective) -> str:
    """Why a section stands where it does in the objective's order, in words (the order's
    score itself, a sum of tier, tag strength and document weight, reads as a wall of ties)."""
    cues = browse.Cues.of(objective)
    tier = browse.tier(section, documents.get(section.doc_id), cues)
    if tier == 2:
        return "the Strategy's chapter on it"
    if tier == 1:
        return "written for it"
    return f"tagged, strength {browse.strength(section, cues):.0%}"


@bp.get("/<int:number>")
def show(number: int) -> str:
    objective = data.objectives_by_number().get(number)
    if objective is None:
        abort(404, description=f"There is no objective {number}.")
    documents = data.documents()
    evidence = grouped_rows(number)
    ranked = data.objective_sections(number)
    timeline = coverage.timeline(
        number, list(documents.values()), {d: data.sections_of(d) for d in documents}
    )
    return render_template(
        "objectives/show.html",
        objective=objective,
        documents=documents,
        short_titles={d.id: coverage.short_title(d) for d in documents.values()},
        timeline=timeline,
        evidence=[(documents[d], evidence[d]) for d in documents if d in evidence],
        formats=FORMATS,
        ranked=[(s, _why(s, documents, objective), page_span(s)) for s, _score in ranked],
        objectives=data.objectives_by_number(),
    )
