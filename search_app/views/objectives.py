"""The Strategy's objectives: counts, coverage per document, and each objective's evidence."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from search_app.pages import page_span
from search_app.views import data

bp = Blueprint("objectives", __name__, url_prefix="/objectives")


@bp.get("/")
def index() -> str:
    cov = data.coverage()
    documents = list(data.documents().values())
    peak = max(cov.cells.values(), default=0)
    return render_template(
        "objectives/index.html",
        objectives=data.objectives(),
        documents=documents,
        coverage=cov,
        peak=peak,
    )


@bp.get("/<int:number>")
def show(number: int) -> str:
    objective = data.objectives_by_number().get(number)
    if objective is None:
        abort(404, description=f"There is no objective {number}.")
    documents = data.documents()
    evidence = data.evidence_by_document(number)
    ranked = data.objective_sections(number)
    return render_template(
        "objectives/show.html",
        objective=objective,
        documents=documents,
        evidence=[(documents[d], evidence[d]) for d in documents if d in evidence],
        ranked=[(s, score, page_span(s)) for s, score in ranked],
        objectives=data.objectives_by_number(),
    )
