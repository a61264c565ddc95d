"""The domain model: documents, sections, objectives, tags and evidence.

Everything is a frozen dataclass; derived values are new objects (``dataclasses.replace``).
``to_dict``/``from_dict`` give the JSON shape used by the CLI, the API and the index store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.pages import is_page_number


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
    # Note markers taken out of ``text``: (character offset where the marker stood, marker).
    anchors: tuple[tuple[int, str], ...] = ()
    # The file's own word for the block: a tagged-PDF structure role ("H2", "P", "TD", "LI",
    # "Figure", "Artifact", ...), "bookmark" for a heading matched to a bookmark, "style" for
    # an RTF heading style; "" when the file says nothing.
    role: str = ""
    table: Table | None = None  # the cells, for kind "table"
    font: str = ""  # dominant font name (PDF), for telling monospaced listings from prose
    color: str = ""  # fill colour of its first line (PDF); "" for black or unknown
    x0: float = 0.0  # left edge of the block's first line (PDF points); 0 when unknown
    x1: float = 0.0  # right edge of the block's widest line


@dataclass(frozen=True)
class Table:
    """A table kept whole: rows of cell texts, the first ``header_rows`` of them headers."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    page: int | None = None
    offset: int = 0  # where the table's text starts in its section's text (set by the sectioner)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [list(r) for r in self.rows],
            "header_rows": self.header_rows,
            "page": self.page,
            "offset": self.offset,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        return cls(
            rows=tuple(tuple(str(c) for c in r) for r in data.get("rows", ())),
            header_rows=int(data.get("header_rows", 0)),
            page=data.get("page"),
            offset=int(data.get("offset", 0)),
        )

    def text(self) -> str:
        """The table as plain text for search: one line per row, cells joined by " | "."""
        return "\n".join(" | ".join(c for c in row) for row in self.rows)


@dataclass(frozen=True)
class Inferred:
    """One bibliographic value read from a file rather than the catalogue, and where from.

    ``source`` is one of :data:`METADATA_SOURCES`; ``evidence`` is the text it was read from,
    shown beside the value by ``healthsearch catalogue --draft``.
    """

    field: str  # title | author | publisher | place | issued | isbn | series | number
    value: str
    source: str
    evidence: str = ""


# Where a document's bibliographic values came from, most trusted first.
METADATA_SOURCES = (
    "catalogue",
    "cover",
    "imprint",
    "running-head",  # the running header or footer, where nothing else names the document
    "xmp",
    "pdf-info",
    "rtf-info",
    "filename",
)


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: the text of one file as blocks, plus what the file says of itself."""

    path: str
    format: str  # "pdf" | "rtf"
    blocks: tuple[Block, ...]
    page_count: int | None = None
    page_labels: tuple[str, ...] = ()  # printed page label per physical page; "" when unknown
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, subject, ...
    inferred: tuple[Inferred, ...] = ()  # from ingest.metadata.describe, best value per field
    # Where the headings came from: "structure-tree" (tagged PDF), "bookmarks", "styles" (RTF
    # heading styles) or "typography"; the primary source when they were mixed.
    outline_source: str = ""
    warnings: tuple[str, ...] = ()  # what a user should know about the text ("pages 9-12: ...")


@dataclass(frozen=True)
class ObjectiveTag:
    number: int
    score: float
    reasons: tuple[str, ...] = ()
    confirmed: bool = False  # set by an analyst override in corpus/overrides.toml


@dataclass(frozen=True)
class Reference:
    """One work a document cites: an entry of its reference list, or a note that cites a work.

    ``authors`` are as printed ("Marmot M", "Tudor Hart J", "Greater London Authority");
    ``journal`` is the periodical (or the book a chapter is in), ``publisher`` the issuing body.
    """

    text: str  # the entry as printed, without its number
    number: str = ""  # printed number in a numbered list or note ("12"); "" in author-date lists
    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: str = ""  # "2010", "2010a"; "" when the entry has none
    title: str = ""
    journal: str = ""
    publisher: str = ""
    place: str = ""
    url: str = ""
    doi: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["authors"] = list(self.authors)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["authors"] = tuple(values.get("authors", ()))
        return cls(**values)


@dataclass(frozen=True)
class Note:
    """A footnote or endnote printed in a section, kept out of the section's text."""

    marker: str  # "6", "*", "iv"
    text: str  # the note without its marker
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(marker=str(data["marker"]), text=data["text"], page=data.get("page"))


NOTE, AUTHOR_YEAR, NUMBER = "note", "author-year", "number"


