"""Best bets: a query that names an objective or a document gets a link to it above the
results (as intranet search engines pin "best bets").

- "objective 2", "objective two", "obj 2", "the second objective" name objective 2; so do its
  short title and full wording ("healthy places", "income inequality and health") and, typed
  as the whole query, one of its heading cues from ``corpus/objectives.toml``
  ("empowering communities"). Typed fields (``objective:3``) stay filters and are not bets.
- A document is named by its type ("the strategy", "delivery plan": every document of that
  type in the catalogue) or by words of its title that no more than two titles share
  ("one year on", "marmot review", "first steps to delivery", "indicator report").

Nothing here reads the index: the engine passes the objectives and documents in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.model import Document, Objective
from search_app.engine.filler import is_filler

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_NUMBER = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
OBJECTIVE_REF = re.compile(
    rf"\b(?:obj(?:ective)?s?\.?\s*(?:no\.?\s*|number\s+)?{_NUMBER}|{_NUMBER}\s+objective)\b",
    re.IGNORECASE,
)
MAX_DOCUMENTS = 3
SHARED_TITLES = 2  # a title word in more titles than this names no document by itself


@dataclass(frozen=True)
class Bets:
    objectives: tuple[int, ...] = ()
    documents: tuple[str, ...] = ()  # document ids, best first
    unknown_objectives: tuple[int, ...] = ()  # "objective 9": said so, not a bet
    objective_words: tuple[str, ...] = ()  # the words that named an objective ("objective 3")
    named_by: tuple[tuple[int, str], ...] = ()  # objective -> the words of the query naming it

    def __bool__(self) -> bool:
        return bool(self.objectives or self.documents)


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"well[\s-]+being", "wellbeing", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _content(text: str) -> list[str]:
    return [w for w in normalise(text).split() if not is_filler(w)]


def number_of(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def find(query: str, objectives: Sequence[Objective], documents: Sequence[Document]) -> Bets:
    """The objectives and documents ``query`` names."""
    known = {o.number for o in objectives}
    named: list[int] = []
    unknown: list[int] = []
    words: list[str] = []
    by: list[tuple[int, str]] = []
    for m in OBJECTIVE_REF.finditer(_without_fields(query)):
        n = number_of(m.group(1) or m.group(2))
        if n is None:
            continue
        (named if n in known else unknown).append(n)
        words.append(m.group(0))
        by.append((n, m.group(0)))
    whole = " ".join(_content(query))
    padded = f" {normalise(query)} "
    for o, names, cues in _names(tuple(objectives)):
        if whole and (whole in names or whole in cues):
            named.append(o.number)
            by.append((o.number, query))
            continue
        inside = [n for n in names if len(n.split()) > 1 and f" {n} " in padded]
        if inside:
            named.append(o.number)
            by.append((o.number, inside[0]))
    return Bets(
        objectives=tuple(dict.fromkeys(named)),
        documents=_documents(whole, documents),
        unknown_objectives=tuple(dict.fromkeys(unknown)),
        objective_words=tuple(words),
        named_by=tuple(by),
    )


@lru_cache(maxsize=8)
def _names(
    objectives: tuple[Objective, ...],
) -> list[tuple[Objective, list[str], list[str]]]:
    """Each objective with its normalised titles and heading cues (once per framework)."""
    return [
        (
            o,
            [normalise(o.short_title), normalise(o.title)],
            [normalise(c) for c in o.heading_cues],
        )
        for o in objectives
    ]


def remainder(query: str, phrase: str) -> str:
    """``query`` without the words of ``phrase`` (in order, any punctuation between them);
    "" when only filler is left ("the third objective" less "third objective")."""
    words = normalise(phrase).split()
    if not words:
        return query
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)"
    rest = " ".join(re.sub(pattern, " ", query, count=1, flags=re.IGNORECASE).split())
    return "" if all(is_filler(w) for w in rest.split()) else rest


def _without_fields(query: str) -> str:
    """The query without typed fields: ``objective:3`` is a filter, not a best bet."""
    return re.sub(r"\b\w+:\S+", " ", query)


def _documents(whole: str, documents: Sequence[Document]) -> tuple[str, ...]:
    words = whole.split()
    if not words or len(words) > 6 or any(w.isdigit() and len(w) < 4 for w in words):
        return ()
    types, titles = _titles(tuple(documents))
    wanted = _stems(whole)
    # a year the title lacks may be the year the document was issued ("strategy 2010"); the
    # other words must name the document by themselves
    issued = {d.id: str(d.year) for d in documents if d.year}
    years = {w for w in wanted if re.fullmatch(r"(19|20)\d\d", w)}
    undated = " ".join(w for w in whole.split() if w not in years)
    by_type = {
        doc_id
        for doc_id, kind in types.items()
        if kind == whole or (years and kind == undated and issued.get(doc_id) in years)
    }
    shared = {w: sum(w in t for t in titles.values()) for w in wanted}
    by_title: dict[str, float] = {}
    for doc_id, title in titles.items():
        dated = {y for y in years if y not in title and y == issued.get(doc_id)}
        words = [w for w in wanted if w not in dated]
        if not words or not set(words) <= title or len(dated) < len(years - title):
            continue
        distinctive = any(shared[w] <= SHARED_TITLES for w in words)
        coverage = len(set(words)) / max(1, len(title))
        if distinctive or coverage >= 0.75:
            by_title[doc_id] = coverage
    # named by type and title first ("delivery plan": the Delivery Plan), then by title, type
    ranked = sorted(
        by_type | set(by_title),
        key=lambda i: (-(i in by_type and i in by_title), -(i in by_title), -by_title.get(i, 0), i),
    )
    return tuple(ranked[:MAX_DOCUMENTS])


@lru_cache(maxsize=8)
def _titles(documents: tuple[Document, ...]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Normalised types and title words of the documents (once per set of documents)."""
    types = {d.id: normalise(d.doc_type) for d in documents if d.doc_type}
    return types, {d.id: set(_stems(d.title)) for d in documents}


def _stems(text: str) -> list[str]:
    from search_app.engine.filler import FILLER

    out = []
    for w in normalise(text).split():
        if w in FILLER:
            continue
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out
