"""The Strategy's objectives: coverage per document and per year, and each objective's
timeline and evidence."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

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
        ranked=[(s, score, page_span(s)) for s, score in ranked],
        objectives=data.objectives_by_number(),
    )
