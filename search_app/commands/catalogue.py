"""CLI command for the catalogue; registered by search_app.cli."""

from __future__ import annotations

from pathlib import Path

import click

from ingest.catalogue import CatalogueError
from ingest.settings import load_settings
from search_app.commands import corpus_option


@click.command("catalogue")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--draft",
    is_flag=True,
    help="Print ready-to-paste catalogue.toml entries for files that have none.",
)
@corpus_option
def catalogue_command(paths: tuple[Path, ...], draft: bool, corpus_dir: Path | None) -> None:
    """List which documents have a catalogue entry; with --draft, write entries for the rest.

    --draft reads each file without an entry and prints a [[document]] table with the title,
    corporate author, publisher, date, ISBN and series it prints (cover, imprint) or says of
    itself (XMP, PDF or RTF information), each with a comment saying where it came from.
    Check the values, then paste them into corpus/catalogue.toml.

    Example: healthsearch catalogue --draft corpus/
    """
    from ingest.catalogue_draft import catalogue_groups
    from ingest.catalogue_draft import draft as draft_entries

    settings = load_settings(corpus_dir=corpus_dir)
    try:
        if draft:
            click.echo(draft_entries(settings, list(paths) or None).toml(), nl=False)
            return
        groups = catalogue_groups(settings, list(paths) or None)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    for group in groups:
        state = "catalogued" if group.catalogued else "no entry  "
        click.echo(f"{state}  {group.document.id}  ({', '.join(p.name for p in group.paths)})")
    missing = sum(not g.catalogued for g in groups)
    if missing:
        click.echo(
            f"{missing} document(s) without an entry: `healthsearch catalogue --draft` drafts them",
            err=True,
        )
