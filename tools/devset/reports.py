"""The reports of the development set, one builder each: (work dir, raw PDF) -> headings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tools.devset import office, pdftext
from tools.devset.docx_kit import Style
from tools.devset.word import Cover, build_docx_pdf

SOURCES = Path(__file__).resolve().parent / "sources"
Headings = list[tuple[int, str, int]]


def riverside(work: Path, out: Path) -> Headings:
    """(a) Word-like, tagged, with bookmarks: LibreOffice's PDF export of a DOCX."""
    cover = Cover(
        lines=(
            ("", 40, False),
            ("Riverside Borough Council", 14, True),
            ("", 30, False),
            ("Home Truths", 40, True),
            ("Housing and health in Riverside", 24, False),
            ("", 16, False),
            ("Director of Public Health Annual Report 2023/24", 14, False),
            ("", 120, False),
            ("June 2024", 14, True),
        ),
        imprint=(
            "Home Truths: Housing and health in Riverside. Director of Public Health Annual "
            "Report 2023/24.",
            "Published by Riverside Borough Council, Town Hall, 1 Quay Street, Riverside RV1 2AB.",
            "Published June 2024.",
            "© Riverside Borough Council 2024",
            "ISBN 978-1-915842-07-3",
            "This document is available in large print, Easy Read and other languages on "
            "request. Contact the Public Health team at publichealth@riverside.example.gov.uk.",
            "Photographs are of residents who gave their consent.",
        ),
    )
    style = Style(
        header_text="Director of Public Health Annual Report 2023/24",
        footer_text="Riverside Borough Council",
    )
    return build_docx_pdf(
        SOURCES / "riverside-dph-annual-report.txt",
        style,
        cover,
        work / "Home Truths DPH report 2023-24.docx",
        out,
        lambda src, dst: office.soffice_pdf(src, dst, office.TAGGED),
    )


BUILDERS: dict[str, Callable[[Path, Path], Headings]] = {
    "riverside-dph-annual-report-2024": riverside,
}
# Document information written into the finished file (None: keep the producer's).
INFO: dict[str, dict[str, str]] = {}


def northshire(work: Path, out: Path) -> Headings:
    """(b) Word as if through a PostScript printer and Distiller: no tags, no bookmarks, junk
    document information ("Microsoft Word - final_v3.docx", a user id as author)."""
    cover = Cover(
        lines=(
            ("NHS Northshire Integrated Care Board", 13, True),
            ("", 90, False),
            ("Health Inequalities", 34, True),
            ("Action Plan", 34, True),
            ("2024 to 2027", 22, False),
            ("", 140, False),
            ("Published March 2024", 12, False),
        ),
        imprint=(
            "Northshire Integrated Care Board, Dale House, Castleford Road, Northallerby NS4 7QT",
            "© Northshire Integrated Care Board 2024",
            "This plan was approved by the Board of Northshire Integrated Care Board on "
            "7 March 2024.",
            "You can ask for this document in another format or language by emailing "
            "engagement@northshire-icb.example.nhs.uk.",
        ),
    )
    style = Style(
        # Arial-like; ligatures off, as Word sets them (gs maps LibreOffice's "ti" wrongly)
        body_font="Liberation Sans:-liga",
        heading_font="Liberation Sans:-liga",
        body_size=10.5,
        heading_sizes=(15, 12, 11),
        heading_colour="005EB8",
        numbered_headings=False,
        header_text="Health Inequalities Action Plan 2024 to 2027",
        toc_leader=True,
    )
    plain = work / "final_v3.pdf"
    junk = {
        "Title": "Microsoft Word - final_v3.docx",
        "Author": "jsmith2",
        "Creator": "PScript5.dll Version 5.2.2",
    }

    def export(src: Path, dst: Path) -> Path:
        office.soffice_pdf(src, plain, office.UNTAGGED)
        return office.distil(plain, dst, junk)

    return build_docx_pdf(
        SOURCES / "northshire-hi-action-plan.txt", style, cover, work / "final_v3.docx", out, export
    )


BUILDERS["northshire-hi-action-plan-2024"] = northshire
INFO["northshire-hi-action-plan-2024"] = {"/Producer": "Acrobat Distiller 10.1.8 (Windows)"}


def eastbridge(work: Path, out: Path) -> Headings:
    """(c) Browser print: an HTML evidence review printed by headless Chromium."""
    office.chromium_pdf(SOURCES / "eastbridge-air-quality-review.html", out)
    return html_headings(
        SOURCES / "eastbridge-air-quality-review.html", out, {"h1": 1, "h2": 2, "h3": 3}
    )


def html_headings(html: Path, pdf: Path, levels: dict[str, int]) -> Headings:
    """(level, text, page) of the HTML's heading elements, located in the printed PDF."""
    import re
    from html import unescape

    tags = "|".join(levels)
    found = [
        (levels[tag], " ".join(unescape(re.sub(r"<[^>]+>", "", body)).split()))
        for tag, body in re.findall(rf"<({tags})\b[^>]*>(.*?)</\1>", html.read_text(), re.S)
    ]
    pages = pdftext.locate(pdf, [t for _, t in found], start_page=3)
    return [(lv, t, p) for (lv, t), p in zip(found, pages, strict=True)]


BUILDERS["eastbridge-air-quality-review-2023"] = eastbridge
