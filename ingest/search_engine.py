"""Running queries on the index: ranked pages, exact totals, facet counts, spelling, similar
sections and completions. The read-path half of the Whoosh seam (see ``search_index``).

Totals and facets come from doc-id sets (``search_query.docset``), so only the requested page
is scored: counting every match through Whoosh's collector would score all of them.
"""

from __future__ import annotations

import heapq
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from ingest.model import Document, Section
from ingest.search_index import searcher_for
from ingest.search_query import FILTER_FIELDS, Node, compile_query, docset

log = logging.getLogger(__name__)

FACETS = ("objective", "doc", "year", "type")
RERANK_DEPTH = 50  # top matches checked for the exact phrase of a multi-word query
PHRASE_BONUS = 1.6


@dataclass(frozen=True)
class RawHit:
    section: Section
    score: float


@dataclass(frozen=True)
class EngineResult:
    total: int
    hits: tuple[RawHit, ...]
    facets: dict[str, dict[str, int]]  # facet -> value -> count (selected values always present)
    stems: frozenset[str]  # stems to highlight
    phrases: tuple[tuple[str, ...], ...]


@dataclass
class _Table:
    """Per-reader facet columns: value -> doc ids, and the order keys of every section."""

    sections: frozenset[int]
    values: dict[str, dict[str, frozenset[int]]]
    doc_of: dict[int, str]
    year_of: dict[int, int]
    documents: dict[str, Document]


def _table(searcher: Searcher, cache: dict[str, Any]) -> _Table:
    table = cache.get("table")
    if table is not None:
        return table
    reader = searcher.reader()

    def postings(field: str, term: Any) -> frozenset[int]:
        return frozenset(reader.postings(field, term).all_ids())

    sections = postings("kind", "section") if ("kind", "section") in reader else frozenset()
    values: dict[str, dict[str, frozenset[int]]] = {}
    for facet in ("objective", "doc", "type"):
        name = FILTER_FIELDS[facet]
        values[facet] = {
            term: ids & sections
            for term in (t.decode("utf-8") for t in reader.lexicon(name))
            if (ids := postings(name, term))
        }
    year_field = searcher.schema["year"]
    values["year"] = {}
    for encoded in year_field.sortable_terms(reader, "year"):
        ids = postings("year", encoded) & sections
        if ids:
            values["year"][str(year_field.from_bytes(encoded))] = ids
    doc_of = {i: d for d, ids in values["doc"].items() for i in ids}
    year_of = {i: int(y) for y, ids in values["year"].items() for i in ids}
    documents = {}
    for docnum in postings("kind", "document") if ("kind", "document") in reader else ():
        data = json.loads(searcher.stored_fields(docnum)["data"])
        documents[data["id"]] = Document.from_dict(data)
    table = _Table(sections, values, doc_of, year_of, documents)
    cache["table"] = table
    return table


def documents(index_dir: Path) -> dict[str, Document]:
    """Every document by id (cached with the reader)."""
    searcher, cache = searcher_for(index_dir)
    return _table(searcher, cache).documents


def _selected(table: _Table, filters: Mapping[str, Sequence[str]]) -> dict[str, frozenset[int]]:
    """Doc ids allowed by each facet's selection: OR within a facet."""
    out: dict[str, frozenset[int]] = {}
    for facet, chosen in filters.items():
        if facet not in table.values or not chosen:
            continue
        ids: set[int] = set()
        for value in chosen:
            value = str(value).lower() if facet == "type" else str(value)
            ids |= table.values[facet].get(value, frozenset())
        out[facet] = frozenset(ids)
    return out


def _facet_counts(
    table: _Table, matched: set[int] | frozenset[int], allowed: dict[str, frozenset[int]]
) -> dict[str, dict[str, int]]:
    """Counts per facet value. A facet's own selection is left out of its counts (AND across
    facets, OR within one), so the other values of a selected facet stay choosable."""
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        base = set(matched)
        for other, ids in allowed.items():
            if other != facet:
                base &= ids
        counts[facet] = {
            value: n for value, ids in table.values[facet].items() if (n := len(base & ids))
        }
    return counts


