"""Blueprints, one per thing shown, and the error pages shared by all of them."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from search_app.pages import page_text, pdf_page_text
from search_app.views import (
    about,
    api,
    cite,
    commitments,
    documents,
    evidence,
    files,
    help,
    indicators,
    links,
    objectives,
    present,
    search,
    sections,
    viewer,
)
from search_app.views.data import NoIndex

logger = logging.getLogger(__name__)

BLUEPRINTS = (
    search,
    sections,
    documents,
    objectives,
    commitments,
    evidence,
    indicators,
    about,
    help,
    cite,
    files,
    api,
    viewer,
)


def register(app: Flask) -> None:
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(NoIndex, _no_index)
    app.jinja_env.globals["nav"] = NAV
    app.jinja_env.globals["url_for"] = links.link
    app.jinja_env.globals["evidence_pages"] = present.evidence_pages
    app.jinja_env.globals["pdf_page_text"] = pdf_page_text
    app.jinja_env.globals["page_text"] = page_text


NAV = (
    ("search.index", "Search"),
    ("objectives.index", "Objectives"),
    ("commitments.index", "Commitments"),
    ("indicators.index", "Indicators"),
    ("documents.index", "Documents"),
    ("cite.index", "Basket"),
    ("help.index", "Query help"),
    ("about.index", "About"),
)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    status = exc.code or 500
    message = exc.description or exc.name
    if _wants_json():
        response = jsonify({"error": {"status": status, "message": message}})
        response.status_code = status
        return response
    return render_template(
        "errors/error.html", status=status, title=exc.name, message=message
    ), status


def _no_index(exc: NoIndex) -> ResponseReturnValue:
    logger.warning("no search index: %s", exc)
    message = (
        "There is no search index yet. Build it with `healthsearch ingest`, then reload this page."
    )
    if _wants_json():
        return jsonify({"error": {"status": 503, "message": message}}), 503
    return (
        render_template("errors/error.html", status=503, title="No index yet", message=message),
        503,
    )
