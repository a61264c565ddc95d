"""Reference lists read into entries: authors, year, title, journal or publisher, URL, DOI.

A rule parser, not a trained one: the reports this service reads cite in a handful of styles
and a wrong field is easier to see and fix in a rule than in a model. It reads

- author-date with the year in brackets (UK government and Harvard-ish):
  ``Marmot M (2010) Fair Society, Healthy Lives. London: The Marmot Review.``,
  ``Marmot, M., Allen, J. and Goldblatt, P. (2010) ...``, APA ``Marmot, M. (2010). ...``;
- author-date with a bare year: ``Marmot, M. 2010. Fair Society ...``;
- Vancouver: ``Marmot M, Allen J. Title. Journal. 2010;372:1655-60.``;
- numbered lists (``[12] ...``, ``12. ...``) of any of these, and IEEE's quoted titles.

(Maintained parsers were looked at first: refextract is GPL and built for physics papers,
refparse reads Web of Science and Scopus exports, anystyle and GROBID are Ruby and Java
services.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ingest.model import Reference, Section

# "References", "4. Bibliography", "Notes and references", "Endnotes", "Sources".
_HEADING = re.compile(
    r"^\s*(?:(?:\d+(?:\.\d+)*|[A-Z]|[IVX]+)[.:)]?\s+|(?:Annex|Appendix)\s+\w+[.:]?\s*[-–:]?\s*)?"
    r"(?:references|bibliography|notes|endnotes|end\s?notes|footnotes|notes and references"
    r"|references and notes|sources|sources and references|works cited|literature cited"
    r"|further reading|reference list)\s*$",
    re.IGNORECASE,
)
YEAR = r"(?:19|20)\d{2}[a-z]?"
_PAREN_YEAR = re.compile(
    rf"\((?:(?:\d{{1,2}}\s+)?[A-Z][a-z]+\.?\s+)?({YEAR}|n\.\s?d\.)(?:,\s*[^()]{{1,30}})?\)"
)
_ANY_YEAR = re.compile(rf"(?<![\d/.:-])({YEAR})(?![\d/:-])")
_DOI = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_ACCESSED = re.compile(
    r"[\[(]?\s*(?:last\s+)?(?:accessed|viewed|retrieved|consulted)(?:\s+on)?:?\s+[^\])]*[\])]?\.?",
    re.IGNORECASE,
)
_AVAILABLE = re.compile(r"\b(?:available\s+(?:at|from|online)|online|retrieved\s+from):?\s*$", re.I)
_MARKER = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,3})[.)]?(?=\s+\S))\s*")
_BULLET = re.compile(r"^\s*[•●▪◦‣∙·\-–—*]\s+")
_EDITORS = re.compile(
    r"\s*\((?:eds?|Eds?|editors?)\.?\)\s*|,?\s+(?:eds?|Eds?)\.(?=\s|$)|,\s*(?:editors?|eds?)\.?$"
)
_ET_AL = re.compile(r",?\s+(?:et\s+al\.?|and\s+others)", re.IGNORECASE)
_NAME = r"[A-Z][\w'’\-]*(?:\s+(?:van|von|de|der|du|la|le|da|di|Mac|Mc)?\s?[A-Z][\w'’\-]+)*"
_NAME_WORD = r"(?:(?:van|von|de|der|du|la|le|da|di)\s+)?[A-Z][\w'’\-]+"
# "Tudor Hart J", "Syme S L", "Siraj-Blatchford I": surname words then one to three initials.
_SURNAME_INITIALS = re.compile(
    rf"^{_NAME_WORD}(?:\s+{_NAME_WORD})*\s+[A-Z]{{1,3}}(?:\s[A-Z]){{0,2}}\.?$"
)
# "A. B. Smith", "A.-M. de Vries", "Alan Smith" (first names spelt out: IEEE and some Harvard).
_INITIALS_SURNAME = re.compile(rf"^(?:[A-Z]\.\s?-?)+\s*{_NAME_WORD}(?:\s+{_NAME_WORD})*$")
# "Marmot, M.", "Marmot, M. G.", "Siraj-Blatchford, I." (APA and Harvard).
_SURNAME_COMMA = re.compile(
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD})*),\s+((?:[A-Z](?:\.|(?=[\s,]|$))\s?-?\s?)+)"
)
# "London: TSO", "Santa Monica: RAND Corporation", "New York, NY: Wiley".
_PUBLISHER = re.compile(
    r"^(?P<place>[A-Z][\w'’.\-]*(?:[ ,]+[A-Z][\w'’.\-]*){0,3}):\s+(?P<publisher>[^:]+?)[.;,]?$"
)
# "BMJ 339: b4469", "The Lancet, 297(7696), 405–412", "Science 312: 1900–1902",
# "Psychological Medicine 38(6): 1485-93", "J Epidemiol. 2010;64:1-5".
_JOURNAL = re.compile(
    r"^(?P<journal>[A-Z][^.;:]*?[^\s,.;:])[,.]?\s+(?:(?:vol\.?|volume)\s*)?"
    r"(?:(?:19|20)\d{2}\s*;\s*)?(?P<volume>[A-Z]?\d+)(?:\s*\((?P<issue>[^)]+)\))?\s*[:,]\s*"
    r"(?:pp?\.\s*)?(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\.?$"
)
# Series, report numbers and editions after a title: "Clinical guideline 43", "Cm 7891",
# "2nd edn".
_SERIES = re.compile(
    r"^(?:[A-Z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:No\.?\s*)?)?[A-Z]{0,4}\s?\d[\w/-]*$"
    r"|^\d+(?:st|nd|rd|th)\s+(?:edn|ed|edition)\.?$",
    re.IGNORECASE,
)
_PLACE_ONLY = re.compile(
    r"^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*(?:U\.\s?K\.|UK|USA|U\.S\.A\.|[A-Z]{2})(?=[,.\s]|$)"
)
# APA gives the publisher with no place: "... Title. World Health Organization."
_BODY_WORDS = re.compile(
    r"\b(?:Press|University|Review|Organi[sz]ation|Office|Department|Institute|Foundation"
    r"|Authority|Council|Trust|Commission|Agency|Publishing|Publications|Books|Ltd|Inc|HMSO|TSO"
    r"|Government|Observatory|Fund|Centre|Center|Service|Association|Society)\b"
)
# A word a line break split and the reader left split: "Pro- gramme", "Lon- don".
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])- (?=[a-z])")
_GLOSS = re.compile(r"\s*\((?:the|also known as|known as)\s[^()]*\)$", re.IGNORECASE)
# Vancouver's journal tail: "Lancet. 2008;372(9650):1661-9", "Soc Sci Med. 2015 Feb;128:316-26".
_VANCOUVER_JOURNAL = re.compile(
    rf"(?:^|\.\s+)(?P<journal>[A-Z][^.;]*(?:\.\s?[A-Z][a-z]*)*)\.?\s+(?P<year>{YEAR})"
    r"(?:\s+[A-Z][a-z]{2}(?:\s\d{1,2})?)?\s*;\s*(?P<volume>\d+)(?:\((?P<issue>[^)]+)\))?"
    r"(?::\s*(?P<pages>[\w-]+))?\.?$"
)
_QUOTED = re.compile(r"[“\"‘']([^”\"’]{3,}?)[,.]?[”\"’']")
_IN_BOOK = re.compile(r"\.\s+In[:\s]+(?:.*?\((?:eds?|Eds?)\.?\)\s*)?", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def is_reference_heading(heading: str) -> bool:
    """True for the heading of a reference list, bibliography or notes section."""
    return bool(_HEADING.match(heading))


def document_references(sections: Iterable[Section]) -> tuple[Reference, ...]:
    """The entries of every reference list section of one document, in document order."""
    return tuple(
        entry
        for section in sections
        if is_reference_heading(section.heading)
        for entry in parse_reference_list(section.text)
    )


def parse_reference_list(text: str) -> tuple[Reference, ...]:
    """The entries of a reference list section's text, in printed order.

    Paragraphs before the first entry (an introduction) and after the last (a closing
    remark) are not entries; a paragraph that continues an entry across a page is joined to it.
    """
    return tuple(parse_entry(entry) for entry in split_entries(text))


def split_entries(text: str) -> list[str]:
    """The entry strings of a reference list: one per paragraph, list item or number."""
    entries: list[str] = []
    for para in _paragraphs(text):
        for piece in _split_numbered(para):
            if looks_like_entry(piece):
                entries.append(piece)
            elif entries and _continues(entries[-1], piece):
                entries[-1] = f"{entries[-1]} {piece}"
    return entries


def _paragraphs(text: str) -> Iterator[str]:
    for para in re.split(r"\n\s*\n|\n(?=\s*[•●▪◦‣∙·\-–—*]\s)", text):
        para = _BULLET.sub("", " ".join(para.split()))
        if para:
            yield para


def _split_numbered(para: str) -> list[str]:
    """Split a paragraph that holds several numbered entries ("[1] ... [2] ...")."""
    starts = [
        m for m in re.finditer(r"(?:^|(?<=\s))(?:\[(\d{1,4})\]|(\d{1,3})\.)\s+(?=[A-Z“\"'])", para)
    ]
    run: list[int] = []
    expected: int | None = None
    for m in starts:
        number = int(m.group(1) or m.group(2))
        if expected is None or number == expected:
            run.append(m.start())
            expected = number + 1
    if len(run) < 2:
        return [para]
    bounds = [*run, len(para)]
    head = para[: run[0]].strip()
    pieces = [para[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [head, *pieces] if head else pieces


def looks_like_entry(text: str) -> bool:
    """True when ``text`` reads as a reference (a work with a year, URL or DOI), not prose."""
    body = _MARKER.sub("", text, count=1)
    if len(body) < 12:
        return False
    has_year = bool(_ANY_YEAR.search(body))
    if not (has_year or _URL.search(body) or _DOI.search(body)):
        return False
    paren = _PAREN_YEAR.search(body)
    if paren and paren.start() <= 160 and _author_like(body[: paren.start()].strip(" ,.")):
        return True
    if _MARKER.match(text) or _QUOTED.search(body[:200]):
        return True
    first = re.split(r"\.\s", body, maxsplit=1)[0]
    if _persons(first) and has_year:  # Vancouver: "Marmot M, Allen J. Title. ..."
        return True
    if re.match(rf"^{_NAME}(?:,\s+(?:[A-Z]\.\s?)+)?[.,]?\s+{YEAR}[.,]\s", body):
        return True
    return bool(_PUBLISHER_SEGMENT.search(body)) and len(body.split()) <= 60


_PUBLISHER_SEGMENT = re.compile(r"\.\s+[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3}:\s+[A-Z]")


def _continues(previous: str, piece: str) -> bool:
    # A page break inside an entry: the entry has no end stop or the piece starts in lower case.
    return not previous.rstrip().endswith((".", "]")) or piece[:1].islower()


def _author_like(text: str) -> bool:
    """Authors as printed before a bracketed year: people, or a body of up to ten words."""
    if not text:
        return True  # "(2008) Title" with the author given elsewhere
    text = _EDITORS.sub(" ", _ET_AL.sub("", text)).strip(" ,.")
    if _persons(text) or _SURNAME_COMMA.match(text):
        return True
    words = text.split()
    return 0 < len(words) <= 10 and text[:1].isupper() and not re.search(r"[.;!?]\s", text)


def parse_entry(entry: str, number: str = "") -> Reference:
    """One reference string into fields; what cannot be read stays empty."""
    text = _HYPHEN_BREAK.sub("", " ".join(entry.split()))
    marker = _MARKER.match(text)
    if marker and not re.match(rf"^\s*{YEAR}\b", text):
        number = number or marker.group(1) or marker.group(2) or ""
        text = text[marker.end() :]
    text = _BULLET.sub("", text)
    doi_match = _DOI.search(text)
    doi = doi_match.group(1).rstrip(".,;)]") if doi_match else ""
    if doi_match:
        text = _cut(text, doi_match.start(), doi_match.end())
    url_match = _URL.search(text)
    url = url_match.group(0).rstrip(".,;)]") if url_match else ""
    if url_match:
        text = _cut(text, url_match.start(), url_match.end())
    text = _ACCESSED.sub("", text)
    text = _AVAILABLE.sub("", text).strip(" ,;")
    fields = _author_date(text) or _quoted_title(text) or _vancouver(text) or _bare(text)
    authors_text, year, rest = fields
    authors, et_al = split_authors(authors_text)
    title, journal, publisher, place = _title_and_container(rest)
    return Reference(
        text=_HYPHEN_BREAK.sub("", " ".join(entry.split()))[
            marker.end() if marker and number else 0 :
        ],
        number=number,
        authors=authors,
        et_al=et_al,
        year=year,
        title=title,
        journal=journal,
        publisher=publisher,
        place=place,
        url=url,
        doi=doi,
    )


def _cut(text: str, start: int, end: int) -> str:
    return f"{text[:start].rstrip()} {text[end:].lstrip()}".strip()


def _author_date(text: str) -> tuple[str, str, str] | None:
    """``Authors (Year) Rest`` or ``Authors. Year. Rest``."""
    paren = _PAREN_YEAR.search(text)
    if paren and paren.start() <= 200:
        before = text[: paren.start()].strip()
        rest = text[paren.end() :].strip(" .,:")
        year = paren.group(1) if paren.group(1)[0].isdigit() else ""
        if _author_like(before.strip(" ,.")):
            if before and not _title_after(rest):
                # "Healthy Weight Action Plan (November 2008). London." - the title came first.
                return "", year, before.strip(" ,.") + (f". {rest}" if rest else "")
            return before.strip(" ,"), year, rest
    bare = re.match(rf"^(?P<authors>.+?),?\s+\(?(?P<year>{YEAR})\)?[.,:]\s+(?P<rest>.+)$", text)
    if bare and re.search(r"\b(?:Act|Regulations|Order|Bill)$", bare.group("authors")):
        # "Greater London Authority Act 2007. London: TSO." - legislation names itself.
        return "", bare.group("year"), text
    if (
        bare
        and _author_like(bare.group("authors").strip(" ,."))
        and len(bare.group("authors")) <= 200
        and not _QUOTED.match(bare.group("rest"))
    ):
        return bare.group("authors").strip(" ,"), bare.group("year"), bare.group("rest")
    return None


def _title_after(rest: str) -> bool:
    """Whether what follows the year holds a title, not only a place or a publisher."""
    rest = rest.strip(" .")
    if not rest:
        return False
    if "." not in rest and _PUBLISHER.match(rest):
        return False  # "London: GLA"
    return not re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", rest)  # "London"


def _quoted_title(text: str) -> tuple[str, str, str] | None:
    """IEEE and some Harvard: ``A. Author and B. Author, "Title," Journal, vol. 3, 2019.``"""
    quoted = _QUOTED.search(text)
    if not quoted or quoted.start() == 0 or quoted.start() > 300:
        return None
    authors = text[: quoted.start()].strip(" ,.")
    years = _ANY_YEAR.findall(text[quoted.end() :])
    rest = text[quoted.end() :].strip(" ,.")
    return authors, years[-1] if years else "", f"“{quoted.group(1)}” {rest}"


def _vancouver(text: str) -> tuple[str, str, str] | None:
    """``Authors. Title. Journal Year;Vol:Pages.`` or ``... Place: Publisher; Year.``"""
    parts = re.split(r"(?<=[a-z\]\)])\.\s+|(?<=[A-Z]{2})\.\s+|(?<=\s[A-Z])\.\s+", text, maxsplit=1)
    people = _EDITORS.sub("", _ET_AL.sub("", parts[0])) if len(parts) == 2 else ""
    if not people or not (_persons(people) or _corporate_only(people)):
        return None
    journal = _VANCOUVER_JOURNAL.search(parts[1])
    if journal:
        title = parts[1][: journal.start()].strip(" .")
        pages = f": {journal.group('pages')}" if journal.group("pages") else ""
        issue = f"({journal.group('issue')})" if journal.group("issue") else ""
        tail = f"{journal.group('journal')} {journal.group('volume')}{issue}{pages}"
        return parts[0], journal.group("year"), f"{title}. {tail}"
    years = _ANY_YEAR.findall(parts[1])
    if not years:
        return None
    rest = re.sub(rf"[;,.]?\s*(?:{_MONTHS})?\s*{years[-1]}\b", "", parts[1], count=1)
    return parts[0], years[-1], rest.strip(" ;,.")


def _corporate_only(text: str) -> bool:
    """A body's name: up to six capitalised words ("Office for National Statistics")."""
    words = text.split()
    return 0 < len(words) <= 6 and all(
        w[:1].isupper() or w in ("for", "of", "and", "the", "on", "&") for w in words
    )


