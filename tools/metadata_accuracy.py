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
from tools.outline_devset import metadata_scores

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "fixtures" / "devset"
DEVSET_GOLDEN = ROOT / "tests" / "golden" / "devset"
REALWORLD = ROOT.parent / "shared" / "realworld"
REALWORLD_GOLDEN = ROOT / "tests" / "golden" / "realworld_metadata.json"
CORPUS = ROOT / "corpus"
FIELDS = ("title", "author", "year")
STRICT = False  # set by --strict


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


# Values the product shows only as a marked last resort: the file's name for a title, the
# file's creation date for a year. They say "not printed in the document", so where the truth
# is that the document prints no such value they count as no value; --strict counts them.
LAST_RESORT = {"title": ("filename",), "issued": ("pdf-info", "rtf-info", "filename")}


def score(document: Document, truth: dict[str, Any], strict: bool = False) -> dict[str, Any]:
    """Right or wrong per field, by ``tools.outline_devset``'s rules (case and punctuation
    folded, accepted variants, a null truth right for no value). A file that cannot be read
    gives no value (the devset scorer counts it wrong whatever the truth)."""
    shown = document.to_dict()
    if not strict:
        for field, sources in LAST_RESORT.items():
            if document.metadata_source.get(field) in sources:
                shown[field] = ""
                if field == "issued":
                    shown["year"] = None
    row = metadata_scores(shown, truth)
    return row | {
        "title": document.title,
        "author": document.author,
        "year": document.year,
        "sources": dict(document.metadata_source),
    }


def devset() -> list[dict[str, Any]]:
    rows = []
    for golden in sorted(DEVSET_GOLDEN.glob("*.json")):
        truth = json.loads(golden.read_text(encoding="utf-8"))
        path = DEVSET / truth["file"]
        if path.exists():
            rows.append({"file": truth["file"], **score(infer([path]), truth, STRICT)})
    return rows


def realworld(max_pages: int | None = None) -> list[dict[str, Any]]:
    """``max_pages`` leaves out longer files (the 619-page scale test takes a minute to read)."""
    if not REALWORLD_GOLDEN.exists() or not REALWORLD.exists():
        return []
    data = json.loads(REALWORLD_GOLDEN.read_text(encoding="utf-8"))
    rows = []
    for name, truth in data["files"].items():
        path = REALWORLD / name
        if path.exists() and (max_pages is None or _pages(path) <= max_pages):
            rows.append({"file": name, **score(infer([path]), truth, STRICT)})
    return rows


def _pages(path: Path) -> int:
    from ingest.readers.pdf import count_pages

    try:
        return count_pages(path) if path.suffix.lower() == ".pdf" else 0
    except IngestError:
        return 0


def sample() -> list[dict[str, Any]]:
    rows = []
    for entry in load_catalogue(CORPUS / "catalogue.toml"):
        paths = [CORPUS / name for name in entry.files if (CORPUS / name).exists()]
        if paths:
            truth = {"title": entry.title, "author": entry.author, "issued": entry.issued}
            rows.append({"file": entry.id, **score(infer(paths), truth, STRICT)})
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
    parser.add_argument(
        "--strict", action="store_true", help="count last-resort values (file name, creation date)"
    )
    args = parser.parse_args()
    global STRICT
    STRICT = args.strict
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
