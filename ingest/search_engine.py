"""Running queries on the index: ranked pages, exact totals, facet counts, spelling, similar
sections and completions. The read-path half of the Whoosh seam (see ``search_index``).

Everything per query works on data cached with the reader: matches and totals as sets of doc
numbers from decoded postings (``search_query.matches``), facet counts with numpy over
per-document value codes, BM25F scores added into a dense numpy vector and read back for the
matches that pass the filters (``search_query.add_scores``), an exact top-k cut, and the
exact-phrase bonus checked on the positions of the top candidates only.
"""

from __future__ import annotations

import heapq
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from ingest.model import Document, Section
from ingest.search_index import searcher_for
from ingest.search_postings import Postings
from ingest.search_query import (
    FILTER_FIELDS,
    Node,
    add_scores,
    compile_query,
    matches,
    stems_of,
)

log = logging.getLogger(__name__)

FACETS = ("objective", "doc", "year", "type")
# Parsed sections kept per reader (frozen, so safe to share between requests of a thread).
SECTION_CACHE = 5000
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
    documents: Mapping[str, Document] = field(default_factory=dict)  # every document by id


@dataclass
class _Table:
    """Per-reader facet data: value -> doc ids (for filters), per-doc value codes (for counts)
    and ranks indexed by doc number (for sort orders)."""

    sections: frozenset[int]
    values: dict[str, dict[str, frozenset[int]]]
    doc_rank: list[int]  # position of each section in (document, ordinal) order
    date_rank: list[int]  # ... in newest-first order
    documents: dict[str, Document]
    # facet -> (values, what to count): a value code per doc (len(values) = none) for single-
    # valued facets, a doc x value membership matrix for objectives (a section has several)
    counting: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)
    objscores: list[dict[str, float]] = field(default_factory=list)  # filled when first needed


def _table(searcher: Searcher, cache: dict[str, Any]) -> _Table:
    table = cache.get("table")
    if table is not None:
        return table
    reader = searcher.reader()
    size = reader.doc_count_all()

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
    columns: dict[str, list[Any]] = {}  # the value per doc, for the sort orders
    for facet in ("doc", "year"):
        column: list[Any] = [None] * size
        for value, ids in values[facet].items():
            for i in ids:
                column[i] = value
        columns[facet] = column
    ordinal = reader.column_reader("ordinal")
    doc_order = sorted(sections, key=lambda d: (columns["doc"][d] or "", ordinal[d]))
    doc_rank = [0] * size
    for rank, d in enumerate(doc_order):
        doc_rank[d] = rank
    year_col = columns["year"]
    date_order = sorted(sections, key=lambda d: (-int(year_col[d] or 0), doc_rank[d]))
    date_rank = [0] * size
    for rank, d in enumerate(date_order):
        date_rank[d] = rank
    documents = {}
    for docnum in postings("kind", "document") if ("kind", "document") in reader else ():
        data = json.loads(searcher.stored_fields(docnum)["data"])
        documents[data["id"]] = Document.from_dict(data)
    table = _Table(sections, values, doc_rank, date_rank, documents, _counting(values, size))
    cache["table"] = table
    return table


def _counting(
    values: dict[str, dict[str, frozenset[int]]], size: int
) -> dict[str, tuple[list[str], np.ndarray]]:
    out = {}
    for facet, by_value in values.items():
        names = list(by_value)
        table: np.ndarray
        if facet == "objective":
            table = np.zeros((size, len(names)), dtype=bool)
            for i, ids in enumerate(by_value.values()):
                table[np.fromiter(ids, dtype=np.intp), i] = True
        else:
            table = np.full(size, len(names), dtype=np.intp)
            for i, ids in enumerate(by_value.values()):
                table[np.fromiter(ids, dtype=np.intp)] = i
        out[facet] = (names, table)
    return out


