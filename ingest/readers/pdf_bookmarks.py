"""The document outline (bookmarks): titles, levels and the pages they point to, and which
block on that page each title names.

Word (with "create bookmarks from headings"), LibreOffice, LaTeX and most report tools write
one bookmark per heading. A bookmark only counts where its title is found on the page it
points to (or the next: some tools point at the page before), so hand-made bookmarks such as
"Cover" or a title reworded for the outline do not become headings.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.model import Block

log = logging.getLogger(__name__)

BOOKMARK = "bookmark"  # Block.role of a heading matched to a bookmark
MAX_BOOKMARKS = 5000
_MAX_TITLE_WORDS = 40


@dataclass(frozen=True)
class Bookmark:
    level: int  # 1 = top
    title: str
    page: int  # 1-based physical page


def _page_of(document: pdfium.PdfDocument, item: Any) -> int | None:
    dest = item.get_dest()
    if dest is None:
        action = pdfium_c.FPDFBookmark_GetAction(item.raw)
        if action:
            raw = pdfium_c.FPDFAction_GetDest(document.raw, action)
            if raw:
                index = pdfium_c.FPDFDest_GetDestPageIndex(document.raw, raw)
                return index + 1 if index >= 0 else None
        return None
    index = dest.get_index()
    return index + 1 if index is not None and index >= 0 else None


def read_bookmarks(document: pdfium.PdfDocument) -> tuple[Bookmark, ...]:
    """Every bookmark that points to a page, in outline order."""
    out: list[Bookmark] = []
    try:
        for item in document.get_toc(max_depth=16):
            if len(out) >= MAX_BOOKMARKS:
                break
            title = " ".join(item.get_title().split())
            page = _page_of(document, item)
            if title and page is not None:
                out.append(Bookmark(item.level + 1, title, page))
    except Exception as exc:  # a broken outline costs the outline, not the file
        log.debug("bookmarks unreadable: %s", exc)
    return tuple(out)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _find(
    blocks: list[Block], by_page: dict[int, list[int]], mark: Bookmark, used: set[int]
) -> list[int] | None:
    """Indexes of the block(s) on the bookmark's page (or the next) that spell its title."""
    want = _key(mark.title)
    if not want or len(want.split()) > _MAX_TITLE_WORDS:
        return None
    for page in (mark.page, mark.page + 1):
        candidates = [i for i in by_page.get(page, []) if i not in used]
        for i in candidates:
            text = _key(blocks[i].text)
            if text == want:
                return [i]
            # A heading printed over two blocks (a label line above its title).
            if want.startswith(text + " ") and len(text) >= 3:
                j = i + 1
                joined = text
                while j < len(blocks) and blocks[j].page == blocks[i].page and j - i < 4:
                    joined = f"{joined} {_key(blocks[j].text)}".strip()
                    if joined == want:
                        return list(range(i, j + 1))
                    if not want.startswith(joined):
                        break
                    j += 1
            # A title run into the paragraph below it (set in the text's own type).
            if text.startswith(want + " ") and _prefix(blocks[i].text, want) is not None:
                return [i]
            # A title set with its number apart ("1" over "Introduction", bookmarked as
            # "1 Introduction"), or bookmarked without the printed number.
            partial = want.endswith(" " + text) or text.endswith(" " + want)
            if text and partial and blocks[i].lines <= 3:
                return [i]
    return None


def _prefix(text: str, want: str) -> int | None:
    """How many words of ``text`` spell the key ``want``, when it starts with them."""
    words = text.split()
    for n in range(1, min(len(words), _MAX_TITLE_WORDS) + 1):
        got = _key(" ".join(words[:n]))
        if got == want:
            return n
        if not want.startswith(got):
            return None
    return None


def apply_bookmarks(
    blocks: list[Block], bookmarks: tuple[Bookmark, ...]
) -> tuple[list[Block], int]:
    """Blocks with every bookmarked title marked a heading at its outline level.

    Returns the blocks and how many bookmarks were found on their pages.
    """
    by_page: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.page is not None and b.kind not in ("toc", "footnote"):
            by_page.setdefault(b.page, []).append(i)
    used: set[int] = set()
    hits: dict[int, tuple[list[int], int]] = {}
    titles: dict[int, str] = {}
    for mark in bookmarks:
        hit = _find(blocks, by_page, mark, used)
        if hit:
            used.update(hit)
            hits[hit[0]] = (hit, mark.level)
            titles[hit[0]] = mark.title
    out: list[Block] = []
    skip: set[int] = set()
    for i, block in enumerate(blocks):
        if i in skip:
            continue
        if i in hits:
            span, level = hits[i]
            skip.update(span[1:])
            text = " ".join(blocks[j].text for j in span)
            rest = ""
            n = _prefix(text, _key(titles[i]))
            if len(span) == 1 and n is not None and n < len(text.split()):
                text, rest = " ".join(text.split()[:n]), " ".join(text.split()[n:])
            block = dataclasses.replace(
                block, text=text, heading_level=level, role=BOOKMARK, kind="para"
            )
            if rest:
                out.append(dataclasses.replace(block, lines=1))
                block = dataclasses.replace(
                    blocks[i], text=rest, lines=max(1, blocks[i].lines - 1), space_before=0.0
                )
        out.append(block)
    return out, len(hits)
