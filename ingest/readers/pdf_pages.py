"""One page into printed lines: pdfplumber's characters, or pdfium's where pdfminer fails.

Text turned on the page is read in its own direction (:mod:`pdf_chars`), structure roles of a
tagged page are attached to its words (:mod:`pdf_structure`), and characters without a
Unicode mapping are repaired from pdfium's text where it has them (:mod:`pdf_unicode`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from ingest.readers.pdf_chars import WORD_OPTIONS, Box, extract_words, turned_words
from ingest.readers.pdf_layout import Line, page_lines
from ingest.readers.pdf_pdfium import page_chars, page_text
from ingest.readers.pdf_structure import ARTIFACT, StructureRoles
from ingest.readers.pdf_tables import (
    FoundTable,
    aligned_tables,
    place,
    ruled_tables,
    split_words,
    table_line,
)
from ingest.readers.pdf_unicode import repair_words

Word = dict[str, Any]
PdfiumSource = Callable[[], "pdfium.PdfDocument | None"]
_ATTRS = ["size", "fontname"]
_TAGGED_ATTRS = [*_ATTRS, "mcid", "tag"]


@dataclass(frozen=True)
class PageText:
    """What one page gave: its lines in reading order and what a user should know of it."""

    lines: tuple[Line, ...]
    box: Box
    images: bool = False  # images and no text: a scanned page
    tagged: bool = False  # its text is in the structure tree
    unmapped: int = 0  # characters left without a Unicode mapping after repair
    engine: str = "pdfminer"  # "pdfminer" | "pdfium"
    reason: str = ""  # why pdfium read the page


def _scan(chars: list[dict[str, Any]]) -> tuple[bool, int]:
    """(does any text run other than left to right upright, unmapped characters)."""
    turned = False
    for c in chars:
        a, b = c["matrix"][0], c["matrix"][1]
        # pdfplumber calls a char drawn a quarter turn "upright" on some pages: the matrix
        # says which way it runs.
        if a <= 0 or b > a or -b > a or not c["upright"]:
            turned = True
            break
    text = "".join([c["text"] for c in chars])
    return turned, text.count("\ufffd") + text.count("(cid:")


def _with_roles(words: list[Word], roles: dict[int, str]) -> list[Word]:
    for w in words:
        mcid = w.get("mcid")
        if mcid is not None:
            w["role"] = roles.get(mcid, "")
        else:
            w["role"] = ARTIFACT if w.get("tag") == ARTIFACT else ""
    return words


def _lines(
    chars: list[dict[str, Any]],
    number: int,
    box: Box,
    attrs: list[str],
    roles: dict[int, str] | None,
    reference: Callable[[], str],
    words: Callable[[], list[Word]] | None = None,
    tables: Callable[[list[Word]], list[FoundTable]] | None = None,
) -> tuple[list[Line], Box, int]:
    turned, unmapped = _scan(chars)
    found: list[FoundTable] = []
    if turned or words is None:
        runs = turned_words(chars, box, attrs) if chars else []
    else:
        runs = [(words(), box)]
        found = tables(runs[0][0]) if tables is not None else []
    if unmapped:
        text = reference()
        for i, (ws, frame) in enumerate(runs):
            runs[i] = (repair_words(ws, text)[0], frame)
    lines: list[Line] = []
    for ws, frame in runs:
        if roles is not None:
            ws = _with_roles(ws, roles)
        if found:
            ws, inside = split_words(ws, found)
            ruled = [table_line(t, tw, number) for t, tw in zip(found, inside, strict=True)]
            lines.extend(place(page_lines(ws, number, frame), ruled))
            found = []
        else:
            lines.extend(page_lines(ws, number, frame))
    unmapped = sum(ln.unmapped for ln in lines) if unmapped else 0
    return aligned_tables(lines), (runs[0][1] if runs else box), unmapped


def read_page(
    page: Any, number: int, structure: StructureRoles | None, pdfium_doc: PdfiumSource
) -> PageText:
    """Lines of a pdfplumber page (1-based ``number``); raises what pdfminer raises."""
    box: Box = tuple(page.bbox)
    roles = structure.page_roles(page.page_obj.attrs) if structure is not None else None
    attrs = _TAGGED_ATTRS if roles is not None else _ATTRS
    chars = page.chars

    def reference() -> str:
        document = pdfium_doc()
        return page_text(document, number - 1) if document is not None else ""

    def words() -> list[Word]:
        return extract_words(chars, attrs, **WORD_OPTIONS)

    lines, frame, unmapped = _lines(
        chars, number, box, attrs, roles, reference, words, lambda ws: ruled_tables(page, ws)
    )
    if not lines and any(c["text"].strip() for c in chars):
        # Text, but none of it on the page: pdfminer misplaced it (an inverted MediaBox);
        # pdfium normalises the page box and puts it back.
        document = pdfium_doc()
        if document is not None:
            other = read_page_pdfium(document, number, "pdfminer put its text off the page")
            if other.lines:
                return other
    images = not lines and bool(page.images)
    return PageText(tuple(lines), frame, images, roles is not None, unmapped)


def read_page_pdfium(document: pdfium.PdfDocument, number: int, reason: str = "") -> PageText:
    """Lines of page ``number`` (1-based) as pdfium reads it, for pages pdfminer cannot."""
    chars, box = page_chars(document, number - 1)
    lines, frame, unmapped = _lines(chars, number, box, _ATTRS, None, lambda: "")
    return PageText(tuple(lines), frame, unmapped=unmapped, engine="pdfium", reason=reason)