def _postings(searcher: Searcher, cache: dict[str, Any]) -> Postings:
    found = cache.get("postings")
    if found is None or found.searcher is not searcher:
        found = cache["postings"] = Postings(searcher)
    return found


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
    facets, OR within one), so the other values of a selected facet stay choosable. Counted
    with numpy on per-document value codes (a Counter over 2,000 matches and four facets was
    ~0.4 ms of every search)."""
    counts: dict[str, dict[str, int]] = {}
    bases: dict[tuple[str, ...], np.ndarray] = {}
    for facet in FACETS:
        others = tuple(sorted(f for f in allowed if f != facet))
        base = bases.get(others)
        if base is None:
            docs = matched
            for other in others:
                docs = allowed[other].intersection(docs)
            base = bases[others] = np.fromiter(docs, dtype=np.intp, count=len(docs))
        names, table_ = table.counting[facet]
        if table_.ndim == 2:
            found = table_[base].sum(axis=0)
        else:
            found = np.bincount(table_[base], minlength=len(names) + 1)[: len(names)]
        counts[facet] = {names[i]: int(found[i]) for i in np.flatnonzero(found).tolist()}
    return counts


def _objective_scores(searcher: Searcher, table: _Table) -> list[dict[str, float]]:
    """Tag score per objective for every section (read once per reader from the column)."""
    if not table.objscores:
        raw = searcher.reader().column_reader("objscores")
        scores: list[dict[str, float]] = [{} for _ in range(len(table.doc_rank))]
        for d in table.sections:
            for part in (raw[d] or b"").decode("ascii").split(","):
                number, _, score = part.partition(":")
                if number:
                    scores[d][number] = float(score)
        table.objscores = scores
    return table.objscores


def _section(searcher: Searcher, docnum: int, cache: dict[str, Any] | None = None) -> Section:
    """The stored section; parsed once per reader when ``cache`` (the reader's) is given."""
    if cache is None:
        return Section.from_dict(json.loads(searcher.stored_fields(docnum)["data"]))
    parsed: dict[int, Section] = cache.setdefault("engine.parsed_sections", {})
    found = parsed.get(docnum)
    if found is None:
        if len(parsed) >= SECTION_CACHE:
            parsed.clear()
        found = parsed[docnum] = Section.from_dict(
            json.loads(searcher.stored_fields(docnum)["data"])
        )
    return found


def section(index_dir: Path, section_id: str) -> Section | None:
    """One section by id, parsed once per reader (section pages and citations ask often)."""
    searcher, cache = searcher_for(index_dir)
    docnum = searcher.document_number(key="s:" + section_id)
    return None if docnum is None else _section(searcher, docnum, cache)


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
    postings = _postings(searcher, cache)
    allowed = _selected(table, filters or {})
    compiled = compile_query(postings, node, phrase_words) if node is not None else None
    memo: dict[int, frozenset[int]] = {}
    if compiled is None:
        matched: set[int] | frozenset[int] = table.sections
    elif compiled.query is None:
        matched = frozenset()
    else:
        matched = table.sections.intersection(
            matches(compiled.query, postings, table.sections, memo)
        )
    facets = _facet_counts(table, matched, allowed)
    for facet, chosen in (filters or {}).items():
        for value in chosen if facet in facets else ():
            facets[facet].setdefault(str(value), 0)
    final = matched
    for ids in sorted(allowed.values(), key=len):
        final = ids.intersection(final)
    total = len(final)
    want = start + limit
    ranked: list[tuple[int, float]]
    scored = compiled is not None and compiled.query is not None and not compiled.negative
    if total == 0 or start >= total:
        ranked = []
    elif sort == "relevance" and scored:
        assert compiled is not None and compiled.query is not None
        bonus = compiled.bonus_phrase
        scores = postings.zeros()
        add_scores(compiled.query, postings, scores, memo)
        depth = max(want, RERANK_DEPTH) if bonus else want
        ranked = _best(final, scores, depth)
        if bonus:
            ranked = _phrase_rerank(postings, ranked, bonus)
    else:
        ranked = [(d, 0.0) for d in _ordered(searcher, table, final, want, sort, filters)]
    hits = tuple(RawHit(_section(searcher, d, cache), s) for d, s in ranked[start:want])
    return EngineResult(
        total=total,
        hits=hits,
        facets=facets,
        stems=frozenset(compiled.stems) if compiled else frozenset(),
        phrases=tuple(compiled.phrases) if compiled else (),
        documents=table.documents,
    )


def _best(docs: Iterable[int], scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The ``depth`` best of ``docs`` by ``scores``, best first; equal scores in index order,
    as Whoosh's collector does. Everything tied with the last place is kept for the final
    sort, so the cut is exact."""
    ids = np.fromiter(docs, dtype=np.intp)
    mine = scores[ids]
    if depth < len(ids):
        cut = np.partition(mine, len(ids) - depth)[len(ids) - depth]
        inside = mine >= cut
        ids, mine = ids[inside], mine[inside]
    order = np.lexsort((ids, -mine))[:depth]
    return list(zip(ids[order].tolist(), mine[order].tolist(), strict=True))


def _phrase_rerank(
    postings: Postings, ranked: list[tuple[int, float]], stems: tuple[str, ...]
) -> list[tuple[int, float]]:
    """An exact phrase ranks above the same words scattered: boost the top candidates that
    contain all the query words side by side (in the heading more than in the body). Positions
    are read for these candidates only."""
    candidates = [d for d, _ in ranked]
    factor = {d: 1.0 for d in candidates}
    for field_name, bonus in (("body", PHRASE_BONUS), ("heading", PHRASE_BONUS * 1.5)):
        for docnum in postings.phrase_docs(field_name, stems, candidates):
            factor[docnum] = max(factor[docnum], bonus)
    rescored = [(d, score * factor[d]) for d, score in ranked]
    return sorted(rescored, key=lambda pair: -pair[1])


def _ordered(
    searcher: Searcher,
    table: _Table,
    ids: set[int] | frozenset[int],
    want: int,
    sort: str,
    filters: Mapping[str, Sequence[str]] | None,
) -> list[int]:
    """Unscored listings: newest first (date), document order, or by objective tag score."""
    chosen = [str(v) for v in (filters or {}).get("objective", ())]
    if sort == "date":
        return heapq.nsmallest(want, ids, key=table.date_rank.__getitem__)
    if sort == "relevance" and chosen:
        scores = _objective_scores(searcher, table)
        rank = table.doc_rank

        def key(d: int) -> tuple[float, int]:
            tags = scores[d]
            return (-max((tags.get(n, 0.0) for n in chosen), default=0.0), rank[d])

        return heapq.nsmallest(want, ids, key=key)
    return heapq.nsmallest(want, ids, key=table.doc_rank.__getitem__)


def count(index_dir: Path, node: Node, filters: Mapping[str, Sequence[str]] | None = None) -> int:
    """How many sections match ``node`` (for "did you mean": only suggest what finds something)."""
    searcher, cache = searcher_for(index_dir)
    table = _table(searcher, cache)
    compiled = compile_query(_postings(searcher, cache), node)
    if compiled.query is None:
        return 0
    found = table.sections.intersection(
        matches(compiled.query, _postings(searcher, cache), table.sections, {})
    )
    for ids in _selected(table, filters or {}).values():
        found &= ids
    return len(found)


def known_word(index_dir: Path, word: str) -> bool:
    searcher, _ = searcher_for(index_dir)
    return ("exact", word.lower()) in searcher.reader()


def unknown_words(index_dir: Path, words: Sequence[str]) -> list[str]:
    """The words not in any document (one searcher look-up for all of them)."""
    searcher, _ = searcher_for(index_dir)
    reader = searcher.reader()
    return [w for w in words if ("exact", w.lower()) not in reader]


def correction(index_dir: Path, word: str) -> str | None:
    """The most frequent indexed word within two edits of ``word`` (same first letter)."""
    searcher, cache = searcher_for(index_dir)
    postings = _postings(searcher, cache)
    word = word.lower()
    key = ("correction", word)
    if key in postings.memo:  # a fuzzy walk of the term list costs ~8 ms; misspellings recur
        return cast(str | None, postings.memo[key])
    reader = searcher.reader()
    maxdist = 1 if len(word) <= 4 else 2
    candidates = [w for w in reader.terms_within("exact", word, maxdist, prefix=1) if w != word]
    best = (
        max(candidates, key=lambda w: (reader.doc_frequency("exact", w), -abs(len(w) - len(word))))
        if candidates
        else None
    )
    postings.remember(key, best)
    return best


def similar(
    index_dir: Path, section_id: str, limit: int = 5, terms: str = "key-terms"
) -> tuple[RawHit, ...]:
    """Sections whose key terms resemble those of ``section_id`` (excluding itself).

    The section's key terms (chosen at ingest, ``ingest.keyterms``) are OR-ed, earlier ones
    weighing more, and scored on the cached postings. ``terms="bo1"`` (also the fallback for
    a section without key terms) uses Whoosh's Bo1 terms of its text instead, which costs
    ~10 ms: a lookup per distinct word; tools/related_quality.py compares the two. The answer
    depends only on the index, so it is remembered per reader.
    """
    searcher, cache = searcher_for(index_dir)
    postings = _postings(searcher, cache)
    key = ("similar", section_id, limit, terms)
    known = postings.memo.get(key)
    if known is not None:
        return cast(tuple[RawHit, ...], known)
    table = _table(searcher, cache)
    docnum = searcher.document_number(key="s:" + section_id)
    if docnum is None:
        return ()
    section = _section(searcher, docnum, cache)
    scores = postings.zeros()
    candidates: set[int] = set()
    for term, weight in _similar_terms(searcher, section, terms == "bo1"):
        postings.add_scores(scores, "body", [term], weight)
        candidates.update(postings.docs("body", term))
    candidates.intersection_update(table.sections)
    candidates.discard(docnum)
    best = _best(candidates, scores, limit)
    result = tuple(RawHit(_section(searcher, d, cache), score) for d, score in best)
    postings.remember(key, result)
    return result


def _similar_terms(
    searcher: Searcher, section: Section, bo1: bool = False
) -> list[tuple[str, float]]:
    """Body stems to look for, with weights: 1.0 for the first key term down to 0.5."""
    weights: dict[str, float] = {}
    if not bo1:
        for rank, term in enumerate(section.key_terms):
            for stem in stems_of(term):
                weights.setdefault(stem, 1.0 - 0.5 * rank / len(section.key_terms))
    if weights:
        return list(weights.items())
    text = f"{section.heading}\n{section.text}"
    return list(searcher.key_terms_from_text("body", text, numterms=12))


def completions(index_dir: Path, prefix: str, limit: int = 8) -> list[str]:
    """Indexed words starting with ``prefix`` (most frequent first), then matching headings.

    Remembered per reader: the box asks again on every keystroke, and the answer only changes
    with the index."""
    searcher, cache = searcher_for(index_dir)
    postings = _postings(searcher, cache)
    key = ("completions", prefix, limit)
    if key not in postings.memo:
        postings.remember(key, _completions(searcher, prefix, limit))
    return list(postings.memo[key])


def _completions(searcher: Searcher, prefix: str, limit: int) -> list[str]:
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
