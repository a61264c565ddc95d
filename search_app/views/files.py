"""The original PDFs, served only when a document lists them and they lie inside the corpus."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, send_file

from ingest.catalogue import corpus_path
from search_app.context import get_engine
from search_app.views import data

logger = logging.getLogger(__name__)

bp = Blueprint("files", __name__, url_prefix="/files")

# A PDF needs nothing from the page around it: the browser's own viewer renders it (checked in
# Chromium 156, which renders it under this policy as without one). The app's page policy
# would break that viewer, so the file route has its own.
PDF_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"


@bp.get("/<doc_id>.pdf")
def pdf(doc_id: str) -> Response:
    document = data.document_or_404(doc_id)
    if not document.pdf:
        abort(404, description=f"{document.title} has no PDF.")
    root = get_engine().settings.corpus_dir.resolve()
    path = corpus_path(root, document.pdf).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        logger.warning("refused to serve %s for %s: outside the corpus or missing", path, doc_id)
        abort(404, description="The PDF for this document is not available.")
    # the name and tag from the document's id, never from the file's name (which werkzeug
    # encodes as UTF-8, and a name from another system may not be)
    stat = path.stat()
    response = send_file(
        path,
        mimetype="application/pdf",
        conditional=True,
        max_age=3600,
        download_name=f"{doc_id}.pdf",
        etag=f"{doc_id}-{stat.st_mtime_ns}-{stat.st_size}",
    )
    response.headers["Content-Disposition"] = f'inline; filename="{doc_id}.pdf"'
    response.headers["Content-Security-Policy"] = PDF_CSP
    return response
