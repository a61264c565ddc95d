"""Which blocks are headings: declared by the file, confirmed by its contents page, or set
apart by type, and not a list item, run-in lead-in, caption, callout figure, pull quote,
listing, sentence, table cell, cover line or back-cover blurb.

Format-agnostic: works only from :class:`~ingest.model.Block` fields. ``heading_level`` on a
block is the file's own word: N > 0 a heading at level N, 0 no heading, None undecided.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest import heading_filters as drop
from ingest.contents import Entry, key
from ingest.heading_cues import (
    NAMED,
    is_callout,
    is_caption,
    is_list_marker,
    is_monospaced,
    is_numbered,
    is_quote,
    is_sentence,
)
from ingest.heading_doc import (
    BOOKMARKS,
    CONTENTS,
    STYLES,
    TREE,
    TYPOGRAPHY,
    Candidate,
    DocFacts,
    is_italic,
    style_of,
)
from ingest.heading_levels import Evidence, assign_levels
from ingest.model import Block
from ingest.textnorm import BULLET, normalise

_ADDRESS = re.compile(r"(?:https?://|www\.|@|\.(?:gov|org|com|net)\b)", re.IGNORECASE)
MAX_HEADING_CHARS = 160
MAX_HEADING_WORDS = 24


@dataclass(frozen=True)
class Heading:
    index: int  # position of the (first) block in the block list
    last: int  # position of the last block of a wrapped heading
    text: str
    level: int
    source: str  # structure-tree | bookmarks | styles | typography


def _declared_source(block: Block) -> str:
    if block.role == "bookmark":
        return BOOKMARKS
    if block.role.startswith("H") and block.role[1:].isdigit():
        return TREE
    return STYLES


class _Finder(DocFacts):
    # -- one block ---------------------------------------------------------------------------

    def typographic(self, block: Block, wrapped: bool = False) -> bool:
        """Is an undeclared block set apart as a heading, and not something else?
        ``wrapped``: the block would continue a heading above it."""
        text = block.text
        if block.kind != "para" or block.page in self.covers or not text:
            return False
        if len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
            return False
        if block.lines > 3 or text.startswith(BULLET):
            return False
        if not any(c.isalpha() for c in text) or is_caption(text) or is_callout(text):
            return False
        if not wrapped and (text[:1] in ":;,.)]}/–—-" or text[:1].islower()):
            return False  # the tail of a line split off, not the start of a title
        if is_quote(text) or is_monospaced(block.font) or is_sentence(text):
            return False
        numbered = is_numbered(text)
        if text.endswith(":") and not NAMED.match(text):
            return False  # a lead-in to what follows ("Our priorities are:")
        body = self.body
        if body > 0 and block.size < body - 0.5:
            return False
        if body > 0 and block.size >= body + max(0.9, 0.08 * body):
            return True
        if is_list_marker(text):
            return False  # "(a) ..." at the size of the text is a list item
        spaced = block.space_before >= 0.4 * body or numbered
        if block.bold and not self.body_bold:
            return spaced
        if block.color != self.body_color and not _ADDRESS.search(text):
            return spaced and block.lines <= 2  # set apart by colour alone
        # Italic headings at body size: one short title-like line, set off from the text.
        return (
            is_italic(block)
            and spaced
            and block.lines == 1
            and len(text.split()) <= 10
            and text[:1].isupper()
        )

    def plausible(self, block: Block) -> bool:
        """A heading the file declares, unless its words are plainly prose (a paragraph
        given a heading style by mistake, a figure's text tagged as a heading)."""
        text = block.text
        words = len(text.split())
        return (
            (block.heading_level or 0) > 0
            and words <= 2 * MAX_HEADING_WORDS
            and block.lines <= 4
            and not (text.endswith((".", ";", ",")) and words >= 10)
            and any(c.isalpha() for c in text)
        )

    def confirmable(self, block: Block) -> bool:
        """May a contents entry make this block a heading? Short, in the body, not a cell."""
        return (
            block.kind == "para"
            and block.heading_level is None
            and block.page not in self.covers
            and len(block.text) <= MAX_HEADING_CHARS
            and block.lines <= 3
        )

    # -- all blocks --------------------------------------------------------------------------

    def continues(self, first: Block, second: Block) -> bool:
        """Is ``second`` the wrapped remainder of heading ``first``?"""
        if first.page != second.page or first.bold != second.bold:
            return False
        if abs(first.size - second.size) > 0.5 or first.heading_level != second.heading_level:
            return False
        if is_numbered(second.text):
            return False
        if second.text[:1].islower() or drop.FUNCTION_END.search(first.text):
            return True
        # A bare label ("Part Two", "Chapter 3") above its title is one heading.
        return bool(NAMED.match(first.text)) and len(first.text.split()) <= 3

    def candidates(self) -> list[Candidate]:
        """(first block, last block, text, source, contents entry) of every heading."""
        blocks = self.blocks
        out: list[Candidate] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block.heading_level is not None:
                kind = _declared_source(block) if self.plausible(block) else ""
            elif self.declared_only:
                kind = ""
            elif self.typographic(block):
                kind = TYPOGRAPHY
            elif self.contents and self.confirmable(block):
                kind = CONTENTS
            else:
                kind = ""
            if not kind:
                i += 1
                continue
            text, last = block.text, i
            while last + 1 < len(blocks) and self.continues(blocks[last], blocks[last + 1]):
                nxt = blocks[last + 1]
                ok = (
                    (nxt.heading_level or 0) > 0
                    if kind not in (TYPOGRAPHY, CONTENTS)
                    else (
                        nxt.heading_level is None
                        and (self.typographic(nxt, wrapped=True) or kind == CONTENTS)
                    )
                )
                if not ok:
                    break
                last += 1
                text = f"{text} {nxt.text}"
            text = normalise(text)
            entry = self.contents.find(text) if self.contents else None
            if kind == CONTENTS and entry is None:
                # Not an entry after all (unless its first block alone is one).
                entry = self.contents.find(block.text)
                if entry is None:
                    i += 1
                    continue
                text, last = normalise(block.text), i
            if entry is not None:
                self.contents.take(entry)
            out.append(Candidate(i, last, text, kind, entry))
            i = last + 1
        return out

    # -- filters on typographic candidates ---------------------------------------------------

    def headings(self) -> list[Heading]:
        heads = self.candidates()
        out: set[int] = set()
        for h in heads:
            if (
                h.kind == TYPOGRAPHY
                and h.entry is None
                and (drop.run_in(self, h.index, h.last) or drop.list_run(self, h.index, h.last))
            ):
                out.add(h.index)
        out |= drop.unfollowed(self, heads) | drop.subtitles(self, heads)
        heads = [h for h in heads if h.index not in out]
        out = drop.numbered_outline_callouts(self, heads) | drop.unconfirmed_styles(self, heads)
        heads = [h for h in heads if h.index not in out]
        out = drop.back_cover(self, heads) | drop.label_runs(self, heads)
        out |= drop.lone_colours(self, heads)
        kept: list[Candidate] = []
        for h in heads:
            if h.index in out:
                continue
            if (
                kept
                and key(kept[-1].text) == key(h.text)
                and not self.text_between(kept[-1].last, h.index)
            ):
                continue  # the same heading repeated with no text between (a running title)
            kept.append(h)
        evidence = [
            Evidence(
                text=h.text,
                style=style_of(self.blocks[h.index]),
                declared=None
                if h.kind in (TYPOGRAPHY, CONTENTS)
                else self.blocks[h.index].heading_level,
                contents=h.entry.level if h.entry is not None else None,
            )
            for h in kept
        ]
        levels = assign_levels(evidence)
        return [
            Heading(h.index, h.last, h.text, lvl, TYPOGRAPHY if h.kind == CONTENTS else h.kind)
            for h, lvl in zip(kept, levels, strict=True)
        ]


def find_headings(
    blocks: Sequence[Block], page_count: int | None = None, contents: Sequence[Entry] = ()
) -> list[Heading]:
    """The headings among ``blocks`` (contents blocks removed), wrapped ones merged, with
    levels; ``contents`` are the entries of the document's contents pages."""
    return _Finder(blocks, page_count, list(contents)).headings()


def cover_pages(blocks: Sequence[Block], page_count: int | None = None) -> set[int]:
    """Pages that are covers (the first page, when it carries almost no running text)."""
    return _Finder(blocks, page_count, []).covers
