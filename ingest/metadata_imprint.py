"""Bibliographic facts printed in a report's own words: imprint, copyright and cover lines.

"Published by Greater London Authority, London, April 2010", "© Greater London Authority
2010", "Copyright © 2016 Cancer Council Australia", "This edition July 2016", "ISBN 978 1
925136 98 2", "HM Revenue and Customs Research Report 361", "Riverside Borough Council, 2025".
Each pattern yields :class:`Fact` values with a rank (lower is better) so that the caller can
prefer, say, "This edition July 2016" to "First published May 2006".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.metadata_names import is_organisation

MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# "14 January 2011", "January 2011", "Jan. 2011", "Spring 2019", "2011".
DATE = re.compile(
    rf"\b(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH}|spring|summer|autumn|winter)"
    rf"\s+(?P<year>{_YEAR})\b|\b(?P<bare>{_YEAR})\b",
    re.IGNORECASE,
)
# A line that is nothing but a date (cover dates): "April 2010", "Published: 14 January 2011".
_DATE_LINE = re.compile(
    rf"^(?:(?:first\s+)?published(?:\s+(?:in|on))?:?\s+|issued:?\s+|date:?\s+)?"
    rf"(?:[0-3]?\d(?:st|nd|rd|th)?\s+)?(?:{_MONTH}|spring|summer|autumn|winter)?\s*{_YEAR}\.?$",
    re.IGNORECASE,
)
# Cover lines that name an organisation without being its name: "A report for the GLA".
_NOT_AN_AUTHOR_LINE = re.compile(
    r"^(?:an?|the\s+report|report|prepared|commissioned|produced|written|published|funded"
    r"|supported|in\s+partnership|in\s+association|with|for|by|on\s+behalf)\b",
    re.IGNORECASE,
)
_ENDS_IN_DATE = re.compile(rf"\b(?:[0-3]?\d\s+)?{_MONTH}\s+{_YEAR}\.?$", re.IGNORECASE)
# Where an organisation's name ends in an imprint that runs on into an address.
_NAME_END = re.compile(
    r"\s*(?:[,;:(]|\.(?:\s|$)|\s(?:at|in|on|from|under|with|www\.|http)\s|\s\d"
    r"|\s(?:City Hall|PO Box|P\.O\.|Tel\b|Telephone|Email|Website|Level\s\d)"
    rf"|\s{_MONTH}\s+{_YEAR}|\s{_YEAR}\b|$)",
    re.IGNORECASE,
)
_POSTCODE_TOWN = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
)
_BUILDING = re.compile(
    r"\b(?:Hall|House|Offices?|Street|Road|Lane|Square|Centre|Center|Building|Floor|Level"
    r"|Walk|Way|Place|Court|Tower|Park|Avenue|Quay|Wharf|Box)\b"
)
_PUBLISHED_BY = re.compile(r"\b(?:Published|Publisher|Printed and published)\s+(?:by|:)\s+")
_AUTHOR_LINE = re.compile(
    r"^(?:Authors?|Prepared by|Produced by|Compiled by|Commissioned by|Corporate author)"
    r"\s*:?\s+",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    rf"(?:©|\(c\)|\bCopyright\b)(?:\s*(?:©|\(c\)|Copyright\b))*\s*(?:(?P<year>{_YEAR})(?:[-–]\d{{2,4}})?"
    r"[,\s]+)?(?:(?:by|the)\s+)?(?P<rest>.*)",
    re.IGNORECASE,
)
_CROWN = re.compile(r"^Crown\b", re.IGNORECASE)
# A statement that dates the edition: "This edition July 2016", "Published March 2019".
# Anchored at the start: prose such as "was published in March 2008" dates something else.
_EDITION = re.compile(
    rf"^(?:this\s+edition|(?:re)?published|revised|updated|issued|publication\s+date"
    rf"|date\s+of\s+publication)\s*(?:in|on|:)?\s*"
    rf"(?=(?:[0-3]?\d\s+)?{_MONTH}\s+{_YEAR}|{_YEAR})",
    re.IGNORECASE,
)
_FIRST_PUBLISHED = re.compile(r"^first\s+published\b", re.IGNORECASE)
_ISBN = re.compile(
    r"\bISBN(?:[-\s]?1[03])?\s*(?:\(?(?:print|online|pdf|web|electronic)\)?)?\s*:?\s*"
    r"(?P<isbn>(?:97[89][-\s]?)?\d{1,5}[-\s]?\d{1,7}[-\s]?\d{1,7}[-\s]?[\dXx])\b",
)
_SERIES = re.compile(
    r"(?P<series>(?:(?:[A-Z][\w&'’.-]*|and|of|for|the|&)\s+){0,8}?"
    r"(?:Research|Working|Discussion|Occasional|Briefing|Technical|Policy|Statistical"
    r"|Analytical|Evidence|Insight|Consultation|Impact|Issue|Information|Guidance)\s+"
    r"(?:Report|Paper|Note|Series|Bulletin|Brief|Document)s?)\s+"
    r"(?:No\.?\s*|Number\s+|#\s*)?(?P<number>\d{1,5}[A-Za-z]?)\b"
)


@dataclass(frozen=True)
class Fact:
    field: str
    value: str
    rank: int  # lower is more trustworthy within one source
    evidence: str


def iso_date(match: re.Match[str]) -> str:
    """The ISO form of a :data:`DATE` match: '2011-01-14', '2011-01' or '2011'."""
    if match.group("bare"):
        return match.group("bare")
    year = match.group("year")
    month = MONTHS.get(match.group("month").lower().rstrip("."))
    if month is None:  # a season: the year is all a citation can use
        return year
    day = match.group("day")
    if day and 1 <= int(day) <= 31:
        return f"{year}-{month:02d}-{int(day):02d}"
    return f"{year}-{month:02d}"


def best_date(text: str) -> str:
    """The most precise date in ``text`` ('' when there is none)."""
    dates = [iso_date(m) for m in DATE.finditer(text)]
    return max(dates, key=len, default="")


def is_date_line(text: str) -> bool:
    return _DATE_LINE.match(text.strip()) is not None


def organisation_at(text: str) -> str:
    """The organisation's name at the start of ``text``, cut where an address or date begins."""
    text = text.strip().removeprefix("the ").removeprefix("The ")
    end = _NAME_END.search(text)
    name = text[: end.start()] if end else text
    name = name.strip(" .,;:-–")
    # "IBM Corp." keeps its full stop; the cut above removed it.
    if re.search(r"\b(?:Corp|Inc|Ltd|Co)$", name):
        name += "."
    return name if is_organisation(name) and len(name.split()) <= 12 else ""


