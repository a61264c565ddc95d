"""How well evidence is linked to its sources and reference lists are read, against hand labels.

``tests/golden/evidence_sources.jsonl``: statements that cite something, each with the sources
a careful reader finds (the note it calls, the reference list entry an author-year mention
names, or none when the document lists no such work). A statement is correct when the
sources linked to it are exactly those.

``tests/golden/references.jsonl``: reference list entries and notes that cite a work, with
authors, year, title, journal, publisher and place read by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import Any, Protocol, TypeVar

from ingest.model import NOTE, Document, EvidenceStatement, Reference, Section, Source
from ingest.references import parse_entry


class _Texted(Protocol):
    @property
    def text(self) -> str: ...


T = TypeVar("T", bound=_Texted)

FIELDS = ("authors", "year", "title", "journal", "publisher", "place", "url", "doi")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _entry_key(text: str) -> str:
    return " ".join(_words(re.sub(r"^\s*\[?\d{1,3}[.\]]?\s+", "", text))[:6])


def source_key(kind: str, cited_as: str, entry: str | None, marker: str = "") -> tuple[str, ...]:
    """What must agree for two sources to be the same: the note, or the entry it resolves to."""
    if kind == NOTE:
        return (NOTE, marker or cited_as)
    if entry:
        return ("work", _entry_key(entry))
    year = re.search(r"(?:19|20)\d{2}", cited_as)
    first = _words(cited_as)
    return (kind, "unresolved", year.group(0) if year else "", first[0] if first else "")


def _predicted_keys(sources: Iterable[Source]) -> set[tuple[str, ...]]:
    return {source_key(s.kind, s.cited_as, s.text if s.kind != NOTE else None) for s in sources}


def _gold_keys(row: dict[str, Any]) -> set[tuple[str, ...]]:
    return {
        source_key(s["kind"], s["cited_as"], s["entry"] if s["kind"] != NOTE else None)
        for s in row["sources"]
    }


def _closest(text: str, pool: Sequence[T]) -> T | None:
    """The statement or reference in ``pool`` whose words best match ``text`` (ratio 0.8 or
    more), else None."""
    gold = _words(text)
    best, best_ratio = None, 0.0
    for item in pool:
        ratio = SequenceMatcher(a=gold, b=_words(item.text), autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = item, ratio
    return best if best_ratio >= 0.8 else None


def evaluate_sources(rows: list[dict[str, Any]], sections: Iterable[Section]) -> dict[str, Any]:
    """Share of labelled statements whose linked sources are exactly the labelled ones."""
    by_doc: dict[str, list[EvidenceStatement]] = {}
    for section in sections:
        by_doc.setdefault(section.doc_id, []).extend(section.evidence)
    correct = found = linked = gold_total = predicted_total = 0
    wrong: list[dict[str, Any]] = []
    for row in rows:
        statement = _closest(row["text"], by_doc.get(row["doc"], []))
        gold = _gold_keys(row)
        predicted = _predicted_keys(statement.sources) if statement else set()
        found += statement is not None
        gold_total += len(gold)
        predicted_total += len(predicted)
        linked += len(gold & predicted)
        if statement is not None and predicted == gold:
            correct += 1
        else:
            wrong.append(
                {
                    "doc": row["doc"],
                    "text": row["text"][:120],
                    "extracted": statement is not None,
                    "missing": sorted(" ".join(k) for k in gold - predicted),
                    "extra": sorted(" ".join(k) for k in predicted - gold),
                }
            )
    n = len(rows)
    return {
        "statements": n,
        "found": found,
        "correct": correct,
        "accuracy": round(correct / n, 3) if n else None,
        "source_precision": round(linked / predicted_total, 3) if predicted_total else None,
        "source_recall": round(linked / gold_total, 3) if gold_total else None,
        "wrong": wrong,
    }


def _field_value(ref: Reference, field: str) -> Any:
    value = getattr(ref, field)
    return list(value) if field == "authors" else value


def _field_scores(pairs: list[tuple[dict[str, Any], Reference | None]]) -> dict[str, Any]:
    n = len(pairs)
    scores: dict[str, Any] = {"entries": n, "found": sum(p is not None for _, p in pairs)}
    for field in FIELDS:
        right = sum(p is not None and _field_value(p, field) == g[field] for g, p in pairs)
        scores[field] = round(right / n, 3) if n else None
    return scores


def evaluate_references(
    rows: list[dict[str, Any]],
    documents: Sequence[Document] = (),
    sections: Sequence[Section] = (),
) -> dict[str, Any]:
    """Field accuracy per group of labelled entries.

    ``parser``: the labelled entry text parsed alone. ``corpus end to end``: each corpus entry
    matched to what ingest made of the document (its parsed reference list, or the note that
    cites the work), so missed or mis-split entries count as wrong in every field.
    """
    groups: dict[str, list[tuple[dict[str, Any], Reference | None]]] = {}
    for row in rows:
        group = "corpus" if not row["doc"].endswith("styles") else row["doc"]
        groups.setdefault(f"parser, {group}", []).append((row, parse_entry(row["text"])))
    if documents:
        listed = {d.id: d.references for d in documents}
        noted: dict[str, list[Reference]] = {}
        for section in sections:
            for note in section.notes:
                noted.setdefault(section.doc_id, []).append(parse_entry(note.text, note.marker))
        pairs = []
        for row in rows:
            if row["doc"].endswith("styles"):
                continue
            pool = listed.get(row["doc"], ()) if row["in"] == "list" else noted.get(row["doc"], [])
            pairs.append((row, _closest(row["text"], pool)))
        groups["corpus end to end"] = pairs
    return {name: _field_scores(pairs) for name, pairs in groups.items()}
