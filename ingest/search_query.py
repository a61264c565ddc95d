"""The parsed query as plain data, and its translation into Whoosh queries and doc-id sets.

``search_app.query`` turns what the user typed into these nodes (no Whoosh there); this module
compiles them against one reader: prefixes and fuzzy words are expanded to real words of the
index here, and the stems that matched are collected for highlighting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from whoosh import query as wq
from whoosh.reading import IndexReader

from ingest.search_index import PLAIN_ANALYZER, STEM_ANALYZER

# Query-time weights per text field (BM25F-style): a word in a heading says more about a
# section than the same word somewhere in its body.
FIELD_BOOSTS: dict[str, float] = {"body": 1.0, "heading": 3.0, "context": 1.3}
PHRASE_FIELDS = ("body", "heading")  # context (title + path) is not indexed with positions
AUTO_PREFIX_BOOST = 0.5  # completions of the last word rank below the word itself
MAX_EXPANSIONS = 30  # vaccin*, obesty~
AUTO_EXPANSIONS = 8  # the implicit prefix on the last word: cheap, since it runs on every query
FILTER_FIELDS = {"objective": "objectives", "doc": "doc_id", "type": "doc_type", "year": "year"}


@dataclass(frozen=True)
class Text:
    """Words the user typed: one word is a term, several (or ``phrase``) an exact phrase."""

    words: tuple[str, ...]
    field: str | None = None  # None = every text field; "heading" | "title" | "body"
    phrase: bool = False
    prefix: bool = False  # vaccin*
    fuzzy: int = 0  # obesty~ (edit distance)
    auto_prefix: bool = False  # last word of the query: also matches as a prefix, ranked lower
    boost: float = 1.0


@dataclass(frozen=True)
class Filter:
    field: str  # objective | doc | type | year
    value: str
    upto: str | None = None  # year ranges: value..upto (either side may be "")


@dataclass(frozen=True)
class Bool:
    op: str  # and | or | not (not has one item)
    items: tuple[Node, ...]


Node = Union[Text, Filter, Bool]  # noqa: UP007 - a runtime alias, used in isinstance-free code


@dataclass
class Compiled:
    query: wq.Query | None  # None = the query matched nothing it could express
    stems: set[str] = field(default_factory=set)  # positive stems, for highlighting
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    negative: bool = False  # only exclusions: start from every section
    bonus_phrase: tuple[str, ...] = ()  # multi-word plain query: rerank sections with the phrase


def stems_of(text: str) -> list[str]:
    return [t.text for t in STEM_ANALYZER(text)]


def _expansions(reader: IndexReader, text: Text) -> list[str]:
    """Real words of the index the user's prefix or fuzzy word stands for, most frequent first."""
    word = text.words[0].lower()
    if text.fuzzy:
        found = set(reader.terms_within("exact", word, text.fuzzy))
    else:
        found = set()
        for term in reader.expand_prefix("exact", word):
            found.add(term.decode("utf-8") if isinstance(term, bytes) else term)
            if len(found) >= 2000:  # very short prefixes: frequency ranking over a sample
                break
    ranked = sorted(found, key=lambda w: (-reader.doc_frequency("exact", w), w))
    return ranked[:MAX_EXPANSIONS]


def _fields(text: Text, phrase: bool = False) -> list[str]:
    if text.field:
        return ["context" if text.field == "title" else text.field]
    return list(PHRASE_FIELDS if phrase else FIELD_BOOSTS)


def _term_clause(fields: list[str], stem: str, boost: float) -> wq.Query:
    return wq.Or([wq.Term(f, stem, boost=FIELD_BOOSTS.get(f, 1.0) * boost) for f in fields])


def _expanded(
    reader: IndexReader,
    text: Text,
    fields: list[str],
    boost: float,
    out: Compiled,
    positive: bool,
    most: int = MAX_EXPANSIONS,
    skip: Sequence[str] = (),
) -> wq.Query | None:
    stems: list[str] = []
    for word in _expansions(reader, text):
        stems.extend(s for s in stems_of(word) if s not in stems and s not in skip)
        if len(stems) >= most:
            break
    if positive:
        out.stems.update(stems)
    if not stems:
        return None
    return wq.Or([_term_clause(fields, s, boost) for s in stems])


