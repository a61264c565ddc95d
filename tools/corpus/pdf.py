"""Render a SourceDocument as an A4 report PDF with reportlab platypus.

Layout, physical pages:  1 cover (no number) | 2 imprint (no number) | contents (i, ii, ...)
| body (1, 2, ...). Printed numbers therefore differ from physical ones, as in real reports,
and the PDF page labels say the same as the printed footers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from .catalogue import NOTICE, DocMeta
from .markup import SourceDocument
from .pdf_flow import HeadingParagraph, body_flowables
from .pdf_styles import BRAND, GREY, RULE, make_styles

PAGE_W, PAGE_H = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 24 * mm
COLUMN_GAP = 8 * mm
CREATOR = "healthsearch sample-corpus builder (tools/corpus)"


@dataclass(frozen=True)
class PdfResult:
    pages: int
    body_start: int  # physical page that carries printed page 1
    heading_pages: tuple[int, ...]  # physical page of each section heading, in source order

    def printed(self, physical: int) -> str:
        return str(physical - self.body_start + 1)


def roman(number: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass
class _PassState:
    """Facts gathered while one layout pass runs; reset at the start of every pass."""

    front_start: int | None = None
    body_start: int | None = None
    heading_pages: dict[int, int] = field(default_factory=dict)
    outline_level: int = -1


class ReportTemplate(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, doc: SourceDocument, meta: DocMeta) -> None:
        self.source = doc
        self.meta = meta
        self.state = _PassState()
        keywords = ["health inequalities", "London", meta.doc_type, "sample edition"]
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=doc.title,
            author=meta.author,
            subject=NOTICE,
            keywords=keywords,
            creator=CREATOR,
            producer=CREATOR,
            lang="en-GB",
            invariant=1,
        )
        full = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="full", showBoundary=0
        )
        col_w = (self.width - COLUMN_GAP) / 2
        col1 = Frame(self.leftMargin, self.bottomMargin, col_w, self.height, id="col1")
        col2 = Frame(
            self.leftMargin + col_w + COLUMN_GAP, self.bottomMargin, col_w, self.height, id="col2"
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [full], onPage=self._cover_page),
                PageTemplate("imprint", [full], onPage=self._plain_page),
                PageTemplate("front", [full], onPage=self._front_page),
                PageTemplate("body", [full], onPage=self._body_page),
                PageTemplate("body2", [col1, col2], onPage=self._body_page),
            ]
        )

    # -- per-pass bookkeeping -------------------------------------------------------------
    def beforeDocument(self) -> None:
        self.state = _PassState()
        # Label the unnumbered pages too: a viewer shows "Cover" rather than a bare "1".
        self.canv.addPageLabel(0, prefix="Cover")
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, HeadingParagraph):
            return
        page = self.page
        self.state.heading_pages[flowable.index] = page
        printed = page - (self.state.body_start or page) + 1
        key = f"h{flowable.index}"
        self.canv.bookmarkPage(key)
        # Outline levels may not skip (a "###" straight after a "#" would be refused).
        level = min(flowable.level - 1, self.state.outline_level + 1)
        self.state.outline_level = level
        self.canv.addOutlineEntry(flowable.heading_text, key, level=level, closed=level > 0)
        if flowable.level <= 2:
            entry = _xml(flowable.heading_text)  # the contents page parses it as markup
            self.notify("TOCEntry", (flowable.level - 1, entry, printed, key))

    # -- page decorations -----------------------------------------------------------------
    def _cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFillColor(BRAND)
        canv.rect(0, PAGE_H - 40 * mm, PAGE_W, 40 * mm, stroke=0, fill=1)
        canv.setFillColorRGB(1, 1, 1)
        canv.setFont("Helvetica-Bold", 20)
        canv.drawString(MARGIN_X, PAGE_H - 24 * mm, _brand_line(self.meta))
        canv.setFillColor(BRAND)
        canv.rect(0, 0, PAGE_W, 30 * mm, stroke=0, fill=1)
        canv.setFillColorRGB(1, 1, 1)
        canv.setFont("Helvetica", 10)
        canv.drawString(MARGIN_X, 17 * mm, f"Published by {self.meta.publisher}")
        canv.restoreState()

    def _plain_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        # The imprint page, like the cover, carries no printed number; label it by name.
        canv.addPageLabel(canv.getPageNumber() - 1, prefix="Imprint")

    def _front_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        page = canv.getPageNumber()
        if self.state.front_start is None:
            self.state.front_start = page
            canv.addPageLabel(page - 1, style="ROMAN_LOWER", start=1)
        self._footer(canv, roman(page - self.state.front_start + 1))

    def _body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        page = canv.getPageNumber()
        if self.state.body_start is None:
            self.state.body_start = page
            canv.addPageLabel(page - 1, style="ARABIC", start=1)
        canv.saveState()
        canv.setFont("Helvetica", 8)
        canv.setFillColor(GREY)
        top = PAGE_H - 15 * mm
        canv.drawString(MARGIN_X, top, self.source.title)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
        canv.restoreState()
        self._footer(canv, str(page - self.state.body_start + 1))

    def _footer(self, canv: Canvas, label: str) -> None:
        canv.saveState()
        canv.setFont("Helvetica", 9)
        canv.drawCentredString(PAGE_W / 2, 13 * mm, label)
        canv.restoreState()


def _brand_line(meta: DocMeta) -> str:
    # GLA publications carry the Mayor's masthead; others carry their corporate author.
    if meta.author.startswith(("Greater London Authority", "GLA")):
        return "MAYOR OF LONDON"
    return meta.author.upper()


def _front_matter(doc: SourceDocument, meta: DocMeta) -> list[Flowable]:
    styles = make_styles()
    cover: list[Flowable] = [Spacer(1, 45 * mm), Paragraph(_xml(doc.title), styles["cover_title"])]
    if doc.subtitle:
        cover.append(Paragraph(_xml(doc.subtitle), styles["cover_sub"]))
    if doc.date:
        cover.append(Paragraph(_xml(doc.date), styles["cover_date"]))
    cover += [Spacer(1, 60 * mm), Paragraph(NOTICE, styles["notice"])]

    imprint_lines = [
        f"<b>{_xml(doc.title)}</b>",
        f"Published by {_xml(meta.publisher)}, {_xml(meta.place)}"
        + (f", {_xml(doc.date)}" if doc.date else ""),
        f"Author: {_xml(meta.author)}",
    ]
    if meta.isbn:
        imprint_lines.append(f"ISBN {meta.isbn}")
    imprint_lines.append(
        f"<i>{NOTICE}.</i> The wording, layout and page numbers of this edition are the "
        "project's own; figures marked as illustrative are not official statistics."
    )
    imprint: list[Flowable] = [Spacer(1, 150 * mm)] + [
        Paragraph(line, styles["imprint"]) for line in imprint_lines
    ]

    toc = TableOfContents(
        levelStyles=[styles["toc0"], styles["toc1"]], dotsMinLevel=0, rightColumnWidth=28
    )
    contents: list[Flowable] = [Paragraph("Contents", styles["contents_title"]), toc]
    return [
        NextPageTemplate("imprint"),
        *cover,
        PageBreak(),
        NextPageTemplate("front"),
        *imprint,
        PageBreak(),
        *contents,
        NextPageTemplate("body"),
    ]


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_pdf_bytes(doc: SourceDocument, meta: DocMeta) -> tuple[bytes, PdfResult]:
    buffer = io.BytesIO()
    template = ReportTemplate(buffer, doc, meta)
    story = _front_matter(doc, meta) + body_flowables(doc, make_styles())
    # Two or more passes: the contents page needs the page numbers of the finished layout.
    template.multiBuild(story, maxPasses=6)
    state = template.state
    pages = template.page
    missing = [i for i in range(len(doc.sections)) if i not in state.heading_pages]
    if missing or state.body_start is None:
        raise RuntimeError(f"{doc.doc_id}: headings {missing} were never laid out")
    result = PdfResult(
        pages=pages,
        body_start=state.body_start,
        heading_pages=tuple(state.heading_pages[i] for i in range(len(doc.sections))),
    )
    return buffer.getvalue(), result


def render_pdf(doc: SourceDocument, meta: DocMeta, out: Path) -> PdfResult:
    data, result = render_pdf_bytes(doc, meta)
    out.write_bytes(data)
    return result