def sentences(text: str) -> list[str]:
    """Split a block into the statements an imprint runs together."""
    parts = re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z©])|\s+[|•]\s+|(?=©)|(?=\bISBN\b)", text)
    return [p.strip() for p in parts if p and p.strip()]


def line_facts(line: str) -> list[Fact]:
    """Every fact one imprint or cover statement gives."""
    facts: list[Fact] = []
    if match := _PUBLISHED_BY.search(line):
        rest = line[match.end() :]
        if name := organisation_at(rest):
            facts.append(Fact("publisher", name, 0, line))
            if place := _place(rest[len(name) :]):
                facts.append(Fact("place", place, 0, line))
        if date := best_date(rest):
            facts.append(Fact("issued", date, 1, line))
    if (match := _AUTHOR_LINE.match(line)) and (name := organisation_at(line[match.end() :])):
        facts.append(Fact("author", name, 0, line))
    if match := _COPYRIGHT.search(line):
        rest = match.group("rest")
        year = match.group("year") or best_date(rest)[:4]
        if not _CROWN.match(rest) and (name := organisation_at(rest)):
            facts.append(Fact("author", name, 1, line))
            facts.append(Fact("publisher", name, 2, line))
        if year:
            facts.append(Fact("issued", year, 3, line))
    if _EDITION.match(line) and (date := best_date(line)):
        facts.append(Fact("issued", date, 0, line))
    elif _FIRST_PUBLISHED.match(line) and (date := best_date(line)):
        facts.append(Fact("issued", date, 4, line))
    if match := _ISBN.search(line):
        isbn = re.sub(r"[-\s]+", "-", match.group("isbn")).upper()
        if valid_isbn(isbn):
            facts.append(Fact("isbn", isbn, 0, line))
    facts.extend(series_facts(line))
    facts.extend(labelled_facts(line))
    return facts


def _place(address: str) -> str:
    """The town of an imprint address: the one before a postcode, else a bare town name
    ("..., London, April 2010"); never a building ("Town Hall", "Civic Offices")."""
    if match := _POSTCODE_TOWN.search(address):
        return match.group(1)
    for part in address.split(","):
        part = part.strip(" .")
        if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", part) and not _BUILDING.search(part):
            return part
        if re.search(r"\d", part):
            break
    return ""


