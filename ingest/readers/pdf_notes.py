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
    which the page-foot rule of the block builder does not see. Notes set close together that
    the block builder ran into one block are split at each called marker, and small print
    that follows a note on its page without a marker of its own is that note's last line.
    """
    pending: set[str] = set()
    out: list[Block] = []
    for block in blocks:
        block = take_calls(block)
        pending.update(marker for _, marker in block.anchors)
        small = bool(block.size) and block.size <= MAX_SIZE_RATIO * body_size + 0.01
        start = _NOTE_START.match(block.text)
        if small and block.kind in ("para", "footnote") and start and start.group(1) in pending:
            for piece in _split_notes(block.text, pending):
                pending.discard(piece.split(None, 1)[0])
                out.append(dataclasses.replace(block, text=piece, kind="footnote"))
        elif small and block.kind == "para" and out and _continues_note(out[-1], block):
            out[-1] = dataclasses.replace(out[-1], text=f"{out[-1].text} {block.text}")
        else:
            out.append(block)
    return out


def _split_notes(text: str, pending: set[str]) -> list[str]:
    """ "1 A note. 2 Another note." -> ["1 A note.", "2 Another note."] at called markers."""
    cuts = [0]
    for match in re.finditer(r"(?<=[.!?)”’])\s+(\d{1,3})\s+(?=[A-Z“\"])", text):
        if match.group(1) in pending:
            cuts.append(match.start())
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def _continues_note(note: Block, block: Block) -> bool:
    return (
        note.kind == "footnote"
        and note.page == block.page
        and not _NOTE_START.match(block.text)
        and not note.text.rstrip().endswith((".", "!", "?"))
        or (note.kind == "footnote" and note.page == block.page and block.text[:1].islower())
    )


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
