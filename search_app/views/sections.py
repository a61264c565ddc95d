"""A section: full text with the query highlighted, pages, objectives, evidence, citation."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request

from search_app import citation_tags, citations
from search_app.context import get_engine
from search_app.engine import Hit
from search_app.pages import page_span
from search_app.views import data, present

logger = logging.getLogger(__name__)

bp = Blueprint("sections", __name__, url_prefix="/sections")


def related(section_id: str, limit: int = 5) -> list[Hit]:
    """More like this, or nothing when the engine cannot say (logged, never a 500)."""
    try:
        return list(get_engine().more_like_this(section_id, limit=limit))
    except Exception:  # a failed suggestion must not take the section page down
        logger.exception("more_like_this failed for %s", section_id)
        return []


@bp.get("/<path:section_id>")
def show(section_id: str) -> str:
    section = data.section_or_404(section_id)
    document = data.document_or_404(section.doc_id)
    query = request.args.get("q", "")[:500]
    terms = get_engine().matched(query).stems
    citation = citations.Citation(section, document)
    formatted = {
        style: citations.format_citations([citation], style).entries[0]
        for style in citations.STYLES
    }
    page_url = request.host_url.rstrip("/") + request.path
    pdf_url = present.pdf_url(document, section.page_start)
    absolute_pdf = request.host_url.rstrip("/") + pdf_url if pdf_url else None
    return render_template(
        "sections/show.html",
        meta_tags=citation_tags.meta_tags(document, page_url, absolute_pdf, section),
        coins=citation_tags.coins(document, page_url, section),
        section=section,
        document=document,
        query=query,
        blocks=present.reading_blocks(section, terms, document),
        heading_html=present.highlight(section.heading, terms),
        pages=page_span(section),
        pdf_url=pdf_url,
        objectives=data.objectives_by_number(),
        neighbours=data.neighbours(section),
        related=related(section.id),
        citation=citation,
        formatted=formatted,
        formats=citations.FORMATS,
        evidence=[(ev, present.highlight(ev.text, terms)) for ev in section.evidence],
    )
