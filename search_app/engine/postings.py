"""Decoded postings of one index reader, cached, and BM25F scoring and phrase checks on them.

Whoosh matches and scores through a tree of Python matcher objects, several calls per posting
(OR-of-many-terms from synonyms and the last-word prefix, and phrase spans, were the worst), and
its top-N shortcut (block quality) can miss better documents. At 2,500 sections that was most
of a 15 ms (p50) to 65 ms (p95) query. Here a term's postings are decoded once per reader, a
block at a time, into numpy arrays of doc numbers and BM25 scores: matching works on sets of
doc numbers, scoring adds whole arrays into a dense score vector. Scores are the ones Whoosh's
``BM25F`` gives (same idf, average and per-document field lengths): a property-based test
(tests/search_app/engine/test_scoring.py) holds them equal to Whoosh's own, and
bench/search_bench.py measures the speed beside Whoosh's own matchers.

It reads Whoosh 2.7's block format (``_read_ids`` and friends), so the Whoosh version is pinned
below 2.8; any other matcher is read through the public API."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from search_app.engine.deadline import expired

B = 0.75  # Whoosh BM25F defaults
K1 = 1.2
# What stays decoded per reader (least recently used terms go first): doc numbers and scores
# (12 bytes a posting), positions for phrases (~60 bytes a posting), and doc-number sets.
POSTINGS_BUDGET = 2_000_000
POSITIONS_BUDGET = 300_000
SETS_BUDGET = 500_000


@dataclass(frozen=True)
class TermPostings:
    ids: np.ndarray  # doc numbers (intp), ascending, deleted documents left out
    scores: np.ndarray  # BM25 score (float64) of the term in each document (no query boost)

    def __len__(self) -> int:
        return len(self.ids)


class _Lru(OrderedDict[Any, Any]):
    """An LRU map bounded by the total size of its values."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget
        self.size = 0

    def get_recent(self, key: Any) -> Any:
        found = self.get(key)
        if found is not None:
            self.move_to_end(key)
        return found

    def put(self, key: Any, value: Any) -> None:
        self[key] = value
        self.size += len(value)
        while self.size > self.budget and len(self) > 1:
            _key, old = self.popitem(last=False)
            self.size -= len(old)


