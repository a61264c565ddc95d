"""Build the sample corpus: PDF and RTF sample editions and the golden outline.

    .venv/bin/python -m tools.corpus.build               # every tools/corpus/src/*.txt
    .venv/bin/python -m tools.corpus.build --only his-2010

Output is deterministic: rebuilding unchanged sources rewrites identical bytes.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import DocMeta, catalogue_order, load_catalogue
from .golden import check_pdf, golden_entry, write_golden
from .markup import MarkupError, SourceDocument, parse_file
from .pdf import render_pdf
from .rtf import render_rtf

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
WORDS_PER_PAGE = 450  # a word-processed A4 page of body text, for RTF-only page estimates
MIN_PAGES = {
    "his-2010": 24,
    "evidence-review": 16,
    "delivery-plan-2015": 12,
    "indicator-report-2015": 10,
    "early-years-2011": 10,
    "one-year-on-2011": 8,
}
DEFAULT_MIN_PAGES = 6


@dataclass(frozen=True)
class Paths:
    src: Path
    out: Path
    golden: Path
    catalogue: Path

    @classmethod
    def default(cls) -> Paths:
        return cls(
            src=ROOT / "tools" / "corpus" / "src",
            out=ROOT / "corpus",
            golden=ROOT / "tests" / "golden" / "sample_corpus.json",
            catalogue=ROOT / "corpus" / "catalogue.toml",
        )


@dataclass(frozen=True)
class Built:
    doc_id: str
    formats: tuple[str, ...]
    pages: int | None
    estimated_pages: int
    words: int
    problems: tuple[str, ...]


def build_one(doc: SourceDocument, meta: DocMeta, paths: Paths) -> tuple[Built, dict[str, Any]]:
    paths.out.mkdir(parents=True, exist_ok=True)
    pdf_result = None
    problems: list[str] = []
    pdf_path = paths.out / f"{doc.doc_id}.pdf"
    rtf_path = paths.out / f"{doc.doc_id}.rtf"
    if "pdf" in doc.formats:
        pdf_result = render_pdf(doc, meta, pdf_path)
    else:
        pdf_path.unlink(missing_ok=True)  # a stale edition of a format no longer published
    if "rtf" in doc.formats:
        render_rtf(doc, meta, rtf_path)
    else:
        rtf_path.unlink(missing_ok=True)
    entry = golden_entry(doc, pdf_result)
    if pdf_result:
        problems += check_pdf(pdf_path, entry)
    expected = sorted(f"{doc.doc_id}.{fmt}" for fmt in doc.formats)
    if meta.files and sorted(meta.files) != expected:
        problems.append(f"catalogue files {list(meta.files)} but @formats gives {expected}")
    if meta.title and _fold(meta.title) != _fold(doc.title):
        problems.append(f"catalogue title {meta.title!r} differs from @title {doc.title!r}")
    words = doc.word_count()
    estimated = pdf_result.pages if pdf_result else max(1, round(words / WORDS_PER_PAGE))
    minimum = MIN_PAGES.get(doc.doc_id, DEFAULT_MIN_PAGES)
    if estimated < minimum:
        problems.append(f"too short: {estimated} pages, the brief asks for at least {minimum}")
    built = Built(
        doc.doc_id,
        doc.formats,
        pdf_result.pages if pdf_result else None,
        estimated,
        words,
        tuple(problems),
    )
    return built, entry


def _fold(title: str) -> str:
    # Typographic and typewriter quotes and dashes count as the same title.
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})
    return " ".join(title.translate(table).split())


def build(paths: Paths, only: list[str] | None = None) -> tuple[list[Built], list[str]]:
    """Build every source (or those in `only`); returns what was built and the failures."""
    catalogue = load_catalogue(paths.catalogue)
    sources = sorted(paths.src.glob("*.txt"))
    if only:
        sources = [s for s in sources if s.stem in only]
        missing = set(only) - {s.stem for s in sources}
        if missing:
            return [], [f"{m}: no source {paths.src / (m + '.txt')}" for m in sorted(missing)]
    built: list[Built] = []
    failures: list[str] = []
    entries: dict[str, dict[str, Any]] = {}
    for source in sources:
        try:
            doc = parse_file(source)
            result, entry = build_one(doc, catalogue.get(doc.doc_id, DocMeta(doc.doc_id)), paths)
        except (MarkupError, OSError) as exc:
            # One broken source must not stop the others being built.
            failures.append(f"{source.stem}: {exc}")
            continue
        built.append(result)
        entries[doc.doc_id] = entry
    if entries:
        write_golden(paths.golden, entries, catalogue_order(paths.catalogue))
    return built, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.corpus.build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", action="append", metavar="ID", help="build just this id")
    parser.add_argument("--src", type=Path, help="folder of <id>.txt sources")
    parser.add_argument("--out", type=Path, help="folder for the PDF and RTF files")
    parser.add_argument("--golden", type=Path, help="golden outline JSON to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    default = Paths.default()
    paths = Paths(
        src=args.src or default.src,
        out=args.out or default.out,
        golden=args.golden or default.golden,
        catalogue=default.catalogue,
    )
    built, failures = build(paths, args.only)
    log.info("%-24s %-8s %6s %6s %7s  %s", "id", "formats", "pages", "est.", "words", "notes")
    for item in built:
        log.info(
            "%-24s %-8s %6s %6d %7d  %s",
            item.doc_id,
            "+".join(item.formats),
            item.pages if item.pages is not None else "-",
            item.estimated_pages,
            item.words,
            "; ".join(item.problems) or "ok",
        )
    for failure in failures:
        log.error("FAILED %s", failure)
    serious = [p for item in built for p in item.problems if not p.startswith("too short")]
    return 1 if failures or serious else 0


if __name__ == "__main__":
    sys.exit(main())
