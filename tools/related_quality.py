"""How well "more like this" relates sections: do the suggestions serve the same objectives?

Run: .venv/bin/python -m tools.related_quality [--index DIR] [--limit 5]  (ingests the
corpus into a temporary index when --index is not given). For every sample-corpus section the
golden file labels with an objective, takes the top suggestions of each term choice
(``key-terms``, the default, and Whoosh's ``bo1``) and prints: the share that serve an
objective of the section (by the golden labels), the share from another document, and how many
suggestions the two choices share. There are no relevance judgements for this corpus; shared
objectives are the proxy.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from tools.outline_accuracy import GOLDEN, _key

METHODS = ("key-terms", "bo1")


def golden_objectives() -> dict[tuple[str, str], set[int]]:
    """(document id, heading key) -> objectives the golden file gives the section."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return {
        (doc["id"], _key(s["heading"])): set(s["objectives"])
        for doc in golden["documents"]
        for s in doc["sections"]
    }


def evaluate(index_dir: Path, limit: int = 5) -> dict[str, Any]:
    from ingest.search_index import read_sections
    from search_app.engine.searchers import reader_for
    from search_app.engine.similar import similar

    labels = golden_objectives()
    sections = read_sections(index_dir)
    reader = reader_for(index_dir)
    by_id = {s.id: s for s in sections}

    def objectives(section_id: str) -> set[int] | None:
        s = by_id[section_id]
        return labels.get((s.doc_id, _key(s.heading)))

    picks: dict[str, dict[str, list[str]]] = {m: {} for m in METHODS}
    for s in sections:
        if objectives(s.id):
            for method in METHODS:
                hits = similar(reader, s.id, limit, terms=method)
                picks[method][s.id] = [section.id for section, _score in hits]
    out: dict[str, Any] = {"sections": len(picks[METHODS[0]]), "limit": limit}
    for method, chosen in picks.items():
        pairs = [(src, dst) for src, dsts in chosen.items() for dst in dsts]
        judged = [(src, dst) for src, dst in pairs if objectives(dst) is not None]
        shared = sum(
            bool((objectives(src) or set()) & (objectives(dst) or set())) for src, dst in judged
        )
        other = sum(by_id[src].doc_id != by_id[dst].doc_id for src, dst in pairs)
        out[method] = {
            "suggestions": len(pairs),
            "share_an_objective": round(shared / len(judged), 3) if judged else None,
            "from_another_document": round(other / len(pairs), 3) if pairs else None,
        }
    common = [
        len(set(picks["key-terms"][sid]) & set(picks["bo1"][sid])) for sid in picks["key-terms"]
    ]
    out["overlap_at_limit"] = round(sum(common) / (limit * len(common)), 3) if common else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=5)
    args = parser.parse_args()
    if args.index is not None:
        print(json.dumps(evaluate(args.index, args.limit), indent=2))
        return
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        ingest(load_settings(index_dir=Path(tmp)))
        print(json.dumps(evaluate(Path(tmp), args.limit), indent=2))


if __name__ == "__main__":
    main()
