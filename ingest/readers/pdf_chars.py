"""Characters into words whichever way the text runs: upright, on a /Rotate page, or turned.

pdfplumber gives the characters of a page in its displayed (rotated) frame. Text that runs
down, up or upside down in that frame (a /Rotate 90 page, a landscape table turned on a
portrait page) would be lost or read backwards by a reader that keeps upright words only, so
each run of characters is turned into its own frame first, where it reads left to right, and
read there like any other text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdfplumber.utils.text import WordExtractor

Char = dict[str, Any]
Word = dict[str, Any]
Box = tuple[float, float, float, float]

# A turned run of text is read when it holds this share of the page's characters (or is
# the largest run); smaller runs are margin labels ("Draft", arXiv stamps, side tabs).
MIN_SHARE = 0.25
WORD_OPTIONS: dict[str, Any] = {"keep_blank_chars": False, "use_text_flow": False}


def extract_words(chars: Sequence[Char], extra_attrs: list[str], **options: Any) -> list[Word]:
    """pdfplumber's words, each with the fill colour of its first character.

    The colour is read off the characters rather than split on as an extra attribute, which
    would break a line into runs (a white section number on a coloured box, then its title).
    """
    extractor = WordExtractor(extra_attrs=extra_attrs, **options)
    out = []
    for word, word_chars in extractor.iter_extract_tuples(chars):
        word["non_stroking_color"] = word_chars[0].get("non_stroking_color")
        out.append(word)
    return out


def direction(matrix: Sequence[float]) -> int:
    """Which way a character's text runs on the displayed page, in degrees clockwise:
    0 left to right, 90 downwards, 180 upside down, 270 upwards."""
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return 0 if a > 0 else 180
    return 270 if b > 0 else 90  # PDF space has y upwards: b > 0 runs up the page


def _turned(chars: list[Char], angle: int, box: Box) -> tuple[list[Char], Box]:
    """Characters moved into the frame where text at ``angle`` reads left to right."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    out = []
    for c in chars:
        x0, x1, t, b = c["x0"] - left, c["x1"] - left, c["top"] - top, c["bottom"] - top
        if angle == 90:
            nx0, nx1, nt, nb = t, b, width - x1, width - x0
        elif angle == 270:
            nx0, nx1, nt, nb = height - b, height - t, x0, x1
        else:  # 180
            nx0, nx1, nt, nb = width - x1, width - x0, height - b, height - t
        turned = dict(c)
        # pdfminer's size of a turned glyph is its advance; across the line is the size.
        turned.update(
            x0=nx0, x1=nx1, top=nt, bottom=nb, doctop=nt, upright=True, size=round(nb - nt, 2)
        )
        out.append(turned)
    frame: Box = (0.0, 0.0, height, width) if angle in (90, 270) else (0.0, 0.0, width, height)
    return out, frame


def turned_words(
    chars: Sequence[Char], box: Box, extra_attrs: list[str]
) -> list[tuple[list[Word], Box]]:
    """Words per direction of text, each in the frame where it reads left to right.

    Runs of text are returned upright first, then by size; runs too small to be body text
    (margin labels) are left out.
    """
    runs: dict[int, list[Char]] = {}
    for c in chars:
        runs.setdefault(direction(c["matrix"]), []).append(c)
    total = sum(len(v) for v in runs.values())
    largest = max(runs, key=lambda k: len(runs[k]))
    out = []
    for angle in sorted(runs, key=lambda k: (k != 0, -len(runs[k]))):
        run = runs[angle]
        if angle != largest and len(run) < MIN_SHARE * total:
            continue
        if angle == 0:
            upright = [dict(c, upright=True) for c in run]
            out.append((extract_words(upright, extra_attrs=extra_attrs, **WORD_OPTIONS), box))
        else:
            moved, frame = _turned(run, angle, box)
            out.append((extract_words(moved, extra_attrs=extra_attrs, **WORD_OPTIONS), frame))
    return out