def _bare(text: str) -> tuple[str, str, str]:
    """Anything else: no authors, the first year found, the whole text as title material."""
    years = _ANY_YEAR.findall(text)
    return "", years[0] if years else "", text


def split_authors(text: str) -> tuple[tuple[str, ...], bool]:
    """The authors of an author string, and whether it ends "et al."."""
    et_al = bool(_ET_AL.search(text))
    text = _EDITORS.sub(" ", _ET_AL.sub("", text))
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    if not text.strip(" ."):
        return (), et_al
    comma = list(_SURNAME_COMMA.finditer(text))
    if comma and _covers(text, comma):
        return tuple(f"{m.group(1)}, {m.group(2).strip()}" for m in comma), et_al
    persons = _persons(text)
    if persons:
        return persons, et_al
    # One corporate author: "Department of Health and Social Security".
    return (text.strip(" ."),), et_al


def _covers(text: str, matches: list[re.Match[str]]) -> bool:
    """True when the "Surname, I." matches account for all of ``text`` but connectors."""
    rest = text
    for m in reversed(matches):
        rest = rest[: m.start()] + " " + rest[m.end() :]
    return not re.sub(r"\band\b|&|[,;.\s]", "", rest)


def _persons(text: str) -> tuple[str, ...]:
    """People in "Surname I, Surname I and Surname I" or "A. Author, B. Author" form, or ()."""
    parts = [
        p.strip(" .")
        for p in re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text.strip(" ,."))
        if p.strip(" .")
    ]
    if not parts:
        return ()
    if all(_SURNAME_INITIALS.match(p) for p in parts):
        return tuple(parts)
    if all(_INITIALS_SURNAME.match(p) for p in parts):
        return tuple(parts)
    return ()


