"""Suggestions: completions for the search box and "did you mean" for misspelt words, both
from the unstemmed ``exact`` field (real words, not stems)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import cast

from whoosh import query as wq
from whoosh.searching import Searcher

from search_app.engine import facets as facet_tables
from search_app.engine import rank, spelling
from search_app.engine.compile import compile_query
from search_app.engine.query import Node, parse
from search_app.engine.searchers import Reader


def unknown_words(reader: Reader, words: Sequence[str]) -> list[str]:
    """The words not in any document (one reader look-up for all of them)."""
    ix = reader.searcher.reader()
    return [w for w in words if ("exact", w.lower()) not in ix]


def correction(reader: Reader, word: str) -> str | None:
    """The indexed word nearest to ``word`` by Damerau-Levenshtein distance, the most frequent
    among equals (``engine.spelling``); None when none is within reach."""
    postings = reader.postings
    word = word.lower()
    key = ("correction", word)
    if key in postings.memo:  # misspellings recur
        return cast(str | None, postings.memo[key])
    best = spelling.best(word, _words_from(reader, word[:1])) if spelling.max_edits(word) else None
    postings.remember(key, best)
    return best


def _words_from(reader: Reader, letter: str) -> dict[str, int]:
    """Indexed words starting with ``letter`` and their section counts (once per reader).
    Every candidate is scored by Damerau-Levenshtein: Whoosh's automaton counts a swap as two
    edits, so "poeple" would not reach "people" within one."""
    postings = reader.postings
    key = ("lexicon", letter)
    if key not in postings.memo:
        ix = reader.searcher.reader()
        words = {
            (term.decode("utf-8") if isinstance(term, bytes) else term): info.doc_frequency()
            for term, info in ix.iter_prefix("exact", letter)
        }
        postings.remember(key, words)
    return cast(dict[str, int], postings.memo[key])


def did_you_mean(
    reader: Reader,
    query: str,
    words: Sequence[str],
    filters: Mapping[str, Sequence[str]],
) -> str | None:
    """``query`` respelt, offered only when one of its plain ``words`` is unknown and the
    respelling finds something (``count``)."""
    fixed = query
    changed = False
    candidates = [w for w in words if len(w) >= 3 and w.isalpha()]
    for word in unknown_words(reader, candidates) if candidates else ():
        better = correction(reader, word)
        if better is None:
            continue
        fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, fixed, count=1)
        changed = True
    if not changed:
        return None
    new = parse(fixed)
    if new.node is None or count(reader, new.node, filters) == 0:
        return None
    return fixed


def count(reader: Reader, node: Node, filters: Mapping[str, Sequence[str]] | None = None) -> int:
    """How many sections match ``node`` (for "did you mean": only suggest what finds something)."""
    table = facet_tables.table(reader.searcher, reader.cache)
    compiled = compile_query(reader.postings, node)
    if compiled.query is None:
        return 0
    found = table.sections.intersection(
        rank.matches(compiled.query, reader.postings, table.sections, {})
    )
    for ids in facet_tables.selected(table, filters or {}).values():
        found &= ids
    return len(found)


def completions(reader: Reader, prefix: str, limit: int = 8) -> list[str]:
    """Indexed words starting with ``prefix`` (most frequent first), then matching headings.

    Remembered per reader: the box asks again on every keystroke, and the answer only changes
    with the index."""
    postings = reader.postings
    key = ("completions", prefix, limit)
    if key not in postings.memo:
        postings.remember(key, _completions(reader.searcher, prefix, limit))
    return list(postings.memo[key])


def _completions(searcher: Searcher, prefix: str, limit: int) -> list[str]:
    ix = searcher.reader()
    words = prefix.lower().split()
    if not words:
        return []
    last = words[-1]
    lead = " ".join(prefix.split()[:-1])
    found = []
    for term in ix.expand_prefix("exact", last):
        found.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        if len(found) >= 500:
            break
    found.sort(key=lambda w: (-ix.doc_frequency("exact", w), w))
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
