"""What the views read: the index store, the objectives, memoised per index reader.

Derived tables (all sections, documents by id) are kept in the cache dict that
``ingest.search_index.searcher_for`` ties to this thread's reader, so they are rebuilt exactly
when the index changes and never shared across threads or worker processes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import abort, current_app

from ingest import search_engine, search_index
from ingest.model import Document, Objective, Section
from ingest.tagging import load_objectives


class NoIndex(RuntimeError):
    """The configured index folder holds no index."""


def index_dir() -> Path:
    return Path(current_app.config["INDEX_DIR"])


def corpus_dir() -> Path:
    return Path(current_app.config["CORPUS_DIR"])


def _cache() -> dict[str, Any]:
    try:
        _searcher, cache = search_index.searcher_for(index_dir())
    except FileNotFoundError:
        raise NoIndex(str(index_dir())) from None
    return cache


def objectives() -> list[Objective]:
    key = "search_app.objectives"
    ext = current_app.extensions
    if key not in ext:
        ext[key] = load_objectives(current_app.config["OBJECTIVES_FILE"])
    return list(ext[key])


def objectives_by_number() -> dict[int, Objective]:
    return {o.number: o for o in objectives()}


def documents() -> dict[str, Document]:
    """Documents by id, ordered by date issued then title."""
    cache = _cache()
    if "search_app.documents" not in cache:
        docs = search_index.read_documents(index_dir())
        docs.sort(key=lambda d: (d.issued or "9999", d.title))
        cache["search_app.documents"] = {d.id: d for d in docs}
    return dict(cache["search_app.documents"])


def all_sections() -> list[Section]:
    cache = _cache()
    if "search_app.sections" not in cache:
        cache["search_app.sections"] = search_index.read_sections(index_dir())
    return list(cache["search_app.sections"])


def sections_of(doc_id: str) -> list[Section]:
    """The sections of one document, in document order."""
    cache = _cache()
    by_doc = cache.get("search_app.sections_by_doc")
    if by_doc is None:
        by_doc = {}
        for s in all_sections():
            by_doc.setdefault(s.doc_id, []).append(s)
        cache["search_app.sections_by_doc"] = by_doc
    return list(by_doc.get(doc_id, ()))


def document_or_404(doc_id: str) -> Document:
    doc = documents().get(doc_id)
    if doc is None:
        abort(404, description=f"No document with id {doc_id!r}.")
    return doc


def section_or_404(section_id: str) -> Section:
    _cache()
    section = search_engine.section(index_dir(), section_id)
    if section is None:
        abort(404, description=f"No section with id {section_id!r}.")
    return section


def sections_by_ids(ids: list[str]) -> list[Section]:
    """The sections named, in the order given, without repeats; unknown ids are skipped."""
    _cache()
    out: list[Section] = []
    seen: set[str] = set()
    for section_id in ids:
        if section_id in seen:
            continue
        seen.add(section_id)
        section = search_engine.section(index_dir(), section_id)
        if section is not None:
            out.append(section)
    return out


@dataclass(frozen=True)
class Neighbours:
    previous: Section | None
    next: Section | None


def neighbours(section: Section) -> Neighbours:
    siblings = sections_of(section.doc_id)
    ids = [s.id for s in siblings]
    try:
        i = ids.index(section.id)
    except ValueError:
        return Neighbours(None, None)
    return Neighbours(
        siblings[i - 1] if i > 0 else None, siblings[i + 1] if i + 1 < len(siblings) else None
    )


@dataclass(frozen=True)
class Coverage:
    """Sections tagged per objective, overall and per document."""

    totals: dict[int, int]
    cells: dict[tuple[int, str], int]  # (objective, doc id) -> sections
    untagged: dict[str, int]  # doc id -> sections with no objective
    per_document: dict[str, int]


def coverage() -> Coverage:
    cache = _cache()
    if "search_app.coverage" not in cache:
        totals: Counter[int] = Counter()
        cells: Counter[tuple[int, str]] = Counter()
        untagged: Counter[str] = Counter()
        per_doc: Counter[str] = Counter()
        for s in all_sections():
            per_doc[s.doc_id] += 1
            if not s.objectives:
                untagged[s.doc_id] += 1
            for tag in s.objectives:
                totals[tag.number] += 1
                cells[(tag.number, s.doc_id)] += 1
        cache["search_app.coverage"] = Coverage(
            dict(totals), dict(cells), dict(untagged), dict(per_doc)
        )
    return cache["search_app.coverage"]


def objective_sections(number: int) -> list[tuple[Section, float]]:
    """Sections tagged with objective ``number``, best score first."""
    out = []
    for s in all_sections():
        for tag in s.objectives:
            if tag.number == number:
                out.append((s, tag.score))
    out.sort(key=lambda pair: (-pair[1], pair[0].doc_id, pair[0].ordinal))
    return out


def evidence_by_document(number: int) -> dict[str, list[tuple[Section, Any]]]:
    """Evidence statements of the sections tagged ``number``, grouped by document id in
    document order."""
    grouped: dict[str, list[tuple[Section, Any]]] = defaultdict(list)
    for s in all_sections():
        if any(t.number == number for t in s.objectives):
            for ev in s.evidence:
                grouped[s.doc_id].append((s, ev))
    return dict(grouped)
