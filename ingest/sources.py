"""Claim to source: what a sentence cites, matched to the notes and reference list it cites.

A sentence cites in three ways: it calls a note (a raised marker, kept by the reader as
``Section.note_refs``), it names authors and a year ("(Marmot, 2010)", "Marmot et al.
(2010)", "Dahlgren and Whitehead (1991)", "(GLA, 2009)"), or it gives a number ("[12]",
"[3-5]"). Each becomes a :class:`~ingest.model.Source`; one that matches nothing in the
document is kept with what the sentence says, unresolved, so an analyst still sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.model import AUTHOR_YEAR, NOTE, NUMBER, Note, Reference, Section, Source
from ingest.notes import notes_called
from ingest.references import YEAR, initialism, looks_like_entry, parse_entry, surname

_YEARS = rf"{YEAR}(?:\s*,\s*{YEAR})*"
# The inside of a bracketed citation: "see Marmot, 2010; Dahlgren and Whitehead, 1991".
_PAREN = re.compile(r"\(([^()]*?\b(?:19|20)\d{2}[a-z]?\b[^()]*)\)")
_CITE = re.compile(
    rf"^(?:(?:see|see also|e\.g\.|cf\.|for example|quoted in|cited in)[,:]?\s+)?"
    rf"(?P<names>[A-Z][^;()]*?),?\s+(?P<years>{_YEARS})(?:\s*[,:]\s*(?:p|pp|para|ch)\.?\s*[\w–-]+)?$"
)
_NARRATIVE_YEAR = re.compile(rf"\(({_YEARS})(?:\s*[,:]\s*(?:p|pp)\.?\s*[\w–-]+)?\)")
_NUMBERS = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
_NAME_TOKEN = re.compile(r"[A-Z][\w'’&.-]*|et al\.?|and|&|of|for|the|on|in")
_CONNECTORS = {"and", "&", "of", "for", "the", "on", "in"}
_LEADING = re.compile(r"^(?:The|A|An|In|By|From|See|As|Both|Work by|Evidence from)\s+")


@dataclass(frozen=True)
class Mention:
    """An author-year citation as a sentence prints it."""

    names: str  # "Marmot et al.", "Dahlgren and Whitehead", "Greater London Authority"
    year: str
    cited_as: str  # "Marmot et al., 2010"
    before: str = ""  # the words printed just before it: "set out in Healthcare for London"


def mentions(sentence: str) -> list[Mention]:
    """Author-year citations in ``sentence``, in the order printed."""
    found: list[tuple[int, Mention]] = []
    for match in _PAREN.finditer(sentence):
        for part in match.group(1).split(";"):
            cite = _CITE.match(part.strip())
            if cite and _names_ok(cite.group("names")):
                names = cite.group("names").strip(" ,")
                before = sentence[max(0, match.start() - 120) : match.start()]
                for year in re.findall(YEAR, cite.group("years")):
                    found.append((match.start(), Mention(names, year, f"{names}, {year}", before)))
    for match in _NARRATIVE_YEAR.finditer(sentence):
        names = _names_before(sentence[: match.start()])
        if names:
            for year in re.findall(YEAR, match.group(1)):
                found.append((match.start(), Mention(names, year, f"{names} ({year})")))
    found.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(m for _, m in found))


def _names_ok(names: str) -> bool:
    """Author names, not a phrase in brackets ("sample figures, 2009", "April 2010")."""
    words = names.replace(",", " ").split()
    if not words or len(words) > 10:
        return False
    if re.fullmatch(
        r"(?:January|February|March|April|May|June|July|August|September|October"
        r"|November|December)",
        words[-1],
    ):
        return False
    return all(w[0].isupper() or w in _CONNECTORS or w in ("et", "al.") for w in words)


def _names_before(text: str) -> str:
    """The author names printed just before a bracketed year: "Dahlgren and Whitehead"."""
    tokens = re.findall(r"\S+", text)[-10:]
    names: list[str] = []
    for token in reversed(tokens):
        word = token.strip(",")
        if token.endswith(",") and names:
            break
        et_al = (word == "al." and not names) or (word == "et" and names == ["al."])
        if not _NAME_TOKEN.fullmatch(word) and not et_al:
            break
        names.insert(0, word)
    while names and (names[0] in _CONNECTORS or names[0] in ("The",)):
        names.pop(0)
    while names and names[-1] in _CONNECTORS:
        names.pop()
    text = _LEADING.sub("", " ".join(names))
    return text if text and text[0].isupper() else ""


def numbers(sentence: str) -> list[str]:
    """Numbered citations: "[3]", "[3, 5]", "[3-5]" give "3", "3" and "5", "3" to "5"."""
    out: list[str] = []
    for match in _NUMBERS.finditer(sentence):
        for part in re.split(r"\s*,\s*", match.group(1)):
            bounds = [int(n) for n in re.split(r"\s*[–-]\s*", part)]
            low, high = bounds[0], bounds[-1]
            if high - low > 50:
                continue
            out.extend(str(n) for n in range(low, high + 1))
    return list(dict.fromkeys(out))


def resolve(mention: Mention, references: Sequence[Reference]) -> list[Reference]:
    """The reference list entries ``mention`` names; several when the list cannot tell."""
    same_year = [r for r in references if _year_matches(mention.year, r.year)]
    scored = [(score, r) for r in same_year if (score := _name_score(mention.names, r)) > 0]
    if not scored:
        # No author of that year: the sentence may name the work instead, "set out in
        # Healthcare for London (Darzi, 2007)" for "NHS London (2007) Healthcare for London",
        # or by its popular name, "Black (1980)" for "... (1980) Inequalities in Health (the
        # Black Report)".
        named = [r for r in same_year if _names_title(mention.before, r.title)]
        return _distinct(named or [r for r in same_year if _nicknamed(mention.names, r)])
    best = max(score for score, _ in scored)
    return _distinct([r for score, r in scored if score == best])


def _distinct(refs: list[Reference]) -> list[Reference]:
    """One entry per work: the list's entry and a note naming the same work are one source
    (the list comes first in the pool, so its entry is kept)."""
    seen: dict[tuple[str, str, str], Reference] = {}
    for ref in refs:
        first = _key(surname(ref.authors[0])) if ref.authors else ""
        seen.setdefault((first, ref.year, _key(ref.title)[:24]), ref)
    return list(seen.values())


def _nicknamed(names: str, ref: Reference) -> bool:
    last = re.findall(r"[A-Z][\w'’-]+", names)
    gloss = re.search(r"\((?:the|also known as)\s[^()]*\)", ref.text, re.IGNORECASE)
    return bool(last and gloss and re.search(rf"\b{re.escape(last[-1])}\b", gloss.group(0)))


def _year_matches(cited: str, listed: str) -> bool:
    return cited == listed or (cited[:4] == listed[:4] and not (cited[4:] and listed[4:]))


def _names_title(before: str, title: str) -> bool:
    """True when the words just before a citation are the opening of ``title``."""
    head = re.findall(r"\w+", re.split(r"[:.]", title, maxsplit=1)[0].casefold())[:4]
    return len(head) >= 2 and " ".join(head) in " ".join(re.findall(r"\w+", before.casefold()))


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", _LEADING.sub("", text).casefold()))


def _name_score(names: str, ref: Reference) -> int:
    if not ref.authors:
        return 0
    et_al = bool(re.search(r"et al", names))
    people = [p for p in re.split(r",|\s+and\s+|\s*&\s*|\bet al\.?", names) if p.strip()]
    if not people:
        return 0
    first = _key(people[0])
    listed = [_key(surname(a)) for a in ref.authors]
    if _key(names) == _key(ref.authors[0]):
        return 5  # a body whose name has "and" in it: "Department of Health and Social Security"
    if first and first in (listed[0], _key(initialism(ref.authors[0])), _key(ref.authors[0])):
        score = 3
    elif listed[0] and initialism(people[0]).casefold() == listed[0]:
        score = 3  # "Greater London Authority (2009)" against a list that says "GLA (2009)"
    elif listed[0] and re.search(rf"\b{re.escape(listed[0])}\b", first):
        score = 1  # "the Marmot Review (2010)" names Marmot M (2010)
    else:
        return 0
    if len(people) > 1:
        second = _key(people[1])
        score += 2 if len(listed) > 1 and second == listed[1] else -2
    if et_al:
        score += 1 if (ref.et_al or len(ref.authors) >= 3) else 0
    elif len(people) == 1:
        score += 1 if len(ref.authors) == 1 and not ref.et_al else 0
    return max(score, 1)


def cited_sources(
    section: Section, start: int, end: int, references: Sequence[Reference]
) -> tuple[Source, ...]:
    """The sources the sentence at ``section.text[start:end]`` cites."""
    sentence = section.text[start:end]
    out: list[Source] = []
    for note in notes_called(section, start, end):
        out.extend(_note_sources(note, references))
    out.extend(text_sources(sentence, references))
    return tuple(dict.fromkeys(out))


def _note_sources(note: Note, references: Sequence[Reference]) -> Iterator[Source]:
    entry = parse_entry(note.text, number=note.marker) if looks_like_entry(note.text) else None
    yield Source(NOTE, note.marker, note.text, entry)
    if entry is None:  # a note that discusses sources: "see Macintyre (2003) and ..."
        yield from text_sources(note.text, references)


def text_sources(sentence: str, references: Sequence[Reference]) -> Iterator[Source]:
    if _HAS_YEAR.search(sentence):
        for mention in mentions(sentence):
            matched = resolve(mention, references)
            if not matched:
                yield Source(AUTHOR_YEAR, mention.cited_as)
            for entry in matched:
                yield Source(AUTHOR_YEAR, mention.cited_as, entry.text, entry)
    if "[" in sentence:
        numbered = {r.number: r for r in references if r.number}
        for n in numbers(sentence):
            listed = numbered.get(n)
            yield Source(NUMBER, f"[{n}]", listed.text if listed else "", listed)


_HAS_YEAR = re.compile(r"(?:19|20)\d{2}")
