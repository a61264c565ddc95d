"""Score the project's outline and metadata on reports other producers made.

Two sets:
- the development set (default): ``tests/fixtures/devset/*.pdf`` against the hand-checked
  golden files in ``tests/golden/devset/`` (headings with level and page; title, author, year);
- ``--docling``: ``../shared/realworld/docling/*.pdf`` against docling's ``## `` headings in
  ``<stem>.docling.md`` (a peer's reading, not the truth: issue 10's peer-agreement figure).

Each file is ingested as a user would ingest it (the real pipeline, no catalogue entry, into a
temporary index). Headings match by normalised text (case, punctuation and spacing folded; a
section number such as "2.1", before the title or after it, may be present on one side only).
Reported per file and overall: precision and recall, page accuracy of matched headings (exact
and within one page), level accuracy of matched headings, and title / author / year accuracy
where a truth exists.

``--realworld-metadata`` scores only title, author and year of the reports under
``../shared/realworld`` against ``tests/golden/realworld_metadata.json``.

Run: .venv/bin/python -m tools.outline_devset [--docling | --realworld-metadata] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "fixtures" / "devset"
GOLDEN = ROOT / "tests" / "golden" / "devset"
REALWORLD = ROOT.parent / "shared" / "realworld"
DOCLING = REALWORLD / "docling"
REALWORLD_METADATA = ROOT / "tests" / "golden" / "realworld_metadata.json"
_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}|[A-Z](?:\.\d{1,2}){1,4})\.?\s+")
# The same number read after the title: docling puts a chapter number set to the right of its
# title at the end ("들어가며 1" for "1 들어가며").
_TRAILING_NUMBER = re.compile(r"\s+\d{1,2}$")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int | None = None
    page: int | None = None


def key(text: str) -> str:
    """Text folded for matching: words only, case-folded."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def bare_key(text: str) -> str:
    """``key`` without a section number before or after the title ("2.1 Children" and
    "Children 2" -> "children")."""
    return key(_TRAILING_NUMBER.sub("", _NUMBER.sub("", text.strip())))


