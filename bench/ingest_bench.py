"""Ingest benchmark: speed against raw pdfplumber, parallel speed-up, memory, re-ingest.

Run: .venv/bin/python bench/ingest_bench.py  (about two minutes on 2 cores)
     .venv/bin/python bench/ingest_bench.py --long  (one long report on both cores, median of
     three: raw pdfplumber, 1 worker, 2 workers, peak memory; see bench/ingest_long.py)
Writes bench-output/ingest.json and prints a table. Figures:
- pages/s of our reader + sectioner vs raw pdfplumber ``extract_words`` on the same pages, in
  the same run, for the real-world PDFs and a generated 300-page report (overhead target
  <= 25%);
- speed-up of the worker pool from 1 to 2 processes (target >= 1.7x), over the set of files
  and over the 300-page report alone (read in chunks of pages by both workers);
- peak memory of a worker parsing the 300-page report (target < 400 MB);
- re-ingest of the unchanged sample corpus (target < 1 s) and after one changed file.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from ingest.errors import IngestError  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.settings import load_settings  # noqa: E402
from ingest.workers import Limits, parse_all, parse_file  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "realworld" / "pdf"


def raw_seconds(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_words()
            page.close()
    return pages, time.perf_counter() - started


def our_seconds(path: Path) -> float:
    started = time.perf_counter()
    parse_file(path, "bench")
    return time.perf_counter() - started


def readable(paths: list[Path]) -> list[Path]:
    good = []
    for path in paths:
        try:
            parse_file(path, "probe")
            good.append(path)
        except IngestError:
            pass
    return good


def compare(paths: list[Path], rounds: int) -> dict:
    """Best of ``rounds`` for each file, raw and ours interleaved so drift hits both alike."""
    pages = raw = ours = 0.0
    for path in paths:
        best_raw = best_ours = float("inf")
        for _ in range(rounds):
            n, seconds = raw_seconds(path)
            best_raw = min(best_raw, seconds)
            best_ours = min(best_ours, our_seconds(path))
        pages += n
        raw += best_raw
        ours += best_ours
    return {
        "files": len(paths),
        "pages": int(pages),
        "raw_pages_per_s": round(pages / raw, 1),
        "our_pages_per_s": round(pages / ours, 1),
        "overhead_pct": round(100 * (ours / raw - 1), 1),
    }


def rtf_speed() -> dict:
    """Seconds per megabyte for the RTF reader on the largest real-world RTFs."""
    from ingest.readers.rtf import read_rtf

    out = {}
    for path in sorted(
        REALWORLD.parent.joinpath("rtf").glob("*.rtf"), key=lambda p: -p.stat().st_size
    )[:2]:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            read_rtf(path)
            best = min(best, time.perf_counter() - started)
        out[path.name] = {
            "mb": round(path.stat().st_size / 1e6, 2),
            "s_per_mb": round(best / (path.stat().st_size / 1e6), 3),
        }
    return out


def speedup(paths: list[Path]) -> dict:
    jobs = [(p, f"d{i}") for i, p in enumerate(paths)]
    timings = {}
    for workers in (1, 2):
        started = time.perf_counter()
        list(parse_all(jobs, workers=workers, limits=Limits()))
        timings[workers] = time.perf_counter() - started
    return {
        "files": len(jobs),
        "one_worker_s": round(timings[1], 2),
        "two_workers_s": round(timings[2], 2),
        "speedup": round(timings[1] / timings[2], 2),
    }


def peak_memory_mb(path: Path) -> float:
    code = (
        "import resource, sys; from pathlib import Path; "
        "from ingest.workers import parse_file; parse_file(Path(sys.argv[1]), 'm'); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return round(int(out.stdout.strip()) / 1024, 1)


def reingest() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        settings = load_settings(corpus_dir=corpus, index_dir=Path(tmp) / "index")
        first = ingest(settings)
        unchanged = ingest(settings)
        cli_started = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).parent / "healthsearch"),
                "ingest",
                "--corpus",
                str(corpus),
                "--index",
                str(settings.index_dir),
            ],
            check=True,
            capture_output=True,
        )
        cli_seconds = time.perf_counter() - cli_started
        target = next(corpus.glob("*.pdf"))
        with target.open("ab") as handle:
            handle.write(b"\n% touched by the benchmark\n")
        changed = ingest(settings)
        return {
            "first_ingest_s": round(first.seconds, 2),
            "documents": len(first.documents),
            "unchanged_s": round(unchanged.seconds, 3),
            "unchanged_cli_s": round(cli_seconds, 3),
            "one_changed_s": round(changed.seconds, 2),
            "one_changed_reingested": [d.id for d in changed.documents],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="best of N per file")
    parser.add_argument(
        "--long",
        action="store_true",
        help="only the long-report benchmark: raw pdfplumber, ingest with 1 and 2 workers "
        "(bench/ingest_long.py)",
    )
    parser.add_argument("--runs", type=int, default=3, help="--long: median of N runs")
    args = parser.parse_args()
    if args.long:
        sys.path.insert(0, str(ROOT / "bench"))
        import ingest_long

        ingest_long.main(args.runs)
        return
    out = ROOT / "bench-output"
    out.mkdir(exist_ok=True)
    long_pdf = out / "long-300.pdf"
    if not long_pdf.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_report.py"), str(long_pdf)],
            check=True,
            capture_output=True,
        )
    realworld = readable(sorted(REALWORLD.glob("*.pdf")))
    corpus_pdfs = sorted((ROOT / "corpus").glob("*.pdf"))
    results = {
        "realworld": compare(realworld, args.rounds),
        "sample_corpus": compare(corpus_pdfs, args.rounds),
        "report_300_pages": compare([long_pdf], 1),
        "parallel_files": speedup(realworld + corpus_pdfs),
        "parallel_300_pages": speedup([long_pdf]),
        "peak_memory_300_pages_mb": peak_memory_mb(long_pdf),
        "rtf_reader": rtf_speed(),
        "reingest": reingest(),
        "max_rss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    (out / "ingest.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
