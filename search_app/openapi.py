"""OpenAPI 3 description of the JSON API, served at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from search_app.citations import FORMATS
from search_app.evidence_table import FORMATS as EVIDENCE_FORMATS
from search_app.evidence_table import MEDIA_TYPES as EVIDENCE_MEDIA
from search_app.views.query_args import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY, SORTS

ERROR = {"$ref": "#/components/responses/Error"}
ANY_OBJECT = {"type": "object", "additionalProperties": True}


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _multi(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": description,
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": schema},
    }


SEARCH_PARAMS = [
    {
        "name": "q",
        "in": "query",
        "description": 'The query (see /help): words, "phrases", AND/OR/NOT, field:value.',
        "schema": {"type": "string", "maxLength": MAX_QUERY},
    },
    _multi(
        "objective",
        "Only sections tagged with these objectives (1-5).",
        {"type": "string", "pattern": "^[0-9]{1,4}$"},
    ),
    _multi("doc", "Only sections of these documents (ids).", {"type": "string", "maxLength": 200}),
    _multi(
        "year",
        "Only documents issued in these years.",
        {"type": "string", "pattern": "^[0-9]{1,4}$"},
    ),
    _multi("type", "Only these document types.", {"type": "string", "maxLength": 200}),
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    },
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
    {"name": "synonyms", "in": "query", "schema": {"type": "string", "enum": ["on", "off"]}},
    {
        "name": "spell",
        "in": "query",
        "description": "off: a query that finds nothing is searched as typed, and its spelling "
        "correction offered as suggestion, instead of being searched as corrected.",
        "schema": {"type": "string", "enum": ["on", "off"]},
    },
]

IDS_PARAMS = [
    _multi(
        "id", "Section ids to cite (repeat the parameter).", {"type": "string", "maxLength": 300}
    ),
    {
        "name": "format",
        "in": "query",
        "description": "Return the export file instead of the JSON summary.",
        "schema": {"type": "string", "enum": list(FORMATS)},
    },
]


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


PAGES_DESCRIPTION = (
    "Pages. Every search hit, section and section summary carries `pages`, the text to cite "
    '("p. 12" where the page prints a number, "p. 12 (PDF p. 15)" where the PDF page '
    'differs, "PDF p. 15" where nothing is printed, "§ 2.2" without pages), with '
    "`printed_page_start`/`printed_page_end` (the numbers printed on the pages, or null) and "
    "`pdf_page_start`/`pdf_page_end` (1-based physical pages of the PDF, or null). Evidence "
    "statements carry `pages`, `printed_page` and `pdf_page`; a section's "
    "`pdf_page_offsets` are (character offset, PDF page) pairs. See the Pages schema."
)
PAGES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Where a section is, both ways (every field may be null but pages).",
    "properties": {
        "pages": {"type": "string", "example": "pp. 12–13 (PDF pp. 15–16)"},
        "printed_page_start": {
            "type": "string",
            "nullable": True,
            "description": 'Page number printed on the first page ("12", "iv")',
        },
        "printed_page_end": {"type": "string", "nullable": True},
        "pdf_page_start": {
            "type": "integer",
            "nullable": True,
            "description": "1-based physical page of the PDF file",
        },
        "pdf_page_end": {"type": "integer", "nullable": True},
    },
}


def spec() -> dict[str, Any]:
    get = "get"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "healthsearch API",
            "version": "1.0",
            "description": "Search, browse and cite the London Health Inequalities Strategy "
            "(2010) and its companion documents. Every HTML page has a JSON twin here.\n\n"
            + PAGES_DESCRIPTION,
        },
        "paths": {
            "/api/search": {
                get: {
                    "summary": "Search sections",
                    "description": "Besides hits and facets: corrected_query (the spelling "
                    "searched instead of q), partial (no section has every word; each hit "
                    "lists its missing words), near_matches (how many of total follow the "
                    "full matches with some words missing, when few sections have them all), "
                    "unknown_words and relaxed_query (words no "
                    "section has; q without them), ignored_words (question words and filler), "
                    "best_bets (objectives and documents q names), and per hit "
                    "more_in_document on page 1 (hits of its document held back by the "
                    "one-third cap). An unknown objective or doc filter is a 400.",
                    "parameters": SEARCH_PARAMS,
                    "responses": {"200": _ok(ANY_OBJECT), "400": ERROR, "503": ERROR},
                }
            },
            "/api/suggest": {
                get: {
                    "summary": "Complete a word being typed",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 100},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 20},
                        },
                    ],
                    "responses": {"200": _ok(ANY_OBJECT), "400": ERROR, "503": ERROR},
                }
            },
            "/api/sections/{section_id}": {
                get: {
                    "summary": "One section: text, pages, objectives, evidence, citation",
                    "parameters": [_path_param("section_id", {"type": "string", "minLength": 1})],
                    "responses": {"200": _ok(ANY_OBJECT), "404": ERROR, "503": ERROR},
                }
            },
            "/api/documents": {
                get: {
                    "summary": "All documents",
                    "responses": {"200": _ok(ANY_OBJECT), "503": ERROR},
                }
            },
            "/api/documents/{doc_id}": {
                get: {
                    "summary": "One document with its contents and spread over objectives",
                    "parameters": [_path_param("doc_id", {"type": "string", "minLength": 1})],
                    "responses": {"200": _ok(ANY_OBJECT), "404": ERROR, "503": ERROR},
                }
            },
            "/api/objectives": {
                get: {
                    "summary": "The objectives with section counts and the coverage matrix",
                    "responses": {"200": _ok(ANY_OBJECT), "503": ERROR},
                }
            },
            "/api/objectives/{number}": {
                get: {
                    "summary": "One objective: evidence grouped by document, sections ranked",
                    "parameters": [_path_param("number", {"type": "integer", "minimum": 0})],
                    "responses": {"200": _ok(ANY_OBJECT), "404": ERROR, "503": ERROR},
                }
            },
            "/api/commitments": {
                get: {
                    "summary": "Commitments with their follow-ups in later documents and status",
                    "parameters": [
                        {"name": "objective", "in": "query", "schema": {"type": "integer"}},
                        {"name": "doc", "in": "query", "schema": {"type": "string"}},
                        {"name": "status", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": _ok(ANY_OBJECT), "400": ERROR, "503": ERROR},
                }
            },
            "/api/commitments/{commitment_id}": {
                get: {
                    "summary": "One commitment, its follow-ups and why each was linked",
                    "parameters": [
                        _path_param("commitment_id", {"type": "string", "minLength": 1})
                    ],
                    "responses": {"200": _ok(ANY_OBJECT), "404": ERROR, "503": ERROR},
                }
            },
            "/api/objectives/{number}/evidence": {
                get: {
                    "summary": "One objective's evidence table: one row per statement, with "
                    "document, section, printed and PDF page, kind, sources cited, permalink",
                    "parameters": [
                        _path_param("number", {"type": "integer", "minimum": 0}),
                        {
                            "name": "format",
                            "in": "query",
                            "description": "json (default), csv or xlsx.",
                            "schema": {"type": "string", "enum": list(EVIDENCE_FORMATS)},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The table as JSON rows, CSV or an Excel workbook",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": ANY_OBJECT}
                                },
                                "text/csv": {"schema": {"type": "string"}},
                                EVIDENCE_MEDIA["xlsx"]: {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                            },
                        },
                        "400": ERROR,
                        "404": ERROR,
                        "503": ERROR,
                    },
                }
            },
            "/api/cite": {
                get: {
                    "summary": "Cite sections: CSL-JSON, Harvard and APA, or an export file",
                    "parameters": IDS_PARAMS,
                    "responses": {
                        "200": {
                            "description": "JSON summary, or the export file when format is given",
                            "content": {
                                "application/json": {"schema": ANY_OBJECT},
                                **{
                                    f.mimetype: {"schema": {"type": "string"}}
                                    for f in FORMATS.values()
                                    if f.mimetype != "application/json"
                                },
                            },
                        },
                        "400": ERROR,
                        "404": ERROR,
                        "503": ERROR,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Pages": PAGES_SCHEMA,
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
            },
            "responses": {
                "Error": {
                    "description": "An error, explained",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
        },
    }
