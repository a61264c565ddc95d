"""The ``healthsearch`` command line: one click group, verbs as commands.

Each command's body is one library call; ``--json`` gives machine-readable output.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from ingest.errors import IngestError
from ingest.settings import load_settings
from search_app.commands import corpus_option, index_option


def emit_json(data: Any) -> None:
    click.echo(json.dumps(_printable(data), indent=2, ensure_ascii=False))


def _printable(data: Any) -> Any:
    """``data`` with every string valid UTF-8: a file name that is not (from another system)
    keeps its odd bytes as ``\\xe9`` escapes instead of making the output invalid JSON."""
    if isinstance(data, str):
        return data.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if isinstance(data, dict):
        return {_printable(k): _printable(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_printable(v) for v in data]
    return data


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (click's documented pattern).

    Searching needs Whoosh, citing needs citeproc, tagging needs NLTK, serving needs Flask and
    gunicorn; loading them all made every command, even a no-op re-ingest, pay a second of
    imports.
    """

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, name)


LAZY_COMMANDS = {
    "search": "search_app.commands.search:search_command",
    "evaluate": "search_app.commands.tagging:evaluate_command",
    "evidence": "search_app.commands.tagging:evidence_command",
    "commitments": "search_app.commands.commitments:commitments_command",
    "cite": "search_app.commands.cite:cite_command",
    "catalogue": "search_app.commands.catalogue:catalogue_command",
    "serve": "search_app.commands.serve:serve_command",
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS)
@click.option("-v", "--verbose", is_flag=True, help="Log what each step does.")
def cli(verbose: bool) -> None:
    """Search and cite the London Health Inequalities Strategy and its companion documents.

    Start with `healthsearch ingest`, then `healthsearch search "child poverty"` or
    `healthsearch serve`.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@corpus_option
@click.option("--rebuild", is_flag=True, help="Re-read every file and switch to a fresh index.")
@click.option("--timeout", type=float, default=None, help="Seconds allowed to parse one file.")
@click.option("--memory-mb", type=int, default=None, help="Memory allowed to parse one file.")
@click.option("--workers", type=int, default=None, help="Parsing processes (default: 2).")
@click.option(
    "--dask",
    "dask_scheduler",
    default=None,
    metavar="ADDRESS",
    help="Parse on this Dask cluster (tcp://host:8786) instead of local processes.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(
    paths: tuple[Path, ...],
    index_dir: Path | None,
    corpus_dir: Path | None,
    rebuild: bool,
    timeout: float | None,
    memory_mb: int | None,
    workers: int | None,
    dask_scheduler: str | None,
    as_json: bool,
) -> None:
    """Read PDF and RTF files into the index (default: everything in corpus/).

    Unchanged files are skipped by content hash; a file that cannot be read is reported with
    its reason and the rest still ingest. Exits non-zero only when nothing could be written.

    Example: healthsearch ingest corpus/his-2010.pdf corpus/his-2010.rtf --json
    """
    from ingest.pipeline import ingest as run_ingest
    from ingest.pipeline import shown

    settings = load_settings(
        index_dir=index_dir,
        corpus_dir=corpus_dir,
        parse_timeout=timeout,
        parse_memory_mb=memory_mb,
        workers=workers,
        dask_scheduler=dask_scheduler,
    )
    show = sys.stderr.isatty() and not as_json

    def progress(item: str, what: str) -> None:
        if show:
            click.echo(f"  {shown(Path(item).name)}: {what}", err=True)

    try:
        report = run_ingest(settings, list(paths) or None, rebuild=rebuild, progress=progress)
    except IngestError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        emit_json(report.to_json())
    else:
        for doc in report.documents:
            pages = f", {doc.pages} pages" if doc.pages else ""
            title = _printable(doc.title)
            click.echo(f"ingested {doc.id}: {doc.sections} sections{pages}  ({title})")
        for doc_id in report.unchanged:
            click.echo(f"unchanged {doc_id}")
        for doc_id in report.removed:
            click.echo(f"removed {doc_id} (its files are gone)")
        for rejected in report.rejected:
            click.echo(f"rejected {shown(rejected.path)}: {rejected.reason}")
        click.echo(
            f"{len(report.documents)} ingested, {len(report.unchanged)} unchanged, "
            f"{len(report.rejected)} rejected in {report.seconds:.2f} s"
        )
    if report.wrote_nothing:
        sys.exit(1)


@cli.command()
@index_option
@click.option("--doc", "doc_id", default=None, help="Only the sections of this document id.")
@click.option("--json", "as_json", is_flag=True, help="Print the sections as a JSON list.")
def sections(index_dir: Path | None, doc_id: str | None, as_json: bool) -> None:
    """List the sections in the index, in document order.

    Example: healthsearch sections --doc his-2010 --json
    """
    from search_app.context import cli_context
    from search_app.pages import page_span, section_json

    with cli_context(index_dir) as engine:
        if not engine.exists():
            raise click.ClickException(
                f"no index at {engine.index_dir}: run `healthsearch ingest` first"
            )
        found = engine.sections(doc_id)
        documents = engine.documents()
    if doc_id and not found:
        raise click.ClickException(f"no document {doc_id!r} in the index")
    if as_json:
        # Each section says where its document's headings came from (issue 10).
        emit_json(
            [
                section_json(s)
                | {"outline_source": d.outline_source if (d := documents.get(s.doc_id)) else ""}
                for s in found
            ]
        )
        return
    for s in found:
        pages = page_span(s)
        click.echo(f"{s.id}  {'  ' * (s.level - 1)}{s.heading}" + (f"  {pages}" if pages else ""))


def main() -> None:
    cli()
