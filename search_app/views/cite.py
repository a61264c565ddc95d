"""The citation basket: cite one or many sections, preview Harvard / APA, download exports.

The basket lives in the browser (localStorage) when JavaScript runs; without it, the section
ids travel in the query string (``/cite?id=A&id=B``) from the search results' checkboxes.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from search_app import citations
from search_app.pages import page_span
from search_app.source_citations import PREFIX as SOURCE_PREFIX
from search_app.views import data
from search_app.views.evidence import basket_sources

bp = Blueprint("cite", __name__, url_prefix="/cite")

MAX_IDS = 200


def requested_ids() -> list[str]:
    """Section ids from ``id`` (repeated) or ``ids`` (comma separated) parameters."""
    ids = request.args.getlist("id")
    for chunk in request.args.getlist("ids"):
        ids.extend(part for part in chunk.split(",") if part)
    ids = [i.strip() for i in ids if i.strip()]
    if len(ids) > MAX_IDS:
        abort(400, description=f"At most {MAX_IDS} sections can be cited at once.")
    return ids


def requested_citations() -> list[citations.Citation]:
    ids = requested_ids()
    sections = data.sections_by_ids(ids)
    return citations.build_citations(sections, data.documents())


def download_response(cits: list[citations.Citation], fmt: str) -> Response:
    if fmt not in citations.FORMATS:
        abort(
            400, description=f"Unknown format {fmt!r}; use one of {', '.join(citations.FORMATS)}."
        )
    if not cits:
        abort(404, description="None of the requested sections exists.")
    result = citations.export(cits, fmt)
    mimetype = result.format.mimetype
    response = Response(result.body, mimetype=mimetype)
    if mimetype.startswith("text/"):
        response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@bp.get("/")
def index() -> str:
    ids = requested_ids()
    sources = basket_sources(ids)  # works the documents cite, next to their sections
    ids = [i for i in ids if not i.startswith(SOURCE_PREFIX)]
    cits = citations.build_citations(data.sections_by_ids(ids), data.documents()) if ids else []
    formatted = {s: citations.format_citations(cits, s) for s in citations.STYLES} if cits else {}
    missing = len(set(ids)) - len(cits)
    return render_template(
        "cite/index.html",
        sources=sources,
        citations=[(c, page_span(c.section)) for c in cits],
        formatted=formatted,
        formats=citations.FORMATS,
        ids=[c.section.id for c in cits],
        missing=missing,
        download_urls={
            fmt: url_for("cite.download", id=[c.section.id for c in cits], format=fmt)
            for fmt in citations.FORMATS
        },
    )


@bp.get("/download")
def download() -> Response:
    return download_response(requested_citations(), request.args.get("format", "ris"))
