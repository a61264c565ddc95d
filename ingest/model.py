"""The domain model: documents, sections, objectives, tags and evidence.

Everything is a frozen dataclass; derived values are new objects (``dataclasses.replace``).
``to_dict``/``from_dict`` give the JSON shape used by the CLI, the API and the index store.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of a source file, in reading order, before sectioning.

    Readers produce blocks; the sectioner decides which blocks are headings. A reader that
    knows a heading level for certain (an RTF heading style, an outline level) sets
    ``heading_level``; otherwise the sectioner decides from typography and numbering.
    """

    text: str
    page: int | None = None  # 1-based physical page (PDF); None when no page is known (RTF)
    size: float = 0.0  # font size in points (dominant size of the block)
    bold: bool = False
    heading_level: int | None = None  # explicit level from the source; None = decide later
    kind: str = "para"  # para | list | table | footnote | caption
    space_before: float = 0.0  # vertical gap above the block in points (PDF); 0 when unknown
    lines: int = 1  # how many printed lines the block spans


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: the text of one file as blocks, plus what the file says of itself."""

    path: str
    format: str  # "pdf" | "rtf"
    blocks: tuple[Block, ...]
    page_count: int | None = None
    page_labels: tuple[str, ...] = ()  # printed page label per physical page; "" when unknown
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, subject, ...


@dataclass(frozen=True)
class ObjectiveTag:
    number: int
    score: float
    reasons: tuple[str, ...] = ()
    confirmed: bool = False  # set by an analyst override in corpus/overrides.toml


@dataclass(frozen=True)
class EvidenceStatement:
    text: str
    page: int | None = None
    kinds: tuple[str, ...] = ()  # quantitative | comparison | citation


@dataclass(frozen=True)
class Section:
    id: str
    doc_id: str
    ordinal: int  # position in document order, from 0
    heading: str
    level: int  # 1 = top level
    path: tuple[str, ...]  # ancestor headings, outermost first (not including this heading)
    text: str
    page_start: int | None = None  # 1-based physical PDF page
    page_end: int | None = None
    label_start: str | None = None  # printed page label, where the PDF has them
    label_end: str | None = None
    page_offsets: tuple[
        tuple[int, int], ...
    ] = ()  # (char offset in text, page) where a page starts
    source: str = "pdf"  # which file format supplied the text
    objectives: tuple[ObjectiveTag, ...] = ()
    evidence: tuple[EvidenceStatement, ...] = ()
    key_terms: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The physical page on which character ``offset`` of ``text`` is printed."""
        page = self.page_start
        for start, number in self.page_offsets:
            if start > offset:
                break
            page = number
        return page

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["path"] = list(self.path)
        data["page_offsets"] = [list(p) for p in self.page_offsets]
        data["key_terms"] = list(self.key_terms)
        data["objectives"] = [
            {**dataclasses.asdict(t), "reasons": list(t.reasons)} for t in self.objectives
        ]
        data["evidence"] = [
            {**dataclasses.asdict(e), "kinds": list(e.kinds)} for e in self.evidence
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["path"] = tuple(values.get("path", ()))
        values["page_offsets"] = tuple(tuple(p) for p in values.get("page_offsets", ()))
        values["key_terms"] = tuple(values.get("key_terms", ()))
        values["objectives"] = tuple(
            ObjectiveTag(
                number=int(t["number"]),
                score=float(t["score"]),
                reasons=tuple(t.get("reasons", ())),
                confirmed=bool(t.get("confirmed", False)),
            )
            for t in values.get("objectives", ())
        )
        values["evidence"] = tuple(
            EvidenceStatement(text=e["text"], page=e.get("page"), kinds=tuple(e.get("kinds", ())))
            for e in values.get("evidence", ())
        )
        return cls(**values)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    files: tuple[str, ...] = ()  # paths relative to the corpus folder where possible
    doc_type: str = ""  # strategy | delivery plan | progress report | evidence review | ...
    issued: str = ""  # ISO date, year-month or year
    author: str = ""  # corporate author
    publisher: str = ""
    place: str = ""
    isbn: str = ""
    url: str = ""
    edition: str = ""  # "sample" for the editions this project writes
    note: str = ""
    page_count: int | None = None
    key_terms: tuple[str, ...] = ()
    short_title: str = ""  # for tight places (table headings, charts); the catalogue's word

    @property
    def year(self) -> int | None:
        head = self.issued[:4]
        return int(head) if head.isdigit() else None

    @property
    def pdf(self) -> str | None:
        return next((f for f in self.files if f.lower().endswith(".pdf")), None)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["files"] = list(self.files)
        data["key_terms"] = list(self.key_terms)
        data["year"] = self.year
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["files"] = tuple(values.get("files", ()))
        values["key_terms"] = tuple(values.get("key_terms", ()))
        return cls(**values)


@dataclass(frozen=True)
class Objective:
    number: int
    title: str  # full wording
    short_title: str
    terms: tuple[str, ...] = ()  # vocabulary: words and phrases, as written by a person
    heading_cues: tuple[str, ...] = ()  # heading text that marks a section as serving it
