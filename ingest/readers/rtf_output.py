"""Where the text of an RTF body goes: paragraphs, table rows, footnotes and text boxes.

The parser hands every piece of decoded body text to :class:`Output` together with the group
state it was written in; ``Output`` counts how much of a paragraph is bold and at which size,
splits table rows into cells, and keeps footnotes and text boxes (which RTF writes inside the
paragraph that anchors them) out of that paragraph, emitting them right after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Destination codes: where the text of the current group goes.
BODY, DROP, FONTTBL, STYLESHEET, STYLE, INFO, INFO_FIELD, INFO_DATE, FLDINST = range(9)
# A note call (\chftn in the body) rides in the paragraph text between these private-use
# characters until the reader turns it into a Block anchor; it never reaches the index.
ANCHOR_OPEN, ANCHOR_CLOSE = "\ue000", "\ue001"
_ANCHOR = re.compile(f"{ANCHOR_OPEN}([^{ANCHOR_CLOSE}]*){ANCHOR_CLOSE}")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, table row or footnote as the file states it, before interpretation."""

    text: str  # decoded, not yet normalised; table rows join cells with " | "
    kind: str = "para"  # para | table | footnote
    style: int = 0
    outline: int | None = None  # \outlinelevelN as written (0 = top level)
    list_item: bool = False
    in_toc: bool = False  # inside a TOC field result
    bold_share: float = 0.0  # share of the visible characters that are bold
    size: float = 12.0  # points, the size most of its characters have
    space_before: float = 0.0  # points


class Group:
    """Properties that RTF scopes to a group: copied on "{", restored on "}"."""

    __slots__ = (
        *("dest", "bold", "fs", "font", "hidden", "uc"),
        *("style", "outline", "intbl", "ls", "sb", "toc"),
    )

    def __init__(self) -> None:
        self.dest = BODY
        self.bold = False
        self.fs = 24
        self.font: int | None = None
        self.hidden = False
        self.uc = 1
        self.style = 0
        self.outline: int | None = None
        self.intbl = False
        self.ls = False
        self.sb = 0
        self.toc = False

    def copy(self) -> Group:
        new = Group.__new__(Group)
        new.dest, new.bold, new.fs, new.font = self.dest, self.bold, self.fs, self.font
        new.hidden, new.uc, new.style, new.outline = self.hidden, self.uc, self.style, self.outline
        new.intbl, new.ls, new.sb, new.toc = self.intbl, self.ls, self.sb, self.toc
        return new


@dataclass
class Frame:
    """A stream of paragraphs: the body, or a footnote or text box opened inside it."""

    kind: str
    depth: int  # group depth at which it was opened
    parts: list[str] = field(default_factory=list)
    visible: int = 0
    bold: int = 0
    sizes: dict[int, int] = field(default_factory=dict)
    list_item: bool = False
    cells: list[str] = field(default_factory=list)
    nest_cells: list[str] = field(default_factory=list)
    out: list[Paragraph] = field(default_factory=list)
    pending: list[Paragraph] = field(default_factory=list)  # footnotes waiting for the para end