def _objective_score(searcher: Searcher, docnum: int, numbers: Sequence[str]) -> float:
    raw = searcher.reader().column_reader("objscores")[docnum]
    best = 0.0
    for part in (raw or b"").decode("ascii").split(","):
        number, _, score = part.partition(":")
        if number in numbers:
            best = max(best, float(score))
    return best


def _section(searcher: Searcher, docnum: int) -> Section:
    return Section.from_dict(json.loads(searcher.stored_fields(docnum)["data"]))


def run_search(
    index_dir: Path,
    node: Node | None,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    start: int = 0,
    limit: int = 10,
    sort: str = "relevance",
    phrase_words: tuple[str, ...] = (),
) -> EngineResult:
    """One page of sections matching ``node`` (None = every section) and the facet filters."""
    searcher, cache = searcher_for(index_dir)
    table = _table(searcher, cache)
    allowed = _selected(table, filters or {})
    compiled = compile_query(searcher.reader(), node, phrase_words) if node is not None else None
    if compiled is None:
        matched: set[int] | frozenset[int] = table.sections
    elif compiled.query is None:
        matched = frozenset()
    else:
        matched = set(docset(compiled.query, searcher, table.sections)) & table.sections
    facets = _facet_counts(table, matched, allowed)
    for facet, chosen in (filters or {}).items():
        for value in chosen if facet in facets else ():
            facets[facet].setdefault(str(value), 0)
    final = set(matched)
    for ids in allowed.values():
        final &= ids
    total = len(final)
    want = start + limit
    ranked: list[tuple[int, float]]
    scored = compiled is not None and compiled.query is not None and not compiled.negative
    if total == 0 or start >= total:
        ranked = []
    elif sort == "relevance" and scored:
        assert compiled is not None and compiled.query is not None
        bonus = compiled.bonus_phrase
        depth = max(want, RERANK_DEPTH) if bonus else want
        results = searcher.search(compiled.query, limit=depth, filter=final)
        ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
        if bonus:
            ranked = _phrase_rerank(searcher, ranked, bonus)
    else:
        ranked = [(d, 0.0) for d in _ordered(searcher, table, final, want, sort, filters)]
    hits = tuple(RawHit(_section(searcher, d), s) for d, s in ranked[start:want])
    return EngineResult(
        total=total,
        hits=hits,
        facets=facets,
        stems=frozenset(compiled.stems) if compiled else frozenset(),
        phrases=tuple(compiled.phrases) if compiled else (),
    )


def _having_phrase(
    searcher: Searcher, field: str, stems: tuple[str, ...], candidates: list[int]
) -> set[int]:
    """Which candidates contain the phrase: the matcher only visits these documents."""
    matcher = wq.Phrase(field, list(stems)).matcher(searcher)
    found = set()
    for docnum in sorted(candidates):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            found.add(docnum)
    return found


def _phrase_rerank(
    searcher: Searcher, ranked: list[tuple[int, float]], stems: tuple[str, ...]
) -> list[tuple[int, float]]:
    """An exact phrase ranks above the same words scattered: boost the top candidates that
    contain all the query words side by side (in the heading more than in the body)."""
    candidates = [d for d, _ in ranked]
    factor = {d: 1.0 for d in candidates}
    for field, bonus in (("body", PHRASE_BONUS), ("heading", PHRASE_BONUS * 1.5)):
        for docnum in _having_phrase(searcher, field, stems, candidates):
            factor[docnum] = max(factor[docnum], bonus)
    rescored = [(d, score * factor[d]) for d, score in ranked]
    return sorted(rescored, key=lambda pair: -pair[1])


