"""A small Word-like report writer on python-docx: the features Word reports carry and
python-docx lacks (heading numbering linked to the Heading styles, glyph bullets in Symbol and
Wingdings, "1." and "(a)" lists, footnotes, a TOC field with its cached result, PAGE fields).

The content is plain data (see :mod:`tools.devset.content`), so one report can go through
several producers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_NOTE = re.compile(r"\[\^(.+?)\]")  # "text[^footnote text] more text"

# abstractNum ids of the list kinds this writer defines
_HEADINGS, _SYMBOL, _WINGDINGS, _UNICODE, _DECIMAL, _ALPHA = 10, 11, 12, 13, 14, 15
BULLETS = {"symbol": _SYMBOL, "wingdings": _WINGDINGS, "unicode": _UNICODE}


@dataclass(frozen=True)
class Style:
    body_font: str = "Carlito"
    heading_font: str = "Carlito"
    body_size: float = 11
    heading_sizes: tuple[float, float, float] = (16, 13, 11.5)
    heading_colour: str = "1F4E79"
    numbered_headings: bool = True
    header_text: str = ""
    footer_text: str = ""
    toc_leader: bool = False  # dot leaders between contents entries and their pages
    landscape: bool = False
    page_numbers: bool = True
    cover_page: bool = True  # the first page has no running head or foot


def _level(ilvl: int, fmt: str, text: str, indent: int, font: str | None = None) -> str:
    rfonts = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>'
        f"{rfonts if font else ''}</w:lvl>"
    )


def _abstract(num_id: int, levels: str) -> str:
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )


class WordReport:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.doc = docx.Document()
        self._notes: list[str] = []
        self._next_num = 20
        self._setup_page()
        self._setup_styles()
        self._setup_numbering()

    # -- set-up -------------------------------------------------------------------------
    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        if self.style.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.3))
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
        section.different_first_page_header_footer = self.style.cover_page
        if self.style.header_text:
            p = section.header.paragraphs[0]
            p.text = self.style.header_text
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.runs[0].font.size = Pt(8.5)
            p.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.style.footer_text:
            run = p.add_run(self.style.footer_text + "    ")
            run.font.size = Pt(8.5)
        if not self.style.page_numbers:
            return
        p._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="17"/>'
                "</w:rPr><w:t>1</w:t></w:r></w:fldSimple>"
            )
        )

    def _setup_styles(self) -> None:
        s = self.style
        normal = self.doc.styles["Normal"]
        normal.font.name = s.body_font
        normal.font.size = Pt(s.body_size)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), s.body_font)
        _drop_theme_fonts(normal)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.1
        for level, size in enumerate(s.heading_sizes, start=1):
            h = self.doc.styles[f"Heading {level}"]
            h.font.name = s.heading_font
            _drop_theme_fonts(h)
            h.font.size = Pt(size)
            h.font.bold = True
            h.font.italic = False
            h.font.color.rgb = RGBColor.from_string(s.heading_colour)
            h.paragraph_format.space_before = Pt(18 if level == 1 else 12)
            h.paragraph_format.space_after = Pt(6)
            if level == 1:
                h.paragraph_format.page_break_before = False
        for level in (1, 2, 3):
            toc = self.doc.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
            toc.base_style = normal
            toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            toc.paragraph_format.space_after = Pt(3)
            # Word's default contents layout in many templates: text, tab, page; no leader.
            toc.paragraph_format.tab_stops.add_tab_stop(
                Cm(16.4),
                WD_TAB_ALIGNMENT.RIGHT,
                WD_TAB_LEADER.DOTS if s.toc_leader else WD_TAB_LEADER.SPACES,
            )
            if level == 1:
                toc.font.bold = True

    def _setup_numbering(self) -> None:
        numbering = self.doc.part.numbering_part.element
        heads = "".join(
            _level(i, "decimal", ".".join(f"%{j + 1}" for j in range(i + 1)), 0) for i in range(3)
        )
        heads = heads.replace('w:hanging="360"', 'w:hanging="0"')
        abstracts = [
            _abstract(_HEADINGS, heads),
            _abstract(
                _SYMBOL,
                _level(0, "bullet", "\uf0b7", 720, "Symbol")
                + _level(1, "bullet", "o", 1440, "Courier New"),
            ),
            _abstract(_WINGDINGS, _level(0, "bullet", "\uf0a7", 720, "Wingdings")),
            _abstract(_UNICODE, _level(0, "bullet", "\u2022", 720, self.style.body_font)),
            _abstract(_DECIMAL, _level(0, "decimal", "%1.", 720)),
            _abstract(_ALPHA, _level(0, "lowerLetter", "(%1)", 720)),
        ]
        first_num = numbering.find(qn("w:num"))
        for xml in abstracts:
            element = parse_xml(xml)
            if first_num is not None:
                first_num.addprevious(element)
            else:
                numbering.append(element)
        for abstract_id in (_HEADINGS, _SYMBOL, _WINGDINGS, _UNICODE):
            numbering.append(self._num(abstract_id, abstract_id))
        if self.style.numbered_headings:
            for level in (1, 2, 3):
                ppr = self.doc.styles[f"Heading {level}"].element.get_or_add_pPr()
                ppr.insert(
                    0,
                    parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/>'
                        f'<w:numId w:val="{_HEADINGS}"/></w:numPr>'
                    ),
                )

    def _num(self, num_id: int, abstract_id: int, restart: bool = False) -> object:
        override = (
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
            if restart
            else ""
        )
        return parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )

    # -- content ------------------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        *,
        style: str | None = None,
        size: float | None = None,
        bold: bool = False,
        align: str | None = None,
        colour: str | None = None,
        space_before: float | None = None,
        font: str | None = None,
    ) -> object:
        p = self.doc.add_paragraph(style=style)
        self._runs(p, text, bold=bold, size=size, colour=colour, font=font)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if space_before is not None:
            p.paragraph_format.space_before = Pt(space_before)
        return p

    def _runs(
        self,
        p: object,
        text: str,
        *,
        bold: bool = False,
        size: float | None = None,
        colour: str | None = None,
        font: str | None = None,
    ) -> None:
        parts = _NOTE.split(text)
        for i, part in enumerate(parts):
            if i % 2:
                self._footnote(p, part)
            elif part:
                run = p.add_run(part)  # type: ignore[attr-defined]
                run.bold = bold or None
                if size:
                    run.font.size = Pt(size)
                if colour:
                    run.font.color.rgb = RGBColor.from_string(colour)
                if font:
                    run.font.name = font

    def heading(self, level: int, text: str) -> None:
        self.doc.add_paragraph(text, style=f"Heading {level}")

    def lead(self, lead: str, rest: str) -> None:
        p = self.doc.add_paragraph()
        p.add_run(lead + " ").bold = True
        self._runs(p, rest)

    def bullets(self, items: list[str], glyph: str = "symbol") -> None:
        for item in items:
            p = self.doc.add_paragraph(style="List Paragraph")
            self._number(p, BULLETS[glyph])
            self._runs(p, item)

    def numbered(self, items: list[str], kind: str = "decimal") -> None:
        num_id = self._next_num
        self._next_num += 1
        abstract = _DECIMAL if kind == "decimal" else _ALPHA
        self.doc.part.numbering_part.element.append(self._num(num_id, abstract, restart=True))
        for item in items:
            p = self.doc.add_paragraph(style="List Paragraph")
            self._number(p, num_id)
            self._runs(p, item)

    @staticmethod
    def _number(p: object, num_id: int) -> None:
        ppr = p._p.get_or_add_pPr()  # type: ignore[attr-defined]
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    def table(self, header: list[str], rows: list[list[str]], caption: str = "") -> None:
        if caption:
            self.paragraph(caption, style="Caption")
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = self.doc.styles["Light Grid Accent 1"]
        for i, value in enumerate(header):
            cell = table.rows[0].cells[i]
            cell.text = value
            cell.paragraphs[0].runs[0].bold = True
        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))  # repeat as header row (TH in tagged PDF)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                table.rows[r].cells[c].text = value
        self.doc.add_paragraph()

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, entries: list[tuple[int, str, int]], title: str = "Contents") -> None:
        """A Word TOC field whose cached result lists ``entries`` (level, text, page)."""
        self.paragraph(title, size=16, bold=True, colour=self.style.heading_colour)
        for i, (level, text, page) in enumerate(entries):
            p = self.doc.add_paragraph(style=f"TOC {level}")
            if i == 0:
                p._p.append(_fld("begin"))
                instr = OxmlElement("w:r")
                t = OxmlElement("w:instrText")
                t.set(qn("xml:space"), "preserve")
                t.text = ' TOC \\o "1-3" \\h \\z \\u '
                instr.append(t)
                p._p.append(instr)
                p._p.append(_fld("separate"))
            p.add_run(text)
            p.add_run().add_tab()
            p.add_run(str(page))
            if i == len(entries) - 1:
                p._p.append(_fld("end"))

    def _footnote(self, p: object, text: str) -> None:
        self._notes.append(text)
        note_id = len(self._notes)
        p._p.append(  # type: ignore[attr-defined]
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{note_id}"/></w:r>'
            )
        )

    def save(self, path: Path) -> None:
        if self._notes:
            self._add_footnotes_part()
        self.doc.core_properties.author = ""
        self.doc.save(str(path))

    def _add_footnotes_part(self) -> None:
        def esc(s: str) -> str:
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr>'
            '<w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
            f'<w:t xml:space="preserve"> {esc(text)}</w:t></w:r></w:p></w:footnote>'
            for i, text in enumerate(self._notes, start=1)
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode(), self.doc.part.package
        )
        self.doc.part.relate_to(part, RT.FOOTNOTES)


def _fld(kind: str) -> object:
    return parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="{kind}"/></w:r>')


def _drop_theme_fonts(style: object) -> None:
    """A theme font (Calibri Light for headings) overrides the named one; drop it."""
    rfonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
