"""CLI commands for search; registered by search_app.cli."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ingest.errors import NoIndex
from search_app.commands import corpus_option, index_option
from search_app.context import cli_context
from search_app.engine import SORTS, SearchResult
from search_app.pages import page_span


def _print_plain(result: SearchResult) -> None:
    for bet in result.best_bets:
        kind = "objective" if bet.kind == "objective" else "document"
        narrowed = f"--{'objective' if kind == 'objective' else 'doc'} {bet.value}"
        click.echo(f"best bet ({kind}): {bet.label}  [{narrowed}]")
    for notice in (*result.notices, *result.explanations):
        click.echo(f"note: {notice}")
    if result.corrected_query is not None:
        click.echo("note: --no-spell searches for the words as typed.")
    if result.synonyms:
        click.echo("also searched for: " + ", ".join(result.synonyms))
    if result.suggestion:
        click.echo(f"did you mean: {result.suggestion}")
    first = (result.page - 1) * result.per_page + 1
    last = first + len(result.hits) - 1
    if not result.hits:
        click.echo(f"no results (total {result.total})")
        return
    click.echo(f"results {first}-{last} of {result.total}\n")
    for n, hit in enumerate(result.hits, start=first):
        s = hit.section
        title = hit.document.title if hit.document else s.doc_id
        where = " > ".join((*s.path, s.heading))
        pages = page_span(s)
        objectives = ", ".join(str(t.number) for t in s.objectives)
        click.echo(click.style(f"{n}. {title}", bold=True) + (f" · {pages}" if pages else ""))
        click.echo(f"   {where}")
        if objectives:
            click.echo(f"   objectives: {objectives}")
        click.echo(f"   {hit.snippet_text}")
        if hit.missing:
            click.echo("   missing: " + ", ".join(hit.missing))
        click.echo(f"   [{s.id}]")
        if hit.more_in_document:
            click.echo(f"   {hit.more_in_document} more from this document: --doc {s.doc_id}")
        click.echo("")


@click.command("search")
@click.argument("query", nargs=-1)
@click.option("--objective", "objectives", multiple=True, help="Only objective N (repeatable).")
@click.option("--doc", "docs", multiple=True, help="Only document ID (repeatable).")
@click.option("--year", "years", multiple=True, help="Only documents issued in year Y.")
@click.option("--type", "types", multiple=True, help="Only documents of type T (e.g. strategy).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
)
@click.option("--no-synonyms", is_flag=True, help="Search only for the words as typed.")
@click.option(
    "--no-spell",
    is_flag=True,
    help="Do not replace a query that finds nothing by its spelling correction.",
)
@index_option
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def search_command(
    query: tuple[str, ...],
    objectives: tuple[str, ...],
    docs: tuple[str, ...],
    years: tuple[str, ...],
    types: tuple[str, ...],
    limit: int,
    page: int,
    sort: str,
    no_synonyms: bool,
    no_spell: bool,
    index_dir: Path | None,
    corpus_dir: Path | None,
    as_json: bool,
) -> None:
    """Search the index; prints title, heading path, pages and a snippet for each section.

    QUERY uses the query language in docs/query-language.md: "quoted phrases", OR, NOT or
    -word, objective:3, doc:ID, year:2010..2015, type:strategy, heading:word, vaccin*,
    obesty~. With no QUERY, lists the sections the filters allow. A question in plain words
    works too; a misspelt query that finds nothing is searched as corrected (--no-spell: as
    typed), and when no section has every word the closest ones are listed with the words
    they lack.

    Example: healthsearch search "child poverty" --objective 3 --year 2010 --json
    """
    filters = {"objective": objectives, "doc": docs, "year": years, "type": types}
    try:
        with cli_context(index_dir, corpus_dir) as engine:
            result = engine.search(
                " ".join(query),
                filters={k: list(v) for k, v in filters.items() if v},
                page=page,
                per_page=limit,
                sort=sort,
                synonyms=not no_synonyms,
                spell=not no_spell,
            )
    except NoIndex as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_plain(result)
