"""``healthsearch commitments``: list commitments and their follow-ups; record judgements."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ingest.commitment_links import STATUSES, judgement_lines, links_file
from ingest.commitment_store import Tracked, read_live
from search_app.commands import corpus_option, index_option
from search_app.commitment_table import ALL_STATUSES, Filters, record, select, to_csv
from search_app.context import cli_context
from search_app.pages import pdf_page_text


def _tracked(index: Path | None) -> list[Tracked]:
    with cli_context(index) as engine:
        if not engine.exists():
            raise click.ClickException(
                f"no index at {engine.index_dir}: run `healthsearch ingest` first"
            )
        found = read_live(engine.index_dir)
        if found is None:
            raise click.ClickException(
                f"the index at {engine.index_dir} has no commitments: "
                "run `healthsearch ingest --rebuild`"
            )
        return found


@click.group("commitments", invoke_without_command=True)
@click.option("--objective", type=click.IntRange(1, 99), default=None, help="Only objective N.")
@click.option("--doc", default=None, help="Only commitments made in this document id.")
@click.option(
    "--status",
    type=click.Choice(sorted(ALL_STATUSES)),
    default=None,
    help="Only commitments whose newest status is this.",
)
@index_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (same as the API).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text",
    help="text (default), csv (one row per commitment) or json.",
)  # fmt: skip
@click.pass_context
def commitments_command(
    ctx: click.Context,
    objective: int | None,
    doc: str | None,
    status: str | None,
    index_dir: Path | None,
    as_json: bool,
    fmt: str,
) -> None:
    """What was promised, and what became of it: commitments and their follow-ups.

    Each commitment shows its document, page, newest status and the later passages that
    report on it. Record a judgement with `confirm` or `reject` (appends to
    corpus/commitment_links.toml; the next ingest applies it).

    Example: healthsearch commitments --objective 3 --status dropped --format csv
    """
    if ctx.invoked_subcommand is not None:
        return
    chosen = select(_tracked(index_dir), Filters(objective, doc, status))
    if as_json or fmt == "json":
        click.echo(json.dumps([record(t) for t in chosen], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(to_csv(chosen), nl=False)
    else:
        with cli_context(index_dir) as engine:
            docs = engine.documents()

        def at(doc_id: str, page: int | None) -> str:  # the page rule: "p. 8 (PDF p. 12)"
            return pdf_page_text(docs.get(doc_id), page) or "page ?"

        for t in chosen:
            c = t.commitment
            click.echo(f"{c.id}  {c.doc_id} {at(c.doc_id, c.page)}  [{t.status}]  {c.text}")
            for f in t.followups:
                where = at(f.doc_id, f.page)
                click.echo(f"    {f.issued:8} {f.doc_id} {where} [{f.status}] {f.text}")
        click.echo(f"{len(chosen)} commitments")


def _append(corpus: Path | None, lines: str) -> None:
    with cli_context(corpus_dir=corpus) as engine:
        path = links_file(engine.settings.corpus_dir)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + lines)
    click.echo(lines, nl=False)
    click.echo(f"added to {path}; run `healthsearch ingest` to apply")


def _check(
    commitment: str, passage: str | None, index: Path | None, need_link: bool
) -> list[Tracked]:
    tracked = _tracked(index)
    found = next((t for t in tracked if t.commitment.id == commitment), None)
    if found is None:
        raise click.ClickException(f"no commitment {commitment} in the index")
    if passage is not None and need_link and passage not in {f.id for f in found.followups}:
        raise click.ClickException(f"{commitment} has no follow-up {passage} to reject")
    if passage is not None and not passage.startswith(tuple(f"{d}-p" for d in _docs(index))):
        raise click.ClickException(f"{passage} is not a passage id (<document id>-p<hash>)")
    return tracked


def _docs(index: Path | None) -> list[str]:
    with cli_context(index) as engine:
        return list(engine.documents())


@commitments_command.command("confirm")
@click.argument("commitment")
@click.argument("passage")
@click.option("--status", type=click.Choice(sorted(STATUSES)), default=None,
              help="Correct the status the wording gave.")  # fmt: skip
@click.option("--note", default="", help="Why (kept in the file).")
@index_option
@corpus_option
def confirm_command(
    commitment: str,
    passage: str,
    status: str | None,
    note: str,
    index_dir: Path | None,
    corpus_dir: Path | None,
) -> None:
    """Keep the link from COMMITMENT to PASSAGE whatever its weight.

    Example: healthsearch commitments confirm his-2010-c1a2b3c4d one-year-on-2011-p9f8e7d6c
    """
    _check(commitment, passage, index_dir, need_link=False)
    _append(corpus_dir, judgement_lines(commitment, passage, "confirm", status, note))


@commitments_command.command("reject")
@click.argument("commitment")
@click.argument("passage", required=False)
@click.option("--note", default="", help="Why (kept in the file).")
@index_option
@corpus_option
def reject_command(
    commitment: str, passage: str | None, note: str, index_dir: Path | None, corpus_dir: Path | None
) -> None:
    """Never show the link from COMMITMENT to PASSAGE; without PASSAGE, the sentence is not a
    commitment at all.

    Example: healthsearch commitments reject his-2010-c1a2b3c4d delivery-plan-2015-p0a1b2c3d
    """
    _check(commitment, passage, index_dir, need_link=True)
    _append(corpus_dir, judgement_lines(commitment, passage, "reject", None, note))
