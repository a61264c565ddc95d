"""About the collection: which editions are loaded and how to add the official files."""

from __future__ import annotations

from flask import Blueprint, render_template

from search_app.views import data

bp = Blueprint("about", __name__, url_prefix="/about")


@bp.get("/")
def index() -> str:
    try:
        documents = list(data.documents().values())
        counts = data.coverage().per_document
    except data.NoIndex:
        documents, counts = [], {}
    return render_template("about/index.html", documents=documents, counts=counts)
