"""Answering an understood query (``engine.understand``): every word first; when that finds
nothing, a spelling correction; then, for a natural query, the closest matches.

1. The query as understood, every unit required. Found: done.
2. Nothing, and some word is in no section: the nearest indexed spelling
   (``engine.spelling``). When the corrected query finds results they are shown at once
   ("Showing results for overcrowding. Search instead for overcrowdng.").
3. For a natural query, sections that have most of the words (``engine.rescue``), each with
   the words it lacks. A natural query that finds only a few sections with every word gets
   these closest ones after them (``FILL_BELOW``). A word that no section has and no
   correction fixes weighs as much as the rarest word, so a question about something the
   corpus does not cover ("covid vaccine uptake in care homes") stays empty: the answer says
   which word no section has and offers the query without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ingest.model import Document, Objective
from ingest.search_index import section_key
from search_app.engine import browse, deadline, rank, rescue, store
from search_app.engine import facets as facet_tables
from search_app.engine.analysis import stems_of
from search_app.engine.best_bets import normalise
from search_app.engine.compile import Compiled, compile_query
from search_app.engine.query import Bool, Node
from search_app.engine.searchers import Reader
from search_app.engine.suggest import correction, did_you_mean, unknown_words
from search_app.engine.understand import Understood

Ranked = list[tuple[int, float]]  # (doc number, score), best first


@dataclass
class Matching:
    """The sections a node matches, before and after the filters, with facet counts."""

    compiled: Compiled | None
    memo: rank.Memo
    matched: rank.Docs  # every filter aside
    final: rank.Docs  # within the filters
    facets: dict[str, dict[str, int]]


@dataclass(frozen=True)
class Outcome:
    understood: Understood  # what was searched in the end (the correction, if one was made)
    matching: Matching
    ranked: Ranked  # deep enough for the page asked for and the grouping of page 1
    missing: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # rescue only
    corrected_from: str | None = None  # the query as typed, when a correction was searched
    unknown: tuple[str, ...] = ()  # words in no section, which no correction fixed
    relaxed: str | None = None  # the query without them
    suggestion: str | None = None  # "did you mean" (not searched)
    near: Ranked = field(default_factory=list)  # after the full matches: most of the words

    @property
    def total(self) -> int:
        return len(self.matching.final) + len(self.near)


def matching(
    reader: Reader,
    node: Node | None,
    filters: Mapping[str, Sequence[str]],
    phrase_words: tuple[str, ...] = (),
) -> Matching:
    table = facet_tables.table(reader.searcher, reader.cache)
    postings = reader.postings
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
    return _within_filters(reader, compiled, memo, matched, filters)


def _within_filters(
    reader: Reader,
    compiled: Compiled | None,
    memo: rank.Memo,
    matched: rank.Docs,
    filters: Mapping[str, Sequence[str]],
) -> Matching:
    table = facet_tables.table(reader.searcher, reader.cache)
    allowed = facet_tables.selected(table, filters)
    facets = facet_tables.facet_counts(table, matched, allowed)
    for facet, chosen in filters.items():
        for value in chosen if facet in facets else ():
            facets[facet].setdefault(str(value), 0)
    final = matched
    for ids in sorted(allowed.values(), key=len):
        final = ids.intersection(final)
    return Matching(compiled, memo, matched, final, facets)


def ranking(
    reader: Reader,
    m: Matching,
    depth: int,
    sort: str,
    filters: Mapping[str, Sequence[str]],
    browse_scores: Callable[[int], dict[int, float]] | None = None,
    literal: Node | None = None,
) -> Ranked:
    """The best ``depth`` of ``m.final``: BM25F and the phrase bonus for a scored query, the
    objective's own order when an objective is browsed without words, else the sort asked.

    With ``literal`` (the query before synonyms), sections that have the words as typed rank
    above those found only through a synonym."""
    if not m.final:
        return []
    searcher, cache, postings = reader.searcher, reader.cache, reader.postings
    compiled = m.compiled
    if sort == "relevance" and compiled is not None and compiled.scored:
        assert compiled.query is not None
        scores = postings.zeros()
        rank.add_scores(compiled.query, postings, scores, m.memo)
        apparatus = list(apparatus_sections(reader))
        scores[apparatus] *= APPARATUS
        bonus = compiled.bonus_phrase
        deep = max(depth, rank.RERANK_DEPTH) if bonus or literal is not None else depth
        ranked = rank.best(m.final, scores, deep)
        if bonus:
            ranked = rank.phrase_rerank(postings, ranked, bonus)
        if literal is not None:
            typed = _docs(reader, literal)
            ranked.sort(key=lambda pair: pair[0] not in typed)  # stable: order kept within
        return ranked
    chosen = filters.get("objective", ())
    if sort == "relevance" and compiled is None and len(chosen) == 1 and browse_scores:
        by = browse_scores(int(chosen[0])) if chosen[0].isdigit() else {}
        order = sorted(m.final, key=lambda d: (-by.get(d, 0.0), d))[:depth]
        return [(d, by.get(d, 0.0)) for d in order]
    table = facet_tables.table(searcher, cache)
    ordered = facet_tables.ordered(searcher, cache, table, m.final, depth, sort, filters)
    return [(d, 0.0) for d in ordered]


# Reference lists, contents and cover pages name every topic and answer none: they rank at
# this fraction of their score (a search for a cited work still finds its reference list).
APPARATUS = 0.5
APPARATUS_HEADINGS = frozenset(
    {
        "references", "bibliography", "front matter", "contents", "table of contents",
        "acknowledgements", "acknowledgments", "glossary", "index", "abbreviations",
        "notes", "endnotes", "further reading", "sources",
    }
)  # fmt: skip


def apparatus_sections(reader: Reader) -> frozenset[int]:
    """The sections whose heading is one of ``APPARATUS_HEADINGS`` (once per reader: the
    heading words' postings narrow the look-up)."""

    def build() -> frozenset[int]:
        searcher, cache, postings = reader.searcher, reader.cache, reader.postings
        candidates: set[int] = set()
        for heading in APPARATUS_HEADINGS:
            stems = stems_of(heading)
            if stems:
                candidates |= postings.docs("heading", stems[0])
        return frozenset(
            d
            for d in candidates
            if normalise(store.section_at(searcher, cache, d).heading) in APPARATUS_HEADINGS
        )

    return store.cached(reader.cache, "answer.apparatus", build)


def respond(
    reader: Reader,
    understood: Understood,
    filters: Mapping[str, Sequence[str]],
    depth: int,
    sort: str,
    *,
    spell: bool,
    again: Callable[[str], Understood],
    browse_scores: Callable[[int], dict[int, float]] | None = None,
) -> Outcome:
    """The outcome of one query; ``again`` understands a corrected query string."""
    u = understood
    m = matching(reader, u.node, filters, u.phrase_words)
    late = deadline.expired()  # past the time limit: no respelling, no closest matches
    if m.final or u.node is None or late:
        literal = u.literal if u.synonyms else None
        ranked = ranking(reader, m, depth, sort, filters, browse_scores, literal)
        # a natural query that found something matched every unit: nothing to respell
        wanted = m.final and not u.natural and not late
        suggestion = did_you_mean(reader, u.query, u.words, filters) if wanted else None
        few = len(u.units) >= FILL_FROM and len(m.final) < FILL_BELOW and sort == "relevance"
        if not few:
            return Outcome(u, m, ranked, suggestion=suggestion)
        units = {unit.text: _docs(reader, unit.node) for unit in u.units}
        closest = _rescued(reader, u, units, filters, FILL_BELOW - len(m.final), sort, m.matched)
        if closest is None:
            return Outcome(u, m, ranked, suggestion=suggestion)
        near = closest.ranked
        listed = _within_filters(
            reader, m.compiled, m.memo, m.matched | {d for d, _ in near}, filters
        )
        m = replace(m, facets=listed.facets)  # the facets count what the page lists
        missing = {d: closest.missing[d] for d, _ in near}
        return Outcome(u, m, ranked, missing, suggestion=suggestion, near=near)
    units = {unit.text: _docs(reader, unit.node) for unit in u.units}
    unknown = (
        [text for text, docs in units.items() if not docs]
        if u.natural
        else unknown_words(reader, [w for w in u.words if len(w) >= 3 and w.isalpha()])
    )
    suggestion = None
    fixed = _corrected(reader, u.query, unknown) if unknown else None
    if fixed is not None:
        second = respond(
            reader, again(fixed), filters, depth, sort, spell=False, again=again,
            browse_scores=browse_scores,
        )  # fmt: skip
        if spell and second.total and (not second.missing or _near(reader, unknown)):
            return replace(second, corrected_from=u.query)
        suggestion = fixed if second.total else None
    if not u.natural:
        return Outcome(u, m, [], suggestion=suggestion)
    rescued = _rescued(reader, u, units, filters, depth, sort)
    if rescued is not None:
        return replace(rescued, unknown=tuple(unknown))
    relaxed = _without(u.query, unknown) if unknown else None
    return Outcome(u, m, [], unknown=tuple(unknown), relaxed=relaxed, suggestion=suggestion)


# A natural query of FILL_FROM units or more that fewer than FILL_BELOW sections match in
# full is followed by the sections that have most of its words (each says which it lacks):
# one verb the documents put otherwise ("does the mayor have a duty to *reduce* health
# inequalities") must not hide the section that answers it.
FILL_FROM = 3
FILL_BELOW = 10


def _docs(reader: Reader, node: Node) -> rank.Docs:
    compiled = compile_query(reader.postings, node)
    if compiled.query is None:
        return frozenset()
    table = facet_tables.table(reader.searcher, reader.cache)
    return table.sections.intersection(
        rank.matches(compiled.query, reader.postings, table.sections, {})
    )


def _corrected(reader: Reader, query: str, unknown: Sequence[str]) -> str | None:
    """``query`` with every unknown word respelt, or None if one of them has no correction."""
    fixed = query
    for word in unknown:
        better = correction(reader, word)
        if better is None:
            return None
        fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, fixed, count=1)
    return fixed


