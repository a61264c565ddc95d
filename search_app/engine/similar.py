"""More like this: sections on similar subjects to a given one, scored on cached postings."""

from __future__ import annotations

from typing import cast

from whoosh.searching import Searcher

from ingest.model import Section
from ingest.search_index import section_key
from search_app.engine import facets as facet_tables
from search_app.engine import rank, store
from search_app.engine.analysis import stems_of
from search_app.engine.searchers import Reader


def similar(
    reader: Reader, section_id: str, limit: int = 5, terms: str = "key-terms"
) -> tuple[tuple[Section, float], ...]:
    """Sections whose key terms resemble those of ``section_id`` (excluding itself), with
    their scores, best first.

    The section's key terms (chosen at ingest, ``ingest.keyterms``) are OR-ed, earlier ones
    weighing more, and scored on the cached postings. ``terms="bo1"`` (also the fallback for
    a section without key terms) uses Whoosh's Bo1 terms of its text instead, which costs
    ~10 ms: a lookup per distinct word; tools/related_quality.py compares the two. The answer
    depends only on the index, so it is remembered per reader.
    """
    searcher, cache, postings = reader.searcher, reader.cache, reader.postings
    key = ("similar", section_id, limit, terms)
    known = postings.memo.get(key)
    if known is not None:
        return cast(tuple[tuple[Section, float], ...], known)
    table = facet_tables.table(searcher, cache)
    docnum = searcher.document_number(key=section_key(section_id))
    if docnum is None:
        return ()
    section = store.section_at(searcher, cache, docnum)
    scores = postings.zeros()
    candidates: set[int] = set()
    for term, weight in _similar_terms(searcher, section, terms == "bo1"):
        postings.add_scores(scores, "body", [term], weight)
        candidates.update(postings.docs("body", term))
    candidates.intersection_update(table.sections)
    candidates.discard(docnum)
    found = tuple(
        (store.section_at(searcher, cache, d), score)
        for d, score in rank.best(candidates, scores, limit)
    )
    postings.remember(key, found)
    return found


def _similar_terms(
    searcher: Searcher, section: Section, bo1: bool = False
) -> list[tuple[str, float]]:
    """Body stems to look for, with weights: 1.0 for the first key term down to 0.5."""
    weights: dict[str, float] = {}
    if not bo1:
        for rank_, term in enumerate(section.key_terms):
            for stem in stems_of(term):
                weights.setdefault(stem, 1.0 - 0.5 * rank_ / len(section.key_terms))
    if weights:
        return list(weights.items())
    text = f"{section.heading}\n{section.text}"
    return list(searcher.key_terms_from_text("body", text, numterms=12))
