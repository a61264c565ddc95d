"""The Flask application behind ``search_app.create_app``.

``build_app`` builds the Flask app from ``ingest.settings`` (defaults, then ``HEALTHSEARCH_*``
environment variables), then ``test_config``. The app only reads the index, through
``search_app.context.get_engine()``; searchers are opened lazily per thread, so under gunicorn
they are opened after the fork.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

from ingest.settings import load_settings
from search_app import context

logger = logging.getLogger(__name__)

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)


def count_of(n: int, noun: str) -> str:
    """'1 section', '2 sections': counts in page text read as English."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def build_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application factory. Config keys: INDEX_DIR, CORPUS_DIR (objectives.toml and
    synonyms.toml are read from the corpus folder)."""
    app = Flask(__name__)
    app.add_template_filter(count_of, "count_of")
    app.config.from_mapping(context.app_config(load_settings()), JSON_SORT_KEYS=False)
    if test_config:
        app.config.update(test_config)
    for key in ("INDEX_DIR", "CORPUS_DIR"):
        app.config[key] = Path(app.config[key])
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from search_app.views import register

    register(app)
    app.after_request(_security_headers)
    context.init_app(app)  # one index version per request: see context.get_engine
    logger.info(
        "healthsearch app: index %s, corpus %s", app.config["INDEX_DIR"], app.config["CORPUS_DIR"]
    )
    return app


def _security_headers(response: Response) -> Response:
    # PDFs open in the browser's own viewer, which a page CSP would break
    if not request.path.startswith("/files/"):
        response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
