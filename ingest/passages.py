"""A section's text as the units a reader quotes: sentences of paragraphs and list items.

Commitments are found among these units and follow-ups point at them, so both share one
segmentation. Each unit keeps its character offset in the section text (for the printed page),
the paragraph it belongs to (a follow-up quotes one sentence per paragraph) and, for a list
item, the sentence that introduces the list ("The Mayor will:"), which says who acts.

PDF text arrives with a blank line at every page break, even mid-sentence ("The Mayor will" /
"also work with partners ..."). A block that stops without closing punctuation and is followed
by one starting in lower case is the same sentence and is joined back together.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ingest.model import Section, page_at
from ingest.nlp import sentence_tokenizer

# A list marker: bullet glyphs, dashes, "1." "2)" "(a)" "a)" or "Action 3:".
LIST_MARKER = re.compile(
    r"^\s*(?:[•▪●◦‣∙·*\-–—]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\)|Action\s+\d+[.:])\s+"
)
_BLOCK_SPLIT = re.compile(r"\n\s*\n|\n(?=\s*(?:[•▪●◦‣∙·*–—]|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s))")
_CLOSES = tuple('.!?:;"”’)')
_CAPTION = re.compile(r"^(?:Table|Figure|Chart|Box)\s+[\dA-Z]+[.:]", re.I)


@dataclass(frozen=True)
class Unit:
    """One sentence or list item of a section."""

    section_id: str
    start: int  # character offset in the section text
    text: str  # whitespace collapsed, list marker removed
    kind: str  # "sentence" | "item"
    block: int  # index of the paragraph (or list item) in the section
    lead_in: str = ""  # for an item: the sentence before the list, when it ends with ":"
    page: int | None = None

    @property
    def key(self) -> str:
        return text_key(self.text)


def text_key(text: str) -> str:
    """Letters and digits only, lower case: the same words whatever the hyphens and spaces a
    reader leaves ("life ex-pectancy", "high-quality" / "highquality")."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def text_hash(text: str) -> str:
    """A short stable hash of :func:`text_key`: ids survive re-ingest and layout changes."""
    return hashlib.sha1(text_key(text).encode("utf-8")).hexdigest()[:8]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _blocks(text: str, breaks: frozenset[int] = frozenset()) -> Iterator[tuple[int, str]]:
    """(offset, text) of paragraphs and list items, with sentences split by a page break
    (``breaks``: offsets where a new page starts) joined again."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in _BLOCK_SPLIT.finditer(text):
        if match.start() > start:
            pieces.append((start, text[start : match.start()]))
        start = match.end()
    if start < len(text):
        pieces.append((start, text[start:]))
    pending: tuple[int, str] | None = None
    for offset, piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if pending is not None and _continues(pending[1], piece, offset in breaks):
            head = pending[1]
            marker = LIST_MARKER.match(piece)
            if marker:  # a dash that began a printed line, read as a bullet
                pending = (pending[0], head + " – " + piece[marker.end() :])
            elif head.endswith("-") and head[-2:-1].isalpha() and piece[:1].islower():
                pending = (pending[0], head[:-1] + piece)  # "energy sup-" + "pliers"
            else:
                pending = (pending[0], head + " " + piece)
            continue
        if pending is not None:
            yield pending
        pending = (offset, piece)
    if pending is not None:
        yield pending


def _continues(head: str, tail: str, page_break: bool) -> bool:
    if head.rstrip().endswith(_CLOSES) or _CAPTION.match(head) or LIST_MARKER.match(head):
        return False
    marker = LIST_MARKER.match(tail)
    if marker:
        return tail[marker.end() : marker.end() + 1].islower()
    return page_break or tail[:1].islower()


_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’)\]]*$")


def units(section: Section) -> list[Unit]:
    """The sentences and list items of ``section``, in order.

    Blocks that are neither a list item nor end in closing punctuation (table cells, captions,
    headings run into the text) are left out: they are not sentences anyone commits to.
    """
    # Commitment extraction and the follow-up linker both read every section: split once.
    return list(_units(section.id, section.text, section.page_start, section.page_offsets))


@lru_cache(maxsize=8192)
def _units(
    section_id: str, text: str, page_start: int | None, page_offsets: tuple[tuple[int, int], ...]
) -> tuple[Unit, ...]:
    def page(offset: int) -> int | None:
        return page_at(page_start, page_offsets, offset)

    out: list[Unit] = []
    splitter = sentence_tokenizer()
    lead_in = ""
    in_table = False  # after a "Table 1: ..." caption, numbered rows are not a list
    breaks = frozenset(start for start, _page in page_offsets)
    for block_no, (offset, block) in enumerate(_blocks(text, breaks)):
        if _CAPTION.match(block):
            in_table = True
            continue
        marker = LIST_MARKER.match(block)
        if in_table and (marker or not _ENDS_SENTENCE.search(block.rstrip())):
            continue
        in_table = False
        if marker:
            body = _squash(block[marker.end() :])
            if body:
                out.append(
                    Unit(
                        section_id,
                        offset,
                        body,
                        "item",
                        block_no,
                        lead_in,
                        page(offset),
                    )
                )
            continue
        lead_in = ""
        if not _ENDS_SENTENCE.search(block.rstrip()):
            continue
        for s_start, s_end in splitter.span_tokenize(block):
            sentence = _squash(block[s_start:s_end])
            if len(sentence) < 3:
                continue
            at = offset + s_start
            out.append(Unit(section_id, at, sentence, "sentence", block_no, "", page(at)))
            lead_in = sentence if sentence.endswith(":") else ""
    return tuple(out)
