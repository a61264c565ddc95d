"""What a search returns: hits with their snippets, facet values with counts, and the notes
shown beside them. Plain frozen data with ``to_json`` for the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.model import Document, Section
from search_app.pages import page_fields


@dataclass(frozen=True)
class Hit:
    section: Section
    document: Document | None
    score: float
    snippet_html: str  # escaped text with <mark> around matches
    snippet_text: str  # the same passage as plain text
    missing: tuple[str, ...] = ()  # query words this section lacks (zero-result rescue)
    more_in_document: int = 0  # further hits of its document held off the first page

    def to_json(self) -> dict[str, Any]:
        s = self.section
        extra: dict[str, Any] = {}
        if self.missing:
            extra["missing"] = list(self.missing)
        if self.more_in_document:
            extra["more_in_document"] = self.more_in_document
        return {
            "section_id": s.id,
            "doc_id": s.doc_id,
            "title": self.document.title if self.document else s.doc_id,
            "heading": s.heading,
            "path": list(s.path),
            **page_fields(s),  # pages, printed_page_start/end, pdf_page_start/end
            "objectives": [t.number for t in s.objectives],
            "snippet": self.snippet_text,
            "score": round(self.score, 6),
            **extra,
        }


@dataclass(frozen=True)
class BestBet:
    """An objective or document the query names, shown above the results."""

    kind: str  # "objective" | "document"
    value: str  # objective number or document id
    label: str
    rest: str = ""  # the query without the words that named it (to search within it)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "label": self.label, "rest": self.rest}


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
    corrected_query: str | None = None  # searched instead of ``query`` (a spelling correction)
    partial: bool = False  # no section has every word: the hits are the closest matches
    near_matches: int = 0  # of ``total``, after the full matches: sections with most words
    unknown_words: tuple[str, ...] = ()  # words no section has (nothing found because of them)
    relaxed_query: str | None = None  # ``query`` without the unknown words
    ignored_words: tuple[str, ...] = ()  # question words and filler left out
    best_bets: tuple[BestBet, ...] = ()
    timed_out: bool = False  # cut short by the time limit: hits and total are partial

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def explanations(self) -> tuple[str, ...]:
        """What the engine did besides matching every word, in words (the API's notices and
        the CLI's notes; the results page shows the same with links)."""
        out = []
        if self.corrected_query is not None:
            out.append(
                f"Showing results for “{self.corrected_query}”: nothing matches “{self.query}”."
            )
        if self.unknown_words:
            words = ", ".join(f"“{w}”" for w in self.unknown_words)
            out.append(f"No section mentions {words}, so nothing matches the whole query.")
            if self.relaxed_query:
                out.append(f"Search without it: “{self.relaxed_query}”.")
        if self.near_matches:
            full = self.total - self.near_matches
            out.append(
                f"{full} section{'s' if full != 1 else ''} {'have' if full != 1 else 'has'} "
                "all the words; the closest matches follow, each with the words it lacks."
            )
        if self.partial:
            out.append(
                "No section has all the words: these are the closest matches, each with the "
                "words it lacks."
            )
        return tuple(out)

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
            "corrected_query": self.corrected_query,
            "partial": self.partial,
            "near_matches": self.near_matches,
            "unknown_words": list(self.unknown_words),
            "relaxed_query": self.relaxed_query,
            "ignored_words": list(self.ignored_words),
            "best_bets": [b.to_json() for b in self.best_bets],
            "synonyms": list(self.synonyms),
            "notices": [*self.notices, *self.explanations],
            "timed_out": self.timed_out,
        }


@dataclass(frozen=True)
class Matched:
    """The words of a query as the engine matched them: for snippets and highlighting."""

    stems: frozenset[str] = frozenset()  # indexed terms matched positively
    phrases: tuple[tuple[str, ...], ...] = ()
