"""Word-like reports: markup body + cover + imprint + contents -> DOCX -> LibreOffice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.devset import markup, pdftext
from tools.devset.docx_kit import Style, WordReport


@dataclass(frozen=True)
class Cover:
    lines: tuple[tuple[str, float, bool], ...]  # (text, size, bold)
    imprint: tuple[str, ...]


def numbered_titles(items: list[markup.Item], numbered: bool) -> list[tuple[int, str]]:
    """(level, printed text) of each heading, with the number Word would print."""
    counters = [0, 0, 0]
    out = []
    for item in items:
        if item.kind != "heading":
            continue
        if not numbered:
            out.append((item.level, item.text))
            continue
        counters[item.level - 1] += 1
        for deeper in range(item.level, 3):
            counters[deeper] = 0
        number = ".".join(str(c) for c in counters[: item.level])
        out.append((item.level, f"{number} {item.text}"))
    return out


def render(
    report: WordReport,
    items: list[markup.Item],
    cover: Cover,
    toc: list[tuple[int, str, int]] | None,
    hook: Callable[[WordReport, markup.Item], bool] | None = None,
) -> None:
    for text, size, bold in cover.lines:
        if text == "":
            report.paragraph("", size=size)
            continue
        report.paragraph(text, size=size, bold=bold, colour=report.style.heading_colour)
    report.page_break()
    for line in cover.imprint:
        report.paragraph(line, size=9.5, space_before=0)
    report.page_break()
    if toc is not None:
        report.toc(toc)
        report.page_break()
    for item in items:
        if hook and hook(report, item):
            continue
        if item.kind == "heading":
            report.heading(item.level, item.text)
        elif item.kind == "para":
            report.paragraph(item.text)
        elif item.kind == "lead":
            report.lead(item.lead, item.text)
        elif item.kind == "bullets":
            report.bullets(list(item.items), item.glyph)
        elif item.kind in ("numbered", "alpha"):
            report.numbered(list(item.items), "decimal" if item.kind == "numbered" else "alpha")
        elif item.kind == "table":
            header, *rows = (list(r) for r in item.rows)
            report.table(header, rows, caption=item.text)
        elif item.kind == "pagebreak":
            report.page_break()


def build_docx_pdf(
    source: Path,
    style: Style,
    cover: Cover,
    out_docx: Path,
    out_pdf: Path,
    export: Callable[[Path, Path], Path],
    with_toc: bool = True,
    hook: Callable[[WordReport, markup.Item], bool] | None = None,
) -> list[tuple[int, str, int]]:
    """Write the DOCX, convert it, and (two passes, as Word's cached TOC field holds the page
    numbers of the last update) fill the contents with the pages the headings landed on.
    Returns (level, text, physical page) of every heading."""
    items = markup.parse(source.read_text(encoding="utf-8"))
    titles = numbered_titles(items, style.numbered_headings)
    toc = [(level, text, 0) for level, text in titles] if with_toc else None
    for _ in range(2):
        report = WordReport(style)
        render(report, items, cover, toc, hook)
        report.save(out_docx)
        export(out_docx, out_pdf)
        first_body = 4 if with_toc else 3
        pages = pdftext.locate(out_pdf, [t for _, t in titles], start_page=first_body)
        if not with_toc:
            break
        # The printed page number equals the physical page: the cover is page 1.
        toc = [(level, text, page) for (level, text), page in zip(titles, pages, strict=True)]
    return [(level, text, page) for (level, text), page in zip(titles, pages, strict=True)]