def _near(reader: Reader, unknown: Sequence[str]) -> bool:
    """Every correction is one edit away: trusted enough to rescue with."""
    from rapidfuzz.distance import DamerauLevenshtein

    return all(
        DamerauLevenshtein.distance(w.lower(), correction(reader, w) or "") <= 1 for w in unknown
    )


def _without(query: str, words: Sequence[str]) -> str | None:
    out = query
    for word in words:
        out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", out, count=1)
    out = " ".join(out.split())
    return out or None


def _rescued(
    reader: Reader,
    u: Understood,
    units: Mapping[str, rank.Docs],
    filters: Mapping[str, Sequence[str]],
    depth: int,
    sort: str,
    found: rank.Docs = frozenset(),
) -> Outcome | None:
    """The sections closest to having every unit (``engine.rescue``), ``found`` (the full
    matches) left out."""
    table = facet_tables.table(reader.searcher, reader.cache)
    words = [rescue.Word(text, frozenset(docs)) for text, docs in units.items()]
    candidates = table.sections - found if found else None
    missing = rescue.closest(words, len(table.sections), candidates, loose=True, weighed=not found)
    if not missing:
        return None
    node = Bool("or", tuple(unit.node for unit in u.units))
    compiled = compile_query(reader.postings, node)
    m = _within_filters(reader, compiled, {}, frozenset(missing), filters)
    if not m.final:
        return None
    scores = reader.postings.zeros()
    if compiled.query is not None:
        memo: rank.Memo = {}
        rank.matches(compiled.query, reader.postings, table.sections, memo)
        rank.add_scores(compiled.query, reader.postings, scores, memo)
        scores[list(apparatus_sections(reader))] *= APPARATUS  # as in ``ranking``
    if sort == "relevance":
        order = sorted(m.final, key=lambda d: (len(missing[d]), -float(scores[d]), d))
    else:
        order = facet_tables.ordered(
            reader.searcher, reader.cache, table, m.final, len(m.final), sort, filters
        )
    ranked = [(d, float(scores[d])) for d in order[:depth]]
    return Outcome(u, m, ranked, missing={d: missing[d] for d in m.final})