class Postings:
    """Per-reader cache of decoded postings."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self._terms = _Lru(POSTINGS_BUDGET)
        self._positions = _Lru(POSITIONS_BUDGET)
        self._sets = _Lru(SETS_BUDGET)
        self._norms: dict[str, list[float]] = {}
        self.memo: dict[Any, Any] = {}  # other per-reader results (prefix and fuzzy expansions)

    def remember(self, key: Any, value: Any) -> None:
        if len(self.memo) >= 5000:
            self.memo.clear()
        self.memo[key] = value

    # -- decoding ------------------------------------------------------------------------------

    def term(self, field: str, text: str) -> TermPostings:
        """Doc numbers and BM25 scores of one term."""
        key = (field, text)
        found = self._terms.get_recent(key)
        if found is None:
            ids, tfs, _raw = self._read(field, text, positions=False)
            if ids and self.schema[field].scorable:
                idf = self.searcher.idf(field, text)
                norm = self._norm(field)
                top = K1 + 1
                scores = [idf * tf * top / (tf + norm[d]) for d, tf in zip(ids, tfs, strict=True)]
            else:
                scores = tfs
            found = TermPostings(np.array(ids, dtype=np.intp), np.array(scores, dtype=float))
            self._terms.put(key, found)
        return found

    def positions(self, field: str, text: str) -> dict[int, bytes | array]:
        """Positions of one term per doc number: encoded, or decoded by ``positions_in``."""
        key = (field, text)
        found = self._positions.get_recent(key)
        if found is None:
            ids, _tfs, raw = self._read(field, text, positions=True)
            found = dict(zip(ids, raw, strict=True))
            self._positions.put(key, found)
        return found

    def positions_in(self, field: str, where: dict[int, bytes | array], doc: int) -> array:
        """The decoded positions of a term (``where``, from ``positions``) in one document,
        kept decoded: phrase checks revisit the same documents, and decoding a long list
        cost more than the check itself."""
        found = where[doc]
        if isinstance(found, bytes):
            found = where[doc] = array("i", self.schema[field].format.decode_positions(found))
        return found

    def _norm(self, field: str) -> list[float]:
        """K1 * (1 - B + B * length / average length), per document: the length part of BM25."""
        norm = self._norms.get(field)
        if norm is None:
            avg = self.searcher.avg_field_length(field) or 1.0
            length = self.searcher.doc_field_length
            norm = [
                K1 * (1 - B + B * (length(d, field, 1) or 1) / avg)
                for d in range(self.reader.doc_count_all())
            ]
            self._norms[field] = norm
        return norm

    def _read(
        self, field: str, text: str, positions: bool
    ) -> tuple[list[int], list[float], list[bytes]]:
        ids: list[int] = []
        tfs: list[float] = []
        raw: list[bytes] = []
        for segment, base in self.reader.leaf_readers():
            try:
                matcher = segment.postings(field, text)
            except TermNotFound:
                continue
            deleted = segment.deleted_docs_set if segment.has_deletions() else frozenset()
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # the deletion filter: applied below instead
            start = len(ids)
            _read_all(matcher, ids, tfs, raw if positions else None)
            if base or deleted:
                keep = [i for i in range(start, len(ids)) if ids[i] not in deleted]
                ids[start:] = [ids[i] + base for i in keep]
                tfs[start:] = [tfs[i] for i in keep]
                if positions:
                    raw[start:] = [raw[i] for i in keep]
        return ids, tfs, raw

    # -- sets, scores, phrases -----------------------------------------------------------------

    def docs(self, field: str, text: str) -> frozenset[int]:
        """Doc numbers holding the term, as a set (cached for small filter fields too)."""
        key = (field, text)
        found = self._sets.get_recent(key)
        if found is None:
            found = frozenset(self.term(field, text).ids.tolist())
            self._sets.put(key, found)
        return found

    def query_docs(self, key: Any, q: Any) -> frozenset[int]:
        """Doc numbers of any other Whoosh query (numeric ranges), cached by ``key``."""
        found = self._sets.get_recent(key)
        if found is None:
            found = frozenset(q.docs(self.searcher))
            self._sets.put(key, found)
        return found

    def zeros(self) -> np.ndarray:
        """A score per doc number, all 0: the accumulator ``add_scores`` adds to."""
        return np.zeros(self.reader.doc_count_all())

    def mask(self, docs: Iterable[int]) -> np.ndarray:
        """A boolean per doc number, True for ``docs``."""
        out = np.zeros(self.reader.doc_count_all(), dtype=bool)
        out[np.fromiter(docs, dtype=np.intp)] = True
        return out

    def add_scores(
        self,
        acc: np.ndarray,
        field: str,
        words: Sequence[str],
        boost: float,
        only: Collection[int] | None = None,
    ) -> None:
        """acc[d] += boost * BM25 of each of ``words`` in ``field``, for every doc holding the
        word (and in ``only``, when given). Vectorised: a Python loop over the postings of
        a common word was a quarter of a query's time; ``acc`` is dense, and the caller reads
        back only the docs it ranks."""
        keep = None if only is None else self.mask(only)
        for word in words:
            postings = self.term(field, word)
            ids, scores = postings.ids, postings.scores
            if keep is not None:
                inside = keep[ids]
                ids, scores = ids[inside], scores[inside]
            acc[ids] += scores * boost  # doc numbers are unique within one term's postings

    def add_constant(self, acc: np.ndarray, docs: Iterable[int], value: float) -> None:
        """acc[d] += value for each of ``docs``: what Whoosh scores a filter or a NOT with."""
        ids = np.fromiter(docs, dtype=np.intp)
        acc[ids] += value

    def phrase_docs(
        self, field: str, words: Sequence[str], candidates: Iterable[int] | None = None
    ) -> frozenset[int]:
        """Docs where ``words`` (indexed terms) stand side by side in ``field``, looked for only
        among ``candidates`` when given. A field without positions needs all the words only."""
        if not words:
            return frozenset()
        sets = sorted((self.docs(field, w) for w in set(words)), key=len)
        both = set(sets[0]).intersection(*sets[1:])
        if candidates is not None:
            both.intersection_update(candidates)
        if len(words) == 1 or not both or not self.schema[field].format.supports("positions"):
            return frozenset(both)
        where = [self.positions(field, w) for w in words]
        found = set()
        for n, d in enumerate(both):
            if n % 64 == 63 and expired():
                break  # the matches confirmed so far (the search says it was cut short)
            # start positions of the phrase: where word i stands at start + i, for every i
            starts = set(self.positions_in(field, where[0], d))
            for i, positions in enumerate(where[1:], 1):
                starts.intersection_update(
                    map((-i).__add__, self.positions_in(field, positions, d))
                )
                if not starts:
                    break
            if starts:
                found.add(d)
        return frozenset(found)

    def near_docs(
        self, field: str, words: Sequence[str], candidates: Iterable[int], window: int
    ) -> frozenset[int]:
        """Docs among ``candidates`` where every one of ``words`` stands within ``window``
        positions of the others (one occurrence each: the shortest span that covers them)."""
        distinct = list(dict.fromkeys(words))
        if len(distinct) < 2 or not self.schema[field].format.supports("positions"):
            return frozenset()
        sets = [self.docs(field, w) for w in distinct]
        both = set(candidates).intersection(*sets)
        where = [self.positions(field, w) for w in distinct]
        found = set()
        for d in both:
            merged = sorted(
                (pos, i) for i, w in enumerate(where) for pos in self.positions_in(field, w, d)
            )
            if _shortest_span(merged, len(distinct)) <= window:
                found.add(d)
        return frozenset(found)


def _read_all(matcher: Any, ids: list[int], tfs: list[float], raw: list[bytes] | None) -> None:
    """Append every posting of a leaf matcher: whole blocks at a time when it is Whoosh 2.7's
    block reader, else one posting at a time through the public API."""
    block_reader = all(
        hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block")
    )
    if block_reader:
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            tfs.extend(matcher._weights)
            if raw is not None:
                matcher._read_values()
                raw.extend(matcher._values)
            matcher._next_block()
        return
    while matcher.is_active():
        ids.append(matcher.id())
        tfs.append(matcher.weight())
        if raw is not None:
            raw.append(matcher.value())
        matcher.next()


def _shortest_span(merged: Sequence[tuple[int, int]], kinds: int) -> int:
    """The shortest stretch of positions holding each of ``kinds`` words once (sliding window
    over (position, word) pairs in position order); a large number when there is none."""
    best = 1 << 30
    count: dict[int, int] = {}
    left = 0
    for pos, word in merged:
        count[word] = count.get(word, 0) + 1
        while len(count) == kinds:
            best = min(best, pos - merged[left][0])
            first = merged[left][1]
            count[first] -= 1
            if not count[first]:
                del count[first]
            left += 1
    return best
