"""Synonyms: groups of terms from ``corpus/synonyms.toml`` that stand for one another.

A word or phrase of the query that belongs to a group is ORed with the group's other terms,
ranked lower (``SYNONYM_BOOST``: a section with the words typed outranks one that has only a
synonym), and the alternatives are reported ("also searched for"). Spellings of one word
("wellbeing", "well-being") and groups marked ``weight = 1.0`` weigh as the typed word.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from search_app.engine.analysis import stems_of, stems_tuple
from search_app.engine.query import Bool, Node, Text, is_plain

SYNONYM_BOOST = 0.4


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[tuple[str, ...], ...]
    index: dict[tuple[str, ...], int]  # stems of a term -> its group
    weights: tuple[float | None, ...] = ()  # per group: None = SYNONYM_BOOST

    @cached_property
    def longest(self) -> int:
        return max((len(k) for k in self.index), default=1)


_cache: dict[Path, tuple[float, Thesaurus]] = {}


def load_thesaurus(path: Path) -> Thesaurus:
    """Groups from ``[[group]] terms = [...]`` in a TOML file; an absent file means none."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return Thesaurus((), {})
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = data.get("group", ())
    groups = tuple(tuple(str(t) for t in g.get("terms", ())) for g in entries)
    weights = tuple(float(g["weight"]) if "weight" in g else None for g in entries)
    index: dict[tuple[str, ...], int] = {}
    for number, group in enumerate(groups):
        for term in group:
            if key := tuple(stems_of(term)):
                index.setdefault(key, number)
    thesaurus = Thesaurus(groups, index, weights)
    _cache[path] = (mtime, thesaurus)
    return thesaurus


def expand(node: Node, thesaurus: Thesaurus) -> tuple[Node, tuple[str, ...]]:
    """``node`` with each synonym-bearing word or phrase ORed with its alternatives (ranked a
    little lower), and the alternatives added, for "also searched for"."""
    added: list[str] = []
    return _expand(node, thesaurus, added), tuple(dict.fromkeys(added))


def _alternatives(key: tuple[str, ...], thesaurus: Thesaurus, added: list[str]) -> list[Node]:
    number = thesaurus.index[key]
    group = thesaurus.groups[number]
    weight = thesaurus.weights[number] if number < len(thesaurus.weights) else None
    typed = next((t for t in group if stems_tuple(t) == key), "")
    alts: list[Node] = []
    for term in group:
        if stems_tuple(term) == key:
            continue
        words = tuple(term.split())
        boost = 1.0 if _same_letters(term, typed) else SYNONYM_BOOST if weight is None else weight
        alts.append(Text(words, phrase=len(words) > 1, boost=boost))
        added.append(term)
    return alts


def _same_letters(a: str, b: str) -> bool:
    """One word spelt two ways: joined, hyphenated or apart ("well-being", "wellbeing")."""
    return "".join(filter(str.isalnum, a.lower())) == "".join(filter(str.isalnum, b.lower()))


def _expand(node: Node, thesaurus: Thesaurus, added: list[str]) -> Node:
    if isinstance(node, Text):
        key = stems_tuple(" ".join(node.words))
        if node.field or node.prefix or node.fuzzy or key not in thesaurus.index:
            return node
        return Bool("or", (node, *_alternatives(key, thesaurus, added)))
    if not isinstance(node, Bool) or node.op == "not":
        return node
    if node.op == "or":
        return Bool("or", tuple(_expand(n, thesaurus, added) for n in node.items))
    items: list[Node] = []
    i = 0
    while i < len(node.items):
        span = synonym_span(node.items, i, thesaurus)
        if span > 1:
            run = node.items[i : i + span]
            key = _run_key(run)
            alts = _alternatives(key, thesaurus, added)
            typed: Node = Bool("and", run)
            text = " ".join(w for n in run if isinstance(n, Text) for w in n.words)
            if any(isinstance(a, Text) and _same_letters(" ".join(a.words), text) for a in alts):
                typed = Text(tuple(text.split()), phrase=True)  # "well being": one word apart
            items.append(Bool("or", (typed, *alts)))
            i += span
        else:
            items.append(_expand(node.items[i], thesaurus, added))
            i += 1
    return Bool("and", tuple(items))


def synonym_span(items: Sequence[Node], start: int, thesaurus: Thesaurus) -> int:
    """Length of the longest run of plain words from ``start`` that is a synonym term."""
    for span in range(min(thesaurus.longest, len(items) - start), 1, -1):
        run = items[start : start + span]
        plain = all(isinstance(n, Text) and is_plain(n) for n in run)
        if plain and _run_key(run[-1:]) and _run_key(run) in thesaurus.index:
            return span
    return 1


def _run_key(run: Sequence[Node]) -> tuple[str, ...]:
    """The stems of a run of plain words, as one synonym term."""
    return tuple(s for n in run if isinstance(n, Text) for s in stems_tuple(" ".join(n.words)))
