"""Query help: docs/query-language.md rendered to HTML."""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
from flask import Blueprint, current_app, render_template
from markupsafe import Markup

from ingest.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

bp = Blueprint("help", __name__, url_prefix="/help")

QUERY_DOC = PROJECT_ROOT / "docs" / "query-language.md"


def render_markdown(path: Path) -> Markup | None:
    """The file as HTML; raw HTML in the file is escaped, not passed through."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        logger.warning("query help not found at %s", path)
        return None
    md = markdown.Markdown(extensions=["tables", "fenced_code", "toc"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return Markup(md.convert(text))


@bp.get("/")
def index() -> str:
    path = Path(current_app.config.get("QUERY_DOC", QUERY_DOC))
    return render_template("help/index.html", body=render_markdown(path))
