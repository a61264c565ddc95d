"""The search page: query box, facets, active filters, results, sort and pagination."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for

from ingest.model import Document, Objective
from search_app.context import get_engine
from search_app.engine import SearchResult
from search_app.pages import page_span
from search_app.views import data, query_args

bp = Blueprint("search", __name__)


@dataclass(frozen=True)
class Chip:
    facet: str
    label: str
    remove_url: str


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str
    current: bool = False


def run_search(args: query_args.SearchArgs) -> SearchResult:
    """The search the arguments ask for; a filter naming no objective or document is a 400
    that says which values exist."""
    engine = get_engine()
    check_filters(args.filters, engine.objectives(), engine.documents())
    return engine.search(
        args.query,
        filters=args.search_filters(),
        page=args.page,
        per_page=args.per_page,
        sort=args.sort,
        synonyms=args.synonyms,
        spell=args.spell,
    )


def check_filters(
    filters: Mapping[str, Sequence[str]],
    objectives: Sequence[Objective],
    documents: Mapping[str, Document],
) -> None:
    numbers = {str(o.number) for o in objectives}
    for value in filters.get("objective", ()):
        if numbers and value not in numbers:
            listed = ", ".join(sorted(numbers, key=int))
            abort(400, description=f"There is no objective {value}: the objectives are {listed}.")
    for value in filters.get("doc", ()):
        if value not in documents:
            abort(400, description=f"No document has the id {value!r}; see /documents.")


def chips(args: query_args.SearchArgs, facets: dict[str, Any]) -> list[Chip]:
    labels = {(name, f.value): f.label for name, values in facets.items() for f in values}
    out = []
    for name, values in args.filters.items():
        for value in values:
            label = labels.get((name, value), value)
            out.append(
                Chip(query_args.FACET_NAMES.get(name, name), label, args.toggled(name, value))
            )
    return out


def pagination(args: query_args.SearchArgs, total: int) -> list[PageLink]:
    pages = max(1, -(-total // args.per_page))
    if pages == 1:
        return []
    wanted = {1, pages, *range(args.page - 2, args.page + 3)}
    out: list[PageLink] = []
    last = 0
    for n in sorted(p for p in wanted if 1 <= p <= min(pages, query_args.MAX_PAGE)):
        if n > last + 1:
            out.append(PageLink(None, ""))
        out.append(PageLink(n, args.url(page=n), n == args.page))
        last = n
    return out


def facet_labels(facets: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Display labels: objectives by number and short title ("3 · Income inequality ...")."""
    objectives = data.objectives_by_number()
    out = {}
    for f in facets.get("objective", ()):
        o = objectives.get(int(f.value)) if f.value.isdigit() else None
        out[("objective", f.value)] = f"{f.value} · {o.short_title}" if o else f.label
    return out


@dataclass(frozen=True)
class FacetLink:
    """One value in the facet sidebar: its label, count, and the link that toggles it."""

    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetBox:
    name: str  # objective | doc | year | type
    title: str  # "Objective", "Document", ...
    values: tuple[FacetLink, ...]
    hidden: int  # values behind "Show all"
    show_all_url: str


# A facet lists its most frequent values; the rest behind "Show all" (a corpus of a hundred
# documents would otherwise put a hundred links in the sidebar of every results page).
FACET_TOP = 10


def facet_boxes(args: query_args.SearchArgs, facets: dict[str, Any]) -> list[FacetBox]:
    """Per facet with values: the values to list (top by count, plus any selected), each with
    its label and toggle link built here, not in the template (60+ links a page)."""
    labels = facet_labels(facets)
    out = []
    for name, values in facets.items():
        if not values:
            continue
        if name == args.expanded or len(values) <= FACET_TOP:
            shown = list(values)
        else:
            shown = [f for i, f in enumerate(values) if i < FACET_TOP or f.selected]
        links = tuple(
            FacetLink(
                f.value,
                labels.get((name, f.value), f.label),
                f.count,
                f.selected,
                args.toggled(name, f.value),
            )
            for f in shown
        )
        hidden = len(values) - len(shown)
        more = args.url(expanded=name) if hidden else ""
        out.append(FacetBox(name, query_args.FACET_NAMES.get(name, name), links, hidden, more))
    return out


@dataclass(frozen=True)
class BetLink:
    """A best bet above the results: the objective's or document's page, and the results
    narrowed to it."""

    kind: str
    label: str
    page_url: str
    filter_url: str
    filter_label: str


def bet_links(args: query_args.SearchArgs, result: SearchResult) -> list[BetLink]:
    out = []
    for bet in result.best_bets:
        facet = "objective" if bet.kind == "objective" else "doc"
        narrowed = args.url(
            query=bet.rest, filters={**args.filters, facet: (bet.value,)}, page=1, spell=True
        )
        if bet.kind == "objective":
            page = url_for("objectives.show", number=int(bet.value))
            label = f"Only sections tagged objective {bet.value}"
        else:
            page = url_for("documents.show", doc_id=bet.value)
            label = "Search within this document"
        out.append(BetLink(bet.kind, bet.label, page, narrowed, label))
    return out


def more_url(args: query_args.SearchArgs, doc_id: str) -> str:
    """The results of the same search within one document ("N more from this document")."""
    return args.url(filters={**args.filters, "doc": (doc_id,)}, page=1)


@bp.get("/")
def index() -> str:
    args = query_args.parse(request.args)
    context: dict[str, Any] = {"args": args, "sorts": query_args.SORTS}
    if args.active:
        result = run_search(args)
        context.update(
            result=result,
            hits=[
                (
                    hit,
                    page_span(hit.section),
                    more_url(args, hit.section.doc_id) if hit.more_in_document else "",
                )
                for hit in result.hits
            ],
            bets=bet_links(args, result),
            chips=chips(args, result.facets),
            facets=facet_boxes(args, result.facets),
            pages=pagination(args, result.total),
            synonym_lines=list(result.synonyms) if result.total else [],  # nothing found: moot
            objectives=data.objectives_by_number(),
            first=(args.page - 1) * args.per_page + 1,
        )
    else:
        cov = data.coverage()
        context.update(
            objectives_list=data.objectives(),
            totals=cov.totals,
            documents=list(data.documents().values()),
        )
    return render_template("search/index.html", **context)
