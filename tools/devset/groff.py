"""A report set with groff -ms (with tbl), distilled by Ghostscript's ps2pdf: Roman-numbered
front matter, a contents page with dot leaders, Part / Chapter / Appendix headings, and
/PageLabels added afterwards (as Acrobat users do) so printed and physical pages differ."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from tools.devset import pdftext

_HEAD = re.compile(r'^\.H([123]) "(.+)"$', re.M)


def headings(source: str) -> list[tuple[int, str]]:
    """(macro level, text) of each .H1/.H2/.H3 line."""
    return [(int(level), text) for level, text in _HEAD.findall(source)]


def roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out


def contents(entries: list[tuple[int, str, str]]) -> str:
    """troff for a contents page: entries (macro level, text, printed page), dot leaders."""
    lines = [
        ".LP",
        ".ps 18",
        ".ft HB",
        "Contents",
        ".ft",
        ".ps",
        ".sp 0.8",
        ".nf",
        ".lc .",
    ]
    for level, text, page in entries:
        indent = 0.3 * (level - 1)
        # tab stops count from the indent: keep the page numbers on the right margin
        lines += [f".in {indent:.1f}i", f".ta {6.27 - indent:.2f}iR"]
        if level == 1:
            lines += [".sp 0.5", ".ft B"]
        lines.append(f"{text}\x01{page}")  # control-A: a leader, filled with dots
        if level == 1:
            lines.append(".ft")
    lines += [".in 0", ".fi"]
    return "\n".join(lines)


def render(source: str, work: Path, out: Path) -> Path:
    ms = work / "report.ms"
    ms.write_text(source, encoding="utf-8")
    ps = work / "report.ps"
    with ps.open("wb") as fh:
        subprocess.run(
            ["groff", "-ms", "-t", "-Tps", "-dpaper=a4", "-P-pa4", str(ms)],
            check=True,
            stdout=fh,
            timeout=120,
        )
    subprocess.run(
        ["ps2pdf", "-sPAPERSIZE=a4", "-dPDFSETTINGS=/prepress", str(ps), str(out)],
        check=True,
        timeout=120,
    )
    return out


def build(source_path: Path, work: Path, out: Path, front_pages: int) -> list[tuple[int, str, int]]:
    """Two passes (contents pages from the first); returns (macro level, text, physical page)."""
    source = source_path.read_text(encoding="utf-8")
    found = headings(source)
    entries = [(level, text, "0") for level, text in found]
    raw = work / "groff.pdf"
    for _ in range(2):
        render(source.replace("@CONTENTS@", contents(entries)), work, raw)
        pages = pdftext.locate(raw, [t for _, t in found], start_page=4)
        entries = [
            (level, text, roman(p) if p <= front_pages else str(p - front_pages))
            for (level, text), p in zip(found, pages, strict=True)
        ]
    writer = PdfWriter(clone_from=PdfReader(raw))
    writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN)
    writer.set_page_label(front_pages, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)
    with out.open("wb") as fh:
        writer.write(fh)
    return [(level, text, p) for (level, text), p in zip(found, pages, strict=True)]
