"""Search parameters from a query string, validated once for the page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask import abort, g, url_for
from werkzeug.datastructures import MultiDict

from search_app.engine import MAX_PER_PAGE

FACETS = ("objective", "doc", "year", "type")
FACET_NAMES = {"objective": "Objective", "doc": "Document", "year": "Year", "type": "Type"}
SORTS = {"relevance": "Relevance", "date": "Date", "document": "Document order"}
MAX_QUERY = 500
MAX_PAGE = 1000


@dataclass(frozen=True)
class SearchArgs:
    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    synonyms: bool = True
    expanded: str = ""  # the facet whose every value the page lists ("" = top values only)
    spell: bool = True  # False: "search instead for" what was typed, uncorrected

    @property
    def active(self) -> bool:
        return bool(self.query.strip() or any(self.filters.values()))

    def search_filters(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.filters.items() if v}

    def params(self, **changes: Any) -> dict[str, Any]:
        """Query-string parameters that reproduce these arguments with ``changes`` (field ->
        new value), defaults left out."""
        if any(name not in _FIELDS for name in changes):
            raise TypeError(f"unknown search arguments: {sorted(set(changes) - _FIELDS)}")

        def get(name: str) -> Any:
            return changes[name] if name in changes else getattr(self, name)

        out: dict[str, Any] = {}
        if get("query"):
            out["q"] = get("query")
        for key, values in get("filters").items():
            if values:
                out[key] = list(values)
        if get("sort") != "relevance":
            out["sort"] = get("sort")
        if get("page") != 1:
            out["page"] = get("page")
        if get("per_page") != 10:
            out["per_page"] = get("per_page")
        if not get("synonyms"):
            out["synonyms"] = "off"
        if get("expanded"):
            out["expand"] = get("expanded")
        if not get("spell"):
            out["spell"] = "off"
        return out

    def url(self, endpoint: str = "search.index", **changes: Any) -> str:
        # A results page links every facet value, sort and page: 30+ links. url_for costs
        # about 65 us a call, so the endpoint's path is built once per request, and each
        # parameter is encoded once per process (the query text recurs in every link).
        query = "&".join(
            _pair(key, str(value))
            for key, values in self.params(**changes).items()
            for value in (values if isinstance(values, list) else (values,))
        )
        return _path(endpoint) + ("?" + query if query else "")

    def toggled(self, facet: str, value: str) -> str:
        """URL with ``value`` added to or removed from ``facet`` (back to page 1)."""
        current = self.filters.get(facet, ())
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.url(filters={**self.filters, facet: values}, page=1)


_FIELDS = frozenset(f.name for f in fields(SearchArgs))


@lru_cache(maxsize=4096)
def _pair(key: str, value: str) -> str:
    """``key=value`` as ``urlencode`` writes it."""
    return urlencode({key: value})


def _path(endpoint: str) -> str:
    cache: dict[str, str] = g.setdefault("_endpoint_paths", {})
    if endpoint not in cache:
        cache[endpoint] = url_for(endpoint)
    return cache[endpoint]


def _int(args: MultiDict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"{name} must be a whole number, not {raw[:40]!r}.")
    if not low <= value <= high:
        abort(400, description=f"{name} must be between {low} and {high}.")
    return value


def parse(args: MultiDict[str, str]) -> SearchArgs:
    """Validated search arguments; bad input is a 400 with a message saying what to fix."""
    query = args.get("q", "")
    if len(query) > MAX_QUERY:
        abort(400, description=f"The query is too long (at most {MAX_QUERY} characters).")
    if "\x00" in query:
        abort(400, description="The query contains a NUL character.")
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values = tuple(dict.fromkeys(v for v in args.getlist(facet) if v))
        if facet in ("objective", "year") and not all(v.isdigit() and len(v) <= 4 for v in values):
            abort(400, description=f"{facet} must be a number.")
        if any(len(v) > 200 or "\x00" in v for v in values):
            abort(400, description=f"{facet} value is not valid.")
        if values:
            filters[facet] = values
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        abort(400, description=f"sort must be one of {', '.join(SORTS)}.")
    synonyms = _switch(args, "synonyms")
    spell = _switch(args, "spell")
    expanded = args.get("expand") or ""
    if expanded and expanded not in FACETS:
        abort(400, description=f"expand must be one of {', '.join(FACETS)}.")
    return SearchArgs(
        expanded=expanded,
        query=query,
        filters=filters,
        page=_int(args, "page", 1, 1, MAX_PAGE),
        per_page=_int(args, "per_page", 10, 1, MAX_PER_PAGE),
        sort=sort,
        synonyms=synonyms,
        spell=spell,
    )


def _switch(args: MultiDict[str, str], name: str) -> bool:
    value = (args.get(name) or "on").lower()
    if value not in ("on", "off", "true", "false", "1", "0"):
        abort(400, description=f"{name} must be on or off.")
    return value in ("on", "true", "1")
