"""The Delivery Plan's indicators: definition, baseline and the Indicator Report's figures,
each with a small chart and a link to its page in the report. The figures were read from the
report's tables at ingest (``ingest/indicators.py``); this view only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template

from ingest import indicators
from ingest.indicators import Indicator, IndicatorSet, Observation
from ingest.model import Document
from search_app.context import get_engine
from search_app.pages import page_at_pdf
from search_app.views import charts, data
from search_app.views.links import link

bp = Blueprint("indicators", __name__, url_prefix="/indicators")

SERIES_CSS = ("s0", "s1", "s2")  # first series solid, second dashed, third another colour


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    chart: charts.LineChart | None
    page_url: str | None  # the table's page in the report: the viewer, or the section reader
    section_url: str | None
    pages: str = ""  # the table's page by the page rule: "p. 3 (PDF p. 6)"

    @property
    def summary(self) -> str:
        """The chart's description: every figure, in words."""
        i = self.indicator
        unit = f" {i.unit}" if i.unit and i.unit != "%" else i.unit
        parts = []
        for n, name in enumerate(i.series):
            values = [
                f"{o.period} {i.figure(o.values[n])}{unit}"
                for o in i.observations
                if n < len(o.values) and o.values[n] is not None
            ]
            parts.append(f"{name}: {', '.join(values)}")
        return "; ".join(parts) + "."


def _card(indicator: Indicator, report: Document | None) -> Card:
    chart = None
    if indicator.observations:
        chart = charts.line_chart(
            [o.period for o in indicator.observations],
            [
                (
                    name,
                    SERIES_CSS[n % len(SERIES_CSS)],
                    [o.values[n] if n < len(o.values) else None for o in indicator.observations],
                )
                for n, name in enumerate(indicator.series)
            ],
            fmt=indicator.figure,
        )
    section_url = (
        link("sections.show", section_id=indicator.section_id) if indicator.section_id else None
    )
    page_url = section_url
    pages = ""
    if report is not None and report.pdf and indicator.page:
        page_url = link(
            "viewer.show",
            doc_id=indicator.doc_id,
            page=indicator.page,
            section=indicator.section_id or None,
        )
        pages = page_at_pdf(report, indicator.page).text
    return Card(indicator, chart, page_url, section_url, pages)


def found() -> tuple[IndicatorSet, Document | None, Document | None, list[Card]]:
    """The stored indicators, the plan and report they came from, and one card each."""
    stored = indicators.read(get_engine().index_dir)
    documents = data.documents()
    report = documents.get(stored.report_doc)
    plan = documents.get(stored.plan_doc)
    return stored, plan, report, [_card(i, report) for i in stored.indicators]


def _observation(o: Observation | None) -> dict[str, Any] | None:
    return None if o is None else {"period": o.period, "values": list(o.values)}


def card_json(card: Card, report: Document | None) -> dict[str, Any]:
    """One indicator as ``/api/indicators`` gives it: the page's card, figures as numbers."""
    i = card.indicator
    at = page_at_pdf(report, i.page) if card.pages else None
    return {
        **{k: v for k, v in i.to_dict().items() if k not in ("page", "observations")},
        "baseline": _observation(i.baseline),
        "latest": _observation(i.latest),
        "observations": [_observation(o) for o in i.observations],
        "pages": card.pages,
        "printed_page": at.printed_start if at else None,
        "pdf_page": at.pdf_start if at else None,
        "viewer_url": card.page_url if card.page_url != card.section_url else None,
        "section_url": card.section_url,
    }


@bp.get("/")
def index() -> str:
    stored, plan, report, cards = found()
    return render_template(
        "indicators/index.html",
        found=stored,
        report=report,
        plan=plan,
        cards=cards,
        objectives=data.objectives_by_number(),
    )