def _title_and_container(rest: str) -> tuple[str, str, str, str]:
    """(title, journal, publisher, place) from what follows the authors and the year."""
    rest = rest.strip(" .,;:")
    if not rest:
        return "", "", "", ""
    quoted = _QUOTED.match(rest)
    if quoted:
        title, tail = quoted.group(1).strip(" ,."), rest[quoted.end() :].strip(" ,")
        chapter = re.match(r"^[Ii]n:?\s+(?:.*?\((?:eds?|Eds?)\.?\)\s*)", tail)
        if chapter:  # "'Chapter', in Graham, H. (ed.) Book. Place: Publisher, pp. 1-21."
            tail = re.sub(r",?\s*pp?\.\s*[\w–-]+\.?$", "", tail[chapter.end() :])
            book, publisher, place = _publisher_tail(tail)
            return title, book, publisher, place
        if _PLACE_ONLY.match(tail):  # IEEE report: "..., London, U.K., 2009."
            return title, "", "", ""
        journal = re.split(r",\s*(?:vol\.|no\.|pp\.|\d)", tail, maxsplit=1)[0].strip(" ,")
        journal = re.sub(r"^[Ii]n:?\s+(?:Proc\.\s+)?", "", journal)
        if not re.search(r"\b[A-Z][a-z]{0,4}\.$", journal):
            journal = journal.rstrip(".")
        return title, journal, "", ""
    in_book = _IN_BOOK.search(rest)
    if in_book:
        title = rest[: in_book.start()].strip(" .")
        container, publisher, place = _publisher_tail(rest[in_book.end() :])
        return title, container, publisher, place
    segments = _segments(rest)
    if len(segments) > 1:
        journal = _JOURNAL.match(segments[-1])
        if journal:
            return _join(segments[:-1]), journal.group("journal"), "", ""
    title, publisher, place = _publisher_tail(rest)
    return title, "", publisher, place