class Output:
    """The stack of open frames; the first is the document body."""

    def __init__(self) -> None:
        self.frames = [Frame("body", 1)]
        self.body = self.frames[0]

    def add(self, st: Group, text: str) -> None:
        frame = self.frames[-1]
        frame.parts.append(text)
        visible = len(text) - text.count(" ")
        frame.visible += visible
        if st.bold:
            frame.bold += visible
        frame.sizes[st.fs] = frame.sizes.get(st.fs, 0) + visible

    def finish(self, st: Group) -> None:
        """End of file: close what is still open, as a lenient reader must."""
        while len(self.frames) > 1:
            self.close_frame(st)
        self.end_paragraph(Group())
        body = self.body
        if body.cells or body.nest_cells:
            self.end_row(st, nested=not body.cells)
        body.out.extend(body.pending)

    def take(self, frame: Frame) -> str:
        text = "".join(frame.parts)
        frame.parts.clear()
        return text

    def end_paragraph(self, st: Group) -> None:
        frame = self.frames[-1]
        if st.dest != BODY:
            return
        if st.intbl:
            # A paragraph mark inside a cell separates lines of the cell, not rows.
            frame.parts.append("\n")
            return
        if frame.cells:
            self.end_row(st)
        text = self.take(frame)
        if text.strip():
            size = _modal(frame.sizes, st.fs)
            frame.out.append(
                Paragraph(
                    text=text,
                    style=st.style,
                    outline=st.outline,
                    list_item=frame.list_item or st.ls,
                    in_toc=st.toc,
                    bold_share=frame.bold / frame.visible if frame.visible else 0.0,
                    size=size / 2,
                    space_before=st.sb / 20,
                )
            )
        self.reset(frame)

    def reset(self, frame: Frame) -> None:
        frame.visible = frame.bold = 0
        frame.sizes = {}
        frame.list_item = False
        frame.out.extend(frame.pending)
        frame.pending.clear()

    def anchor(self, marker: str) -> None:
        """A note is called here: keep its marker apart from the words around it."""
        self.frames[-1].parts.append(f"{ANCHOR_OPEN}{marker}{ANCHOR_CLOSE}")

    def end_cell(self, nested: bool) -> None:
        frame = self.frames[-1]
        (frame.nest_cells if nested else frame.cells).append(self.take(frame).strip())

    def end_row(self, st: Group, nested: bool = False) -> None:
        frame = self.frames[-1]
        cells = frame.nest_cells if nested else frame.cells
        if frame.parts and "".join(frame.parts).strip():
            cells.append(self.take(frame).strip())  # a row whose last \cell is missing
        frame.parts.clear()
        if any(cells):
            text = " | ".join(c.replace("\n", " ") for c in cells)
            size = _modal(frame.sizes, st.fs) / 2
            frame.out.append(Paragraph(text=text, kind="table", in_toc=st.toc, size=size))
        cells.clear()
        self.reset(frame)

    def open_frame(self, st: Group, kind: str, depth: int) -> None:
        st.dest, st.intbl, st.toc = BODY, False, False
        self.frames.append(Frame(kind, depth))

    def close_frame(self, st: Group) -> None:
        self.end_paragraph(st)
        frame = self.frames[-1]
        if frame.cells or frame.nest_cells:
            self.end_row(st, nested=not frame.cells)
        self.frames.pop()
        found = frame.out + frame.pending
        if frame.kind == "footnote" and found:
            # One block per note: a note's own paragraphs are not sections of the document.
            text = " ".join(p.text.strip() for p in found)
            found = [Paragraph(text=text, kind="footnote", size=found[0].size)]
        self.frames[-1].pending.extend(found)


def take_anchors(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """``text`` without its note calls, and (offset, marker) for each call."""
    if ANCHOR_OPEN not in text:
        return text, ()
    parts: list[str] = []
    anchors: list[tuple[int, str]] = []
    length = last = 0
    for match in _ANCHOR.finditer(text):
        piece = text[last : match.start()]
        if piece.startswith(" ") and parts and parts[-1].endswith(" "):
            piece = piece[1:]  # "word \chftn and": one space, not two
        parts.append(piece)
        length += len(piece)
        anchors.append((length, match.group(1)))
        last = match.end()
    tail = text[last:]
    if tail.startswith(" ") and parts and parts[-1].endswith(" "):
        tail = tail[1:]
    parts.append(tail)
    joined = "".join(parts)
    stripped = joined.strip()
    lead = len(joined) - len(joined.lstrip())
    return stripped, tuple((min(max(o - lead, 0), len(stripped)), m) for o, m in anchors)


def _modal(sizes: dict[int, int], default: int) -> int:
    return max(sizes, key=sizes.__getitem__) if sizes else default
