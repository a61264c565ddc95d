"""Running a compiled query (``engine.compile``) on decoded postings (``engine.postings``):
the matching doc numbers as sets, BM25F scores added into a dense vector, the exact top-k cut
and the exact-phrase bonus.

Scores are Whoosh's: what ``searcher.search`` gives the same query object, including the
constant Whoosh adds for a filter term, a year range or a NOT inside an AND, and a nested AND
scoring only the documents it matches (tests/search_app/engine/test_scoring.py holds them
equal on generated queries). Whoosh's matchers are not used: they cost several Python calls
per posting (bench/search_bench.py measures both).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh import query as wq

from search_app.engine.deadline import expired
from search_app.engine.postings import Postings

RERANK_DEPTH = 50  # top matches checked for the exact phrase of a multi-word query
PHRASE_BONUS = 1.6
NEAR = 8  # positions within which the query words count as close together
NEAR_BONUS = 1.3
PHRASE_FIRST = 2  # from this many words, sections with the exact phrase rank above the rest

Docs = set[int] | frozenset[int]
Memo = dict[int, Docs]  # id(query object) -> the docs it matches, within one query


def matches(q: wq.Query, postings: Postings, every: frozenset[int], memo: Memo) -> Docs:
    """Doc numbers matching ``q`` (``every`` = the universe for NOT and Every), remembered in
    ``memo`` for ``add_scores``."""
    found = memo.get(id(q))
    if found is None:
        found = memo[id(q)] = _matches(q, postings, every, memo)
    return found


def _matches(q: wq.Query, postings: Postings, every: frozenset[int], memo: Memo) -> Docs:
    if isinstance(q, wq.Term):
        return postings.docs(q.fieldname, q.text)
    if isinstance(q, wq.Phrase):
        return _phrase_docs(q, postings, every)
    if isinstance(q, wq.Every):
        return every
    if isinstance(q, wq.Or):
        union: set[int] = set()
        for sub in q.subqueries:
            if union and expired():
                break  # a prefix or fuzzy word with many expansions: the ones read so far
            union.update(matches(sub, postings, every, memo))
        return union
    if isinstance(q, wq.And):
        pos = [s for s in q.subqueries if not isinstance(s, (wq.Not, wq.Phrase))]
        phrases = [s for s in q.subqueries if isinstance(s, wq.Phrase)]
        neg = [s for s in q.subqueries if isinstance(s, wq.Not)]
        sets = sorted((matches(s, postings, every, memo) for s in pos), key=len)
        acc = set(sets[0]).intersection(*sets[1:]) if sets else None
        for phrase in phrases:  # positions checked only where the other words already match
            found = _phrase_docs(phrase, postings, every if acc is None else acc)
            memo[id(phrase)] = found
            acc = set(found) if acc is None else acc & found
        acc = set(every) if acc is None else acc
        for sub in neg:
            acc -= matches(sub.query, postings, every, memo)
        for sub in neg:  # a NOT inside an AND scores 1.0 on each doc of the AND, as in Whoosh
            memo[id(sub)] = acc
        return acc
    if isinstance(q, wq.Not):
        return every - matches(q.query, postings, every, memo)
    return postings.query_docs(("query", repr(q)), q)


def _phrase_docs(q: wq.Phrase, postings: Postings, within: Docs) -> Docs:
    """Docs of ``within`` with the phrase: side by side, or (slop above 1, ``"a b"~N``) with
    the words within ``slop - 1`` further words of one another, in any order."""
    if q.slop <= 1:
        return postings.phrase_docs(q.fieldname, q.words, within)
    window = q.slop - 1 + len(q.words) - 1
    return postings.near_docs(q.fieldname, q.words, within, window)


def add_scores(
    q: wq.Query,
    postings: Postings,
    acc: np.ndarray,
    memo: Memo,
    within: Docs | None = None,
    top: bool = True,
) -> None:
    """Add to ``acc`` (a score per doc number, from ``Postings.zeros``) what Whoosh's BM25F
    scores ``q`` with, for the docs ``matches`` found (run that first: ``memo``).

    ``within`` limits the docs scored; ``top`` says no OR lies above ``q``, so docs outside
    an AND need no limit (they are never read back)."""
    if isinstance(q, wq.Term):
        if postings.schema[q.fieldname].scorable:
            postings.add_scores(acc, q.fieldname, [q.text], q.boost, within)
        else:
            postings.add_constant(acc, _inside(memo[id(q)], within), q.boost)
    elif isinstance(q, wq.Phrase):
        postings.add_scores(acc, q.fieldname, q.words, q.boost, _inside(memo[id(q)], within))
    elif isinstance(q, wq.Or):
        for sub in q.subqueries:
            if id(sub) in memo:  # not matched: left out at the time limit
                add_scores(sub, postings, acc, memo, within, top=False)
    elif isinstance(q, wq.And):
        mine = None if top else _inside(memo[id(q)], within)
        for sub in q.subqueries:
            add_scores(sub, postings, acc, memo, mine, top)
    else:  # Not, Every, numeric ranges: a constant per matching doc, as in Whoosh
        postings.add_constant(acc, _inside(memo[id(q)], within), getattr(q, "boost", 1.0))


def _inside(docs: Docs, within: Docs | None) -> Docs:
    return docs if within is None else within.intersection(docs)


def best(docs: Iterable[int], scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
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


def phrase_rerank(
    postings: Postings, ranked: list[tuple[int, float]], stems: tuple[str, ...]
) -> list[tuple[int, float]]:
    """Words that stand together rank above the same words scattered. Among the top
    candidates, those with all the query words side by side (in the heading more than in the
    body) are boosted and, from ``PHRASE_FIRST`` words on, placed above every candidate
    without them, as a name typed in full ("healthy schools london") should find the sections
    that use the name; those with the words close together (within ``NEAR`` positions) get a
    smaller boost. Positions are read for these candidates only."""
    candidates = [d for d, _ in ranked]
    factor = {d: 1.0 for d in candidates}
    for docnum in postings.near_docs("body", stems, candidates, NEAR):
        factor[docnum] = NEAR_BONUS
    exact: set[int] = set()
    for field_name, bonus in (("body", PHRASE_BONUS), ("heading", PHRASE_BONUS * 1.5)):
        for docnum in postings.phrase_docs(field_name, stems, candidates):
            factor[docnum] = max(factor[docnum], bonus)
            exact.add(docnum)
    rescored = [(d, score * factor[d]) for d, score in ranked]
    if len(stems) >= PHRASE_FIRST:
        return sorted(rescored, key=lambda pair: (pair[0] not in exact, -pair[1]))
    return sorted(rescored, key=lambda pair: -pair[1])
