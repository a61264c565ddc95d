"""Foot- and endnotes: their markers, their text, and the places in a section that call them.

Readers mark note text as ``Block.kind == "footnote"`` and record note calls as
``Block.anchors`` (the marker taken out of the words: "served⁶" becomes "served" plus a call
to note 6). The sectioner keeps notes out of a section's text and records the calls as
``Section.note_refs``; :func:`attach_notes` then gives each note to the section that calls it,
which is not always the one it is printed in (a footnote at the foot of a page that a new
section starts on).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from ingest.model import Block, Note, Reference, Section
from ingest.references import looks_like_entry, parse_entry
from ingest.textnorm import BULLET

# "6 Tudor Hart J ...", "6. Tudor Hart", "[6] ...", "* Provisional figures", "iv See ...".
_MARKER = re.compile(r"^\s*(?:\[(\w{1,4})\]|(\d{1,3})[.)]?|([*†‡§¶]{1,3})|([ivx]{1,5})[.)])\s+")


def is_note(block: Block) -> bool:
    """A small-print block is a note when it starts with a marker; other small print (a
    source line, a disclaimer) stays in the body text."""
    return bool(_MARKER.match(block.text))


def to_note(block: Block) -> Note:
    """A footnote block as a Note: its printed marker and its text."""
    text = block.text.strip()
    match = _MARKER.match(text)
    if not match:
        return Note(marker="", text=text, page=block.page)
    marker = next(g for g in match.groups() if g)
    return Note(marker=marker, text=text[match.end() :].strip(), page=block.page)


def placed_anchors(block: Block, text: str, start: int) -> list[tuple[int, str]]:
    """``block``'s note calls as offsets in a section whose text holds ``text`` at ``start``.

    ``text`` is the block's text as the section prints it (a list item gets its bullet
    respelt), so the calls move with the words they follow.
    """
    if not block.anchors:
        return []
    core = block.text.lstrip(BULLET).strip() if text != block.text else block.text
    lead = block.text.find(core) if core else 0
    shift = text.find(core) - lead if core and text.find(core) >= 0 else 0
    return [(start + min(max(o + shift, 0), len(text)), m) for o, m in block.anchors]


def attach_notes(sections: Sequence[Section]) -> list[Section]:
    """Sections whose notes are the ones they call, wherever the notes were printed.

    A note goes to the nearest section at or before the one it is printed in that calls its
    marker; a note no section calls stays where it was printed. Numbering that restarts
    (per chapter or per page) is why the search looks backwards from where it is printed.
    """
    moved: dict[int, list[Note]] = {i: [] for i in range(len(sections))}
    for i, section in enumerate(sections):
        for note in section.notes:
            moved[_caller(sections, i, note.marker)].append(note)
    return [
        s if list(s.notes) == moved[i] else dataclasses.replace(s, notes=tuple(moved[i]))
        for i, s in enumerate(sections)
    ]


def _caller(sections: Sequence[Section], printed_in: int, marker: str) -> int:
    if not marker:
        return printed_in
    for i in range(printed_in, -1, -1):
        if any(m == marker for _, m in sections[i].note_refs):
            return i
        if i < printed_in and any(n.marker == marker for n in sections[i].notes):
            break  # an earlier note with the same marker: numbering restarted
    return printed_in


def note_entries(sections: Sequence[Section]) -> tuple[Reference, ...]:
    """The notes of a document that name a work, read as reference entries."""
    return tuple(
        parse_entry(note.text, note.marker)
        for section in sections
        for note in section.notes
        if looks_like_entry(note.text)
    )


def notes_called(section: Section, start: int, end: int) -> list[Note]:
    """The notes ``section`` calls between character ``start`` and ``end`` of its text."""
    markers = [m for o, m in section.note_refs if start < o <= end]
    by_marker = {n.marker: n for n in section.notes}
    return [by_marker[m] for m in dict.fromkeys(markers) if m in by_marker]
