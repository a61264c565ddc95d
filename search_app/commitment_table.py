"""Commitments as the page, the API, CSV and the CLI show them: filtered, flattened, counted."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.commitment_store import Tracked
from ingest.followup_status import NO_MENTION, STATUSES

# The order a reader scans for: what changed or stopped first, then what was done.
STATUS_ORDER = ("dropped", "changed", "done", "in progress", "mentioned", NO_MENTION)
ALL_STATUSES = frozenset((*STATUSES, NO_MENTION))

CSV_COLUMNS = (
    "id", "document", "section", "page", "objectives", "actor", "commitment", "date", "target",
    "cue", "status", "status_issued", "followups", "latest_followup", "latest_followup_page",
)  # fmt: skip


@dataclass(frozen=True)
class Filters:
    objective: int | None = None
    doc: str | None = None
    status: str | None = None

    def admits(self, t: Tracked) -> bool:
        c = t.commitment
        return (
            (self.objective is None or self.objective in c.objectives)
            and (self.doc is None or c.doc_id == self.doc)
            and (self.status is None or t.status == self.status)
        )


def select(tracked: Iterable[Tracked], filters: Filters) -> list[Tracked]:
    """The commitments that pass ``filters``, in document then reading order."""
    return [t for t in tracked if filters.admits(t)]


def counts(tracked: Sequence[Tracked]) -> dict[str, Counter[Any]]:
    """How many commitments each filter value would give (for the filter controls)."""
    return {
        "status": Counter(t.status for t in tracked),
        "doc": Counter(t.commitment.doc_id for t in tracked),
        "objective": Counter(n for t in tracked for n in t.commitment.objectives),
    }


def record(t: Tracked) -> dict[str, Any]:
    """The JSON shape of one commitment with its follow-ups (the API and ``--json``)."""
    return t.to_dict()


def row(t: Tracked) -> dict[str, Any]:
    """One flat row (CSV): the commitment, its newest status and newest follow-up."""
    c = t.commitment
    latest = t.followups[-1] if t.followups else None
    return {
        "id": c.id,
        "document": c.doc_id,
        "section": c.heading,
        "page": c.page if c.page is not None else "",
        "objectives": " ".join(str(n) for n in c.objectives),
        "actor": c.actor,
        "commitment": c.text,
        "date": c.date,
        "target": c.target,
        "cue": c.cue_text,
        "status": t.status,
        "status_issued": t.status_issued,
        "followups": len(t.followups),
        "latest_followup": latest.text if latest else "",
        "latest_followup_page": f"{latest.doc_id} p.{latest.page or '?'}" if latest else "",
    }


def to_csv(tracked: Iterable[Tracked]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for t in tracked:
        writer.writerow(row(t))
    return out.getvalue()
