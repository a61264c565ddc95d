"""The evidence table of an objective as a download, on its page and in the API, and the
sources a statement cites as entries of the citation basket."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request
from markupsafe import Markup

from search_app.evidence_table import (
    FORMATS,
    MEDIA_TYPES,
    EvidenceRow,
    evidence_rows,
    to_csv,
    to_json,
    to_xlsx,
)
from search_app.source_citations import (
    PREFIX,
    CitedSource,
    formatted,
    resolve_sources,
    source_id,
    to_csl_json,
    to_ris,
)
from search_app.views import data

bp = Blueprint("evidence", __name__)

SOURCE_FORMATS = {"ris": ("application/x-research-info-systems", "ris"),
                  "csl-json": ("application/vnd.citationstyles.csl+json", "json")}  # fmt: skip


def objective_rows(number: int) -> list[EvidenceRow]:
    """The evidence table of objective ``number``; 404 when the framework has no such one."""
    if number not in data.objectives_by_number():
        known = ", ".join(str(n) for n in sorted(data.objectives_by_number()))
        abort(404, description=f"There is no objective {number}; the objectives are {known}.")
    # Permalinks in a file taken away must work outside this site: absolute URLs.
    base = request.url_root
    return evidence_rows(data.all_sections(), data.documents(), objective=number, base_url=base)


def table_response(rows: list[EvidenceRow], fmt: str, name: str) -> Response:
    if fmt not in FORMATS:
        abort(400, description=f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    if fmt == "json":
        response = jsonify(to_json(rows))
    else:
        body: str | bytes = to_csv(rows) if fmt == "csv" else to_xlsx(rows, name)
        response = Response(body, mimetype=MEDIA_TYPES[fmt].split(";")[0])
        response.headers["Content-Type"] = MEDIA_TYPES[fmt]
        filename = name.lower().replace(" ", "-")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@bp.get("/objectives/<int:number>/evidence.<fmt>")
def download(number: int, fmt: str) -> Response:
    return table_response(objective_rows(number), fmt, f"objective {number} evidence")


@bp.get("/api/objectives/<int:number>/evidence")
def api_table(number: int) -> Response:
    fmt = request.args.get("format", "json")
    return table_response(objective_rows(number), fmt, f"objective {number} evidence")


def grouped_rows(number: int) -> dict[str, list[EvidenceRow]]:
    """The objective's evidence table, grouped by document id."""
    grouped: dict[str, list[EvidenceRow]] = {}
    for row in evidence_rows(data.all_sections(), data.documents(), objective=number):
        grouped.setdefault(row.doc_id, []).append(row)
    return grouped


@bp.app_template_filter("source_harvard")
def source_harvard(cited: CitedSource) -> Markup:
    return formatted(cited, "harvard")


@bp.app_template_global("source_basket_id")
def source_basket_id(section_id: str, statement: int, source: int) -> str:
    return source_id(section_id, statement, source)


def basket_sources(ids: list[str]) -> list[CitedSource]:
    """The sources among the basket ids (the rest are sections)."""
    wanted = [i for i in ids if i.startswith(PREFIX)]
    if not wanted:
        return []
    section_ids = {i[len(PREFIX) :].rsplit(":", 2)[0] for i in wanted}
    sections = {s.id: s for s in data.sections_by_ids(sorted(section_ids))}
    return resolve_sources(wanted, sections)


@bp.get("/cite/sources.<fmt>")
def sources_download(fmt: str) -> Response:
    if fmt not in SOURCE_FORMATS:
        abort(400, description=f"Unknown format {fmt!r}; use one of {', '.join(SOURCE_FORMATS)}.")
    ids = request.args.getlist("id")[:200]
    cited = basket_sources(ids)
    if not cited:
        abort(404, description="None of the requested sources exists.")
    mimetype, extension = SOURCE_FORMATS[fmt]
    body = to_ris(cited) if fmt == "ris" else to_csl_json(cited)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="sources.{extension}"'
    return response
