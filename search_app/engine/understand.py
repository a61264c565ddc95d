"""From what was typed to what is searched.

A query of plain words ("whats the mayor doing on rough sleeping") is read as an analyst means
it: filler and question words are dropped (``engine.filler``), "objective 3" also finds
"Objective Three", and what is left is a list of *units* that must all match: one typed word,
or a run of words that a synonym group knows ("air pollution"), each with its synonyms ORed
in. The units are what zero-result rescue counts (``engine.rescue``). Any other query (quoted
phrases, OR, NOT, fields, wildcards) is searched exactly as written.

Nothing here reads the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.model import Document, Objective
from ingest.tagging import load_objectives
from search_app.engine import best_bets, forms
from search_app.engine.filler import filler_at
from search_app.engine.query import Bool, Filter, Node, Parsed, Text, is_plain, parse
from search_app.engine.synonyms import Thesaurus, expand, synonym_span

# "objective 3" mostly says where to look: its words weigh less than the topic typed with it.
OBJECTIVE_BOOST = 0.5
NUMBER_NAMES = {n: w for w, n in list(best_bets.NUMBER_WORDS.items())[:10]}  # 3 -> "three"


@dataclass(frozen=True)
class Unit:
    """One thing a natural query asks for: a word or a synonym phrase, with its alternatives."""

    node: Node
    text: str  # as typed, for "Missing: ..."


@dataclass(frozen=True)
class Understood:
    query: str
    node: Node | None  # what is searched; None = no words (list what the filters allow)
    units: tuple[Unit, ...]  # a natural query's content units; () for any other query
    ignored: tuple[str, ...]  # filler words left out
    words: tuple[str, ...]  # positive plain words, for spelling
    phrase_words: tuple[str, ...]  # for the bonus when the words stand side by side
    synonyms: tuple[str, ...]  # alternatives searched, for "also searched for"
    bets: best_bets.Bets
    notices: tuple[str, ...]
    literal: Node | None = None  # ``node`` before synonyms: what matches the words as typed

    @property
    def natural(self) -> bool:
        return bool(self.units)


def understand(
    query: str,
    thesaurus: Thesaurus | None,
    objectives: Sequence[Objective] = (),
    documents: Sequence[Document] = (),
) -> Understood:
    parsed = parse(forms.shorthand(query))
    bets = best_bets.find(query, objectives, documents) if objectives or documents else _NONE
    notices = list(parsed.notices)
    for n in bets.unknown_objectives:
        numbers = ", ".join(str(o.number) for o in objectives)
        notices.append(f"There is no objective {n}: the objectives are {numbers}.")
    items = _plain_items(parsed)
    if items is None:
        node, added = _expanded(parsed.node, thesaurus)
        return Understood(
            query, node, (), (), parsed.words, parsed.phrase_words, added, bets,
            tuple(notices), parsed.node,
        )  # fmt: skip
    texts = [i for i in items if isinstance(i, Text)]
    filters = [i for i in items if isinstance(i, Filter)]
    content, ignored = _content(texts, thesaurus)
    kept = _objective_units(content, bets)
    words = tuple(w for t in kept if isinstance(t, Text) and is_plain(t) for w in t.words)
    literal = _and([*kept, *filters])
    node, added = _expanded(literal, thesaurus)
    units = tuple(
        Unit(n, _display(n))
        for n in (node.items if isinstance(node, Bool) and node.op == "and" else (node,))
        if n is not None and not isinstance(n, Filter)
    )
    phrase = words if len(words) > 1 else ()
    return Understood(
        query, node, units, ignored, words, phrase, added, bets, tuple(notices), literal
    )


_NONE = best_bets.Bets()


def _plain_items(parsed: Parsed) -> list[Node] | None:
    """The items of a query of plain words and filters, or None for any other query."""
    node = parsed.node
    if node is None or parsed.notices:
        return None
    items = list(node.items) if isinstance(node, Bool) and node.op == "and" else [node]
    plain = all(isinstance(i, Filter) or isinstance(i, Text) and is_plain(i) for i in items)
    return items if plain and any(isinstance(i, Text) for i in items) else None


def _content(texts: list[Text], thesaurus: Thesaurus | None) -> tuple[list[Text], tuple[str, ...]]:
    flags = filler_at([t.words[0] for t in texts])
    i = 0
    while thesaurus is not None and i < len(texts):
        # a synonym phrase keeps its small words: "well being", "accident and emergency"
        span = synonym_span(texts, i, thesaurus)
        if span > 1:
            flags[i : i + span] = [False] * span
        i += span
    kept = [t for t, f in zip(texts, flags, strict=True) if not f]
    if not kept:
        return texts, ()
    return kept, tuple(t.words[0] for t, f in zip(texts, flags, strict=True) if f)


def _objective_units(texts: list[Text], bets: best_bets.Bets) -> list[Node]:
    """ "objective 3" as typed also matches "Objective Three" (and the other way round)."""
    out: list[Node] = list(texts)
    for said in bets.objective_words:
        want = best_bets.normalise(said).split()
        for i in range(len(out)):
            window = out[i : i + len(want)]
            got = [best_bets.normalise(" ".join(t.words)) for t in window if isinstance(t, Text)]
            if got == want:
                n = next(best_bets.number_of(w) for w in reversed(want) if best_bets.number_of(w))
                assert n is not None
                forms = dict.fromkeys([str(n), NUMBER_NAMES.get(n, str(n))])
                phrases = tuple(
                    Text(("objective", f), phrase=True, boost=OBJECTIVE_BOOST) for f in forms
                )
                out[i : i + len(want)] = [Bool("or", phrases)]
                break
    return out


def _and(items: list[Node]) -> Node | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else Bool("and", tuple(items))


def _expanded(
    node: Node | None, thesaurus: Thesaurus | None
) -> tuple[Node | None, tuple[str, ...]]:
    if node is None or thesaurus is None:
        return node, ()
    return expand(node, thesaurus)


def _display(node: Node) -> str:
    """The typed words of a unit (the first branch of a synonym OR is what was typed)."""
    if isinstance(node, Text):
        return " ".join(node.words)
    if isinstance(node, Bool) and node.items:
        if node.op == "and":
            return " ".join(_display(n) for n in node.items)
        return _display(node.items[0])
    return ""


_framework: dict[Path, tuple[float, tuple[Objective, ...]]] = {}


def load_framework_objectives(path: Path) -> tuple[Objective, ...]:
    """The objectives of ``corpus/objectives.toml`` (none when the file is missing or cannot
    be read: search then names no objective), re-read when the file changes."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return ()
    cached = _framework.get(path)
    if cached is None or cached[0] != mtime:
        try:
            objectives = tuple(load_objectives(path))
        except (OSError, ValueError):  # tomllib.TOMLDecodeError is a ValueError
            objectives = ()
        cached = _framework[path] = (mtime, objectives)
    return cached[1]
