"""Query nodes (``engine.query``) compiled into Whoosh query objects against one reader.

Prefixes and fuzzy words are expanded to real words of the index here, and the stems that
matched positively are collected: they are what snippets and the section page highlight. The
Whoosh query objects are a plan: ``engine.rank`` runs it on decoded postings, and Whoosh's own
``searcher.search`` gives the same matches and the same scores (tests/search_app/engine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from search_app.engine import forms
from search_app.engine.analysis import stems_of, stems_tuple
from search_app.engine.postings import Postings
from search_app.engine.query import Bool, Filter, Node, Text

# Query-time weights per text field (BM25F-style): a word in a heading says more about a
# section than the same word somewhere in its body.
FIELD_BOOSTS: dict[str, float] = {"body": 1.0, "heading": 3.0, "context": 1.3}
PHRASE_FIELDS = ("body", "heading")  # context (title + path) is not indexed with positions
AUTO_PREFIX_BOOST = 0.5  # completions of the last word rank below the word itself
MAX_EXPANSIONS = 30  # vaccin*, obesty~
AUTO_EXPANSIONS = 8  # the implicit prefix on the last word: cheap, since it runs on every query
# Fuzzy words keep their first letter: Whoosh's automaton then walks one branch of the lexicon
# (2 ms instead of 80-100 ms at 2,500 sections), and first-letter typos are the rare kind.
FUZZY_PREFIX = 1
FILTER_FIELDS = {"objective": "objectives", "doc": "doc_id", "type": "doc_type", "year": "year"}


@dataclass
class Compiled:
    query: wq.Query | None  # None = the query matched nothing it could express
    stems: set[str] = field(default_factory=set)  # positive stems, for highlighting
    single: set[str] = field(default_factory=set)  # of ``stems``, those matched as words alone
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    negative: bool = False  # only exclusions: start from every section
    bonus_phrase: tuple[str, ...] = ()  # multi-word plain query: rerank sections with the phrase

    @property
    def scored(self) -> bool:
        """Ranked by relevance: there are words to score, not only exclusions."""
        return self.query is not None and not self.negative


def _expansions(postings: Postings, text: Text) -> list[str]:
    """Real words of the index the user's prefix or fuzzy word stands for, most frequent first
    (memoised per reader: the last word of every query is expanded)."""
    word = text.words[0].lower()
    key = ("expand", word, text.fuzzy)
    cached = postings.memo.get(key)
    if cached is not None:
        return list(cached)
    reader = postings.reader
    if text.fuzzy:
        found = set(reader.terms_within("exact", word, text.fuzzy, prefix=FUZZY_PREFIX))
    else:
        found = set()
        for term in reader.expand_prefix("exact", word):
            found.add(term.decode("utf-8") if isinstance(term, bytes) else term)
            if len(found) >= 2000:  # very short prefixes: frequency ranking over a sample
                break
    ranked = sorted(found, key=lambda w: (-reader.doc_frequency("exact", w), w))
    postings.remember(key, tuple(ranked[:MAX_EXPANSIONS]))
    return ranked[:MAX_EXPANSIONS]


def _fields(text: Text, phrase: bool = False) -> list[str]:
    if text.field:
        return ["context" if text.field == "title" else text.field]
    return list(PHRASE_FIELDS if phrase else FIELD_BOOSTS)


def _term_clause(fields: list[str], stem: str, boost: float) -> wq.Query:
    return wq.Or([wq.Term(f, stem, boost=FIELD_BOOSTS.get(f, 1.0) * boost) for f in fields])


def _expanded(
    postings: Postings,
    text: Text,
    fields: list[str],
    boost: float,
    out: Compiled,
    positive: bool,
    most: int = MAX_EXPANSIONS,
    skip: Sequence[str] = (),
) -> wq.Query | None:
    stems: list[str] = []
    for word in _expansions(postings, text):
        stems.extend(s for s in stems_of(word) if s not in stems and s not in skip)
        if len(stems) >= most:
            break
    if positive:
        out.stems.update(stems)
        out.single.update(stems)
    if not stems:
        return None
    return wq.Or([_term_clause(fields, s, boost) for s in stems])


def _compile_text(postings: Postings, text: Text, out: Compiled, positive: bool) -> Any:
    fields = _fields(text)
    if text.prefix or text.fuzzy:
        return _expanded(postings, text, fields, text.boost, out, positive)
    stems = list(stems_tuple(" ".join(text.words)))
    if not stems:
        return None  # only stop words
    if positive:
        out.stems.update(stems)
    if len(stems) == 1 and not (text.phrase and len(text.words) > 1):
        clause: wq.Query = _term_clause(fields, stems[0], text.boost)
        other = _other_forms(postings, text.words[0], stems[0]) if len(text.words) == 1 else ()
        if positive:
            out.single.update(stems)
        if other:
            if positive:
                out.stems.update(other)
                out.single.update(other)
            clause = wq.Or([clause, *(_term_clause(fields, s, text.boost) for s in other)])
    else:
        if positive:
            out.phrases.append(tuple(stems))
        clause = wq.Or(
            [
                _phrase(postings, f, stems, FIELD_BOOSTS.get(f, 1.0) * text.boost, text.slop)
                for f in _fields(text, phrase=True)
            ]
        )
    if text.auto_prefix and len(text.words) == 1 and len(text.words[0]) >= 2:
        prefix = Text(text.words, text.field, prefix=True)
        few = [f for f in fields if f != "context"] or fields
        extra = _expanded(
            postings,
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


def _other_forms(postings: Postings, word: str, stem: str) -> tuple[str, ...]:
    """Stems of the other forms of ``word`` the index has (``engine.forms``), memoised per
    reader."""
    key = ("forms", word.lower())
    cached = postings.memo.get(key)
    if cached is None:
        reader = postings.reader

        def known(form: str) -> bool:
            return reader.doc_frequency("exact", form) > 0

        found = (s for f in forms.forms(word, known) for s in stems_of(f))
        cached = tuple(s for s in dict.fromkeys(found) if s != stem)
        postings.remember(key, cached)
    return cached


def _phrase(
    postings: Postings, field: str, stems: list[str], boost: float, slop: int = 0
) -> wq.Query:
    """The words side by side (with ``slop``: within that many further words of one another);
    in a field indexed without positions (title: is the document title and heading path), all
    of the words."""
    if postings.schema[field].format.supports("positions"):
        return wq.Phrase(field, stems, boost=boost, slop=1 + slop)
    return wq.And([wq.Term(field, s, boost=boost) for s in stems])


def _compile_filter(flt: Filter) -> wq.Query | None:
    name = FILTER_FIELDS[flt.field]
    if flt.field == "year":
        lo = int(flt.value) if flt.value else None
        hi = int(flt.upto) if flt.upto else lo if flt.upto is None else None
        return wq.NumericRange(name, lo, hi)
    value = flt.value.lower() if flt.field == "type" else flt.value
    return wq.Term(name, value)


def _compile(postings: Postings, node: Node, out: Compiled, positive: bool) -> Any:
    if isinstance(node, Text):
        return _compile_text(postings, node, out, positive)
    if isinstance(node, Filter):
        return _compile_filter(node)
    if node.op == "not":
        inner = _compile(postings, node.items[0], out, not positive)
        return wq.Not(inner) if inner is not None else None
    parts = [p for p in (_compile(postings, n, out, positive) for n in node.items) if p is not None]
    if node.op == "or":
        return wq.Or(parts) if parts else None
    if not parts:
        return None
    if all(isinstance(p, wq.Not) for p in parts):
        return wq.And([wq.Every(), *parts])
    return wq.And(parts) if len(parts) > 1 else parts[0]


def _ignored(postings: Postings, node: Node) -> bool:
    """A positive word that vanished (only stop words) must not empty an AND."""
    return (
        isinstance(node, Text)
        and not node.prefix
        and not node.fuzzy
        and not stems_of(" ".join(node.words))
    )


def compile_query(postings: Postings, node: Node, phrase_words: tuple[str, ...] = ()) -> Compiled:
    """Whoosh query for ``node``; ``phrase_words`` (a multi-word plain query) are returned as
    ``bonus_phrase`` stems so the engine can rerank the top sections where they stand together
    (a Whoosh phrase clause over every match cost ~50 ms per query at 4,000 sections)."""
    out = Compiled(None)
    if isinstance(node, Bool) and node.op == "and":
        node = Bool("and", tuple(n for n in node.items if not _ignored(postings, n)))
    q = _compile(postings, node, out, True)
    out.negative = isinstance(q, wq.Not) or (
        isinstance(q, wq.And) and isinstance(q.subqueries[0], wq.Every)
    )
    phrase = stems_of(" ".join(phrase_words))
    out.bonus_phrase = tuple(phrase) if len(phrase) > 1 else ()
    out.query = q
    return out
