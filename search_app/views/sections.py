"""A section: full text with the query highlighted, pages, objectives, evidence, citation."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request

from search_app import citations
from search_app.views import data, present

logger = logging.getLogger(__name__)

bp = Blueprint("sections", __name__, url_prefix="/sections")


def related(section_id: str, limit: int = 5) -> list:  # type: ignore[type-arg]
    """More like this, or nothing when the search module cannot say (logged, never a 500)."""
    from search_app.search import more_like_this

    try:
        return list(more_like_this(data.index_dir(), section_id, limit=limit))
    except Exception:  # a failed suggestion must not take the section page down
        logger.exception("more_like_this failed for %s", section_id)
        return []


@bp.get("/<path:section_id>")
def show(section_id: str) -> str:
    section = data.section_or_404(section_id)
    document = data.document_or_404(section.doc_id)
    query = request.args.get("q", "")[:500]
    terms = present.query_terms(query)
    citation = citations.Citation(section, document)
    formatted = {
        style: citations.format_citations([citation], style).entries[0]
        for style in citations.STYLES
    }
    return render_template(
        "sections/show.html",
        section=section,
        document=document,
        query=query,
        blocks=present.reading_blocks(section, terms),
        heading_html=present.highlight(section.heading, terms),
        pages=present.page_span(section),
        pdf_url=present.pdf_url(document, section.page_start),
        objectives=data.objectives_by_number(),
        neighbours=data.neighbours(section),
        related=related(section.id),
        citation=citation,
        formatted=formatted,
        formats=citations.FORMATS,
        evidence=[(ev, present.highlight(ev.text, terms)) for ev in section.evidence],
    )
