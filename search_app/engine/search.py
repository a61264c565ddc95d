"""One search, start to end: parse the query (``engine.query``), expand synonyms, compile it
against the reader, match and count facets on sets, score, cut the top k exactly, rerank by
the exact phrase, then snippets and "did you mean".

Everything per query works on data cached with the reader: matches and totals as sets of doc
numbers from decoded postings, facet counts with numpy over per-document value codes, BM25F
scores added into a dense numpy vector and read back only for the matches that pass the
filters, and the exact-phrase bonus checked on the positions of the top candidates only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ingest.model import Document, Section
from search_app.engine import facets as facet_tables
from search_app.engine import rank, store
from search_app.engine.compile import compile_query
from search_app.engine.highlight import snippet
from search_app.engine.query import Node, parse
from search_app.engine.results import Facet, Hit, Matched, SearchResult
from search_app.engine.searchers import Reader
from search_app.engine.suggest import did_you_mean
from search_app.engine.synonyms import Thesaurus, expand

SORTS = ("relevance", "date", "document")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Ranked:
    """One page of matches before snippets: sections with scores, totals and facet counts."""

    total: int
    hits: tuple[tuple[Section, float], ...]
    facets: dict[str, dict[str, int]]  # facet -> value -> count (selected values always present)
    matched: Matched


def search(
    reader: Reader,
    thesaurus: Thesaurus | None,
    query: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    page: int = 1,
    per_page: int = 10,
    sort: str = "relevance",
) -> SearchResult:
    """Search sections (``thesaurus`` None: no synonyms). An empty query lists what
    ``filters`` allow. Never raises on bad syntax: a notice says what was searched instead."""
    notices: list[str] = []
    page = max(1, int(page))
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    if sort not in SORTS:
        notices.append(f"Unknown sort {sort!r}; sorted by relevance.")
        sort = "relevance"
    filters = {k: [str(v) for v in vs] for k, vs in (filters or {}).items() if vs}
    parsed = parse(query)
    notices.extend(parsed.notices)
    node = parsed.node
    added: tuple[str, ...] = ()
    if node is not None and thesaurus is not None:
        node, added = expand(node, thesaurus)
    result = run(
        reader,
        node,
        filters=filters,
        start=(page - 1) * per_page,
        limit=per_page,
        sort=sort,
        phrase_words=parsed.phrase_words,
    )
    documents = store.documents(reader.searcher, reader.cache)
    stems, phrases = result.matched.stems, result.matched.phrases
    hits = tuple(
        Hit(section, documents.get(section.doc_id), score, *snippet(section.text, stems, phrases))
        for section, score in result.hits
    )
    return SearchResult(
        query=query,
        total=result.total,
        page=page,
        per_page=per_page,
        hits=hits,
        facets=_facets(result.facets, filters, documents),
        suggestion=did_you_mean(reader, query, parsed.words, filters),
        synonyms=added,
        notices=tuple(notices),
    )


def run(
    reader: Reader,
    node: Node | None,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    start: int = 0,
    limit: int = 10,
    sort: str = "relevance",
    phrase_words: tuple[str, ...] = (),
) -> Ranked:
    """One page of sections matching ``node`` (None = every section) and the facet filters."""
    searcher, cache, postings = reader.searcher, reader.cache, reader.postings
    table = facet_tables.table(searcher, cache)
    allowed = facet_tables.selected(table, filters or {})
    compiled = compile_query(postings, node, phrase_words) if node is not None else None
    memo: rank.Memo = {}
    if compiled is None:
        matched: rank.Docs = table.sections
    elif compiled.query is None:
        matched = frozenset()
    else:
        matched = table.sections.intersection(
            rank.matches(compiled.query, postings, table.sections, memo)
        )
    facets = facet_tables.facet_counts(table, matched, allowed)
    for facet, chosen in (filters or {}).items():
        for value in chosen if facet in facets else ():
            facets[facet].setdefault(str(value), 0)
    final = matched
    for ids in sorted(allowed.values(), key=len):
        final = ids.intersection(final)
    total = len(final)
    want = start + limit
    ranked: list[tuple[int, float]]
    if total == 0 or start >= total:
        ranked = []
    elif sort == "relevance" and compiled is not None and compiled.scored:
        assert compiled.query is not None
        bonus = compiled.bonus_phrase
        scores = postings.zeros()
        rank.add_scores(compiled.query, postings, scores, memo)
        depth = max(want, rank.RERANK_DEPTH) if bonus else want
        ranked = rank.best(final, scores, depth)
        if bonus:
            ranked = rank.phrase_rerank(postings, ranked, bonus)
    else:
        ordered = facet_tables.ordered(searcher, cache, table, final, want, sort, filters)
        ranked = [(d, 0.0) for d in ordered]
    hits = tuple((store.section_at(searcher, cache, d), s) for d, s in ranked[start:want])
    words = Matched(frozenset(compiled.stems), tuple(compiled.phrases)) if compiled else Matched()
    return Ranked(total=total, hits=hits, facets=facets, matched=words)


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


def matched(reader: Reader, thesaurus: Thesaurus | None, query: str) -> Matched:
    """The words ``query`` matches positively, as the search compiled them (synonyms and
    completions included, excluded words and filters not): what a page highlights."""
    node = parse(query).node
    if node is None:
        return Matched()
    if thesaurus is not None:
        node, _added = expand(node, thesaurus)
    compiled = compile_query(reader.postings, node)
    return Matched(frozenset(compiled.stems), tuple(compiled.phrases))
