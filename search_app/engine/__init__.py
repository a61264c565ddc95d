"""The search engine: the read path's one door to the index, and the only code that queries
Whoosh.

    query.py      the query language: one set of node types and the parser
    synonyms.py   synonym groups and their expansion
    compile.py    nodes -> Whoosh query objects against one reader
    analysis.py   the index's analyzers applied to queries and shown text
    postings.py   decoded postings per reader; BM25F and phrase checks on them
    rank.py       matching and scoring a compiled query, the top-k cut, the phrase bonus
    facets.py     facet counts and unscored sort orders
    store.py      stored documents and sections, cached per reader
    searchers.py  the per-thread searcher pool
    highlight.py  snippets and highlighting
    suggest.py    completions and "did you mean"
    similar.py    more like this
    search.py     one search, start to end; results.py what it returns

``Engine`` is the facade: views, the API and the CLI reach it through
``search_app.context.get_engine()``, which builds it from the app's config.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ingest.errors import NoIndex
from ingest.model import Document, Objective, Section
from ingest.search_index import index_exists
from ingest.settings import Settings
from search_app.engine import search as searching
from search_app.engine import store
from search_app.engine.answer import browse_order
from search_app.engine.highlight import highlighted, snippet
from search_app.engine.results import Facet, Hit, Matched, SearchResult
from search_app.engine.searchers import (
    Reader,
    close_searchers,
    hold_searchers,
    reader_for,
    release_searchers,
)
from search_app.engine.similar import similar
from search_app.engine.suggest import completions
from search_app.engine.synonyms import Thesaurus, load_thesaurus
from search_app.engine.understand import load_framework_objectives

__all__ = [
    "MAX_PER_PAGE",
    "SORTS",
    "Engine",
    "Facet",
    "Hit",
    "Matched",
    "NoIndex",
    "SearchResult",
    "close_searchers",
    "highlighted",
    "hold_searchers",
    "release_searchers",
]

SORTS = searching.SORTS
MAX_PER_PAGE = searching.MAX_PER_PAGE

T = TypeVar("T")


@dataclass(frozen=True)
class Engine:
    """Search and read one index with the app's settings (index folder, synonyms file).

    Every method reads through this thread's searcher (``searchers``); each raises
    ``NoIndex`` when the folder holds no index."""

    settings: Settings

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    def exists(self) -> bool:
        return index_exists(self.settings.index_dir)

    def reader(self) -> Reader:
        return reader_for(self.settings.index_dir)

    def thesaurus(self) -> Thesaurus:
        """The synonym groups of the configured corpus (re-read when the file changes)."""
        return load_thesaurus(self.settings.synonyms_file)

    def search(
        self,
        query: str,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",  # relevance | date | document
        synonyms: bool = True,
        spell: bool = True,
    ) -> SearchResult:
        """Search sections. An empty query lists what ``filters`` allow. Never raises on bad
        syntax: a notice explains what was searched instead. ``spell`` False: a query that
        finds nothing is not replaced by its spelling correction. A query still running after
        ``settings.query_timeout_ms`` returns what it has, marked ``timed_out``."""
        thesaurus = self.thesaurus() if synonyms else None
        return searching.search(
            self.reader(),
            thesaurus,
            query,
            filters=filters,
            page=page,
            per_page=per_page,
            sort=sort,
            objectives=self.objectives(),
            spell=spell,
            timeout_ms=self.settings.query_timeout_ms,
        )

    def objective_sections(self, number: int) -> list[tuple[Section, float]]:
        """The sections tagged with objective ``number`` in the order browsing it gives
        (``engine.browse``: the Strategy's chapter, sections written for it, tag strength,
        document importance, document order), each with that order's score."""
        objective = next((o for o in self.objectives() if o.number == number), None)
        if objective is None:
            return []
        reader = self.reader()
        documents = store.documents(reader.searcher, reader.cache)
        scores = browse_order(reader, objective, documents)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(store.section_at(reader.searcher, reader.cache, d), s) for d, s in ranked]

    def objectives(self) -> tuple[Objective, ...]:
        """The framework of the configured corpus (re-read when the file changes)."""
        return load_framework_objectives(self.settings.objectives_file)

    def matched(self, query: str) -> Matched:
        """What ``query`` matches positively, for highlighting a page the results link to."""
        return searching.matched(self.reader(), self.thesaurus(), query)

    def more_like_this(self, section_id: str, limit: int = 5) -> tuple[Hit, ...]:
        """Sections on similar subjects to ``section_id`` (its key terms), best first."""
        reader = self.reader()
        documents = store.documents(reader.searcher, reader.cache)
        hits = []
        for section, score in similar(reader, section_id, limit):
            html, text = snippet(section.text, ())
            hits.append(Hit(section, documents.get(section.doc_id), score, html, text))
        return tuple(hits)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Autocomplete: frequent words completing the last word, then headings."""
        return completions(self.reader(), prefix, limit)

    def documents(self) -> dict[str, Document]:
        """Documents by id, ordered by date issued, then title."""
        reader = self.reader()
        return dict(store.documents(reader.searcher, reader.cache))

    def sections(self, doc_id: str | None = None) -> list[Section]:
        """The sections of one document (or all), in document order."""
        reader = self.reader()
        if doc_id is None:
            return list(store.all_sections(reader.searcher, reader.cache))
        return list(store.sections_of(reader.searcher, reader.cache, doc_id))

    def section(self, section_id: str) -> Section | None:
        reader = self.reader()
        return store.section(reader.searcher, reader.cache, section_id)

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per index version: derived data the pages show (coverage)."""
        reader = self.reader()
        return store.cached(reader.cache, "derived." + key, build)
