"""What the views read: the index store through the engine, the objectives, and tables
derived from them, memoised per index version (``Engine.cached``), so they are rebuilt
exactly when the index changes and never shared across threads or worker processes.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app

from ingest.errors import NoIndex
from ingest.model import Document, Objective, Section
from ingest.tagging import load_objectives
from search_app.context import get_engine

__all__ = ["NoIndex"]

logger = logging.getLogger(__name__)


def objectives() -> list[Objective]:
    """The objectives of the configured corpus (none, logged, when it has no objectives.toml:
    the pages still show the documents and sections)."""
    key = "search_app.objectives"
    ext = current_app.extensions
    if key not in ext:
        path = get_engine().settings.objectives_file
        try:
            ext[key] = load_objectives(path)
        except FileNotFoundError:
            logger.warning("no objectives file at %s: pages list no objectives", path)
            ext[key] = []
    return list(ext[key])


def objectives_by_number() -> dict[int, Objective]:
    return {o.number: o for o in objectives()}


def documents() -> dict[str, Document]:
    """Documents by id, ordered by date issued then title."""
    return get_engine().documents()


def all_sections() -> list[Section]:
    return get_engine().sections()


def sections_of(doc_id: str) -> list[Section]:
    """The sections of one document, in document order."""
    return get_engine().sections(doc_id)


def document_or_404(doc_id: str) -> Document:
    doc = documents().get(doc_id)
    if doc is None:
        abort(404, description=f"No document with id {doc_id!r}.")
    return doc


def section_or_404(section_id: str) -> Section:
    section = get_engine().section(section_id)
    if section is None:
        abort(404, description=f"No section with id {section_id!r}.")
    return section


def sections_by_ids(ids: list[str]) -> list[Section]:
    """The sections named, in the order given, without repeats; unknown ids are skipped."""
    engine = get_engine()
    out: list[Section] = []
    seen: set[str] = set()
    for section_id in ids:
        if section_id in seen:
            continue
        seen.add(section_id)
        section = engine.section(section_id)
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
    return get_engine().cached("coverage", _coverage)


def _coverage() -> Coverage:
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
    return Coverage(dict(totals), dict(cells), dict(untagged), dict(per_doc))


def objective_sections(number: int) -> list[tuple[Section, float]]:
    """Sections tagged with objective ``number``, in the order search browses it."""
    return get_engine().objective_sections(number)


def evidence_by_document(number: int) -> dict[str, list[tuple[Section, Any]]]:
    """Evidence statements of the sections tagged ``number``, grouped by document id in
    document order."""
    grouped: dict[str, list[tuple[Section, Any]]] = defaultdict(list)
    for s in all_sections():
        if any(t.number == number for t in s.objectives):
            for ev in s.evidence:
                grouped[s.doc_id].append((s, ev))
    return dict(grouped)
