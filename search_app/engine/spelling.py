"""Spelling corrections: the nearest indexed word first, the most frequent among equals.

Candidates are ranked by Damerau-Levenshtein distance (a swapped pair of letters, "helath", is
one edit), then by how many sections use the word: "overcrowdng" is one edit from
"overcrowding" and two from "overcrowded", so it becomes "overcrowding" whichever is more
frequent. How far a correction may reach grows with the word: short words have too many
neighbours to guess from. One edit is allowed from four letters, two from eight, and a
two-edit guess must keep the first three letters: typos are mostly one slip, and a word the
corpus lacks is more often a new word than a double typo ("brexit" is two edits from
"breast", "sanctions" two from "sections").
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz.distance import DamerauLevenshtein


def max_edits(word: str) -> int:
    """Edits allowed when correcting ``word``: none up to 3 letters, 1 up to 7, else 2."""
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 7 else 2


def rank(word: str, frequencies: Mapping[str, int]) -> list[tuple[str, int]]:
    """(candidate, distance) for the indexed words within reach of ``word``, best first:
    smallest distance, then highest frequency, then alphabetical (so the order is stable).
    A candidate must keep the first letter: first-letter typos are rare and the guesses they
    allow are mostly wrong."""
    word = word.lower()
    reach = max_edits(word)
    if reach == 0:
        return []
    scored = []
    for candidate, freq in frequencies.items():
        if candidate == word or candidate[:1] != word[:1]:
            continue
        distance = DamerauLevenshtein.distance(word, candidate, score_cutoff=reach)
        if distance <= 1 or distance <= reach and candidate[:3] == word[:3]:
            scored.append((distance, -freq, candidate))
    scored.sort()
    return [(c, d) for d, _, c in scored]


def best(word: str, frequencies: Mapping[str, int]) -> str | None:
    ranked = rank(word, frequencies)
    return ranked[0][0] if ranked else None
