"""What a search returns: hits with their snippets, facet values with counts, and the notes
shown beside them. Plain frozen data with ``to_json`` for the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.model import Document, Section


@dataclass(frozen=True)
class Hit:
    section: Section
    document: Document | None
    score: float
    snippet_html: str  # escaped text with <mark> around matches
    snippet_text: str  # the same passage as plain text

    def to_json(self) -> dict[str, Any]:
        s = self.section
        return {
            "section_id": s.id,
            "doc_id": s.doc_id,
            "title": self.document.title if self.document else s.doc_id,
            "heading": s.heading,
            "path": list(s.path),
            "page_start": s.page_start,
            "page_end": s.page_end,
            "objectives": [t.number for t in s.objectives],
            "snippet": self.snippet_text,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[Facet, ...]]  # keys: "objective", "doc", "year", "type"
    suggestion: str | None
    synonyms: tuple[str, ...]
    notices: tuple[str, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                name: [
                    {"value": f.value, "label": f.label, "count": f.count, "selected": f.selected}
                    for f in facets
                ]
                for name, facets in self.facets.items()
            },
            "suggestion": self.suggestion,
            "synonyms": list(self.synonyms),
            "notices": list(self.notices),
        }


@dataclass(frozen=True)
class Matched:
    """The words of a query as the engine matched them: for snippets and highlighting."""

    stems: frozenset[str] = frozenset()  # indexed terms matched positively
    phrases: tuple[tuple[str, ...], ...] = ()