def _compile_text(reader: IndexReader, text: Text, out: Compiled, positive: bool) -> Any:
    fields = _fields(text)
    if text.prefix or text.fuzzy:
        return _expanded(reader, text, fields, text.boost, out, positive)
    stems = stems_of(" ".join(text.words))
    if not stems:
        return None  # only stop words
    if positive:
        out.stems.update(stems)
    if len(stems) == 1 and not (text.phrase and len(text.words) > 1):
        clause: wq.Query = _term_clause(fields, stems[0], text.boost)
    else:
        if positive:
            out.phrases.append(tuple(stems))
        clause = wq.Or(
            [
                wq.Phrase(f, stems, boost=FIELD_BOOSTS.get(f, 1.0) * text.boost)
                for f in _fields(text, phrase=True)
            ]
        )
    if text.auto_prefix and len(text.words) == 1 and len(text.words[0]) >= 2:
        prefix = Text(text.words, text.field, prefix=True)
        few = [f for f in fields if f != "context"] or fields
        extra = _expanded(
            reader,
            prefix,
            few,
            text.boost * AUTO_PREFIX_BOOST,
            out,
            positive,
            AUTO_EXPANSIONS,
            stems,
        )
        if extra is not None:
            return wq.Or([clause, extra])
    return clause


def _compile_filter(flt: Filter) -> wq.Query | None:
    name = FILTER_FIELDS[flt.field]
    if flt.field == "year":
        lo = int(flt.value) if flt.value else None
        hi = int(flt.upto) if flt.upto else lo if flt.upto is None else None
        return wq.NumericRange(name, lo, hi)
    value = flt.value.lower() if flt.field == "type" else flt.value
    return wq.Term(name, value)


def _compile(reader: IndexReader, node: Node, out: Compiled, positive: bool) -> Any:
    if isinstance(node, Text):
        return _compile_text(reader, node, out, positive)
    if isinstance(node, Filter):
        return _compile_filter(node)
    if node.op == "not":
        inner = _compile(reader, node.items[0], out, not positive)
        return wq.Not(inner) if inner is not None else None
    parts = [p for p in (_compile(reader, n, out, positive) for n in node.items) if p is not None]
    if node.op == "or":
        return wq.Or(parts) if parts else None
    if not parts:
        return None
    if all(isinstance(p, wq.Not) for p in parts):
        return wq.And([wq.Every(), *parts])
    return wq.And(parts) if len(parts) > 1 else parts[0]


def _ignored(reader: IndexReader, node: Node) -> bool:
    """A positive word that vanished (only stop words) must not empty an AND."""
    return (
        isinstance(node, Text)
        and not node.prefix
        and not node.fuzzy
        and not stems_of(" ".join(node.words))
    )


def compile_query(reader: IndexReader, node: Node, phrase_words: tuple[str, ...] = ()) -> Compiled:
    """Whoosh query for ``node``; ``phrase_words`` (a multi-word plain query) are returned as
    ``bonus_phrase`` stems so the engine can rerank the top sections where they stand together
    (a Whoosh phrase clause over every match cost ~50 ms per query at 4,000 sections)."""
    out = Compiled(None)
    if isinstance(node, Bool) and node.op == "and":
        node = Bool("and", tuple(n for n in node.items if not _ignored(reader, n)))
    q = _compile(reader, node, out, True)
    out.negative = isinstance(q, wq.And) and isinstance(q.subqueries[0], wq.Every)
    phrase = stems_of(" ".join(phrase_words))
    out.bonus_phrase = tuple(phrase) if len(phrase) > 1 else ()
    out.query = q
    return out


def plain_stems(text: str) -> list[str]:
    return [t.text for t in PLAIN_ANALYZER(text)]


# ---------------------------------------------------------------------------------------------
# Boolean evaluation on doc-id sets: exact totals and facet counts without scoring every match.


def docset(q: wq.Query, searcher: Any, every: frozenset[int]) -> set[int] | frozenset[int]:
    reader = searcher.reader()
    if isinstance(q, wq.Term):
        if (q.fieldname, q.text) not in reader:
            return set()
        return set(reader.postings(q.fieldname, q.text).all_ids())
    if isinstance(q, wq.Every):
        return every
    if isinstance(q, wq.AndMaybe):
        return docset(q.a, searcher, every)
    if isinstance(q, wq.Or):
        result: set[int] = set()
        for sub in q.subqueries:
            result |= docset(sub, searcher, every)
        return result
    if isinstance(q, wq.And):
        pos = [s for s in q.subqueries if not isinstance(s, wq.Not)]
        neg = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
        sets = sorted((docset(s, searcher, every) for s in pos), key=len)
        acc = set(sets[0]) if sets else set(every)
        for other in sets[1:]:
            acc &= other
        for sub in neg:
            acc -= docset(sub, searcher, every)
        return acc
    if isinstance(q, wq.Not):
        return set(every) - docset(q.query, searcher, every)
    return set(q.docs(searcher))