def series_facts(line: str) -> list[Fact]:
    """'HM Revenue and Customs Research Report 361' -> series, number and the author."""
    match = _SERIES.search(line)
    if not match:
        return []
    series = match.group("series").strip()
    facts = [
        Fact("series", series, 0, line),
        Fact("number", match.group("number"), 0, line),
    ]
    owner = re.split(r"\s+(?:Research|Working|Discussion|Occasional|Briefing|Technical)\b", series)
    if len(owner) > 1 and is_organisation(owner[0]):
        facts.append(Fact("author", owner[0], 2, line))
    return facts


_SPAN = re.compile(rf"\b(?P<year>{_YEAR})\s*(?:[-–/]|to)\s*(?:19|20)?\d\d\b|\b(?P<one>{_YEAR})\b")


def title_year(title: str) -> list[Fact]:
    """The first year a title names ("Annual Report 2021-22", "Plan 2024 to 2027"): a plan
    or report is issued in the first year it covers or just after; a weak guess (rank 5)."""
    match = _SPAN.search(title)
    if not match:
        return []
    return [Fact("issued", match.group("year") or match.group("one"), 5, title)]


# Labelled imprint fields, in English and in the Korean, Japanese and Chinese forms seen in
# government reports: "Publication date: 2 April 2020", "발행일 2020년 4월 2일", "발행처 ...".
_LABELS = {
    "issued": r"(?:date of publication|publication date|date published|발행일|発行日|出版日期)",
    "publisher": r"(?:publisher|발행처|発行所|出版者|出版单位)",
}
_ANY_LABEL = re.compile(
    "|".join(_LABELS.values()) + r"|발행인|発行人|www\.|https?://|\bTel\b|\bISBN\b|\bISSN\b",
    re.IGNORECASE,
)
# 2020년 4월 2일, 2020年4月2日
_CJK_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)\s*[년年]\s*(?P<month>1[0-2]|0?[1-9])\s*[월月]")


def labelled_facts(line: str) -> list[Fact]:
    """Facts from labelled fields; the label, not the look of the value, says what it is."""
    facts: list[Fact] = []
    for field, label in _LABELS.items():
        match = re.search(label + r"\s*:?\s*", line, re.IGNORECASE)
        if not match:
            continue
        rest = line[match.end() :]
        end = _ANY_LABEL.search(rest)
        value = rest[: end.start() if end else len(rest)].strip(" ,;:")
        if not value:
            continue
        if field == "issued":
            cjk = _CJK_DATE.search(value)
            date = f"{cjk.group('year')}-{int(cjk.group('month')):02d}" if cjk else best_date(value)
            if date:
                facts.append(Fact("issued", date, 1, line))
        elif len(value.split()) <= 8:
            facts.append(Fact("publisher", value, 1, line))
    return facts


def cover_line_facts(line: str) -> list[Fact]:
    """Facts from a short line on the cover: a date, or an organisation with a year."""
    facts = series_facts(line)
    text = line.strip()
    if is_date_line(text) and (date := best_date(text)):
        facts.append(Fact("issued", date, 0, line))
        return facts
    # "Public Health Intelligence Team November 2023": a short line that ends in its date.
    if (ending := _ENDS_IN_DATE.search(text)) and len(text.split()) <= 10:
        facts.append(Fact("issued", best_date(ending.group(0)), 1, line))
    # "Riverside Borough Council, 2025", "Greater London Authority | March 2019"
    match = re.match(rf"^(?P<org>.+?)[\s,|–-]+(?P<date>(?:{_MONTH}\s+)?{_YEAR})\.?$", text, re.I)
    name = match.group("org").strip() if match else text
    if (
        len(name.split()) <= 10
        and is_organisation(name)
        and name == organisation_at(name)
        and not _NOT_AN_AUTHOR_LINE.match(name)
    ):
        facts.append(Fact("author", name, 1, line))
        if match:
            facts.append(Fact("issued", best_date(match.group("date")), 1, line))
    return facts


def valid_isbn(isbn: str) -> bool:
    """Ten digits (the last may be X), or thirteen starting 978 or 979.

    The check digit is not verified: the text says "ISBN", and a citation should carry the
    number as printed even where the publisher got its check digit wrong.
    """
    digits = isbn.replace("-", "")
    if len(digits) == 13:
        return digits.isdigit() and digits.startswith(("978", "979"))
    return len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X")
