"""Score extracted commitments and their follow-ups against the hand-labelled set.

``tests/golden/commitments.jsonl`` holds, for each labelled document, every commitment (its
text, section and kind) and, for each commitment, the paragraphs of later documents that report
on it with the status a reader gives them (see ``tests/golden/commitments.md``).

- A predicted commitment matches a labelled one in the same document when their words agree
  (:func:`similar`); matching is one to one, best pairs first.
- A follow-up link is correct when its sentence lies in a labelled paragraph of the same
  document (a link quotes one sentence; a label names the paragraph).
- Status accuracy is counted over the correct links; "latest status" compares each matched
  commitment's newest status with the one the labels imply.

Figures are given per split ("tune": the labels the rules were developed against; "heldout":
labels kept aside) and overall.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import nlp
from ingest.commitment_store import Tracked
from ingest.followup_status import NO_MENTION, latest_status
from ingest.followups import FollowUp

MATCH = 0.6  # share of words two texts must have in common to be the same commitment
INSIDE = 0.85  # share of a linked sentence's words that must lie in the labelled paragraph


def _words(text: str) -> set[str]:
    # Hyphen splits and joins from PDF text ("ex-pectancy") change a word or two, not more.
    return {nlp.stem(w) for w in nlp.tokens(text) if len(w) > 2}


def similar(a: str, b: str) -> float:
    """Dice overlap of the two texts' word stems (1.0 = same words)."""
    x, y = _words(a), _words(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def inside(sentence: str, paragraph: str) -> float:
    """Share of ``sentence``'s words found in ``paragraph``."""
    x = _words(sentence)
    return len(x & _words(paragraph)) / len(x) if x else 0.0


def load_golden(path: Path) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass
class _Counts:
    predicted: int = 0
    labelled: int = 0
    matched: int = 0
    links_predicted: int = 0
    links_labelled: int = 0
    links_correct: int = 0
    links_labelled_all: int = 0  # including those of commitments the rules missed
    status_right: int = 0
    latest_right: int = 0

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "commitments": {
                "labelled": self.labelled,
                "extracted": self.predicted,
                "matched": self.matched,
                "precision": ratio(self.matched, self.predicted),
                "recall": ratio(self.matched, self.labelled),
            },
            "links": {
                "labelled": self.links_labelled,
                "predicted": self.links_predicted,
                "correct": self.links_correct,
                "precision": ratio(self.links_correct, self.links_predicted),
                "recall": ratio(self.links_correct, self.links_labelled),
                "recall_end_to_end": ratio(self.links_correct, self.links_labelled_all),
            },
            "status_accuracy": ratio(self.status_right, self.links_correct),
            "latest_status_accuracy": ratio(self.latest_right, self.matched),
        }


def _pairs(golden: Sequence[dict[str, Any]], tracked: Sequence[Tracked]) -> dict[int, int]:
    """golden index -> tracked index, one to one, most similar first."""
    candidates = []
    for gi, g in enumerate(golden):
        for ti, t in enumerate(tracked):
            if t.commitment.doc_id == g["doc"]:
                score = similar(g["text"], t.commitment.text)
                if score >= MATCH:
                    candidates.append((score, gi, ti))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _score, gi, ti in sorted(candidates, reverse=True):
        if gi not in out and ti not in used:
            out[gi] = ti
            used.add(ti)
    return out


def _link_pairs(labels: Sequence[dict[str, Any]], links: Sequence[FollowUp]) -> dict[int, int]:
    out: dict[int, int] = {}
    used: set[int] = set()
    scored = sorted(
        (
            (inside(f.text, g["paragraph"]), gi, fi)
            for gi, g in enumerate(labels)
            for fi, f in enumerate(links)
            if f.doc_id == g["doc"]
        ),
        reverse=True,
    )
    for score, gi, fi in scored:
        if score >= INSIDE and gi not in out and fi not in used:
            out[gi] = fi
            used.add(fi)
    return out


def _labelled_latest(labels: Sequence[dict[str, Any]], issued: dict[str, str]) -> str:
    if not labels:
        return NO_MENTION
    fake = [
        FollowUp("", g["doc"], issued.get(g["doc"], ""), "", "", None, "", g["status"], "", 0.0)
        for g in labels
    ]
    return latest_status(fake)[0]


def evaluate(
    golden: Sequence[dict[str, Any]], tracked: Sequence[Tracked], issued: dict[str, str]
) -> dict[str, Any]:
    """Figures per split and overall. ``issued``: document id -> issued date (for the newest
    status a set of labels implies)."""
    splits: dict[str, list[int]] = {}
    for i, g in enumerate(golden):
        splits.setdefault(str(g.get("split", "all")), []).append(i)
    out: dict[str, Any] = {}
    for name, idx in [*sorted(splits.items()), ("all", list(range(len(golden))))]:
        out[name] = _score([golden[i] for i in idx], tracked, issued).figures()
    return out


def _score(
    golden: Sequence[dict[str, Any]], tracked: Sequence[Tracked], issued: dict[str, str]
) -> _Counts:
    docs = {g["doc"] for g in golden}
    mine = [t for t in tracked if t.commitment.doc_id in docs]
    counts = _Counts(predicted=len(mine), labelled=len(golden))
    pairs = _pairs(golden, mine)
    counts.matched = len(pairs)
    counts.links_labelled_all = sum(len(g.get("followups", ())) for g in golden)
    for gi, ti in pairs.items():
        labels = golden[gi].get("followups", [])
        links = mine[ti].followups
        counts.links_labelled += len(labels)
        counts.links_predicted += len(links)
        matched = _link_pairs(labels, links)
        counts.links_correct += len(matched)
        counts.status_right += sum(
            1 for g, f in matched.items() if links[f].status == labels[g]["status"]
        )
        counts.latest_right += mine[ti].status == _labelled_latest(labels, issued)
    return counts


def mismatches(
    golden: Sequence[dict[str, Any]], tracked: Sequence[Tracked]
) -> Iterable[dict[str, Any]]:
    """What the figures count against: missed and extra commitments, wrong and missed links,
    wrong statuses; for looking at, not scoring."""
    docs = {g["doc"] for g in golden}
    mine = [t for t in tracked if t.commitment.doc_id in docs]
    pairs = _pairs(golden, mine)
    for gi, g in enumerate(golden):
        if gi not in pairs:
            yield {"kind": "missed commitment", "doc": g["doc"], "text": g["text"]}
    for ti in set(range(len(mine))) - set(pairs.values()):
        c = mine[ti].commitment
        yield {"kind": "extra commitment", "doc": c.doc_id, "text": c.text, "cue": c.cue}
    for gi, ti in pairs.items():
        labels = golden[gi].get("followups", [])
        links = mine[ti].followups
        matched = _link_pairs(labels, links)
        text = golden[gi]["text"][:80]
        for g_index, label in enumerate(labels):
            if g_index not in matched:
                yield {"kind": "missed link", "commitment": text, "doc": label["doc"],
                       "quote": label["quote"]}  # fmt: skip
            elif links[matched[g_index]].status != label["status"]:
                f = links[matched[g_index]]
                yield {"kind": "wrong status", "commitment": text, "doc": f.doc_id,
                       "text": f.text, "got": f.status, "cue": f.status_cue,
                       "want": label["status"]}  # fmt: skip
        for f_index in set(range(len(links))) - set(matched.values()):
            f = links[f_index]
            yield {"kind": "extra link", "commitment": text, "doc": f.doc_id, "text": f.text,
                   "score": f.score}  # fmt: skip
