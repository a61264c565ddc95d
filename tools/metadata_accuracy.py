"""Title, author and year accuracy of metadata inferred without a catalogue entry (issue 11).

Sets (each scored when its files are present):
- ``devset``: ``tests/fixtures/devset/*.pdf`` against ``tests/golden/devset/<stem>.json``;
- ``realworld``: ``../shared/realworld/{docling,unstructured}`` against
  ``tests/golden/realworld_metadata.json`` (a ``null`` truth is right only when nothing is
  inferred);
- ``sample``: the shipped sample editions in ``corpus/`` against their catalogue entries, with
  the catalogue ignored while inferring.

Every file is read by the real reader and described by :func:`ingest.metadata.describe`, as
an ingest without a catalogue entry does; fields are compared as ``tools.outline_devset``
compares them (words case-folded; a title may match one of its golden alternatives; the year
of ``issued``).

Run: .venv/bin/python -m tools.metadata_accuracy [--set devset|realworld|sample] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ingest.catalogue import load_catalogue
from ingest.errors import IngestError
from ingest.metadata import complete, describe, merge
from ingest.model import Document
from ingest.readers import read
from tools.outline_devset import same_author, same_title, same_year

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "fixtures" / "devset"
DEVSET_GOLDEN = ROOT / "tests" / "golden" / "devset"
REALWORLD = ROOT.parent / "shared" / "realworld"
REALWORLD_GOLDEN = ROOT / "tests" / "golden" / "realworld_metadata.json"
CORPUS = ROOT / "corpus"
FIELDS = ("title", "author", "year")


def infer(paths: Iterable[Path]) -> Document:
    """The document an ingest without a catalogue entry makes of ``paths`` (metadata only)."""
    paths = sorted(paths, key=lambda p: p.suffix.lower() != ".pdf")  # PDFs first, as ingest
    described = []
    for path in paths:
        try:
            described.append(describe(read(path)))
        except IngestError:
            continue
    return complete(Document(id=paths[0].stem, title=""), merge(described))


def score(document: Document, truth: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": document.title,
        "author": document.author,
        "year": document.year,
        "sources": dict(document.metadata_source),
        "title_ok": same_title(
            document.title, truth.get("title"), truth.get("title_alternatives", ())
        ),
        "author_ok": same_author(document.author, truth.get("author")),
        "year_ok": same_year(document.year, truth.get("issued")),
    }


def devset() -> list[dict[str, Any]]:
    rows = []
    for golden in sorted(DEVSET_GOLDEN.glob("*.json")):
        truth = json.loads(golden.read_text(encoding="utf-8"))
        path = DEVSET / truth["file"]
        if path.exists():
            rows.append({"file": truth["file"], **score(infer([path]), truth)})
    return rows


def realworld() -> list[dict[str, Any]]:
    if not REALWORLD_GOLDEN.exists() or not REALWORLD.exists():
        return []
    data = json.loads(REALWORLD_GOLDEN.read_text(encoding="utf-8"))
    entries = data["files"] if isinstance(data, dict) and "files" in data else data
    rows = []
    for truth in entries:
        path = REALWORLD / truth["file"]
        if path.exists():
            rows.append({"file": truth["file"], **score(infer([path]), truth)})
    return rows


def sample() -> list[dict[str, Any]]:
    rows = []
    for entry in load_catalogue(CORPUS / "catalogue.toml"):
        paths = [CORPUS / name for name in entry.files if (CORPUS / name).exists()]
        if paths:
            truth = {"title": entry.title, "author": entry.author, "issued": entry.issued}
            rows.append({"file": entry.id, **score(infer(paths), truth)})
    return rows


SETS = {"devset": devset, "realworld": realworld, "sample": sample}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"files": len(rows)}
    for field in FIELDS:
        hits = sum(bool(r[f"{field}_ok"]) for r in rows)
        out[field] = round(hits / len(rows), 3) if rows else None
        out[f"{field}_right"] = hits
    return out


def table(name: str, rows: list[dict[str, Any]]) -> str:
    lines = [f"== {name}: {len(rows)} files"]
    for r in rows:
        marks = " ".join("ok " if r[f"{f}_ok"] else "NO " for f in FIELDS)
        lines.append(f"  {marks} {r['file'][:44]:44} {r['title'][:50]!r} | {r['author'][:30]!r}")
    s = summary(rows)
    if rows:
        lines.append(
            "  accuracy: "
            + "  ".join(f"{f} {s[f]:.3f} ({s[f + '_right']}/{len(rows)})" for f in FIELDS)
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=list(SETS), action="append", dest="sets")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # damaged pages are reported by ingest, not here
    results = {name: SETS[name]() for name in args.sets or SETS}
    if args.json:
        print(
            json.dumps(
                {n: {"summary": summary(r), "files": r} for n, r in results.items()},
                indent=1,
                ensure_ascii=False,
            )
        )
    else:
        print("\n".join(table(name, rows) for name, rows in results.items()))


if __name__ == "__main__":
    main()
