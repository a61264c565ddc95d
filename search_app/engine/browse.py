"""The order of an objective's sections when it is browsed with no query.

Every section tagged with objective N is a match, so a relevance score has nothing to rank:
the order comes from what the sections are instead.

1. the Strategy's own chapter for N (a strategy document whose heading names the objective:
   "2.3 Objective Three: Income inequality and health");
2. sections written for N: their heading, or a heading above them, names the objective
   (its ``heading_cues`` in ``corpus/objectives.toml``);
3. the rest;

and within each tier: tag strength, then the document's importance (the Strategy, then its
delivery plans, progress report, indicators, evidence, and the rest), then document order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Document, Objective, Section
from search_app.engine.best_bets import normalise

# Document types by importance to someone browsing an objective of the Strategy.
IMPORTANCE = (
    "strategy",
    "delivery plan",
    "progress report",
    "indicator report",
    "evidence review",
    "evidence summary",
    "policy paper",
    "action plan",
    "consultation response",
)


@dataclass(frozen=True)
class Cues:
    number: int
    phrases: tuple[str, ...]  # normalised heading cues

    @classmethod
    def of(cls, objective: Objective) -> Cues:
        return cls(objective.number, tuple(normalise(c) for c in objective.heading_cues))

    def named_in(self, heading: str) -> bool:
        padded = f" {normalise(heading)} "
        return any(f" {c} " in padded for c in self.phrases if c)


def importance(document: Document | None) -> float:
    """1.0 for the Strategy down to 0.1 for the least central type; 0 when unknown."""
    kind = normalise(document.doc_type) if document else ""
    if kind not in IMPORTANCE:
        return 0.0
    return 1.0 - 0.9 * IMPORTANCE.index(kind) / (len(IMPORTANCE) - 1)


def tier(section: Section, document: Document | None, cues: Cues) -> int:
    """2 for the Strategy's chapter on the objective (its heading names the objective and no
    heading above it does), 1 for a section written for it, else 0."""
    above = any(cues.named_in(h) for h in section.path)
    if cues.named_in(section.heading):
        strategy = document is not None and normalise(document.doc_type) == "strategy"
        return 2 if strategy and not above else 1
    return 1 if above else 0


def strength(section: Section, cues: Cues) -> float:
    """The section's tag score for the objective (0 when untagged), at most 1."""
    return min(next((t.score for t in section.objectives if t.number == cues.number), 0.0), 1.0)


def score(section: Section, document: Document | None, cues: Cues) -> float:
    """A score that orders by tier, tag strength, document importance, then section order;
    distinct for the sections of one document."""
    return round(
        2.0 * tier(section, document, cues)
        + strength(section, cues)
        + 0.1 * importance(document)
        + 0.001 / (1 + section.ordinal),
        6,
    )
