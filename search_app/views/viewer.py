"""The page viewer: a document's PDF at one page, drawn by pdf.js, with the cited passage and
the search words highlighted in its text layer.

Everything the script needs (the PDF's address, the page, the passage's text, the words to
mark) is in the page as data attributes, so the page also reads without JavaScript: the
passage, the sections on the page and a plain link that opens the PDF at the page.
RTF-only documents have no pages: their links open the section in the reader instead.
"""

from __future__ import annotations

import json
import mimetypes

from flask import Blueprint, abort, redirect, render_template, request
from markupsafe import Markup
from werkzeug.wrappers import Response

from ingest.model import Document, Section
from search_app.context import get_engine
from search_app.engine.analysis import analyze
from search_app.pages import Pages
from search_app.views import data, present
from search_app.views.links import link

# pdf.js ships ES modules; some systems' mime tables do not know .mjs, and a module script
# served as text/plain is refused (the app sends X-Content-Type-Options: nosniff).
mimetypes.add_type("text/javascript", ".mjs")

bp = Blueprint("viewer", __name__)

MAX_WORDS = 40  # distinct word forms marked on one page


def pages_of(section: Section) -> list[tuple[int, str]]:
    """(physical page, the part of the section's text printed on it), in reading order."""
    if section.page_start is None:
        return []
    cuts = [(start, page) for start, page in section.page_offsets if start > 0]
    out: list[tuple[int, str]] = []
    pos, page = 0, section.page_start
    for start, next_page in cuts:
        out.append((page, section.text[pos:start]))
        pos, page = start, next_page
    out.append((page, section.text[pos:]))
    return out


def text_on_page(section: Section, page: int) -> str:
    """The section's text printed on physical ``page``; its heading too on its first page."""
    parts = [text for p, text in pages_of(section) if p == page]
    if section.page_start == page:
        parts.insert(0, section.heading)
    return "\n".join(part.strip() for part in parts if part.strip())


def covers(section: Section, page: int) -> bool:
    if section.page_start is None:
        return False
    return section.page_start <= page <= (section.page_end or section.page_start)


def printed_label(sections: list[Section], page: int) -> str | None:
    """The printed page number of physical ``page``, from a section with numeric labels."""
    for s in sections:
        if covers(s, page) and s.label_start and s.label_start.isdigit() and s.page_start:
            return str(int(s.label_start) + page - s.page_start)
    return None


def page_where(page: int, printed: str | None, last: int | None = None) -> str:
    """Physical ``page`` by the page rule, with the PDF's page count where known:
    "p. 12 (PDF p. 15 of 32)", "PDF p. 15 of 32", "p. 3 of 32"."""
    text = Pages(page, page, printed, printed).text
    if last is None:
        return text
    if text.endswith(")"):
        return f"{text[:-1]} of {last})"
    return f"{text} of {last}"


def words_to_mark(texts: list[str], terms: frozenset[str]) -> list[str]:
    """The word forms on the page whose stems the query matched (``terms``: "poverty" finds
    "Poverty" and "poverty's"), lower-cased, longest first so that the script prefers them."""
    if not terms:
        return []
    found: set[str] = set()
    for text in texts:
        for term, start, end in analyze(text):
            if term in terms:
                found.add(text[start:end].lower())
    return sorted(found, key=lambda w: (-len(w), w))[:MAX_WORDS]


def view_url(
    document: Document, section: Section | None = None, page: int | None = None, q: str = ""
) -> str | None:
    """The viewer at ``page`` (default: the section's first page); None without a PDF page."""
    page = page or (section.page_start if section else None)
    if not document.pdf or page is None:
        return None
    return link(
        "viewer.show",
        doc_id=document.id,
        page=page,
        section=section.id if section else None,
        q=q or None,
    )


@bp.app_template_global()
def page_link(
    document: Document | None, section: Section | None = None, page: int | None = None, q: str = ""
) -> Markup:
    """A "View in PDF" link into the page viewer, or nothing for a section without a PDF page
    (its heading already opens it in the reader)."""
    if document is None:
        return Markup("")
    url = view_url(document, section, page, q)
    if url is None:
        return Markup("")
    # the pages badge beside it gives the printed number; this opens the PDF's own page
    about = f": {section.heading}" if section else f": {document.title}"
    return Markup(
        '<a class="view-link" href="{url}">View in PDF'
        '<span class="visually-hidden">{about}</span></a>'
    ).format(url=url, about=about)


def _page_arg(document: Document, section: Section | None) -> int:
    raw = request.args.get("page", "").strip()
    if not raw:
        return (section.page_start if section else None) or 1
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description=f"The page must be a whole number from 1; got {raw[:20]!r}.")
    page = int(raw)
    if document.page_count and page > document.page_count:
        abort(
            404,
            description=f"{document.title} has {document.page_count} pages; there is no page "
            f"{page}.",
        )
    return page


@bp.get("/documents/<doc_id>/view")
def show(doc_id: str) -> str | Response:
    document = data.document_or_404(doc_id)
    query = request.args.get("q", "")[:500]
    section = None
    section_id = request.args.get("section", "").strip()
    if section_id:
        section = data.section_or_404(section_id)
        if section.doc_id != document.id:
            abort(404, description=f"Section {section_id!r} is not part of {document.title}.")
    if not document.pdf:
        # RTF only: no pages to show; open the section (or the contents) in the reader
        if section is not None:
            return redirect(link("sections.show", section_id=section.id, q=query or None))
        return redirect(link("documents.show", doc_id=document.id))
    page = _page_arg(document, section)
    sections = data.sections_of(document.id)
    on_page = [s for s in sections if covers(s, page)]
    passage = text_on_page(section, page) if section is not None else ""
    terms = get_engine().matched(query).stems if query else frozenset()

    def here(n: int) -> str:
        return link(
            "viewer.show",
            doc_id=document.id,
            page=n,
            section=section.id if section else None,
            q=query or None,
        )

    def where(n: int, last: int | None = None) -> str:
        # the document's page labels where it has them, else counted on from a section's
        return page_where(n, document.printed_page(n) or printed_label(sections, n), last)

    last = document.page_count
    start = section.page_start if section is not None else None
    return render_template(
        "viewer/show.html",
        document=document,
        section=section,
        page=page,
        last_page=last,
        where=where(page),
        where_of=where(page, last),
        section_start=where(start) if start else None,
        query=query,
        passage=passage,
        passage_html=present.highlight(passage, terms),
        on_page=on_page,
        words_json=json.dumps(words_to_mark([text_on_page(s, page) for s in on_page], terms)),
        prev_url=here(page - 1) if page > 1 else None,
        next_url=here(page + 1) if last is None or page < last else None,
        pdf_file=link("files.pdf", doc_id=document.id),
        pdf_url=present.pdf_url(document, page),
        section_url=link("sections.show", section_id=section.id, q=query or None)
        if section
        else None,
    )
