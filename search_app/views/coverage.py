"""Coverage of the objectives: each document's share of sections per objective, the same by
year of issue, and one objective's sections document by document over time.

Shares, not counts, are what compare: a 32-page Strategy and a 12-page response have very
different numbers of sections. Counts stay alongside so a share of a handful reads as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Document, Objective, Section
from search_app.views.data import Coverage

# Heat bands for a share of sections (upper bounds); the last band is everything above.
HEAT_BANDS = (0.0, 0.10, 0.25, 0.45)


@dataclass(frozen=True)
class Cell:
    count: int  # sections of the document tagged with the objective
    total: int  # sections in the document

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def percent(self) -> str:
        if not self.count:
            return "0%"
        share = self.share * 100
        return "<1%" if share < 1 else f"{share:.0f}%"

    @property
    def heat(self) -> int:
        """0 (none) to 4 (almost half the document or more)."""
        if not self.count:
            return 0
        return sum(1 for bound in HEAT_BANDS if self.share > bound)


def short_title(document: Document) -> str:
    """The catalogue's short title, else the title cut at a word near 28 characters."""
    if document.short_title:
        return document.short_title
    if len(document.title) <= 28:
        return document.title
    return document.title[:28].rsplit(" ", 1)[0].rstrip(",:;-–") + "…"


def matrix(
    cov: Coverage, documents: list[Document], objectives: list[Objective]
) -> dict[tuple[int, str], Cell]:
    """(objective, document id) -> its cell."""
    return {
        (o.number, d.id): Cell(cov.cells.get((o.number, d.id), 0), cov.per_document.get(d.id, 0))
        for o in objectives
        for d in documents
    }


@dataclass(frozen=True)
class Year:
    """The documents issued in one year, pooled: sections per objective out of all of theirs."""

    year: int
    documents: tuple[Document, ...]
    cells: dict[int, Cell]  # objective -> pooled cell


def by_year(cov: Coverage, documents: list[Document], objectives: list[Objective]) -> list[Year]:
    """One entry per year with documents, oldest first (undated documents are left out)."""
    years: dict[int, list[Document]] = {}
    for d in documents:
        if d.year is not None:
            years.setdefault(d.year, []).append(d)
    out = []
    for year in sorted(years):
        docs = years[year]
        total = sum(cov.per_document.get(d.id, 0) for d in docs)
        cells = {
            o.number: Cell(sum(cov.cells.get((o.number, d.id), 0) for d in docs), total)
            for o in objectives
        }
        out.append(Year(year, tuple(docs), cells))
    return out


@dataclass(frozen=True)
class Entry:
    """One document on an objective's timeline: its sections that serve the objective."""

    document: Document
    shown: tuple[Section, ...]  # the strongest few, in document order
    cell: Cell


@dataclass(frozen=True)
class TimelineYear:
    year: int | None
    entries: tuple[Entry, ...]


def timeline(
    number: int,
    documents: list[Document],
    sections_of: dict[str, list[Section]],
    limit: int = 5,
) -> list[TimelineYear]:
    """Every document, oldest first and grouped by year, with its sections tagged ``number``:
    the ``limit`` strongest, shown in document order (the order a reader meets them)."""
    grouped: dict[int | None, list[Entry]] = {}
    for d in documents:
        sections = sections_of.get(d.id, [])
        tagged = [(s, tag.score) for s in sections for tag in s.objectives if tag.number == number]
        strongest = sorted(tagged, key=lambda pair: (-pair[1], pair[0].ordinal))[:limit]
        shown = tuple(sorted((s for s, _ in strongest), key=lambda s: s.ordinal))
        entry = Entry(d, shown, Cell(len(tagged), len(sections)))
        grouped.setdefault(d.year, []).append(entry)
    order = sorted(grouped, key=lambda y: (y is None, y or 0))
    return [TimelineYear(y, tuple(grouped[y])) for y in order]