def objective_boosts(
    reader: Reader,
    ranked: Ranked,
    numbers: Sequence[int],
    objectives: Sequence[Objective],
    documents: Mapping[str, Document],
    only: bool = False,
) -> Ranked:
    """A query that names an objective ("objective 3", "healthy places"): the sections written
    for it rise (the Strategy's chapter most), then the ones tagged with it. ``only``: the
    query is nothing but the objective's name, so its sections come in the order browsing the
    objective gives (``engine.browse``), the words' score breaking ties."""
    cues = [browse.Cues.of(o) for o in objectives if o.number in numbers]
    if not cues or not ranked:
        return ranked
    out = []
    for d, score in ranked:
        section = store.section_at(reader.searcher, reader.cache, d)
        document = documents.get(section.doc_id)
        if only:
            key = max(browse.score(section, document, c) for c in cues)
            out.append((d, score, key))
            continue
        factor = max(
            1.0 + 0.5 * browse.tier(section, document, c) + 0.25 * browse.strength(section, c)
            for c in cues
        )
        out.append((d, score * factor, score * factor))
    out.sort(key=lambda item: (-item[2], -item[1]))
    return [(d, score) for d, score, _key in out]


OPENING = 4  # sections of a named document shown first: cover, foreword, introduction


def document_first(
    reader: Reader, ranked: Ranked, final: rank.Docs, doc_ids: Sequence[str]
) -> Ranked:
    """A query that names a document ("the strategy", "one year on") opens it: its first
    sections lead, in document order, then its other sections rise above the rest."""
    if not doc_ids:
        return ranked
    searcher, cache = reader.searcher, reader.cache
    scores = dict(ranked)
    pinned = []
    for doc_id in doc_ids:
        for section in store.sections_of(searcher, cache, doc_id)[:OPENING]:
            d = searcher.document_number(key=section_key(section.id))
            if d is not None and d in final and d not in pinned:
                pinned.append(d)
    wanted = set(doc_ids)
    rest = [
        (d, score * (2.0 if _doc(reader, d) in wanted else 1.0))
        for d, score in ranked
        if d not in pinned
    ]
    rest.sort(key=lambda pair: -pair[1])
    return [(d, scores.get(d, 0.0)) for d in pinned] + rest


def _doc(reader: Reader, docnum: int) -> str:
    return facet_tables.doc_of(facet_tables.table(reader.searcher, reader.cache), docnum)


def browse_order(
    reader: Reader, objective: Objective, documents: Mapping[str, Document]
) -> dict[int, float]:
    """Browse scores of the sections tagged with ``objective`` (``engine.browse``), computed
    once per reader."""

    def build() -> dict[int, float]:
        cues = browse.Cues.of(objective)
        table = facet_tables.table(reader.searcher, reader.cache)
        tagged = table.values.get("objective", {}).get(str(objective.number), frozenset())
        out = {}
        for d in tagged:
            section = store.section_at(reader.searcher, reader.cache, d)
            out[d] = browse.score(section, documents.get(section.doc_id), cues)
        return out

    key = f"browse.{objective.number}.{'|'.join(objective.heading_cues)}"
    return store.cached(reader.cache, key, build)
