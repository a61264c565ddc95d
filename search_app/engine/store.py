"""The stored documents and sections, read once per reader and kept in its cache: the one
document cache and the one section cache of the read path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from whoosh.searching import Searcher

from ingest.model import Document, Section
from ingest.search_index import documents_in, section_key, sections_in, stored_section

# Parsed sections kept per reader (frozen, so safe to share between requests of a thread).
SECTION_CACHE = 5000

T = TypeVar("T")


def cached(cache: dict[str, Any], key: str, build: Callable[[], T]) -> T:
    """``build()`` once per reader: ``cache`` is the one ``searcher_for`` ties to it."""
    if key not in cache:
        cache[key] = build()
    found: T = cache[key]
    return found


def documents(searcher: Searcher, cache: dict[str, Any]) -> dict[str, Document]:
    """Every document by id, ordered by date issued, then title. Shared: do not mutate."""

    def build() -> dict[str, Document]:
        docs = sorted(documents_in(searcher), key=lambda d: (d.issued or "9999", d.title))
        return {d.id: d for d in docs}

    return cached(cache, "store.documents", build)


def all_sections(searcher: Searcher, cache: dict[str, Any]) -> list[Section]:
    """Every section in document order (document id, then ordinal). Shared: do not mutate."""
    return cached(cache, "store.sections", lambda: sections_in(searcher))


def sections_of(searcher: Searcher, cache: dict[str, Any], doc_id: str) -> list[Section]:
    """The sections of one document, in document order. Shared: do not mutate."""

    def build() -> dict[str, list[Section]]:
        by_doc: dict[str, list[Section]] = {}
        for s in all_sections(searcher, cache):
            by_doc.setdefault(s.doc_id, []).append(s)
        return by_doc

    return cached(cache, "store.sections_by_doc", build).get(doc_id, [])


def section_at(searcher: Searcher, cache: dict[str, Any], docnum: int) -> Section:
    """The stored section with this doc number, parsed once per reader (a bounded cache)."""
    parsed: dict[int, Section] = cache.setdefault("store.parsed_sections", {})
    found = parsed.get(docnum)
    if found is None:
        if len(parsed) >= SECTION_CACHE:
            parsed.clear()
        found = parsed[docnum] = stored_section(searcher.stored_fields(docnum))
    return found


def section(searcher: Searcher, cache: dict[str, Any], section_id: str) -> Section | None:
    """One section by id (section pages and citations ask often)."""
    docnum = searcher.document_number(key=section_key(section_id))
    return None if docnum is None else section_at(searcher, cache, docnum)