def _ordered(
    searcher: Searcher,
    table: _Table,
    ids: set[int],
    want: int,
    sort: str,
    filters: Mapping[str, Sequence[str]] | None,
) -> list[int]:
    """Unscored listings: newest first (date), document order, or by objective tag score."""
    ordinal = searcher.reader().column_reader("ordinal")
    chosen = [str(v) for v in (filters or {}).get("objective", ())]

    def doc_order(d: int) -> tuple[str, int]:
        return (table.doc_of.get(d, ""), ordinal[d])

    if sort == "date":
        return heapq.nsmallest(want, ids, key=lambda d: (-table.year_of.get(d, 0), doc_order(d)))
    if sort == "relevance" and chosen:
        return heapq.nsmallest(
            want, ids, key=lambda d: (-_objective_score(searcher, d, chosen), doc_order(d))
        )
    return heapq.nsmallest(want, ids, key=doc_order)


def count(index_dir: Path, node: Node, filters: Mapping[str, Sequence[str]] | None = None) -> int:
    """How many sections match ``node`` (for "did you mean": only suggest what finds something)."""
    searcher, cache = searcher_for(index_dir)
    table = _table(searcher, cache)
    compiled = compile_query(searcher.reader(), node)
    if compiled.query is None:
        return 0
    found = set(docset(compiled.query, searcher, table.sections)) & table.sections
    for ids in _selected(table, filters or {}).values():
        found &= ids
    return len(found)


def known_word(index_dir: Path, word: str) -> bool:
    searcher, _ = searcher_for(index_dir)
    return ("exact", word.lower()) in searcher.reader()


def correction(index_dir: Path, word: str) -> str | None:
    """The most frequent indexed word within two edits of ``word`` (same first letter)."""
    searcher, _ = searcher_for(index_dir)
    reader = searcher.reader()
    word = word.lower()
    maxdist = 1 if len(word) <= 4 else 2
    candidates = [w for w in reader.terms_within("exact", word, maxdist, prefix=1) if w != word]
    if not candidates:
        return None
    return max(
        candidates, key=lambda w: (reader.doc_frequency("exact", w), -abs(len(w) - len(word)))
    )


def similar(index_dir: Path, section_id: str, limit: int = 5) -> tuple[RawHit, ...]:
    """Sections whose key terms resemble those of ``section_id`` (excluding itself)."""
    searcher, cache = searcher_for(index_dir)
    table = _table(searcher, cache)
    docnum = searcher.document_number(key="s:" + section_id)
    if docnum is None:
        return ()
    section = _section(searcher, docnum)
    text = f"{section.heading}\n{section.text}"
    terms = searcher.key_terms_from_text("body", text, numterms=12)
    if not terms:
        return ()
    q = wq.Or([wq.Term("body", term, boost=weight) for term, weight in terms])
    allowed = set(table.sections)
    allowed.discard(docnum)
    results = searcher.search(q, limit=limit, filter=allowed)
    return tuple(RawHit(_section(searcher, h.docnum), float(h.score or 0.0)) for h in results)


def completions(index_dir: Path, prefix: str, limit: int = 8) -> list[str]:
    """Indexed words starting with ``prefix`` (most frequent first), then matching headings."""
    searcher, _ = searcher_for(index_dir)
    reader = searcher.reader()
    words = prefix.lower().split()
    if not words:
        return []
    last = words[-1]
    lead = " ".join(prefix.split()[:-1])
    found = []
    for term in reader.expand_prefix("exact", last):
        found.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        if len(found) >= 500:
            break
    found.sort(key=lambda w: (-reader.doc_frequency("exact", w), w))
    out = [f"{lead} {w}".strip() for w in found[: max(1, limit // 2)]]
    headings = searcher.search(wq.Prefix("heading", last), limit=limit * 3)
    for hit in headings:
        heading = json.loads(hit["data"])["heading"]
        fits = heading.lower().startswith(prefix.lower()) or len(words) == 1
        if fits and heading not in out:
            out.append(heading)
        if len(out) >= limit:
            break
    return out[:limit]
