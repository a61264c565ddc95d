"""Documents: the list, and one document's metadata, contents and spread over objectives."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ingest.model import Document
from search_app import citation_tags
from search_app.pages import page_span
from search_app.views import data, present

# How the document page says where a value came from (Document.metadata_source).
SOURCES = {
    "catalogue": "catalogue entry",
    "cover": "printed on the cover",
    "imprint": "printed in the imprint",
    "running-head": "printed as the running head",
    "xmp": "the file's XMP metadata",
    "pdf-info": "the PDF's document information",
    "rtf-info": "the RTF's document information",
    "filename": "the file name: nothing better is printed",
}
DETAILS = (
    ("title", "Title"),
    ("author", "Author"),
    ("publisher", "Publisher"),
    ("place", "Place"),
    ("issued", "Issued"),
    ("isbn", "ISBN"),
    ("series", "Series"),
    ("number", "Number"),
)


def details(document: Document) -> list[tuple[str, str, str]]:
    """(label, value, where it came from) for each bibliographic value the document has."""
    rows = []
    for field, label in DETAILS:
        value = getattr(document, field)
        if not value:
            continue
        source = document.metadata_source.get(field, "")
        where = SOURCES.get(source, "")
        if field == "issued" and source in ("pdf-info", "rtf-info"):
            where = "the file's creation date: no date is printed in the document"
        rows.append((label, value, where))
    return rows


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
    page_url = request.host_url.rstrip("/") + request.path
    pdf_url = present.pdf_url(document, None)
    absolute_pdf = request.host_url.rstrip("/") + pdf_url if pdf_url else None
    return render_template(
        "documents/show.html",
        meta_tags=citation_tags.meta_tags(document, page_url, absolute_pdf),
        coins=citation_tags.coins(document, page_url),
        details=details(document),
        document=document,
        sections=[(s, page_span(s)) for s in sections],
        spread=spread,
        untagged=cov.untagged.get(doc_id, 0),
        total=len(sections),
        objectives=data.objectives_by_number(),
        pdf_url=present.pdf_url(document, None),
    )
