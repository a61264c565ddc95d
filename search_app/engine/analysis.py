"""The index's own analyzers applied to what the user typed and to the text shown, so a query
stem, a match and a highlighted word always agree."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.search_index import STEM_ANALYZER, TOKEN_PATTERN

_TOKEN_RE = re.compile(TOKEN_PATTERN)


def stems_of(text: str) -> list[str]:
    """The indexed terms of ``text``, in order, stop words dropped."""
    return [t.text for t in STEM_ANALYZER(text)]


@lru_cache(maxsize=50_000)
def stems_tuple(text: str) -> tuple[str, ...]:
    """``stems_of`` as a tuple, cached: query words and synonym terms recur."""
    return tuple(stems_of(text))


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str | None:
    """The indexed term for one word, or None for a stop word (cached: highlighting stems the
    same few thousand words over and over)."""
    terms = stems_of(word)
    return terms[0] if len(terms) == 1 else None


def analyze(text: str) -> list[tuple[str, int, int]]:
    """(term, start char, end char) for each indexed token of ``text``, stop words dropped, so
    highlighting agrees with what the index matched."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        term = stem_word(m.group())
        if term is not None:
            out.append((term, m.start(), m.end()))
    return out
