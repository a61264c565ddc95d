"""One document takes at most about a third of the first page (as web search groups results
by site): its further hits move down the ranking, and the page says how many more the
document has, with a link to them.

The grouped order is a re-ranking of the whole list, so that pages still partition it: page 1
is the first ``per_page`` of the grouped order, page 2 the next, and nothing is shown twice or
lost.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

T = TypeVar("T")

DEPTH = 2  # pages of candidates beyond the one shown, to fill a capped first page from


def cap(per_page: int) -> int:
    """Hits one document may take on the first page: about a third of it."""
    return max(1, round(per_page / 3))


def first_page_grouped(
    ranked: Sequence[T],
    per_page: int,
    doc_of: Callable[[T], str],
    exempt: Collection[str] = (),
) -> list[T]:
    """``ranked`` with the first page capped per document (except the ``exempt`` ones, which
    the query named); the hits pushed off page 1 follow it in their original order, then the
    rest."""
    limit = cap(per_page)
    page: list[T] = []
    deferred: list[T] = []
    taken: dict[str, int] = {}
    rest_from = len(ranked)
    for i, item in enumerate(ranked):
        if len(page) == per_page:
            rest_from = i
            break
        doc = doc_of(item)
        if doc in exempt or taken.get(doc, 0) < limit:
            taken[doc] = taken.get(doc, 0) + 1
            page.append(item)
        else:
            deferred.append(item)
    return page + deferred + list(ranked[rest_from:])
