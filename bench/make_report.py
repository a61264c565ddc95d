"""Generate a long report-like PDF (default 300 pages) for the ingest benchmark.

Text comes from the sample editions' sources, so words and sentence lengths are realistic;
the layout has numbered headings on three levels, a running header and page-number footers.
"""

from __future__ import annotations

import argparse
import itertools
import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "corpus" / "src"


def _paragraphs() -> list[str]:
    texts = []
    for source in sorted(SOURCES.glob("*.txt")):
        for block in source.read_text(encoding="utf-8").split("\n\n"):
            block = " ".join(block.split())
            if len(block) > 200 and not block.startswith(("#", "@", "|", "-", ">", "[^")):
                texts.append(re.sub(r"\[\^\d+\]|\*", "", block))
    if not texts:
        texts = ["Health inequalities are avoidable differences in health between groups. " * 8]
    return texts


def build(path: Path, pages: int) -> int:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13.5)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=18)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=14)
    h3 = ParagraphStyle("h3", parent=styles["Heading3"], fontName="Helvetica-Bold", fontSize=12)
    texts = itertools.cycle(_paragraphs())
    story: list = []
    # More story than pages; the build stops at the page count.
    for chapter in range(1, pages + 1):
        if chapter > 1:
            story.append(PageBreak())
        story.append(Paragraph(f"{chapter}. Chapter {chapter} of the long report", h1))
        for section in range(1, 6):
            story.append(Paragraph(f"{chapter}.{section} Section heading {section}", h2))
            for sub in range(1, 3):
                story.append(Paragraph(f"{chapter}.{section}.{sub} A subsection", h3))
                story.extend(Paragraph(next(texts), body) for _ in range(3))

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, "A long report for the ingest benchmark")
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    made = []

    class Doc(SimpleDocTemplate):
        def afterPage(self) -> None:
            made.append(self.page)
            if self.page >= pages:
                raise _Done

    doc = Doc(str(path), pagesize=A4, invariant=1, title="Long benchmark report")
    try:
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    except _Done:
        doc.canv.save()  # keep the pages built so far: exactly `pages` of them
    return len(made)


class _Done(Exception):
    pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    print(build(args.path, args.pages), "pages written to", args.path)
