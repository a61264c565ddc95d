"""How well the ingested outline matches the sample corpus's golden outline.

Run: .venv/bin/python -m tools.outline_accuracy [--index DIR]  (ingests the corpus into a
temporary index when --index is not given). Prints, per document and overall: heading recall
and precision (exact heading text after whitespace/case folding), level accuracy and
physical-page accuracy of the matched headings.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.model import Section
from ingest.sections import FRONT_MATTER

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample_corpus.json"


def _key(heading: str) -> str:
    return " ".join(re.findall(r"\w+", heading.casefold()))


def compare(golden_doc: dict[str, Any], sections: Sequence[Section]) -> dict[str, Any]:
    expected = golden_doc["sections"]
    # Text before the first heading (cover, imprint) is kept as a section under a made-up
    # heading; it is not a printed heading, so it counts neither for nor against precision.
    sections = [s for s in sections if s.heading != FRONT_MATTER]
    found = {_key(s.heading): s for s in sections}
    wanted = {_key(g["heading"]) for g in expected}
    matched = [(g, found[_key(g["heading"])]) for g in expected if _key(g["heading"]) in found]
    extra = [s.heading for s in sections if _key(s.heading) not in wanted]
    paged = [(g, s) for g, s in matched if g.get("page") is not None]
    return {
        "doc": golden_doc["id"],
        "expected": len(expected),
        "found": len(sections),
        "matched": len(matched),
        "recall": round(len(matched) / len(expected), 3) if expected else 1.0,
        "precision": round(len(matched) / len(sections), 3) if sections else 0.0,
        "level_accuracy": _ratio(sum(g["level"] == s.level for g, s in matched), len(matched)),
        "page_accuracy": _ratio(sum(g["page"] == s.page_start for g, s in paged), len(paged)),
        "missing": [g["heading"] for g in expected if _key(g["heading"]) not in found],
        "unexpected": extra,
    }


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def overall(rows: list[dict[str, Any]]) -> dict[str, Any]:
    expected = sum(r["expected"] for r in rows)
    found = sum(r["found"] for r in rows)
    matched = sum(r["matched"] for r in rows)
    return {
        "documents": len(rows),
        "expected": expected,
        "found": found,
        "matched": matched,
        "recall": round(matched / expected, 3) if expected else None,
        "precision": round(matched / found, 3) if found else None,
    }


def evaluate(index_dir: Path) -> dict[str, Any]:
    from ingest.search_index import read_sections

    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    rows = [compare(doc, read_sections(index_dir, doc["id"])) for doc in golden["documents"]]
    return {"overall": overall(rows), "documents": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    args = parser.parse_args()
    if args.index:
        result = evaluate(args.index)
    else:
        from ingest.pipeline import ingest
        from ingest.settings import load_settings

        with tempfile.TemporaryDirectory() as tmp:
            ingest(load_settings(index_dir=Path(tmp)))
            result = evaluate(Path(tmp))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
