"""Documents: the list, and one document's metadata, contents and spread over objectives."""

from __future__ import annotations

from flask import Blueprint, render_template

from search_app.pages import page_span
from search_app.views import data, present

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.get("/")
def index() -> str:
    cov = data.coverage()
    return render_template(
        "documents/index.html",
        documents=list(data.documents().values()),
        counts=cov.per_document,
    )


@bp.get("/<doc_id>")
def show(doc_id: str) -> str:
    document = data.document_or_404(doc_id)
    sections = data.sections_of(doc_id)
    cov = data.coverage()
    spread = [
        (objective, cov.cells.get((objective.number, doc_id), 0)) for objective in data.objectives()
    ]
    return render_template(
        "documents/show.html",
        document=document,
        sections=[(s, page_span(s)) for s in sections],
        spread=spread,
        untagged=cov.untagged.get(doc_id, 0),
        total=len(sections),
        objectives=data.objectives_by_number(),
        pdf_url=present.pdf_url(document, None),
    )
