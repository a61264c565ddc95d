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
from dataclasses import dataclass, replace

from ingest.model import Document, Objective, Section
from search_app.engine import answer, best_bets, deadline, forms, grouping, store
from search_app.engine import facets as facet_tables
from search_app.engine.analysis import stems_tuple
from search_app.engine.compile import compile_query
from search_app.engine.highlight import snippet
from search_app.engine.query import Node
from search_app.engine.results import BestBet, Facet, Hit, Matched, SearchResult
from search_app.engine.searchers import Reader
from search_app.engine.synonyms import Thesaurus
from search_app.engine.understand import Understood, understand

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
    objectives: Sequence[Objective] = (),
    spell: bool = True,
    timeout_ms: float = 0,
) -> SearchResult:
    """Search sections (``thesaurus`` None: no synonyms). An empty query lists what
    ``filters`` allow. Never raises on bad syntax: a notice says what was searched instead.

    ``objectives`` (the framework of ``corpus/objectives.toml``) let a query name an objective
    and order an objective browsed without words; ``spell`` False searches a misspelt query
    as typed rather than its correction. Past ``timeout_ms`` (0: no limit) it returns what it
    has, with the notice ``deadline.TIMED_OUT`` (``engine.deadline``)."""
    with deadline.limit(timeout_ms) as limit:
        result = _search(reader, thesaurus, query, filters, page, per_page, sort, objectives, spell)
    if not limit.hit:
        return result
    return replace(result, notices=(*result.notices, deadline.TIMED_OUT), timed_out=True)


def _search(
    reader: Reader,
    thesaurus: Thesaurus | None,
    query: str,
    filters: Mapping[str, Sequence[str]] | None,
    page: int,
    per_page: int,
    sort: str,
    objectives: Sequence[Objective],
    spell: bool,
) -> SearchResult:
    notices: list[str] = []
    page = max(1, int(page))
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    if sort not in SORTS:
        notices.append(f"Unknown sort {sort!r}; sorted by relevance.")
        sort = "relevance"
    filters = {k: [str(v) for v in vs] for k, vs in (filters or {}).items() if vs}
    documents = store.documents(reader.searcher, reader.cache)
    docs = tuple(documents.values())

    lexicon = reader.postings.reader

    def known(word: str) -> bool:  # in the index, or a synonym term ("A&E")
        in_thesaurus = thesaurus is not None and stems_tuple(word) in thesaurus.index
        return in_thesaurus or lexicon.doc_frequency("exact", word) > 0

    def again(text: str) -> Understood:
        return understand(forms.initials(text, known), thesaurus, objectives, docs)

    by_number = {o.number: o for o in objectives}

    def browse_scores(number: int) -> dict[int, float]:
        o = by_number.get(number)
        return answer.browse_order(reader, o, documents) if o else {}

    understood = again(query)
    start, want = (page - 1) * per_page, page * per_page
    # One document is capped on page 1 only, as web search does; every page is cut from the
    # same grouped order, so a hit held back from page 1 appears once, further on.
    grouped = sort == "relevance" and not filters.get("doc")
    depth = want + grouping.DEPTH * per_page if grouped else want
    outcome = answer.respond(
        reader, understood, filters, depth, sort, spell=spell, again=again,
        browse_scores=browse_scores,
    )  # fmt: skip
    u = outcome.understood
    ranked = outcome.ranked
    bets = _bets(u, by_number, documents)
    if u.bets.objectives and sort == "relevance" and u.node is not None:
        only = all(not b.rest for b in bets if b.kind == "objective")
        ranked = answer.objective_boosts(
            reader, ranked, u.bets.objectives, objectives, documents, only
        )
    if u.bets.documents and sort == "relevance" and u.node is not None:
        ranked = answer.document_first(reader, ranked, outcome.matching.final, u.bets.documents)
    if grouped:
        ranked = grouping.first_page_grouped(
            ranked, per_page, lambda d: _doc_of(reader, d[0]), exempt=u.bets.documents
        )
    notices.extend(u.notices)
    ranked = [*ranked, *outcome.near]  # after the grouping: every full match comes first
    page_hits = ranked[start:want]
    more = _more_in_document(reader, page_hits, outcome, per_page) if grouped and page == 1 else {}
    compiled = outcome.matching.compiled
    # words of a phrase are marked where the phrase stands ("general practice", not "general")
    stems = frozenset(compiled.single) if compiled else frozenset()
    phrases = tuple(compiled.phrases) if compiled else ()
    hits = []
    for d, score in page_hits:
        section = store.section_at(reader.searcher, reader.cache, d)
        # Past the time limit the remaining hits show their opening words, unhighlighted.
        html, text = snippet(section.text, *(((), ()) if deadline.expired() else (stems, phrases)))
        hits.append(
            Hit(section, documents.get(section.doc_id), score, html, text,
                missing=tuple(outcome.missing.get(d, ())), more_in_document=more.get(d, 0))
        )  # fmt: skip
    return SearchResult(
        query=query,
        total=outcome.total,
        page=page,
        per_page=per_page,
        hits=tuple(hits),
        facets=_facets(outcome.matching.facets, filters, documents),
        suggestion=outcome.suggestion,
        synonyms=u.synonyms,
        notices=tuple(dict.fromkeys(notices)),
        corrected_query=u.query if outcome.corrected_from is not None else None,
        partial=bool(outcome.missing) and not outcome.near,
        near_matches=len(outcome.near),
        unknown_words=outcome.unknown,
        relaxed_query=outcome.relaxed,
        ignored_words=u.ignored,
        best_bets=bets,
    )


