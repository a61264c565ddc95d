"""Note calls and note text in PDFs: the raised small digits that stick to words ("served6").

pdfplumber gives a raised marker as its own word (its size differs from the word it follows)
and the line builder glues touching words, so "served" + "6" prints as "served6" in the index.
:func:`is_note_call` recognises the marker from geometry: smaller than the word before it,
raised above that word's baseline, and touching it. The line builder writes the marker as a
call (:func:`call_text`), which the block builder turns into ``Block.anchors`` with
:func:`take_calls`; :func:`mark_notes` then finds the notes that answer the calls: small
blocks that start with a called marker, wherever the layout prints them (page foot, section
foot, chapter end).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ingest.model import Block
from ingest.readers.rtf_output import ANCHOR_CLOSE, ANCHOR_OPEN, take_anchors

# What a note call looks like: "6", "12", "6,7", "6-8", "*", "†", "iv", "a".
_CALL = re.compile(r"^(?:\d{1,3}(?:[,–-]\d{1,3})*|[*†‡§¶]{1,3}|[ivx]{1,4}|[a-h])$")
_NOTE_START = re.compile(r"^\s*(\d{1,3}|[*†‡§¶]{1,3}|[ivx]{1,4}|[a-h])[.)]?\s+\S")
MAX_SIZE_RATIO = 0.85  # a call is set smaller than the text it follows
MIN_RAISE = 0.2  # ... and its baseline sits this share of that text's size above the line's
MAX_GAP = 0.35  # ... and it touches the word before it (share of that word's size)


def is_note_call(word: Mapping[str, Any], before: Mapping[str, Any] | None) -> bool:
    """True when pdfplumber ``word`` is a note marker raised after the word ``before``."""
    if before is None or not _CALL.match(str(word["text"])):
        return False
    size, base = float(word.get("size", 0)), float(before.get("size", 0))
    if not size or not base or size > MAX_SIZE_RATIO * base:
        return False
    raised = float(before["bottom"]) - float(word["bottom"]) >= MIN_RAISE * base
    touching = float(word["x0"]) - float(before["x1"]) <= MAX_GAP * base
    # After a word, not inside a formula: "X" + raised "i" or "m" + "2" are mathematics.
    word_before = re.sub(r"\W", "", str(before["text"]))
    return raised and touching and len(word_before) >= 3


def call_text(marker: str) -> str:
    """How a note call rides in line text until the block builder takes it out."""
    return f"{ANCHOR_OPEN}{marker}{ANCHOR_CLOSE}"


def calls_in_line(words: Sequence[Mapping[str, Any]]) -> list[str]:
    """The line's words as text, with note calls written as :func:`call_text`."""
    out: list[str] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else None
        out.append(call_text(str(word["text"])) if is_note_call(word, before) else word["text"])
    return out


def take_calls(block: Block) -> Block:
    """``block`` with its note calls out of the text and in ``anchors``.

    A note's own marker is often raised too ("⁶ Tudor Hart J ..."): a call at the very start
    of a block is the note's marker and goes back into the text.
    """
    if ANCHOR_OPEN not in block.text:
        return block
    text, anchors = take_anchors(block.text)
    if anchors and anchors[0][0] == 0:
        text = f"{anchors[0][1]} {text}"
        shift = len(anchors[0][1]) + 1
        anchors = tuple((o + shift, m) for o, m in anchors[1:])
    # "need6,7" calls notes 6 and 7 at one place.
    anchors = tuple((o, one) for o, marker in anchors for one in _expand(marker))
    return dataclasses.replace(block, text=text, anchors=anchors)


def mark_notes(blocks: Sequence[Block], body_size: float) -> list[Block]:
    """Blocks with the notes that answer earlier calls marked ``kind="footnote"``.

    A note is smaller than body text and starts with a marker some earlier block called and no
    note has answered yet: this finds notes at the foot of a section or the end of a chapter,
    which the page-foot rule of the block builder does not see.
    """
    pending: set[str] = set()
    out: list[Block] = []
    for block in blocks:
        block = take_calls(block)
        pending.update(marker for _, marker in block.anchors)
        start = _NOTE_START.match(block.text)
        small = block.size and block.size <= MAX_SIZE_RATIO * body_size + 0.01
        if start and small and block.kind in ("para", "footnote") and start.group(1) in pending:
            pending.discard(start.group(1))
            block = dataclasses.replace(block, kind="footnote")
        out.append(block)
    return out


def _expand(marker: str) -> list[str]:
    """ "6,7" -> ["6", "7"]; "6-8" -> ["6", "7", "8"]."""
    out: list[str] = []
    for part in marker.split(","):
        bounds = re.split(r"[–-]", part)
        if all(b.isdigit() for b in bounds) and len(bounds) == 2:
            out.extend(str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            out.append(part)
    return out
