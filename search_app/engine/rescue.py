"""Zero-result rescue: when no section has every content word, the sections that have most of
them (Elasticsearch's ``minimum_should_match``), each with the words it lacks.

Two rules keep the rescue honest, so that a question about something the corpus does not cover
still comes back empty rather than with loosely related sections:

- a section may lack at most a quarter of the content words (at least one, once there are
  two or more; a one-word query is never relaxed);
- the words it has must carry at least two thirds of the query's weight, each word weighing
  its inverse document frequency: lacking "near" or "help" costs little, lacking
  "overcrowding" or "tuberculosis" costs a lot.

A word no section contains weighs the most a word can: a question whose distinctive word the
corpus lacks ("covid", "HS2") stays empty.

When every word of a question of three or more words is somewhere in the corpus, the rules
are looser (``loose``): a section may lack up to half the words if the ones it has carry more
than half the weight. Such a question is about things the corpus covers, only not in one
section, and an ordinary verb the corpus happens to use rarely ("things that *stop* homeless
people seeing a GP", where "stop" is mostly "stop smoking") must not outweigh its topic.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

MIN_SHARE = 2 / 3
LOOSE_SHARE = 0.55
LOOSE_FROM = 3  # words; two-word queries stay strict


@dataclass(frozen=True)
class Word:
    text: str  # as the user typed it, for "Missing: ..."
    sections: frozenset[int]  # the sections that have it (or one of its synonyms)


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def allowed_misses(n: int, loose: bool = False) -> int:
    if n < 2:
        return 0
    return max(1, round(n / 4), n // 2 if loose and n >= LOOSE_FROM else 0)


def closest(
    words: Sequence[Word],
    total: int,
    candidates: Collection[int] | None = None,
    *,
    loose: bool = False,
    weighed: bool = True,
) -> dict[int, tuple[str, ...]]:
    """Section -> the words it lacks, for the sections that qualify; ``total`` is the number of
    sections in the index (for the weights), ``candidates`` limits the sections (filters).
    ``loose``: the looser rules, for a query whose every word some section has; ``weighed``
    False: no share of the weight is asked (the query has full matches: it is on topic)."""
    loose = loose and len(words) >= LOOSE_FROM and all(w.sections for w in words)
    misses = allowed_misses(len(words), loose)
    share = 0.0 if not weighed else LOOSE_SHARE if loose else MIN_SHARE
    if not misses:
        return {}
    weights = [idf(len(w.sections), total) for w in words]
    whole = sum(weights) or 1.0
    counts: dict[int, float] = {}
    for w, weight in zip(words, weights, strict=True):
        for s in w.sections:
            counts[s] = counts.get(s, 0.0) + weight
    need = len(words) - misses
    out: dict[int, tuple[str, ...]] = {}
    for s, weight in counts.items():
        if candidates is not None and s not in candidates:
            continue
        if weight / whole < share:
            continue
        lacking = tuple(w.text for w in words if s not in w.sections)
        if lacking and len(words) - len(lacking) >= need:
            out[s] = lacking
    return out
