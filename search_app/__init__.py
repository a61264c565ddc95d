"""healthsearch web app: search, browse by objective, read sections and cite them.

``create_app`` builds the Flask app from ``ingest.settings`` (defaults, then ``HEALTHSEARCH_*``
environment variables), then ``test_config``. The app only reads the index; searchers are opened
lazily per thread, so under gunicorn they are opened after the fork.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # Flask is imported here, not at package import, so that CLI commands which never serve
    # (ingest, sections) do not pay for it.
    from search_app.app import build_app

    return build_app(test_config)
