"""The search page: query box, facets, active filters, results, sort and pagination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request

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
    return get_engine().search(
        args.query,
        filters=args.search_filters(),
        page=args.page,
        per_page=args.per_page,
        sort=args.sort,
        synonyms=args.synonyms,
    )


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


@bp.get("/")
def index() -> str:
    args = query_args.parse(request.args)
    context: dict[str, Any] = {"args": args, "sorts": query_args.SORTS}
    if args.active:
        result = run_search(args)
        context.update(
            result=result,
            hits=[(hit, page_span(hit.section)) for hit in result.hits],
            chips=chips(args, result.facets),
            facets=facet_boxes(args, result.facets),
            pages=pagination(args, result.total),
            synonym_lines=list(result.synonyms),
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
