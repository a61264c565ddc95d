"""CLI commands for serve; registered by search_app.cli."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from search_app.commands import corpus_option, index_option
from search_app.context import cli_context


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="gunicorn worker processes (about one per CPU core).",
)
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Request threads per worker (idle and slow clients do not hold them).",
)
@index_option
@corpus_option
def serve_command(
    host: str,
    port: int,
    workers: int,
    threads: int,
    index_dir: Path | None,
    corpus_dir: Path | None,
) -> None:
    """Serve the web app and JSON API with gunicorn.

    Example: healthsearch serve --port 8000 --workers 2
    """
    from search_app.serve import run

    with cli_context(index_dir, corpus_dir) as engine:
        settings, exists = engine.settings, engine.exists()
    if not exists:
        click.echo(
            f"warning: no index in {settings.index_dir}; pages will say so until you run "
            "`healthsearch ingest`",
            err=True,
        )
    if not _loopback(host):
        click.echo(
            f"warning: listening on {host}, beyond this machine: put a reverse proxy (nginx, "
            "Caddy) in front for TLS and to hold back floods of connections",
            err=True,
        )
    click.echo(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    run(host, port, workers, settings.index_dir, settings.corpus_dir, threads)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"
