"""Rebuild every development-set PDF into tests/fixtures/devset/ and print each one's heading
pages (to draft golden files, which are then checked by eye against page renders).

Run: .venv/bin/python -m tools.devset.build [STEM ...]
Needs LibreOffice (soffice), Ghostscript, qpdf, groff and Chromium (Debian packages); the tests
only read the committed PDFs.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from tools.devset import office, reports

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "devset"

BUILDERS: dict[str, Callable[[Path, Path], list[tuple[int, str, int]]]] = reports.BUILDERS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stems", nargs="*", help="build only these (default: all)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, builder in BUILDERS.items():
        if args.stems and stem not in args.stems:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / f"{stem}.pdf"
            headings = builder(Path(tmp), raw)
            office.finish(raw, OUT / f"{stem}.pdf", reports.INFO.get(stem))
        size = (OUT / f"{stem}.pdf").stat().st_size
        print(f"{stem}.pdf  {size // 1024} KB")
        print(json.dumps([{"text": t, "level": lv, "page": p} for lv, t, p in headings]))


if __name__ == "__main__":
    main()
