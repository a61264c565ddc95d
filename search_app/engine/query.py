"""The query language: what the user typed, as plain data (the one set of node types the
engine compiles, expands with synonyms and highlights from).

Grammar (docs/query-language.md is the user's version)::

    query := or ; or := and ("OR" and)* ; and := unary+ ; unary := ("NOT" | "-") unary | atom
    atom  := "(" or ")" | [field ":"] ( "phrase" | word[*|~N] | year..year )

Parsing never fails the search: a malformed query falls back to its plain words with a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Union


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
    slop: int = 0  # "a b"~N: a phrase's words within N further words of one another


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

TEXT_FIELDS = {"heading": "heading", "title": "title", "body": "body", "text": "body"}
FILTER_ALIASES = {
    "objective": "objective",
    "obj": "objective",
    "doc": "doc",
    "document": "doc",
    "year": "year",
    "type": "type",
}
_FIELD = re.compile(r"([A-Za-z]+):(?=\S)")
_WORDS = re.compile(r"[\w&]+(?:[.'][\w&]+)*")
_BARE = re.compile(r'[^\s()"]+')
_OPERATORS = {"OR", "AND", "NOT"}
_SLOP = re.compile(r"~(\d+)")
# Beyond two edits a "fuzzy" word matches most of the vocabulary; beyond twenty words a
# "near" phrase is the whole section. Larger numbers are capped, with a notice.
MAX_FUZZY = 2
MAX_SLOP = 20


class QueryError(ValueError):
    """A query the parser cannot read; the message is shown to the user."""


@dataclass(frozen=True)
class Parsed:
    node: Node | None  # None = no words at all (list everything the filters allow)
    words: tuple[str, ...]  # plain positive words, for spelling suggestions
    phrase_words: tuple[str, ...]  # a multi-word plain query: bonus when they stand together
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) OR AND NOT - word phrase
    text: str = ""
    field: str | None = None
    last: bool = False
    slop: int = 0


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            toks.append(_Tok(ch))
            i += 1
            continue
        if ch == "-" and i + 1 < n and not query[i + 1].isspace():
            toks.append(_Tok("-"))
            i += 1
            continue
        field = None
        m = _FIELD.match(query, i)
        if m and m.group(1).lower() in {**TEXT_FIELDS, **FILTER_ALIASES}:
            field = m.group(1).lower()
            i = m.end()
        if i < n and query[i] == '"':
            i0 = i
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError("a quotation mark is not closed")
            i = end + 1
            near = _SLOP.match(query, i)
            slop = int(near.group(1)) if near else 0
            i = near.end() if near else i
            toks.append(_Tok("phrase", query[i0 + 1 : end], field, slop=slop))
            continue
        m2 = _BARE.match(query, i)
        assert m2 is not None
        word = m2.group(0)
        i = m2.end()
        if field is None and word in _OPERATORS:
            toks.append(_Tok(word))
        else:
            toks.append(_Tok("word", word, field))
    if toks and toks[-1].kind == "word" and not query[-1:].isspace():
        toks[-1] = replace(toks[-1], last=True)
    return toks


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.pos = 0
        self.notes: list[str] = []  # what was read differently from what was typed

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse(self) -> Node:
        node = self.parse_or()
        if self.peek() is not None:
            raise QueryError("a closing bracket has no opening bracket")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.pos += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Bool("or", tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self.pos += 1
                continue
            items.append(self.parse_unary())
        if not items:
            raise QueryError("OR or brackets need words on both sides")
        return items[0] if len(items) == 1 else Bool("and", tuple(items))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind in ("NOT", "-"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", "AND", ")"):
                raise QueryError("NOT or - needs a word after it")
            return Bool("not", (self.parse_unary(),))
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.toks[self.pos]
        self.pos += 1
        if tok.kind == "(":
            node = self.parse_or()
            if (end := self.peek()) is None or end.kind != ")":
                raise QueryError("a bracket is not closed")
            self.pos += 1
            return node
        if tok.kind == ")":
            raise QueryError("a closing bracket has no opening bracket")
        if tok.field in FILTER_ALIASES:
            return _filter(FILTER_ALIASES[tok.field], tok.text)
        field = TEXT_FIELDS.get(tok.field or "")
        if tok.kind == "phrase":
            words = tuple(tok.text.split())
            if not words:
                raise QueryError("empty quotation marks")
            slop = tok.slop
            if slop > MAX_SLOP:
                self.notes.append(
                    f'"{tok.text}"~{slop}: words within {MAX_SLOP} of one another at most; '
                    f"searched with ~{MAX_SLOP}."
                )
                slop = MAX_SLOP
            return Text(words, field, phrase=True, slop=slop if len(words) > 1 else 0)
        return _word(tok.text, field, tok.last, self.notes)


def _filter(name: str, value: str) -> Filter:
    value = value.strip()
    if name == "year":
        m = re.fullmatch(r"(\d{4})?(?:\.\.(\d{4})?)?", value)
        if not value or not m or (m.group(1) is None and m.group(2) is None):
            raise QueryError(f"year:{value} is not a year or range such as 2010..2015")
        if ".." in value:
            return Filter("year", m.group(1) or "", m.group(2) or "")
        return Filter("year", value)
    if name == "objective" and not value.isdigit():
        raise QueryError(f"objective:{value} should be an objective number, such as objective:3")
    if not value:
        raise QueryError(f"{name}: needs a value")
    return Filter(name, value)


def _word(raw: str, field: str | None, last: bool, notes: list[str]) -> Text:
    m = re.fullmatch(r"(.*?)(\*|~(\d+)?)?", raw)
    assert m is not None
    base, modifier, distance = m.group(1), m.group(2), m.group(3)
    if modifier and not _WORDS.fullmatch(base):
        raise QueryError(f"{raw!r}: a wildcard or ~ needs a word before it")
    if modifier == "*":
        if len(base) < 2:
            raise QueryError(f"{raw!r}: give at least two letters before *")
        return Text((base,), field, prefix=True)
    if modifier:
        distance_ = int(distance) if distance else (1 if len(base) < 5 else 2)
        if distance_ > MAX_FUZZY:
            notes.append(
                f"{raw}: spelling may differ by {MAX_FUZZY} edits at most; "
                f"searched for {base}~{MAX_FUZZY}."
            )
        return Text((base,), field, fuzzy=max(1, min(distance_, MAX_FUZZY)))
    return Text((raw,), field, auto_prefix=last)


def _plain_words(query: str) -> list[str]:
    return [w for w in _WORDS.findall(query) if w not in _OPERATORS]


def parse(query: str) -> Parsed:
    """Parse ``query``; on a syntax error fall back to its plain words with a notice."""
    notices: tuple[str, ...] = ()
    try:
        toks = _lex(query)
        parser = _Parser(toks)
        node: Node | None = parser.parse() if toks else None
        notices = tuple(parser.notes)
    except QueryError as exc:
        plain_words = _plain_words(query)
        notices = (f"Could not read the query ({exc}); searched for the plain words instead.",)
        node = _words_node(plain_words, auto_prefix=not query[-1:].isspace())
        fallback = tuple(plain_words)
        return Parsed(node, fallback, fallback if len(fallback) > 1 else (), notices)
    words = tuple(_positive_words(node)) if node is not None else ()
    phrase: tuple[str, ...] = ()
    if isinstance(node, Bool) and node.op == "and":
        plain = [n for n in node.items if isinstance(n, Text) and is_plain(n)]
        if len(plain) > 1:
            phrase = tuple(n.words[0] for n in plain)
    return Parsed(node, words, phrase, notices)


def _words_node(words: list[str], auto_prefix: bool) -> Node | None:
    items = [
        Text((w,), auto_prefix=auto_prefix and i == len(words) - 1) for i, w in enumerate(words)
    ]
    if not items:
        return None
    return items[0] if len(items) == 1 else Bool("and", tuple(items))


def is_plain(n: Text) -> bool:
    """A bare word: no field, phrase, wildcard or fuzziness."""
    return n.field is None and not (n.phrase or n.prefix or n.fuzzy) and len(n.words) == 1


def _positive_words(node: Node) -> list[str]:
    if isinstance(node, Text):
        return list(node.words) if not (node.prefix or node.fuzzy) else []
    if isinstance(node, Bool) and node.op != "not":
        return [w for item in node.items for w in _positive_words(item)]
    return []
