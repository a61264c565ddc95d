"""Exports for reference managers: RIS, BibTeX and CSL-JSON, one record per document.

Citing three sections of one report gives one record of that report whose pages field lists
the three sections' pages ("1-2, 12, 20-21") and whose note names them, so that EndNote,
Zotero or Mendeley hold the report once. RIS goes through rispy, BibTeX through bibtexparser 2.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import bibtexparser
import rispy
from bibtexparser import model as bibmodel

from search_app.citation_model import Citation, CitedDocument, by_document, csl_item


def to_csl_json(citations: Sequence[Citation]) -> str:
    """One CSL-JSON item per document, its ``page`` the cited sections' pages."""
    items = []
    for group in by_document(citations):
        item = {**csl_item(group.document), "id": group.key, "note": group.note}
        if group.pages:
            item["page"] = group.pages
        items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


class _HeaderlessRisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> None:
        return None


def _ris_record(group: CitedDocument) -> dict[str, Any]:
    doc = group.document
    rec: dict[str, Any] = {"type_of_reference": "RPRT", "id": group.key, "title": doc.title}
    if doc.author:
        rec["authors"] = [doc.author]
    if doc.year:
        rec["year"] = str(doc.year)
    if doc.issued:
        rec["date"] = doc.issued.replace("-", "/")
    # Zotero reads a report's T2 as its series, SN as its report number and PB as its
    # institution; a report has no ISBN field there, so the ISBN goes in the note.
    for key, value in (
        ("publisher", doc.publisher),
        ("place_published", doc.place),
        ("secondary_title", doc.series),
        ("issn", doc.number),
    ):
        if value:
            rec[key] = value
    if len(group.citations) == 1:
        rec["section"] = group.citations[0].heading
    if doc.url:
        rec["urls"] = [doc.url]
    if group.page_range:
        rec["start_page"], rec["end_page"] = group.page_range
    elif group.pages:  # several places: SP holds them all, as reference managers show pages
        rec["start_page"] = group.pages
    rec["notes"] = [f"{group.note} ISBN {doc.isbn}." if doc.isbn else group.note]
    return rec


def to_ris(citations: Sequence[Citation]) -> str:
    records = [_ris_record(group) for group in by_document(citations)]
    return rispy.dumps(records, implementation=_HeaderlessRisWriter)


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
_LATEX.update({"{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"})


def _tex(value: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in value)


def to_bibtex(citations: Sequence[Citation]) -> str:
    library = bibtexparser.Library()
    for group in by_document(citations):
        doc = group.document
        fields = [bibmodel.Field("title", _tex(doc.title))]
        if doc.author:  # double braces: a corporate author is not "Last, First"
            fields.append(bibmodel.Field("author", "{" + _tex(doc.author) + "}"))
        institution = doc.publisher or doc.author
        if institution:
            fields.append(bibmodel.Field("institution", _tex(institution)))
        if doc.place:
            fields.append(bibmodel.Field("address", _tex(doc.place)))
        if doc.year:
            fields.append(bibmodel.Field("year", str(doc.year)))
        if doc.series:
            fields.append(bibmodel.Field("type", _tex(doc.series)))
        if doc.number:
            fields.append(bibmodel.Field("number", _tex(doc.number)))
        if group.pages:
            fields.append(bibmodel.Field("pages", group.pages.replace("-", "--")))
        if doc.isbn:
            fields.append(bibmodel.Field("isbn", _tex(doc.isbn)))
        if doc.url:
            fields.append(bibmodel.Field("url", doc.url))
        fields.append(bibmodel.Field("note", _tex(group.note)))
        library.add(bibmodel.Entry("techreport", group.key, fields))
    return bibtexparser.write_string(library)
