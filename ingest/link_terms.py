"""The terms a commitment and a passage are compared by, and their idf-weighted vectors.

Terms are the stems of content words, adjacent pairs of them within a clause ("living wage")
and capitalised names ("Well London", "TfL"); names count double (:data:`NAME_WEIGHT`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from ingest import nlp

NAME_WEIGHT = 2.0

_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*[a-z][\w'’-]*\s+){1,5}[A-Z][\w'’-]*[a-z][\w'’-]*\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}s?\b")
_CLAUSE = re.compile(r"[.,;:!?()\[\]|•\"“”‘’–—]+|\s-\s")


@dataclass(frozen=True)
class Features:
    weights: dict[str, float]  # term -> idf (names count double)
    forms: dict[str, str] = field(default_factory=dict)  # term -> how it was written
    names: frozenset[str] = frozenset()

    @cached_property
    def norm(self) -> float:
        return math.sqrt(sum(w * w for w in self.weights.values())) or 1.0

    def cosine(self, other: Features) -> float:
        shared = self.weights.keys() & other.weights.keys()
        dot = sum(self.weights[t] * other.weights[t] for t in shared)
        return dot / (self.norm * other.norm)


def terms_of(text: str) -> tuple[list[str], dict[str, str], set[str]]:
    """(terms, written form per term, names): stems of content words, adjacent pairs of them
    within a clause ("living wage"), and capitalised names ("well london")."""
    stop = nlp.load_stopwords()
    out: list[str] = []
    forms: dict[str, str] = {}
    for clause in _CLAUSE.split(text):
        prev: tuple[str, str] | None = None
        for w in nlp.tokens(clause):
            if not nlp.is_content_word(w, stop):
                prev = None
                continue
            s = nlp.stem(w)
            out.append(s)
            forms.setdefault(s, w.lower())
            if prev is not None:
                pair = f"{prev[0]} {s}"
                out.append(pair)
                forms.setdefault(pair, f"{prev[1]} {w.lower()}")
            prev = (s, w.lower())
    names = set()
    for m in _NAME.finditer(text):
        words = [w for w in nlp.tokens(m.group(0)) if nlp.is_content_word(w, stop)]
        if len(words) >= 2:
            key = " ".join(nlp.stem(w) for w in words)
            names.add(key)
            forms[key] = " ".join(words)  # a name as printed: "London Plan"
    for m in _ACRONYM.finditer(text):
        key = m.group(0).rstrip("s").lower()
        if key not in {"gla", "nhs", "uk"}:
            names.add(key)
            forms.setdefault(key, m.group(0))
    return out, forms, names
