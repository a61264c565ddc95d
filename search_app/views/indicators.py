"""The Delivery Plan's indicators: definition, baseline and the Indicator Report's figures,
each with a small chart and a link to its page in the report. The figures were read from the
report's tables at ingest (``ingest/indicators.py``); this view only lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template

from ingest import indicators
from ingest.indicators import Indicator
from search_app.context import get_engine
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


def _card(indicator: Indicator, has_pdf: bool) -> Card:
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
    if has_pdf and indicator.page:
        page_url = link(
            "viewer.show",
            doc_id=indicator.doc_id,
            page=indicator.page,
            section=indicator.section_id or None,
        )
    return Card(indicator, chart, page_url, section_url)


@bp.get("/")
def index() -> str:
    found = indicators.read(get_engine().index_dir)
    documents = data.documents()
    report = documents.get(found.report_doc)
    plan = documents.get(found.plan_doc)
    has_pdf = bool(report and report.pdf)
    return render_template(
        "indicators/index.html",
        found=found,
        report=report,
        plan=plan,
        cards=[_card(i, has_pdf) for i in found.indicators],
        objectives=data.objectives_by_number(),
    )
