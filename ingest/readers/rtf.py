"""Read an RTF file into blocks, keeping the heading structure that plain-text conversion loses.

:mod:`ingest.readers.rtf_parser` walks the control words once; this module decides what each
paragraph is. A heading style ("heading 2", "Überschrift 2", "Titre 2") or an explicit
``\\outlinelevel`` gives a certain heading level. Bold or larger paragraphs keep their
typography in ``Block.bold`` and ``Block.size`` so the sectioner can decide. Table rows,
list items, footnotes and table-of-contents entries get their own ``kind``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ingest.errors import (
    CorruptDocument,
    EmptyDocument,
    NoText,
    TruncatedDocument,
    UnsupportedFormat,
)
from ingest.model import Block, RawDocument
from ingest.readers.rtf_output import take_anchors
from ingest.readers.rtf_parser import Paragraph, ParsedRtf, Style, parse
from ingest.textnorm import normalise

log = logging.getLogger(__name__)

# Word writes the built-in style names in the user's language; these are the ones seen in
# documents from UK and European public bodies. Aliases follow commas ("heading 1,H1").
_HEADING_NAME = re.compile(
    r"(?:^|,|\s)(?:heading|überschrift|titre|titolo|título|titulo|kop|rubrik|overskrift"
    r"|otsikko|nagłówek|naglowek|nadpis|заголовок|címsor|cimsor|kopregel)\s*([1-9])\b",
    re.IGNORECASE,
)
_TOC_NAME = re.compile(
    r"^(?:toc|contents|verzeichnis|inhaltsverzeichnis|tm|sommario|índice|indice|inhoudsopgave"
    r"|innehållsförteckning|sisällys|spis treści|оглавление)\s*([1-9])\b",
    re.IGNORECASE,
)
_CAPTION_NAME = re.compile(
    r"^(?:caption|beschriftung|légende|legende|didascalia|epígrafe|bijschrift)\b", re.IGNORECASE
)
# A "heading" longer than this is a body paragraph someone styled as a heading by mistake;
# trusting it would make a section title of a whole paragraph.
MAX_HEADING_CHARS = 250
_BOLD_SHARE = 0.8  # a paragraph is bold when this share of its visible characters is
_SURROGATES = re.compile("[\ud800-\udfff]")
# Signatures of files that arrive with an .rtf suffix but are something else.
_OTHER_FORMATS = (
    (b"%PDF", "a PDF file; add it with a .pdf suffix"),
    (b"PK\x03\x04", "a Word .docx (or other zip) file; save it as RTF or PDF"),
    (b"\xd0\xcf\x11\xe0", "a Word .doc file; save it as RTF or PDF"),
    (b"<", "an HTML or XML file; save it as RTF or PDF"),
)


def read_rtf(path: Path) -> RawDocument:
    """Read one RTF file; raise an :class:`~ingest.errors.IngestError` subclass on failure."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorruptDocument(f"could not be opened: {exc.strerror or exc}") from exc
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if not data:
        raise EmptyDocument()
    if not head:
        raise EmptyDocument("empty file (only whitespace)")
    if not head.startswith((b"{\\rtf", b"{\\urtf")):
        for magic, what in _OTHER_FORMATS:
            if head.startswith(magic):
                raise UnsupportedFormat(f"not an RTF file: looks like {what}")
        raise CorruptDocument("not an RTF file (no {\\rtf header)")
    try:
        # Latin-1 maps every byte to one character, so the parser sees the bytes unchanged
        # and decodes \'hh escapes and 8-bit text in the file's own code page.
        parsed = parse(data.decode("latin-1"))
    except (ValueError, LookupError, RecursionError) as exc:
        raise CorruptDocument(f"damaged RTF: {exc}") from exc
    if parsed.truncated:
        # Every RTF writer closes the document group; a file that ends inside it was cut off
        # (an interrupted download or copy), and indexing the part before the cut would
        # replace a good version of the document with a fraction of it.
        raise TruncatedDocument(
            "truncated: the RTF ends before its closing brace (the file was cut short)"
        )
    blocks = to_blocks(parsed)
    if parsed.replaced:
        log.warning("%s: %d bytes did not decode in their code page", path, parsed.replaced)
    if not blocks:
        raise NoText()
    return RawDocument(
        path=str(path),
        format="rtf",
        blocks=tuple(blocks),
        page_count=None,
        page_labels=(),
        metadata={k: normalise(v) for k, v in parsed.metadata.items() if normalise(v)},
    )


def heading_level(style: Style | None) -> int | None:
    """The outline level (1 = top) a paragraph style implies, from its definition or name."""
    if style is None:
        return None
    if style.outline is not None:
        return style.outline + 1
    match = _HEADING_NAME.search(style.name)
    return int(match.group(1)) if match else None


def is_toc_style(style: Style | None) -> bool:
    return style is not None and bool(_TOC_NAME.match(style.name))


def is_caption_style(style: Style | None) -> bool:
    return style is not None and bool(_CAPTION_NAME.match(style.name))


def to_blocks(parsed: ParsedRtf) -> list[Block]:
    """Interpret parsed paragraphs as blocks; empty paragraphs disappear."""
    levels = {n: heading_level(s) for n, s in parsed.styles.items()}
    # TOC style number -> the contents level it sets ("toc 2" -> 2), for the sectioner.
    tocs = {n: int(m.group(1)) for n, s in parsed.styles.items() if (m := _TOC_NAME.match(s.name))}
    captions = {n for n, s in parsed.styles.items() if is_caption_style(s)}
    blocks = []
    for para in parsed.paragraphs:
        block = _to_block(para, levels, tocs, captions)
        if block is not None:
            blocks.append(block)
    return blocks


def _to_block(
    para: Paragraph, levels: dict[int, int | None], tocs: dict[int, int], captions: set[int]
) -> Block | None:
    raw = para.text
    if _SURROGATES.search(raw):
        # \uN escapes of characters beyond the BMP arrive as UTF-16 surrogate pairs.
        raw = raw.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text, anchors = take_anchors(normalise(raw.replace("\n", " ")))
    if not text:
        return None
    kind = para.kind
    level = None
    role = ""
    if kind == "para":
        if para.in_toc or para.style in tocs:
            kind = "toc"
            role = f"toc{tocs[para.style]}" if para.style in tocs else ""
        elif para.style in captions:
            kind = "caption"
        else:
            level = para.outline + 1 if para.outline is not None else levels.get(para.style)
            if level is not None and len(text) > MAX_HEADING_CHARS:
                log.debug("ignoring heading level of a %d-character paragraph", len(text))
                level = None
            if level is None and para.list_item:
                kind = "list"
    return Block(
        text=text,
        page=None,
        size=para.size,
        bold=para.bold_share >= _BOLD_SHARE,
        heading_level=level,
        kind=kind,
        space_before=para.space_before,
        anchors=anchors,
        role=role,
    )
