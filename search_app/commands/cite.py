"""CLI commands for cite; registered by search_app.cli."""

from __future__ import annotations

from pathlib import Path

import click

from search_app import citations
from search_app.commands import index_option
from search_app.context import cli_context


@click.command("cite")
@click.argument("section_ids", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(citations.FORMATS)),
    default="harvard",
    show_default=True,
    help="Export format.",
)
@index_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def cite_command(
    section_ids: tuple[str, ...], fmt: str, index_dir: Path | None, output: Path | None
) -> None:
    """Cite sections by id, with page locators, in RIS, BibTeX, CSL-JSON, Harvard or APA.

    Example: healthsearch cite his-2010-s012 his-2010-s020 --format ris > strategy.ris
    """
    with cli_context(index_dir) as engine:
        if not engine.exists():
            raise click.ClickException(f"no index in {engine.index_dir}; run `healthsearch ingest`")
        sections = []
        for section_id in dict.fromkeys(section_ids):
            section = engine.section(section_id)
            if section is None:
                raise click.ClickException(f"no section with id {section_id!r}")
            sections.append(section)
        documents = engine.documents()
    cits = citations.build_citations(sections, documents)
    if not cits:
        raise click.ClickException("the sections' documents are not in the index")
    body = citations.export(cits, fmt).body
    if output is not None:
        output.write_text(body, encoding="utf-8")
        click.echo(f"wrote {len(cits)} citation(s) to {output}", err=True)
    else:
        click.echo(body, nl=False)
