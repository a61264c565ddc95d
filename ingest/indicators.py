"""The Delivery Plan's indicators with the figures the Indicator Report gives for them, read
from the indexed sections at ingest and stored beside the index as ``indicators.json``.

Where each part comes from (nothing is typed in):

- the list (number, name, overall or specific): a table in a delivery-plan document whose rows
  read "<n> <name> Overall|Specific" (Table 3 of the Delivery Plan 2015-18); without one, the
  indicator report's own "Indicator N: name" headings;
- per indicator, the report's section headed "Indicator N: ...": its definition (the paragraph
  led by "Definition and source.", else the first paragraph) and its first table of figures
  (caption, header, one row per period).

Tables are read from the sections' structured tables where the sectioner keeps them
(``Section.tables``), otherwise from the table's lines in the section text ("2009–11 8.9 9.2").
A report laid out differently yields fewer indicators, never an error: the page says so.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ingest import figure_tables
from ingest.model import Document, Section

log = logging.getLogger(__name__)

FILE = "indicators.json"
VERSION = 1

_HEADING = re.compile(r"^Indicator\s+(\d{1,2})\s*[:.–—-]\s*(.+)$", re.I)
_LIST_ROW = re.compile(r"^(\d{1,2})\.?\s+(.+?)\s+(Overall|Specific)$", re.I)
_GROUPS = {"overall", "specific"}
_LEAD_IN = re.compile(r"^Definition(?: and source)?\.\s*", re.I)


@dataclass(frozen=True)
class Observation:
    period: str  # "2009–11", "2012/13", "2014"
    values: tuple[float | None, ...]  # one per series


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    group: str = ""  # "Overall" | "Specific" | ""
    definition: str = ""
    caption: str = ""  # the table's caption as printed
    period_label: str = ""  # the first column's heading: "Period", "Year", "Season"
    series: tuple[str, ...] = ()  # "London, men", "England, men"
    unit: str = ""  # shared by every series: "years", "%", "per 100,000"
    decimals: int = 0  # decimal places the table prints ("64.0" stays "64.0")
    observations: tuple[Observation, ...] = ()
    doc_id: str = ""  # the indicator report
    section_id: str = ""
    page: int | None = None  # physical page of the table (else of the section)
    objectives: tuple[int, ...] = ()  # the section's objective tags

    @property
    def baseline(self) -> Observation | None:
        """The earliest period the report gives."""
        return self.observations[0] if self.observations else None

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None

    def figure(self, value: float | None) -> str:
        """A value as the report prints it ("64.0", "52"); "–" when the report gives none."""
        return "–" if value is None else f"{value:,.{self.decimals}f}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "group": self.group,
            "definition": self.definition,
            "caption": self.caption,
            "period_label": self.period_label,
            "series": list(self.series),
            "unit": self.unit,
            "decimals": self.decimals,
            "observations": [
                {"period": o.period, "values": list(o.values)} for o in self.observations
            ],
            "doc_id": self.doc_id,
            "section_id": self.section_id,
            "page": self.page,
            "objectives": list(self.objectives),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        return cls(
            number=int(data["number"]),
            name=str(data["name"]),
            group=str(data.get("group", "")),
            definition=str(data.get("definition", "")),
            caption=str(data.get("caption", "")),
            period_label=str(data.get("period_label", "")),
            series=tuple(str(s) for s in data.get("series", ())),
            unit=str(data.get("unit", "")),
            decimals=int(data.get("decimals", 0)),
            observations=tuple(
                Observation(
                    str(o["period"]),
                    tuple(None if v is None else float(v) for v in o.get("values", ())),
                )
                for o in data.get("observations", ())
            ),
            doc_id=str(data.get("doc_id", "")),
            section_id=str(data.get("section_id", "")),
            page=data.get("page"),
            objectives=tuple(int(n) for n in data.get("objectives", ())),
        )


@dataclass(frozen=True)
class IndicatorSet:
    indicators: tuple[Indicator, ...] = ()
    plan_doc: str = ""  # the document the list was read from ("" when from the report)
    report_doc: str = ""

    @property
    def with_figures(self) -> int:
        return sum(1 for i in self.indicators if i.observations)


# -- the indicators --------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    joined = re.sub(r"(\w)-\n\s*\n?(\w)", r"\1\2", text)  # a word hyphenated across a page
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", joined) if p.strip()]


def _definition(section: Section) -> str:
    paragraphs = _paragraphs(section.text)
    for p in paragraphs:
        if _LEAD_IN.match(p):
            return _LEAD_IN.sub("", p)
    return next(
        (p for p in paragraphs if not figure_tables.row(p) and not figure_tables.CAPTION.match(p)),
        "",
    )


def _listed(plan_sections: Iterable[Section]) -> list[tuple[int, str, str]]:
    """(number, name, group) rows of the first section that lists three or more indicators."""
    for s in plan_sections:
        rows = []
        for table in getattr(s, "tables", ()):
            for r in table.rows:
                cells = [c.strip() for c in r]
                if len(cells) >= 3 and cells[0].isdigit() and cells[-1].lower() in _GROUPS:
                    rows.append((int(cells[0]), cells[1], cells[-1].capitalize()))
        if not rows:
            for _pos, line in figure_tables.lines(s.text):
                m = _LIST_ROW.match(" ".join(line.replace("|", " ").split()))
                if m:
                    rows.append((int(m.group(1)), m.group(2).strip(), m.group(3).capitalize()))
        if len(rows) >= 3:
            return rows
    return []


def _group_from_path(section: Section) -> str:
    for part in reversed(section.path):
        low = part.lower()
        if "overall" in low:
            return "Overall"
        if "specific" in low:
            return "Specific"
    return ""


def _indicator(number: int, name: str, group: str, section: Section | None) -> Indicator:
    if section is None:
        return Indicator(number, name, group)
    tables = [t for t in figure_tables.figure_tables(section) if t.rows]
    base = Indicator(
        number,
        name,
        group or _group_from_path(section),
        definition=_definition(section),
        doc_id=section.doc_id,
        section_id=section.id,
        page=section.page_start,
        objectives=tuple(t.number for t in section.objectives),
    )
    if not tables:
        return base
    table = tables[0]
    width = max(len(r) - 1 for r in table.rows)
    period_label, series, unit = figure_tables.columns(table, width)
    observations = tuple(
        Observation(
            r[0], tuple(figure_tables.number(c) for c in r[1:]) + (None,) * (width + 1 - len(r))
        )
        for r in table.rows
    )
    return replace(
        base,
        caption=table.caption,
        period_label=period_label,
        series=series,
        unit=unit,
        decimals=max(
            (len(c.split(".")[1]) for r in table.rows for c in r[1:] if "." in c), default=0
        ),
        observations=observations,
        page=section.page_at(table.offset) or section.page_start,
    )


def extract(documents: Sequence[Document], sections: Sequence[Section]) -> IndicatorSet:
    """The indicator set from the indexed documents and sections (empty when there is no
    indicator report or it has no "Indicator N:" sections)."""
    report = next((d for d in documents if "indicator report" in d.doc_type.lower()), None)
    if report is None:
        return IndicatorSet()
    in_report: dict[int, tuple[str, Section]] = {}
    for s in sections:
        m = _HEADING.match(s.heading.strip()) if s.doc_id == report.id else None
        if m and int(m.group(1)) not in in_report:
            in_report[int(m.group(1))] = (m.group(2).strip(), s)
    # the newest delivery plan first: an earlier plan may list an earlier set
    plans = sorted(
        (d for d in documents if "delivery plan" in d.doc_type.lower()),
        key=lambda d: d.issued,
        reverse=True,
    )
    plan_doc = ""
    listed: list[tuple[int, str, str]] = []
    for doc_id in (d.id for d in plans):
        listed = _listed(s for s in sections if s.doc_id == doc_id)
        if listed:
            plan_doc = doc_id
            break
    if not listed:
        listed = [(n, name, "") for n, (name, _s) in sorted(in_report.items())]
    indicators = tuple(
        _indicator(n, name, group, in_report.get(n, ("", None))[1]) for n, name, group in listed
    )
    return IndicatorSet(indicators, plan_doc, report.id)


# -- storage beside the index ----------------------------------------------------------------


def write(index_dir: Path, found: IndicatorSet) -> None:
    """Replace ``indicators.json`` atomically (readers never see half a file)."""
    body = {
        "version": VERSION,
        "plan_doc": found.plan_doc,
        "report_doc": found.report_doc,
        "indicators": [i.to_dict() for i in found.indicators],
    }
    tmp = index_dir / f".{FILE}.{uuid.uuid4().hex}"
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / FILE)


def read(index_dir: Path) -> IndicatorSet:
    """What the last ingest stored; an empty set when nothing (or something unreadable) is."""
    path = Path(index_dir) / FILE
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return IndicatorSet(
            tuple(Indicator.from_dict(i) for i in body.get("indicators", ())),
            str(body.get("plan_doc", "")),
            str(body.get("report_doc", "")),
        )
    except FileNotFoundError:
        return IndicatorSet()
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("%s is unreadable (%s); showing no indicators", path, exc)
        return IndicatorSet()


def refresh(index_dir: Path) -> IndicatorSet:
    """Read the indicators from the index as it now stands and store them. The pipeline calls
    this after every write, so the file follows the documents it was read from."""
    from ingest import search_index

    documents = search_index.read_documents(index_dir)
    report = [d.id for d in documents if "indicator report" in d.doc_type.lower()]
    plans = [d.id for d in documents if "delivery plan" in d.doc_type.lower()]
    sections = [
        s for doc_id in {*report, *plans} for s in search_index.read_sections(index_dir, doc_id)
    ]
    found = extract(documents, sections)
    write(index_dir, found)
    log.info(
        "indicators: %d listed, %d with figures (from %s)",
        len(found.indicators),
        found.with_figures,
        found.report_doc or "no indicator report",
    )
    return found


def keep_current(index_dir: Path, *, changed: bool) -> None:
    """After an ingest: re-read the indicators when the index changed or none are stored.
    A failure here is logged and leaves the index as written: indicators are a view of it."""
    from ingest import search_index

    if not search_index.index_exists(index_dir):
        return
    if not changed and (index_dir / FILE).exists():
        return
    try:
        refresh(index_dir)
    except Exception:  # never let a derived page's data fail the ingest that fed it
        log.exception("could not read the indicators from %s", index_dir)
