"""Turn the body of a SourceDocument into platypus flowables."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import FrameSplitter, HRFlowable

from . import markup
from .pdf_styles import BRAND, RULE, SHADE, inline_xml


class HeadingParagraph(Paragraph):
    """A heading that remembers which section it opens, so its page can be recorded."""

    def __init__(self, text: str, style: ParagraphStyle, index: int, level: int) -> None:
        super().__init__(text.replace("&", "&amp;").replace("<", "&lt;"), style)
        self.index = index
        self.level = level
        self.heading_text = text


def body_flowables(doc: markup.SourceDocument, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    columns = 1
    for index, section in enumerate(doc.sections):
        heading = section.heading
        if heading.level == 1 or index == 0:
            # Every chapter opens on a fresh one-column page (FORMAT.md: "@columns 2" lasts
            # until the next "#" heading).
            story += [NextPageTemplate("body"), PageBreak()]
            columns = 1
        else:
            # Room for the heading and four lines, or the heading moves to the next column/page.
            story.append(CondPageBreak(100))
        story.append(
            HeadingParagraph(heading.text, styles[f"h{heading.level}"], index, heading.level)
        )
        for block in section.blocks:
            if isinstance(block, markup.Columns):
                story += _switch_columns(columns, block.count)
                columns = block.count
            else:
                story += _block(block, styles)
        if section.notes:
            story += _notes(section.notes, styles)
    return story


def _switch_columns(current: int, wanted: int) -> list[Flowable]:
    if wanted == current:
        return []
    if wanted == 2:
        # Split what is left of this page into two columns; later pages use the body2 template.
        return [FrameSplitter("body2", ["col1", "col2"], gap=4, required=90)]
    return [NextPageTemplate("body"), PageBreak()]


def _block(block: markup.Block, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if isinstance(block, markup.Paragraph):
        return [Paragraph(inline_xml(block.inlines), styles["body"])]
    if isinstance(block, markup.Bullets):
        return _bullets(block, styles["bullet"]) + [Spacer(1, 4)]
    if isinstance(block, markup.Box):
        return [_box(block, styles), Spacer(1, 10)]
    if isinstance(block, markup.Table):
        return _table(block, styles)
    if isinstance(block, markup.PageBreak):
        return [PageBreak()]
    raise TypeError(f"unexpected block {block!r}")


def _bullets(block: markup.Bullets, style: ParagraphStyle) -> list[Flowable]:
    return [Paragraph(inline_xml(item), style, bulletText="\u2022") for item in block.items]


def _box(block: markup.Box, styles: dict[str, ParagraphStyle]) -> Flowable:
    # One row per paragraph so a long case study can split across pages and columns.
    rows: list[list[Flowable]] = []
    for position, inner in enumerate(block.blocks):
        if isinstance(inner, markup.Bullets):
            rows += [[item] for item in _bullets(inner, styles["box_bullet"])]
            continue
        is_title = position == 0 and all(span.bold for span in inner.inlines if span.text.strip())
        style = styles["box_title"] if is_title else styles["box"]
        rows.append([Paragraph(inline_xml(inner.inlines), style)])
    table = Table(rows, colWidths=["100%"], splitByRow=1)
    last = len(rows) - 1
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.9, BRAND),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, last), (-1, last), 9),
            ]
        )
    )
    return table


def _table(block: markup.Table, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    widths = _column_widths(block)
    rows = [
        [Paragraph(inline_xml(cell), styles["cell_head" if r == 0 else "cell"]) for cell in row]
        for r, row in enumerate(block.rows)
    ]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, BRAND),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, BRAND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(commands))
    out: list[Flowable] = []
    if block.caption:
        caption = Paragraph(block.caption.replace("&", "&amp;"), styles["caption"])
        caption.keepWithNext = 1  # never leave a caption alone at the foot of a page
        out.append(caption)
    out += [table, Spacer(1, 10)]
    return out


def _column_widths(block: markup.Table) -> list[str]:
    # Share the width by the longest text in each column, within bounds, as a typesetter would.
    count = len(block.rows[0])
    longest = [max(len(markup.plain(row[c])) for row in block.rows) for c in range(count)]
    weights = [min(max(n, 8), 60) for n in longest]
    total = sum(weights)
    return [f"{100 * w / total:.2f}%" for w in weights]


def _notes(notes: tuple[markup.Note, ...], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [
        Spacer(1, 4),
        HRFlowable(width="30%", thickness=0.5, color=colors.black, hAlign="LEFT", spaceAfter=3),
    ]
    out += [
        Paragraph(inline_xml(note.inlines), styles["note"], bulletText=str(note.number))
        for note in notes
    ]
    return out + [Spacer(1, 6)]
