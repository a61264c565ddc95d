"""Characters without a Unicode mapping: counted, repaired from pdfium's text, reported.

pdfminer writes a glyph it cannot map as "(cid:N)" or U+FFFD. pdfium often maps the same
glyph (it knows more font encodings), so a word with such a character is looked up in
pdfium's text of the page and the character taken from there when the word's other letters
match exactly once. What stays unmapped is reported to the user as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

UNMAPPED = re.compile(r"\(cid:\d+\)|\ufffd")


def _mapped(char: str) -> bool:
    """A character pdfium really mapped: printable, not U+FFFD, not private use."""
    return char.isprintable() and char != "\ufffd" and not "\ue000" <= char <= "\uf8ff"


def is_unmapped(text: str) -> bool:
    return text == "\ufffd" or text.startswith("(cid:")


def count_unmapped(chars: Iterable[dict[str, Any]]) -> int:
    return sum(1 for c in chars if is_unmapped(c["text"]))


def _pattern(word: str, follow: str | None = None) -> re.Pattern[str] | None:
    """The word with each unmapped glyph as a gap of one to three characters (the "ffi"
    ligature is one glyph), matched whole; ``follow``: the word that must come next."""
    parts = UNMAPPED.split(word)
    if not any(parts):
        return None  # nothing of the word is known: no way to find it
    body = r"(\S{1,3}?)".join(re.escape(p) for p in parts)
    after = rf"(?=\s+{re.escape(follow)})" if follow else r"(?!\S)"
    return re.compile(rf"(?<!\S){body}{after}")


def repair_words(words: list[dict[str, Any]], reference: str) -> tuple[list[dict[str, Any]], int]:
    """Words with unmapped characters filled in from ``reference`` (pdfium's page text).

    Returns the words and how many characters were repaired.
    """
    repaired = 0
    out = []
    for i, w in enumerate(words):
        text = w["text"]
        if not UNMAPPED.search(text):
            out.append(w)
            continue
        # Too little of a word to find it alone ("1\ufffd"): find it before the next word.
        short = len(UNMAPPED.sub("", text)) < 4 and i + 1 < len(words)
        pattern = _pattern(text, words[i + 1]["text"] if short else None)
        found = list(pattern.finditer(reference)) if pattern else []
        if len(found) == 1 and all(_mapped(g) for g in found[0].groups()):
            parts = UNMAPPED.split(text)
            groups = found[0].groups()
            text = parts[0] + "".join(g + p for g, p in zip(groups, parts[1:], strict=True))
            repaired += len(found[0].groups())
            w = dict(w, text=text)
        out.append(w)
    return out, repaired


def page_ranges(pages: Sequence[int]) -> str:
    """ "3, 9-12" for pages [3, 9, 10, 11, 12]."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def unmapped_warning(per_page: dict[int, int]) -> str | None:
    """ "pages 9-12: 14 characters without a Unicode mapping", or None when there are none."""
    pages = [p for p, n in per_page.items() if n]
    if not pages:
        return None
    total = sum(per_page[p] for p in pages)
    where = f"page {pages[0]}" if len(pages) == 1 else f"pages {page_ranges(pages)}"
    noun = "character" if total == 1 else "characters"
    return f"{where}: {total} {noun} without a Unicode mapping"