def _doc_of(reader: Reader, docnum: int) -> str:
    return facet_tables.doc_of(facet_tables.table(reader.searcher, reader.cache), docnum)


def _more_in_document(
    reader: Reader, page: Sequence[tuple[int, float]], outcome: answer.Outcome, per_page: int
) -> dict[int, int]:
    """For each document that reached its cap on the page: its last hit there -> how many more
    of its sections match."""
    counts = outcome.matching.facets.get("doc", {})
    shown: dict[str, list[int]] = {}
    for d, _score in page:
        shown.setdefault(_doc_of(reader, d), []).append(d)
    out = {}
    for doc_id, docnums in shown.items():
        rest = counts.get(doc_id, 0) - len(docnums)
        if len(docnums) >= grouping.cap(per_page) and rest > 0:
            out[docnums[-1]] = rest
    return out


def _bets(
    u: Understood, objectives: Mapping[int, Objective], documents: Mapping[str, Document]
) -> tuple[BestBet, ...]:
    named = dict(reversed(u.bets.named_by))  # the first words that named each objective
    out = [
        BestBet(
            "objective",
            str(n),
            f"Objective {n}: {objectives[n].short_title}",
            best_bets.remainder(u.query, named.get(n, "")),
        )
        for n in u.bets.objectives
        if n in objectives
    ]
    out += [BestBet("document", d, documents[d].title) for d in u.bets.documents if d in documents]
    return tuple(out)


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
    """One page of sections matching ``node`` (None = every section) and the facet filters,
    by BM25F and the phrase bonus alone: no rescue, correction, bets or grouping."""
    m = answer.matching(reader, node, filters or {}, phrase_words)
    want = start + limit
    ranked = answer.ranking(reader, m, want, sort, filters or {}) if start < len(m.final) else []
    hits = tuple(
        (store.section_at(reader.searcher, reader.cache, d), s) for d, s in ranked[start:want]
    )
    compiled = m.compiled
    words = Matched(frozenset(compiled.stems), tuple(compiled.phrases)) if compiled else Matched()
    return Ranked(total=len(m.final), hits=hits, facets=m.facets, matched=words)


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
    node = understand(query, thesaurus).node
    if node is None:
        return Matched()
    compiled = compile_query(reader.postings, node)
    return Matched(frozenset(compiled.stems), tuple(compiled.phrases))
