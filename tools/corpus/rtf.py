"""Render a SourceDocument as RTF 1.x, written the way a word processor writes it.

The control words follow Word 2003 output: a font table, a stylesheet whose "heading N" styles
carry \\outlinelevel, direct formatting repeated after every \\pard\\plain (readers apply no
styles for you), \\uN? escapes with a '?' fallback for anything outside ASCII.
"""

from __future__ import annotations

from pathlib import Path

from . import markup
from .catalogue import NOTICE, DocMeta

TWIPS_PER_MM = 56.693
PAGE_W, PAGE_H = 11906, 16838  # A4 in twips
MARGIN = 1418  # 25 mm
TEXT_W = PAGE_W - 2 * MARGIN

BODY = r"\pard\plain\s0\qj\sa120\sl276\slmult1\f0\fs21 "
HEADING = {
    1: r"\pard\plain\s1\ql\keepn\sb240\sa240\outlinelevel0\b\f0\fs36\cf2 ",
    2: r"\pard\plain\s2\ql\keepn\sb240\sa120\outlinelevel1\b\f0\fs28 ",
    3: r"\pard\plain\s3\ql\keepn\sb180\sa80\outlinelevel2\b\f0\fs24 ",
}

PROLOGUE = (
    r"{\rtf1\ansi\ansicpg1252\deff0\deflang2057\uc1"
    "\n"
    r"{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\ftech\fcharset2 Symbol;}}"
    "\n"
    r"{\colortbl;\red0\green0\blue0;\red31\green78\blue121;\red232\green238\blue245;"
    r"\red255\green255\blue255;}"
    "\n"
    r"{\stylesheet"
    r"{\s0\ql\sa120\f0\fs21\snext0 Normal;}"
    r"{\s1\ql\keepn\sb240\sa240\outlinelevel0\b\f0\fs36\cf2\sbasedon0\snext0 heading 1;}"
    r"{\s2\ql\keepn\sb240\sa120\outlinelevel1\b\f0\fs28\sbasedon0\snext0 heading 2;}"
    r"{\s3\ql\keepn\sb180\sa80\outlinelevel2\b\f0\fs24\sbasedon0\snext0 heading 3;}"
    r"{\s15\ql\f0\fs16\sbasedon0\snext15 footnote text;}"
    r"{\*\cs16\additive\super footnote reference;}"
    r"{\s17\ql\keepn\sb120\sa60\b\f0\fs18\sbasedon0\snext0 caption;}"
    r"{\s18\ql\tqc\tx4513\tqr\tx9026\f0\fs16\sbasedon0\snext18 header;}"
    r"{\s19\ql\tqc\tx4513\tqr\tx9026\f0\fs16\sbasedon0\snext19 footer;}"
    r"{\s20\ql\fi-357\li720\sa60\f0\fs21\sbasedon0\snext20 List Bullet;}"
    "}\n"
)