def match(expected: Sequence[Heading], found: Sequence[Heading]) -> list[tuple[int, int]]:
    """Pairs (expected index, found index), one-to-one, in document order: the exact text
    first, then text without its section number; among equals the nearest page wins."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    done: set[int] = set()
    for fold in (key, bare_key):
        for i, want in enumerate(expected):
            if i in done:
                continue
            candidates = [
                j
                for j, got in enumerate(found)
                if j not in used and fold(got.text) == fold(want.text)
            ]
            if not candidates:
                continue
            j = min(candidates, key=lambda c: abs((found[c].page or 0) - (want.page or 0)))
            pairs.append((i, j))
            used.add(j)
            done.add(i)
    return sorted(pairs)


def compare(
    expected: Sequence[Heading], found: Sequence[Heading], neutral: Iterable[str] = ()
) -> dict[str, Any]:
    """Precision, recall, page and level accuracy of ``found`` against ``expected``.

    A found heading whose text is in ``neutral`` (a box label, the contents page's title)
    counts neither for nor against: the golden README says why each is neutral."""
    skip = {key(t) for t in neutral} | {bare_key(t) for t in neutral}
    found = [h for h in found if key(h.text) not in skip and bare_key(h.text) not in skip]
    pairs = match(expected, found)
    paged = [(expected[i], found[j]) for i, j in pairs if expected[i].page is not None]
    levelled = [(expected[i], found[j]) for i, j in pairs if expected[i].level is not None]
    matched_found = {j for _, j in pairs}
    matched_expected = {i for i, _ in pairs}
    return {
        "expected": len(expected),
        "found": len(found),
        "matched": len(pairs),
        "precision": _ratio(len(pairs), len(found)),
        "recall": _ratio(len(pairs), len(expected)),
        "page_exact": _ratio(sum(e.page == f.page for e, f in paged), len(paged)),
        "page_within_1": _ratio(
            sum(f.page is not None and abs(e.page - f.page) <= 1 for e, f in paged),  # type: ignore[operator]
            len(paged),
        ),
        "level_accuracy": _ratio(sum(e.level == f.level for e, f in levelled), len(levelled)),
        "missing": [h.text for i, h in enumerate(expected) if i not in matched_expected],
        "unexpected": [h.text for j, h in enumerate(found) if j not in matched_found],
    }


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def _same(got: str, truth: str | None, alternatives: Iterable[str] = ()) -> bool:
    """Right when ``got`` is the truth or an accepted variant (case, punctuation folded);
    where the file prints no value (``truth`` None), no value is right too."""
    accepted = {key(a) for a in alternatives}
    if truth is None:
        return not got.strip() or key(got) in accepted
    return key(got) in {key(truth), *accepted}


def _printed(truth: dict[str, Any]) -> dict[str, bool]:
    """Which fields the file prints (a null truth is an easy hit: counted apart too)."""
    return {
        "title_printed": truth.get("title") is not None,
        "author_printed": truth.get("author") is not None,
        "year_printed": truth.get("issued") is not None,
    }


def same_year(got: int | None, truth: str | None, alternatives: Iterable[int] = ()) -> bool:
    return got == (int(truth[:4]) if truth else None) or (got is not None and got in alternatives)


def metadata_scores(document: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    """Right or wrong per field: title, corporate author, year (accepted variants allowed)."""
    title, author = document.get("title") or "", document.get("author") or ""
    if not document:  # a rejected file gives the user nothing, whatever the truth
        wrong = {"title_ok": False, "author_ok": False, "year_ok": False}
        return _printed(truth) | {"title": "", "author": "", "year": None} | wrong
    return _printed(truth) | {
        "title": title,
        "author": author,
        "year": document.get("year"),
        "title_ok": _same(title, truth.get("title"), truth.get("title_alternatives", ())),
        "author_ok": _same(author, truth.get("author"), truth.get("author_alternatives", ())),
        "year_ok": same_year(
            document.get("year"), truth.get("issued"), truth.get("year_alternatives", ())
        ),
    }


def ingest_files(
    paths: Sequence[Path], index_dir: Path
) -> dict[Path, tuple[dict[str, Any], list[Heading]]]:
    """Ingest ``paths`` with the real pipeline (no catalogue entries); per file its document
    (as ``Document.to_dict``) and the headings the sectioner made (front matter left out)."""
    from ingest.pipeline import ingest
    from ingest.search_index import get_document, read_sections
    from ingest.sections import FRONT_MATTER
    from ingest.settings import load_settings

    report = ingest(load_settings(index_dir=index_dir), [p.resolve() for p in paths])
    out: dict[Path, tuple[dict[str, Any], list[Heading]]] = {}
    for summary in report.documents:
        document = get_document(index_dir, summary.id)
        path = Path(summary.files[0])
        if document is None:
            continue
        headings = [
            Heading(s.heading, s.level, s.page_start)
            for s in read_sections(index_dir, summary.id)
            if s.heading != FRONT_MATTER
        ]
        out[path.resolve()] = (document.to_dict(), headings)
    return out


def load_golden(folder: Path = GOLDEN) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def golden_headings(golden: dict[str, Any]) -> list[Heading]:
    return [Heading(h["text"], h["level"], h["page"]) for h in golden["headings"]]


def evaluate_devset(index_dir: Path) -> dict[str, Any]:
    goldens = load_golden()
    ingested = ingest_files([DEVSET / g["file"] for g in goldens], index_dir)
    rows = []
    for g in goldens:
        path = (DEVSET / g["file"]).resolve()
        document, headings = ingested.get(path, ({}, []))
        row = {"file": g["file"], "rejected": path not in ingested}
        row |= compare(golden_headings(g), headings, g.get("neutral", ()))
        row |= metadata_scores(document, g)
        rows.append(row)
    return {"set": "devset", "overall": overall(rows), "files": rows}


def docling_headings(markdown: Path) -> list[Heading]:
    """docling's section headings: its ``## `` lines (markdown escapes undone)."""
    lines = markdown.read_text(encoding="utf-8").splitlines()
    return [
        Heading(line[3:].replace("\\_", "_").replace("&amp;", "&").strip())
        for line in lines
        if line.startswith("## ")
    ]


def evaluate_docling(index_dir: Path, folder: Path = DOCLING) -> dict[str, Any]:
    pairs = [
        (md.with_name(md.name.replace(".docling.md", ".pdf")), md)
        for md in sorted(folder.glob("*.docling.md"))
    ]
    pairs = [(pdf, md) for pdf, md in pairs if pdf.exists()]
    ingested = ingest_files([pdf for pdf, _ in pairs], index_dir)
    rows = []
    for pdf, md in pairs:
        _, headings = ingested.get(pdf.resolve(), ({}, []))
        peer = docling_headings(md)
        row = {"file": pdf.name, "rejected": pdf.resolve() not in ingested}
        row |= compare(peer, [Heading(h.text) for h in headings])
        # In peer terms: recall = share of docling's headings we find, precision = share of
        # ours that docling has.
        rows.append(row)
    return {"set": "docling", "overall": overall(rows), "files": rows}


def evaluate_realworld_metadata(index_dir: Path, folder: Path = REALWORLD) -> dict[str, Any]:
    """Title, author and year of the realworld reports against their hand-made truth."""
    truth = json.loads(REALWORLD_METADATA.read_text(encoding="utf-8"))["files"]
    paths = {name: (folder / name).resolve() for name in truth}
    ingested = ingest_files([p for p in paths.values() if p.exists()], index_dir)
    rows = []
    for name, expected in truth.items():
        document, _ = ingested.get(paths[name], ({}, []))
        row = {"file": name, "rejected": paths[name] not in ingested}
        row |= {"expected": 0, "found": 0, "matched": 0}
        row |= {f: None for f in ("precision", "recall", "page_exact", "page_within_1")}
        row |= {"level_accuracy": None} | metadata_scores(document, expected)
        rows.append(row)
    return {"set": "realworld-metadata", "overall": overall(rows), "files": rows}


def overall(rows: list[dict[str, Any]]) -> dict[str, Any]:
    expected = sum(r["expected"] for r in rows)
    found = sum(r["found"] for r in rows)
    matched = sum(r["matched"] for r in rows)

    def pooled(field: str) -> float | None:
        values = [(r[field], r["matched"]) for r in rows if r.get(field) is not None]
        weight = sum(m for _, m in values)
        return round(sum(v * m for v, m in values) / weight, 3) if weight else None

    out: dict[str, Any] = {
        "files": len(rows),
        "rejected": sum(r["rejected"] for r in rows),
        "expected": expected,
        "found": found,
        "matched": matched,
        "precision": _ratio(matched, found),
        "recall": _ratio(matched, expected),
        "page_exact": pooled("page_exact"),
        "page_within_1": pooled("page_within_1"),
        "level_accuracy": pooled("level_accuracy"),
    }
    for name in ("title", "author", "year"):
        judged = [r[f"{name}_ok"] for r in rows if f"{name}_ok" in r]
        if judged:
            out[f"{name}_accuracy"] = _ratio(sum(judged), len(judged))
        printed = [r[f"{name}_ok"] for r in rows if r.get(f"{name}_printed")]
        if printed and len(printed) < len(judged):
            out[f"{name}_accuracy_where_printed"] = _ratio(sum(printed), len(printed))
    return out


def table(result: dict[str, Any]) -> str:
    """A plain-text table: one line per file and an overall line."""
    cols = ["precision", "recall", "page_exact", "page_within_1", "level_accuracy"]
    meta = ["title_ok", "author_ok", "year_ok"]
    head = f"{'file':44} {'exp':>4} {'found':>5} {'match':>5} " + " ".join(
        f"{c[:9]:>9}" for c in cols
    )
    has_meta = any("title_ok" in r for r in result["files"])
    if has_meta:
        head += "  title author year"
    lines = [head]

    def fmt(v: Any) -> str:
        return "     -   " if v is None else f"{v:9.3f}"

    for r in result["files"]:
        line = f"{r['file'][:44]:44} {r['expected']:4d} {r['found']:5d} {r['matched']:5d} "
        line += " ".join(fmt(r[c]) for c in cols)
        if has_meta:
            line += "  " + "  ".join(f"{'yes' if r[m] else 'no':>5}" for m in meta)
        if r["rejected"]:
            line += "  REJECTED"
        lines.append(line)
    o = result["overall"]
    line = f"{'OVERALL':44} {o['expected']:4d} {o['found']:5d} {o['matched']:5d} "
    line += " ".join(fmt(o[c]) for c in cols)
    if has_meta:
        line += "  " + " ".join(f"{o.get(m.replace('_ok', '_accuracy'), 0):5.2f}" for m in meta)
    lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docling", action="store_true", help="score against docling's headings")
    parser.add_argument(
        "--realworld-metadata",
        action="store_true",
        help="title/author/year of ../shared/realworld reports against "
        "tests/golden/realworld_metadata.json",
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if (args.docling or args.realworld_metadata) and not REALWORLD.is_dir():
            raise SystemExit(f"no realworld files at {REALWORLD}")
        if args.docling:
            result = evaluate_docling(Path(tmp))
        elif args.realworld_metadata:
            result = evaluate_realworld_metadata(Path(tmp))
        else:
            result = evaluate_devset(Path(tmp))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(table(result))
        if args.docling:
            o = result["overall"]
            print(f"docling's headings we find: {o['recall']}; ours docling has: {o['precision']}")
        printed = {k: v for k, v in result["overall"].items() if k.endswith("_where_printed")}
        if printed:
            print(
                "where the file prints the field: "
                + ", ".join(f"{k} {v}" for k, v in printed.items())
            )


if __name__ == "__main__":
    main()
