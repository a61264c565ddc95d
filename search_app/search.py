"""Full-text search over the index: the public API of the read path.

``search`` parses the query language (``search_app.query``), expands synonyms, runs it through
the engine in ``ingest.search_engine`` (exact totals, facets, pages), adds "did you mean" and
snippets. The web views, the JSON API and the CLI all call these functions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import search_engine as engine
from ingest.model import Document, Section
from ingest.settings import load_settings
from search_app.query import Parsed, expand, load_thesaurus, parse
from search_app.query_highlight import snippet

log = logging.getLogger(__name__)

SORTS = ("relevance", "date", "document")
MAX_PER_PAGE = 100


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


def _thesaurus_path() -> Path:
    return load_settings().synonyms_file


def search(
    index_dir: Path,
    query: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    page: int = 1,
    per_page: int = 10,
    sort: str = "relevance",  # relevance | date | document
    synonyms: bool = True,
) -> SearchResult:
    """Search sections. An empty query lists what ``filters`` allow. Never raises on bad
    syntax: a notice explains what was searched instead. FileNotFoundError if no index."""
    notices: list[str] = []
    page = max(1, int(page))
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    if sort not in SORTS:
        notices.append(f"Unknown sort {sort!r}; sorted by relevance.")
        sort = "relevance"
    filters = {k: [str(v) for v in vs] for k, vs in (filters or {}).items() if vs}
    parsed = parse(query)
    notices.extend(parsed.notices)
    node, added = parsed.node, ()
    if node is not None and synonyms:
        node, added = expand(node, load_thesaurus(_thesaurus_path()))
    result = engine.run_search(
        index_dir,
        node,
        filters=filters,
        start=(page - 1) * per_page,
        limit=per_page,
        sort=sort,
        phrase_words=parsed.phrase_words,
    )
    documents = result.documents
    hits = tuple(
        Hit(
            raw.section,
            documents.get(raw.section.doc_id),
            raw.score,
            *snippet(raw.section.text, result.stems, result.phrases),
        )
        for raw in result.hits
    )
    return SearchResult(
        query=query,
        total=result.total,
        page=page,
        per_page=per_page,
        hits=hits,
        facets=_facets(result.facets, filters, documents),
        suggestion=_did_you_mean(index_dir, query, parsed, filters),
        synonyms=added,
        notices=tuple(notices),
    )


def _facets(
    counts: dict[str, dict[str, int]],
    filters: Mapping[str, Sequence[str]],
    documents: Mapping[str, Document],
) -> dict[str, tuple[Facet, ...]]:
    out: dict[str, tuple[Facet, ...]] = {}
    for name, values in counts.items():
        chosen = {v.lower() if name == "type" else v for v in filters.get(name, ())}
        facets = [Facet(v, _label(name, v, documents), n, v in chosen) for v, n in values.items()]
        if name == "objective":
            facets.sort(key=lambda f: int(f.value) if f.value.isdigit() else 999)
        elif name == "year":
            facets.sort(key=lambda f: f.value, reverse=True)
        else:
            facets.sort(key=lambda f: (-f.count, f.label.lower()))
        out[name] = tuple(facets)
    return out


def _label(name: str, value: str, documents: Mapping[str, Document]) -> str:
    if name == "objective":
        return f"Objective {value}"
    if name == "doc":
        doc = documents.get(value)
        return doc.title if doc else value
    if name == "type":
        return value[:1].upper() + value[1:]
    return value


def _did_you_mean(
    index_dir: Path, query: str, parsed: Parsed, filters: Mapping[str, Sequence[str]]
) -> str | None:
    """A respelled query, offered only when some word is unknown and the respelling finds hits."""
    fixed = query
    changed = False
    candidates = [w for w in parsed.words if len(w) >= 3 and w.isalpha()]
    for word in engine.unknown_words(index_dir, candidates) if candidates else ():
        better = engine.correction(index_dir, word)
        if better is None:
            continue
        fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, fixed, count=1)
        changed = True
    if not changed:
        return None
    new = parse(fixed)
    if new.node is None or engine.count(index_dir, new.node, filters) == 0:
        return None
    return fixed


def more_like_this(index_dir: Path, section_id: str, limit: int = 5) -> tuple[Hit, ...]:
    """Sections on similar subjects to ``section_id`` (its distinctive words), best first."""
    documents = engine.documents(index_dir)
    hits = []
    for raw in engine.similar(index_dir, section_id, limit):
        html, text = snippet(raw.section.text, ())
        hits.append(Hit(raw.section, documents.get(raw.section.doc_id), raw.score, html, text))
    return tuple(hits)


def suggest(index_dir: Path, prefix: str, limit: int = 8) -> list[str]:
    """Autocomplete for a search box: frequent words completing the last word, then headings."""
    return engine.completions(index_dir, prefix, limit)
