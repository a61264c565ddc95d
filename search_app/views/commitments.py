"""What was promised, and what became of it: the commitments page, its CSV and JSON twins.

Server-rendered and read-only: the page shows analysts the exact lines that record a judgement
in ``corpus/commitment_links.toml`` (and the CLI command that appends them); the app never
writes. Filters arrive as query arguments and are checked; a bad one is a 400, not a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

from ingest.commitment_links import judgement_lines
from ingest.commitment_store import Tracked
from ingest.followup_status import NO_MENTION
from search_app.commitment_table import (
    ALL_STATUSES,
    STATUS_ORDER,
    Filters,
    counts,
    record,
    select,
    to_csv,
)
from search_app.views import data, present
from search_app.views.commitment_data import tracked

bp = Blueprint("commitments", __name__)


@dataclass(frozen=True)
class Mention:
    """One cell of a commitment's timeline: what a later document said."""

    year: str
    status: str
    doc_id: str
    page: int | None
    url: str | None


def filters_from_request(objective: int | None = None) -> Filters:
    """The filters in the query string; abort(400) with the reason when one is wrong."""
    args = request.args
    if objective is None and args.get("objective"):
        raw = args["objective"]
        if not raw.isdigit() or int(raw) not in data.objectives_by_number():
            abort(400, description=f"objective must be one of the objective numbers, not {raw!r}")
        objective = int(raw)
    doc = args.get("doc") or None
    if doc is not None and doc not in data.documents():
        abort(400, description=f"there is no document {doc!r}")
    status = args.get("status") or None
    if status is not None and status not in ALL_STATUSES:
        abort(400, description=f"status must be one of {', '.join(STATUS_ORDER)}")
    return Filters(objective, doc, status)


def _timeline(t: Tracked) -> dict[str, Mention]:
    """Year -> the newest telling mention of that year (for the timeline columns)."""
    documents = data.documents()
    out: dict[str, Mention] = {}
    for f in t.followups:
        year = f.issued[:4]
        if year in out and f.status == "mentioned":
            continue
        doc = documents.get(f.doc_id)
        url = present.pdf_url(doc, f.page) if doc else None
        out[year] = Mention(year, f.status, f.doc_id, f.page, url)
    return out


def _years(items: Sequence[Tracked]) -> list[str]:
    return sorted({f.issued[:4] for t in items for f in t.followups if f.issued[:4]})


def _render(filters: Filters) -> str:
    everything = tracked()
    chosen = select(everything, filters)
    documents = data.documents()
    return render_template(
        "commitments/index.html",
        items=[(t, _timeline(t)) for t in chosen],
        years=_years(chosen),
        total=len(everything),
        filters=filters,
        counts=counts(select(everything, Filters(filters.objective, filters.doc))),
        statuses=STATUS_ORDER,
        documents=documents,
        made_in=[
            documents[d] for d in documents if any(t.commitment.doc_id == d for t in everything)
        ],
        objectives=data.objectives_by_number(),
        csv_args={k: v for k, v in vars(filters).items() if v is not None},
    )


@bp.get("/commitments")
def index() -> str:
    return _render(filters_from_request())


@bp.get("/objectives/<int:number>/commitments")
def for_objective(number: int) -> str:
    if number not in data.objectives_by_number():
        abort(404, description=f"There is no objective {number}.")
    return _render(filters_from_request(objective=number))


@bp.get("/commitments.csv")
def csv_export() -> Response:
    body = to_csv(select(tracked(), filters_from_request()))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="commitments.csv"'
    return response


def _find(commitment_id: str) -> Tracked:
    found = next((t for t in tracked() if t.commitment.id == commitment_id), None)
    if found is None:
        abort(404, description=f"No commitment with id {commitment_id!r}.")
    return found


@bp.get("/commitments/<commitment_id>")
def show(commitment_id: str) -> str:
    t = _find(commitment_id)
    documents = data.documents()
    made = documents.get(t.commitment.doc_id)
    judge = [
        {
            "confirm": judgement_lines(t.commitment.id, f.id, "confirm"),
            "reject": judgement_lines(t.commitment.id, f.id, "reject"),
            "command": f"healthsearch commitments reject {t.commitment.id} {f.id}",
        }
        for f in t.followups
    ]
    return render_template(
        "commitments/show.html",
        t=t,
        made=made,
        pdf=present.pdf_url(made, t.commitment.page) if made else None,
        followups=[
            (
                f,
                documents.get(f.doc_id),
                present.pdf_url(documents[f.doc_id], f.page) if f.doc_id in documents else None,
                lines,
            )
            for f, lines in zip(t.followups, judge, strict=True)
        ],  # fmt: skip
        not_a_commitment=judgement_lines(t.commitment.id, None, "reject"),
        objectives=data.objectives_by_number(),
        no_mention=NO_MENTION,
    )


@bp.get("/api/commitments")
def api_index() -> Response:
    chosen = select(tracked(), filters_from_request())
    return jsonify({"count": len(chosen), "commitments": [record(t) for t in chosen]})


@bp.get("/api/commitments/<commitment_id>")
def api_show(commitment_id: str) -> Response:
    payload: dict[str, Any] = record(_find(commitment_id))
    return jsonify(payload)
