"""Blueprints, one per thing shown, and the error pages shared by all of them."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from flask import Flask, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from search_app.views import (
    about,
    api,
    cite,
    documents,
    files,
    help,
    objectives,
    search,
    sections,
)
from search_app.views.data import NoIndex

logger = logging.getLogger(__name__)

BLUEPRINTS = (search, sections, documents, objectives, about, help, cite, files, api)


def register(app: Flask) -> None:
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(NoIndex, _no_index)
    app.jinja_env.globals["nav"] = NAV
    app.jinja_env.globals["url_for"] = _remembered_url_for


NAV = (
    ("search.index", "Search"),
    ("objectives.index", "Objectives"),
    ("documents.index", "Documents"),
    ("cite.index", "Basket"),
    ("help.index", "Query help"),
    ("about.index", "About"),
)


def _remembered_url_for(endpoint: str, **values: Any) -> str:
    """``url_for`` for templates, remembered per process: a results page builds two links per
    hit plus the navigation, about 65 us each, and the same links recur across requests.
    Options such as ``_external`` and unhashable values go straight to ``url_for``."""
    if any(k.startswith("_") for k in values) or not all(
        isinstance(v, str | int | None) for v in values.values()
    ):
        return url_for(endpoint, **values)
    return _url(request.script_root, endpoint, tuple(values.items()))


@lru_cache(maxsize=8192)
def _url(script_root: str, endpoint: str, values: tuple[tuple[str, Any], ...]) -> str:
    # script_root is part of the key only: url_for reads it from the request being served
    return url_for(endpoint, **dict(values))


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
    status = exc.code or 500
    message = exc.description or exc.name
    if _wants_json():
        response = jsonify({"error": {"status": status, "message": message}})
        response.status_code = status
        return response
    return render_template(
        "errors/error.html", status=status, title=exc.name, message=message
    ), status


def _no_index(exc: NoIndex):  # type: ignore[no-untyped-def]
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
