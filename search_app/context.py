"""The one request-scoped accessor: views, the API and the CLI get the engine, the settings
and the synonyms from ``get_engine()``, which reads ``current_app.config`` (flaskr's
``get_db()`` pattern). Nothing on the read path loads settings behind the app's back.

    from search_app.context import get_engine
    engine = get_engine()                       # in a view: this request's engine
    engine.search("child poverty"); engine.settings.corpus_dir; engine.thesaurus()

The first call in a request holds this thread's searchers, so the request sees one version of
the index throughout; the app context's teardown releases them. The CLI runs inside
``cli_context``: an app built from the same settings (defaults, environment, flags).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g

from ingest.settings import Settings, load_settings
from search_app.engine import Engine, hold_searchers, release_searchers

_SETTINGS = "healthsearch.settings"


def app_config(settings: Settings) -> dict[str, Any]:
    """The config keys the accessor reads, from a settings object."""
    return {
        "INDEX_DIR": settings.index_dir,
        "CORPUS_DIR": settings.corpus_dir,
        "QUERY_TIMEOUT_MS": settings.query_timeout_ms,
    }


def get_engine() -> Engine:
    """This request's engine, built from the app's config on first use."""
    if "engine" not in g:
        hold_searchers()
        g.engine = Engine(_settings())
    engine: Engine = g.engine
    return engine


def _settings() -> Settings:
    ext = current_app.extensions
    if _SETTINGS not in ext:
        config = current_app.config
        ext[_SETTINGS] = Settings(
            corpus_dir=Path(config["CORPUS_DIR"]),
            index_dir=Path(config["INDEX_DIR"]),
            query_timeout_ms=float(config.get("QUERY_TIMEOUT_MS", Settings.query_timeout_ms)),
        )
    settings: Settings = ext[_SETTINGS]
    return settings


def close_engine(_exc: BaseException | None = None) -> None:
    if g.pop("engine", None) is not None:
        release_searchers()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_engine)


@contextmanager
def cli_context(index_dir: Path | None = None, corpus_dir: Path | None = None) -> Iterator[Engine]:
    """For a CLI command: an app with the settings ``serve`` would use (defaults, then
    ``HEALTHSEARCH_*``, then these flags), its app context pushed, and its engine."""
    settings = load_settings(index_dir=index_dir, corpus_dir=corpus_dir)
    app = Flask("search_app")
    app.config.update(app_config(settings))
    init_app(app)
    with app.app_context():
        yield get_engine()