def escape(text: str) -> str:
    """RTF-escape text: braces and backslashes, and \\uN? for everything beyond ASCII."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif 32 <= code < 128:
            out.append(char)
        elif code > 0xFFFF:
            # RTF counts in UTF-16 units: astral characters go out as a surrogate pair.
            high, low = divmod(code - 0x10000, 0x400)
            out.append(_u(0xD800 + high) + _u(0xDC00 + low))
        else:
            out.append(_u(code))
    return "".join(out)


def _u(code: int) -> str:
    signed = code - 0x10000 if code > 0x7FFF else code  # \u takes a signed 16-bit number
    return f"\\u{signed}?"


def render_rtf_text(doc: markup.SourceDocument, meta: DocMeta) -> str:
    parts = [PROLOGUE, _info(doc, meta)]
    parts.append(
        f"\\paperw{PAGE_W}\\paperh{PAGE_H}\\margl{MARGIN}\\margr{MARGIN}\\margt{MARGIN}"
        f"\\margb{MARGIN}\\ftnbj\\ftnrstcont\\widowctrl\n"
    )
    # \titlepg gives the cover its own, empty header and footer: the cover has no number.
    parts.append(
        "\\sectd\\titlepg\\sbkpage\n" + _header_footer(doc) + "{\\headerf\\pard\\plain\\s18\\par}"
    )
    parts.append("{\\footerf\\pard\\plain\\s19\\par}\n")
    parts.append(_cover(doc, meta))
    columns = 1
    for section in doc.sections:
        level = section.heading.level
        # The cover ends the first page; every chapter starts a new page, in one column.
        new_page = level == 1 or section is doc.sections[0]
        if new_page and columns == 2:
            parts.append("\\sect\\sectd\\sbkpage\\cols1\n" + _header_footer(doc))
            columns = 1
            new_page = False  # \sbkpage has already broken the page
        style = HEADING[level]
        if new_page:
            style = style.replace("\\keepn", "\\keepn\\pagebb")
        parts.append(style + escape(section.heading.text) + "\\par\n")
        notes = {note.number: note for note in section.notes}
        for block in section.blocks:
            if isinstance(block, markup.Columns):
                if block.count != columns:
                    columns = block.count
                    parts.append(
                        f"\\sect\\sectd\\sbknone\\cols{columns}\\colsx454\n" + _header_footer(doc)
                    )
                continue
            parts.append(_block(block, notes))
    parts.append("}\n")
    return "".join(parts)


def render_rtf(doc: markup.SourceDocument, meta: DocMeta, out: Path) -> None:
    # Pure ASCII by construction; newline="\n" keeps the bytes identical on every platform.
    out.write_text(render_rtf_text(doc, meta), encoding="ascii", newline="\n")


def _info(doc: markup.SourceDocument, meta: DocMeta) -> str:
    year, month, day = (_date_parts(meta.issued) + [1, 1])[:3] if meta.issued else (2010, 1, 1)
    stamp = f"\\yr{year}\\mo{month}\\dy{day}\\hr9\\min0"
    keywords = f"health inequalities, London, {meta.doc_type}, sample edition"
    return (
        "{\\info"
        f"{{\\title {escape(doc.title)}}}"
        f"{{\\author {escape(meta.author)}}}"
        f"{{\\operator {escape(meta.publisher)}}}"
        f"{{\\subject {NOTICE}}}"
        f"{{\\keywords {escape(keywords)}}}"
        f"{{\\creatim{stamp}}}{{\\revtim{stamp}}}"
        "}\n"
    )


def _date_parts(issued: str) -> list[int]:
    return [int(part) for part in issued.split("-") if part.isdigit()]


def _header_footer(doc: markup.SourceDocument) -> str:
    return (
        f"{{\\header\\pard\\plain\\s18\\qr\\f0\\fs16 {escape(doc.title)}\\par}}\n"
        "{\\footer\\pard\\plain\\s19\\qc\\f0\\fs18 \\chpgn\\par}\n"
    )


def _cover(doc: markup.SourceDocument, meta: DocMeta) -> str:
    brand = "MAYOR OF LONDON" if meta.author.startswith(("Greater London", "GLA")) else meta.author
    lines = [
        f"\\pard\\plain\\s0\\ql\\sa480\\b\\f0\\fs32\\cf2 {escape(brand.upper())}\\par\n",
        f"\\pard\\plain\\s0\\ql\\sb1200\\sa240\\b\\f0\\fs56\\cf2 {escape(doc.title)}\\par\n",
    ]
    if doc.subtitle:
        lines.append(f"\\pard\\plain\\s0\\ql\\sa240\\f0\\fs30 {escape(doc.subtitle)}\\par\n")
    if doc.date:
        lines.append(f"\\pard\\plain\\s0\\ql\\sa1200\\f0\\fs26 {escape(doc.date)}\\par\n")
    published = f"Published by {meta.publisher}, {meta.place}"
    if meta.isbn:
        published += f". ISBN {meta.isbn}"
    lines.append(f"\\pard\\plain\\s0\\ql\\sa120\\f0\\fs18 {escape(published)}\\par\n")
    lines.append(f"\\pard\\plain\\s0\\qc\\sb600\\i\\f0\\fs20 {NOTICE}\\par\n")
    return "".join(lines)


def _inlines(inlines: markup.Inlines, notes: dict[int, markup.Note]) -> str:
    out: list[str] = []
    for span in inlines:
        if span.note is not None:
            note = notes[span.note]
            body = _inlines(note.inlines, {})
            out.append(
                "{\\cs16\\super\\chftn}{\\footnote\\pard\\plain\\s15\\ql\\f0\\fs16 "
                f"{{\\cs16\\super\\chftn}} {body}\\par}}"
            )
            continue
        text = escape(span.text)
        if span.bold:
            text = f"{{\\b {text}}}"
        if span.italic:
            text = f"{{\\i {text}}}"
        out.append(text)
    return "".join(out)


def _block(block: markup.Block, notes: dict[int, markup.Note]) -> str:
    if isinstance(block, markup.Paragraph):
        return BODY + _inlines(block.inlines, notes) + "\\par\n"
    if isinstance(block, markup.Bullets):
        return _bullets(block, notes, "")
    if isinstance(block, markup.Box):
        return _box(block, notes)
    if isinstance(block, markup.Table):
        return _table(block, notes)
    if isinstance(block, markup.PageBreak):
        return "\\pard\\plain\\s0\\page\\par\n"
    raise TypeError(f"unexpected block {block!r}")


def _bullets(block: markup.Bullets, notes: dict[int, markup.Note], extra: str) -> str:
    # Word's pre-2007 list form: the visible bullet sits in \pntext, in the Symbol font.
    return "".join(
        "{\\pntext\\f1\\'b7\\tab}"
        f"\\pard\\plain\\s20\\ql\\fi-357\\li720\\sa60{extra}\\f0\\fs21"
        "{\\*\\pn\\pnlvlblt\\pnf1\\pnindent357{\\pntxtb\\'b7}} " + _inlines(item, notes) + "\\par\n"
        for item in block.items
    )


def _box(block: markup.Box, notes: dict[int, markup.Note]) -> str:
    # Consecutive paragraphs with identical borders are drawn as one bordered, shaded panel.
    frame = "\\box\\brdrs\\brdrw10\\brdrcf2\\brsp100\\cbpat3\\li170\\ri170"
    out: list[str] = []
    for position, inner in enumerate(block.blocks):
        if isinstance(inner, markup.Bullets):
            out.append(_bullets(inner, notes, frame))
            continue
        title = position == 0 and all(s.bold for s in inner.inlines if s.text.strip())
        colour = "\\cf2" if title else ""
        out.append(
            f"\\pard\\plain\\s0\\ql\\sa80{frame}\\f0\\fs20{colour} "
            + _inlines(inner.inlines, notes)
            + "\\par\n"
        )
    return "".join(out) + "\\pard\\plain\\s0\\sa60\\f0\\fs21\\par\n"


def _table(block: markup.Table, notes: dict[int, markup.Note]) -> str:
    count = len(block.rows[0])
    border = "\\brdrs\\brdrw10"
    cell_props = "".join(
        f"\\clbrdrt{border}\\clbrdrl{border}\\clbrdrb{border}\\clbrdrr{border}"
        f"\\cellx{TEXT_W * (c + 1) // count}"
        for c in range(count)
    )
    out: list[str] = []
    if block.caption:
        out.append(f"\\pard\\plain\\s17\\ql\\keepn\\b\\f0\\fs18 {escape(block.caption)}\\par\n")
    for r, row in enumerate(block.rows):
        header = "\\trhdr" if r == 0 else ""
        shade = "\\clcbpat3" if r == 0 else ""
        props = cell_props.replace("\\clbrdrt", shade + "\\clbrdrt") if shade else cell_props
        cells = "".join(
            ("{\\b " + _inlines(cell, notes) + "}" if r == 0 else _inlines(cell, notes)) + "\\cell "
            for cell in row
        )
        out.append(
            f"\\trowd\\trgaph108\\trleft0{header}{props}\n"
            f"\\pard\\plain\\intbl\\s0\\ql\\f0\\fs18 {cells}\\row\n"
        )
    return "".join(out) + "\\pard\\plain\\s0\\sa120\\f0\\fs21\\par\n"
