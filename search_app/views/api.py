"""The JSON API: every page has a JSON twin. Errors are ``{"error": {"status", "message"}}``."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for

from ingest.model import Document, Objective, Section
from search_app import citations
from search_app.context import get_engine
from search_app.pages import evidence_fields, page_fields, section_json
from search_app.views import data, present, query_args
from search_app.views.cite import requested_citations, requested_ids
from search_app.views.links import link
from search_app.views.search import run_search
from search_app.views.sections import related

bp = Blueprint("api", __name__)


def _document_summary(doc: Document) -> dict[str, Any]:
    out = doc.to_dict()
    out.pop("page_labels", None)  # one per PDF page: what the page rule needs, not a reader
    out["url_html"] = link("documents.show", doc_id=doc.id)
    out["pdf_url"] = present.pdf_url(doc, None)
    out["sections"] = data.coverage().per_document.get(doc.id, 0)
    return out


def _section_brief(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "doc_id": section.doc_id,
        "heading": section.heading,
        "level": section.level,
        "path": list(section.path),
        **page_fields(section),
        "objectives": [t.number for t in section.objectives],
        "url_html": link("sections.show", section_id=section.id),
    }


def _objective(objective: Objective) -> dict[str, Any]:
    return {
        "number": objective.number,
        "title": objective.title,
        "short_title": objective.short_title,
        "sections": data.coverage().totals.get(objective.number, 0),
        "url_html": link("objectives.show", number=objective.number),
    }


@bp.get("/healthz")
def healthz() -> Response:
    return Response("ok\n", mimetype="text/plain")


@bp.get("/api/openapi.json")
def openapi() -> Response:
    from search_app.openapi import spec  # the spec imports this package's constants

    return jsonify(spec())


@bp.get("/api/search")
def search() -> Response:
    args = query_args.parse(request.args)
    result = run_search(args)
    body = result.to_json()
    for hit, out in zip(result.hits, body["hits"], strict=True):
        out["url_html"] = link("sections.show", section_id=hit.section.id)
        out["pdf_url"] = (
            present.pdf_url(hit.document, hit.section.page_start) if hit.document else None
        )
    body["links"] = {"html": args.url(), "self": args.url("api.search")}
    return jsonify(body)


@bp.get("/api/suggest")
def suggest() -> Response:
    prefix = request.args.get("q", "")
    if len(prefix) > 100:
        abort(400, description="q is too long (at most 100 characters).")
    limit = query_args._int(request.args, "limit", 8, 1, 20)
    words = get_engine().suggest(prefix, limit=limit) if prefix.strip() else []
    return jsonify({"q": prefix, "suggestions": words})


@bp.get("/api/sections/<path:section_id>")
def section(section_id: str) -> Response:
    sec = data.section_or_404(section_id)
    doc = data.document_or_404(sec.doc_id)
    near = data.neighbours(sec)
    cit = citations.Citation(sec, doc)
    body = section_json(sec, doc)
    body.update(
        pdf_url=present.pdf_url(doc, sec.page_start),
        url_html=link("sections.show", section_id=sec.id),
        document=_document_summary(doc),
        previous=_section_brief(near.previous) if near.previous else None,
        next=_section_brief(near.next) if near.next else None,
        more_like_this=[_section_brief(h.section) for h in related(sec.id)],
        citation={
            "locator": {"label": cit.locator.label, "value": cit.locator.value},
            "note": cit.note,
            **{
                style: {"in_text": e.in_text, "reference": e.reference}
                for style in citations.STYLES
                for e in citations.format_citations([cit], style).entries
            },
        },
    )
    return jsonify(body)


@bp.get("/api/documents")
def documents() -> Response:
    return jsonify({"documents": [_document_summary(d) for d in data.documents().values()]})


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str) -> Response:
    doc = data.document_or_404(doc_id)
    cov = data.coverage()
    body = _document_summary(doc)
    body["contents"] = [_section_brief(s) for s in data.sections_of(doc_id)]
    body["objectives"] = {
        str(o.number): cov.cells.get((o.number, doc_id), 0) for o in data.objectives()
    }
    body["untagged"] = cov.untagged.get(doc_id, 0)
    return jsonify(body)


@bp.get("/api/objectives")
def objectives() -> Response:
    cov = data.coverage()
    docs = list(data.documents())
    return jsonify(
        {
            "objectives": [_objective(o) for o in data.objectives()],
            "documents": docs,
            "matrix": {
                str(o.number): {d: cov.cells.get((o.number, d), 0) for d in docs}
                for o in data.objectives()
            },
        }
    )


@bp.get("/api/objectives/<int:number>")
def objective(number: int) -> Response:
    obj = data.objectives_by_number().get(number)
    if obj is None:
        abort(404, description=f"There is no objective {number}.")
    grouped = data.evidence_by_document(number)
    docs = data.documents()
    body = _objective(obj)
    body["evidence"] = [
        {
            "doc_id": doc_id,
            "statements": [
                {
                    # "page" was a PDF page without saying so: pages, printed_page, pdf_page
                    **{k: v for k, v in ev.to_dict().items() if k != "page"},
                    **evidence_fields(s, ev, docs.get(doc_id)),
                    "section_id": s.id,
                }
                for s, ev in rows
            ],
        }
        for doc_id, rows in grouped.items()
    ]
    body["ranked_sections"] = [
        {**_section_brief(s), "score": score} for s, score in data.objective_sections(number)
    ]
    return jsonify(body)


@bp.get("/api/cite")
def cite() -> Response:
    cits = requested_citations()
    if not cits and requested_ids():
        abort(404, description="None of the requested sections exists: check the id values.")
    fmt = request.args.get("format")
    if fmt is not None:
        from search_app.views.cite import download_response

        return download_response(cits, fmt)
    body: dict[str, Any] = {
        "sections": [
            {**_section_brief(c.section), "locator": c.locator.value, "note": c.note} for c in cits
        ],
        "csl": json.loads(citations.to_csl_json(cits)),
    }
    for style in citations.STYLES:
        formatted = citations.format_citations(cits, style) if cits else None
        body[style] = {
            "references": list(formatted.references) if formatted else [],
            "in_text": [e.in_text for e in formatted.entries] if formatted else [],
        }
    ids = [c.section.id for c in cits]
    body["downloads"] = {fmt: url_for("api.cite", id=ids, format=fmt) for fmt in citations.FORMATS}
    return jsonify(body)
