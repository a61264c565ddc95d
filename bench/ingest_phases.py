"""Where an ingest of one file spends its time, stage by stage, in one process.

    .venv/bin/python bench/ingest_phases.py FILE [--runs N] [--sample]

Runs the stages the ingest runs, one after another in this process, and prints the wall-clock
seconds of each (the median of ``--runs``): reading the pages (pdfplumber words, lines,
tables), sectioning (furniture, headings, levels, sections), merging (document metadata and
page labels), tagging (objectives, evidence and key terms), commitments (extraction and the
follow-up linker over the index as it will be) and writing (one Whoosh commit). Beside them,
raw pdfplumber ``extract_words`` over every page, the floor the reading is held against.
Timings on a shared machine are only comparable within one run.

``--sample`` also reads FILE once under the py-spy sampling profiler (a dev dependency; no
slow-down of the code it watches, unlike cProfile, which inflates pdfminer's many small calls)
and prints the share of the reading spent in pdfplumber's parsing of the page objects, in its
word extraction, in closing pages, and in this project's own code.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from ingest import search_index  # noqa: E402
from ingest.catalogue import discover, group_files, load_catalogue  # noqa: E402
from ingest.commitment_store import prepare  # noqa: E402
from ingest.enrich import Enricher  # noqa: E402
from ingest.pipeline import assemble  # noqa: E402
from ingest.readers import read  # noqa: E402
from ingest.settings import load_settings  # noqa: E402
from ingest.workers import _sectioned  # noqa: E402


def raw(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def stages(path: Path) -> dict[str, float]:
    settings = load_settings()
    out: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        out[name] = now - clock
        clock = now

    if path.suffix.lower() == ".pdf":
        raw(path)
        lap("raw pdfplumber extract_words")
    [group] = group_files(discover([path]), load_catalogue(settings.catalogue_file), ROOT)
    document = read(path)
    lap("reading pages")
    parsed = _sectioned(path, document, group.document.id)
    lap("sectioning")
    merged_doc, merged = assemble(group, [parsed])
    lap("merging")
    enricher = Enricher.from_settings(settings)
    merged_doc, merged = enricher.enrich(merged_doc, merged)
    lap("tagging, evidence, key terms")
    with tempfile.TemporaryDirectory(prefix="phases-") as index:
        attach = prepare(settings, Path(index), [merged_doc], merged)
        lap("commitments")
        search_index.write_index(Path(index), [merged_doc], merged, attach=attach)
        lap("writing the index")
    return out


READ = (
    "import sys; from pathlib import Path; from ingest.workers import parse_file; "
    "parse_file(Path(sys.argv[1]), 'doc')"
)


def sampled(path: Path) -> dict[str, float]:
    """Shares of the reading of ``path`` by where py-spy found it (stack samples, 200 a second)."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed: pip install py-spy (or ./run setup)")
    with tempfile.TemporaryDirectory(prefix="phases-") as tmp:
        out = Path(tmp) / "samples.txt"
        subprocess.run(
            [spy, "record", "-r", "200", "-f", "raw", "-o", str(out), "--",
             sys.executable, "-c", READ, str(path)],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip
        counts: Counter[str] = Counter()
        for line in out.read_text().splitlines():
            stack, n = line.rsplit(" ", 1)
            if "_find_and_load" in stack or "<module>" in stack.split(";", 1)[-1]:
                where = "start-up and imports"
            elif "Page.parse_objects" in stack:
                where = "pdfplumber: page objects (pdfminer)"
            elif "extract_words" in stack or "iter_extract_tuples" in stack:
                where = "pdfplumber: word extraction"
            elif "Page.close" in stack:
                where = "pdfplumber: closing pages"
            elif "ingest/" in stack:
                where = "this project's code"
            else:
                where = "start-up and imports"
            counts[where] += int(n)
    total = sum(counts.values())
    return {where: n / total for where, n in counts.most_common()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sample", action="store_true", help="also sample the reading (py-spy)")
    args = parser.parse_args()
    runs = [stages(args.file) for _ in range(args.runs)]
    print(f"{args.file.name}: median of {args.runs} run(s), seconds")
    total = 0.0
    for name in runs[0]:
        seconds = statistics.median(r[name] for r in runs)
        if not name.startswith("raw"):
            total += seconds
        print(f"  {name:<32} {seconds:7.2f}")
    print(f"  {'ingest stages in all':<32} {total:7.2f}")
    if args.sample:
        print("reading the file, by where py-spy's samples fell:")
        for where, share in sampled(args.file).items():
            print(f"  {where:<38} {100 * share:5.1f}%")


if __name__ == "__main__":
    main()
