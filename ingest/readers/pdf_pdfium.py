"""pdfium's reading of a page, for what pdfminer cannot read.

pdfminer gives up on some files pdfium reads (an ICC colour space without /N, odd content
streams). For such a page the characters come from pdfium instead, in the same shape as
pdfplumber's (box, size, font name, matrix), so layout and typography work unchanged.
pdfium's plain text also repairs characters pdfminer could not map to Unicode.
"""

from __future__ import annotations

import ctypes
import logging
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

log = logging.getLogger(__name__)

Char = dict[str, Any]
Box = tuple[float, float, float, float]
_FONT_BUFFER = 256
_BOLD_WEIGHT = 600


def open_pdfium(path: Path) -> pdfium.PdfDocument | None:
    """The document opened by pdfium, or None when pdfium cannot open it either."""
    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium's PdfiumError, or a file it cannot open
        log.debug("%s: pdfium cannot open it: %s", path.name, exc)
        return None


def _font(textpage: Any, index: int, buffer: Any, flags: Any) -> str:
    length = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, _FONT_BUFFER, flags)
    name = buffer.raw[: max(0, length - 1)].decode("utf-8", "replace") if length else ""
    # Typography reads weight from the font name: say so where only the weight tells.
    if pdfium_c.FPDFText_GetFontWeight(textpage, index) >= _BOLD_WEIGHT and "bold" not in (
        name.lower()
    ):
        name = f"{name}-Bold"
    return name


def page_chars(document: pdfium.PdfDocument, index: int) -> tuple[list[Char], Box]:
    """The characters of page ``index`` (0-based) as pdfplumber-shaped dicts, and the page box.

    Positions are in the page's own (unrotated) frame, top-down, where text drawn for a
    /Rotate page reads left to right; text turned on the page keeps its matrix and is
    turned by :mod:`ingest.readers.pdf_chars` like pdfplumber's.
    """
    page = document[index]
    try:
        x0, y0, x1, y1 = page.get_cropbox()
        left, right = min(x0, x1), max(x0, x1)  # an inverted box is still the page
        bottom, top = min(y0, y1), max(y0, y1)
        textpage = page.get_textpage()
        try:
            raw = textpage.raw
            count = pdfium_c.FPDFText_CountChars(raw)
            buffer = ctypes.create_string_buffer(_FONT_BUFFER)
            flags = ctypes.c_int()
            x0, x1, y0, y1 = (ctypes.c_double() for _ in range(4))
            red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
            matrix = pdfium_c.FS_MATRIX()
            chars: list[Char] = []
            for i in range(count):
                if pdfium_c.FPDFText_IsGenerated(raw, i):
                    continue  # spaces and line ends pdfium made up; word splitting finds gaps
                code = pdfium_c.FPDFText_GetUnicode(raw, i)
                if code in (0, 0xFFFE, 0xFEFF) or code < 32:
                    continue
                if not pdfium_c.FPDFText_GetCharBox(raw, i, x0, x1, y0, y1):
                    continue
                pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
                text = chr(code)
                size = pdfium_c.FPDFText_GetFontSize(raw, i)
                colour = None
                if pdfium_c.FPDFText_GetFillColor(raw, i, red, green, blue, alpha):
                    colour = (red.value / 255, green.value / 255, blue.value / 255)
                chars.append(
                    {
                        "text": text,
                        "x0": x0.value - left,
                        "x1": x1.value - left,
                        "top": top - y1.value,
                        "bottom": top - y0.value,
                        "doctop": top - y1.value,
                        "size": size,
                        "fontname": _font(raw, i, buffer, flags),
                        "non_stroking_color": colour,
                        "matrix": (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f),
                        "upright": abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6 and matrix.a > 0,
                    }
                )
        finally:
            textpage.close()
    finally:
        page.close()
    return _with_sizes(chars), (0.0, 0.0, right - left, top - bottom)


def _with_sizes(chars: list[Char]) -> list[Char]:
    """pdfium's font size ignores the text matrix's scale; pdfminer's size is the glyph box
    height. Use the box height where pdfium's size is clearly off, so both agree."""
    for c in chars:
        height = c["bottom"] - c["top"]
        if c["upright"] and c["size"] <= 1.0 < height:
            c["size"] = round(height, 2)
    return chars


def page_text(document: pdfium.PdfDocument, index: int) -> str:
    """pdfium's plain text of page ``index`` (0-based), in its reading order."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()
