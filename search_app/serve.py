"""Serve the web app with gunicorn (a real WSGI server), as ``healthsearch serve`` does.

Searchers are opened lazily per thread on first use, so every worker opens its own after the
fork (gunicorn's default, ``preload_app=False``). Debug mode is never on here.

    python -m search_app.serve --port 5000 --workers 2 --index index/
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from concurrent import futures
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any], app_config: dict[str, Any]) -> None:
        self.options = options
        self.app_config = app_config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from search_app import create_app

        return create_app(self.app_config)


def _warm_up(worker: Any) -> None:
    """Open the searcher of each of this worker's request threads (searchers are per thread)
    and fill its caches before the first user arrives, then freeze what was built so the
    garbage collector stops walking it (p99 spikes)."""
    pool = getattr(worker, "tpool", None)
    if pool is None:
        _warm_thread(worker, None)
    else:
        # The barrier holds each task until all have started, so each runs on its own thread.
        barrier = threading.Barrier(worker.cfg.threads)
        futures.wait(
            [pool.submit(_warm_thread, worker, barrier) for _ in range(worker.cfg.threads)]
        )
    gc.freeze()


def _warm_thread(worker: Any, barrier: threading.Barrier | None) -> None:
    try:
        if barrier is not None:
            barrier.wait(timeout=30)
        response = worker.wsgi.test_client().get("/?q=health+inequalities")
        worker.log.info("worker %s warmed up (search page %s)", worker.pid, response.status_code)
    except Exception:  # a cold thread still serves; its first request pays instead
        worker.log.exception("warm-up failed")


def gunicorn_options(host: str, port: int, workers: int, threads: int = 2) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # Threads, with request heads read by the event loop (search_app/http_worker.py):
        # sync workers were each held for a minute by one socket that sent half a request.
        "threads": threads,
        "worker_class": "search_app.http_worker.HeadFirstWorker",
        "keepalive": 5,  # seconds an idle kept-alive connection stays open
        "preload_app": False,  # open index files in each worker, after the fork
        "timeout": 60,
        "graceful_timeout": 10,
        # gunicorn 27's runtime control socket (~/.gunicorn/gunicorn.ctl, shared by every
        # server of the user) is not needed: stop the server with a signal.
        "control_socket_disable": True,
        "accesslog": "-" if os.environ.get("HEALTHSEARCH_ACCESS_LOG") else None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "healthsearch",
        "post_worker_init": _warm_up,
    }


def run(
    host: str = "127.0.0.1",
    port: int = 5000,
    workers: int = 2,
    index_dir: Path | None = None,
    corpus_dir: Path | None = None,
    threads: int = 2,
) -> None:
    """Run gunicorn in the foreground until interrupted."""
    config: dict[str, Any] = {"DEBUG": False}
    if index_dir is not None:
        config["INDEX_DIR"] = Path(index_dir)
    if corpus_dir is not None:
        config["CORPUS_DIR"] = Path(corpus_dir)
    logger.info("serving on http://%s:%d with %d workers", host, port, workers)
    _Server(gunicorn_options(host, port, workers, threads), config).run()


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Serve healthsearch with gunicorn.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args(argv)
    run(args.host, args.port, args.workers, args.index, args.corpus, args.threads)


if __name__ == "__main__":
    main()