def _publisher_tail(text: str) -> tuple[str, str, str]:
    """(what precedes, publisher, place) when ``text`` ends "Place: Publisher"."""
    segments = _segments(text)
    publisher = place = ""
    if segments:
        match = _PUBLISHER.match(segments[-1])
        if match and len(segments) > 1:
            place, publisher = match.group("place"), match.group("publisher").strip()
            segments = segments[:-1]
        elif len(segments) > 1 and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", segments[-1]):
            place = segments[-1]  # "London." with no publisher
            segments = segments[:-1]
        elif (
            len(segments) > 1 and _corporate_only(segments[-1]) and _BODY_WORDS.search(segments[-1])
        ):
            publisher = segments[-1]
            segments = segments[:-1]
    while len(segments) > 1 and _SERIES.match(segments[-1]):
        segments = segments[:-1]
    return _GLOSS.sub("", _join(segments)), publisher, place


def _segments(text: str) -> list[str]:
    """``text`` cut at full stops that end a phrase (not initials or abbreviations)."""
    pieces = re.split(r"(?<=[\w)’'?!])\.\s+(?=[A-Z0-9“\"(])|(?<=[?!])\s+(?=[A-Z])", text)
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip(" .")
        # "U.K" or "Dr" left behind by an abbreviation's full stop rejoin their neighbour.
        if out and (re.search(r"(?:\b[A-Z]|\bDr|\bSt|\bNo|\bvol|\bpp)$", out[-1])):
            out[-1] = f"{out[-1]}. {piece}"
        elif piece:
            out.append(piece)
    return out


def _join(segments: Iterable[str]) -> str:
    out = ""
    for segment in segments:
        segment = segment.strip(" .")
        out = f"{out}{' ' if out.endswith(('?', '!')) else '. '}{segment}" if out else segment
    return out.strip(" .")


def surname(author: str) -> str:
    """The family name of an author as printed; a corporate author is returned whole."""
    author = author.strip(" ,.")
    comma = _SURNAME_COMMA.match(author)
    if comma:
        return comma.group(1)
    if _SURNAME_INITIALS.match(author):
        return re.sub(r"\s+[A-Z]{1,3}(?:\s[A-Z]){0,2}\.?$", "", author)
    if _INITIALS_SURNAME.match(author):
        return re.sub(r"^(?:[A-Z]\.\s?-?)+\s*", "", author)
    return author


def initialism(name: str) -> str:
    """ "Greater London Authority" -> "GLA"; "Department of Health" -> "DH"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""