@dataclass(frozen=True)
class Source:
    """One source an evidence statement cites, and the note or reference entry it resolves to."""

    kind: str  # note | author-year | number
    cited_as: str  # as the statement cites it: "6", "Marmot, 2010", "[12]"
    text: str = ""  # the note's or the reference entry's text; "" when it did not resolve
    reference: Reference | None = None  # the parsed entry, when the text reads as one

    @property
    def resolved(self) -> bool:
        return bool(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "cited_as": self.cited_as,
            "text": self.text,
            "reference": self.reference.to_dict() if self.reference else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        ref = data.get("reference")
        return cls(
            kind=data["kind"],
            cited_as=data["cited_as"],
            text=data.get("text", ""),
            reference=Reference.from_dict(ref) if ref else None,
        )


@dataclass(frozen=True)
class EvidenceStatement:
    text: str
    page: int | None = None
    kinds: tuple[str, ...] = ()  # figure | comparison | trend | cited finding
    sources: tuple[Source, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "page": self.page,
            "kinds": list(self.kinds),
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceStatement:
        return cls(
            text=data["text"],
            page=data.get("page"),
            kinds=tuple(data.get("kinds", ())),
            sources=tuple(Source.from_dict(s) for s in data.get("sources", ())),
        )


def page_at(
    page_start: int | None, page_offsets: Sequence[tuple[int, int]], offset: int
) -> int | None:
    """The page on which character ``offset`` of a section's text is printed."""
    page = page_start
    for start, number in page_offsets:
        if start > offset:
            break
        page = number
    return page


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
    notes: tuple[Note, ...] = ()  # foot- and endnotes cited here (or printed here, if uncited)
    note_refs: tuple[tuple[int, str], ...] = ()  # (char offset in text, marker) of note calls
    tables: tuple[Table, ...] = ()  # tables kept whole, each at its offset in ``text``

    def page_at(self, offset: int) -> int | None:
        """The physical page on which character ``offset`` of ``text`` is printed."""
        return page_at(self.page_start, self.page_offsets, offset)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["path"] = list(self.path)
        data["page_offsets"] = [list(p) for p in self.page_offsets]
        data["key_terms"] = list(self.key_terms)
        data["objectives"] = [
            {**dataclasses.asdict(t), "reasons": list(t.reasons)} for t in self.objectives
        ]
        data["evidence"] = [e.to_dict() for e in self.evidence]
        data["notes"] = [n.to_dict() for n in self.notes]
        data["note_refs"] = [list(r) for r in self.note_refs]
        data["tables"] = [t.to_dict() for t in self.tables]
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
            EvidenceStatement.from_dict(e) for e in values.get("evidence", ())
        )
        values["notes"] = tuple(Note.from_dict(n) for n in values.get("notes", ()))
        values["note_refs"] = tuple((int(o), str(m)) for o, m in values.get("note_refs", ()))
        values["tables"] = tuple(Table.from_dict(t) for t in values.get("tables", ()))
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
    references: tuple[Reference, ...] = ()  # its reference list, parsed
    sentence_title: str = ""  # the title in sentence case, proper nouns kept (APA)
    page_labels: tuple[str, ...] = ()  # printed label per physical PDF page ("" unprinted)
    series: str = ""  # "HM Revenue and Customs Research Report"
    number: str = ""  # number in the series: "361"
    # field -> where its value came from (one of METADATA_SOURCES); empty fields are absent.
    # Left out of the hash (a dict has none) so that documents still key caches.
    metadata_source: dict[str, str] = field(default_factory=dict, hash=False)
    outline_source: str = ""  # structure-tree | bookmarks | styles | typography (see RawDocument)
    warnings: tuple[str, ...] = ()  # what reading its files found ("x.pdf: page 3: ...")

    @property
    def year(self) -> int | None:
        head = self.issued[:4]
        return int(head) if head.isdigit() else None

    def printed_page(self, page: int | None) -> str | None:
        """The page number printed on physical PDF ``page``, where one is printed."""
        if page is None or not 1 <= page <= len(self.page_labels):
            return None
        label = self.page_labels[page - 1]
        return label if is_page_number(label) else None

    @property
    def pdf(self) -> str | None:
        return next((f for f in self.files if f.lower().endswith(".pdf")), None)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["files"] = list(self.files)
        data["key_terms"] = list(self.key_terms)
        data["references"] = [r.to_dict() for r in self.references]
        data["page_labels"] = list(self.page_labels)
        data["metadata_source"] = dict(self.metadata_source)
        data["warnings"] = list(self.warnings)
        data["year"] = self.year
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["files"] = tuple(values.get("files", ()))
        values["key_terms"] = tuple(values.get("key_terms", ()))
        values["references"] = tuple(Reference.from_dict(r) for r in values.get("references", ()))
        values["metadata_source"] = dict(values.get("metadata_source") or {})
        values["page_labels"] = tuple(values.get("page_labels", ()))
        values["warnings"] = tuple(values.get("warnings", ()))
        return cls(**values)


@dataclass(frozen=True)
class Objective:
    number: int
    title: str  # full wording
    short_title: str
    terms: tuple[str, ...] = ()  # vocabulary: words and phrases, as written by a person
    heading_cues: tuple[str, ...] = ()  # heading text that marks a section as serving it
