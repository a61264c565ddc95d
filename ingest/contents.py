"""A document's own contents page, read as evidence for its headings and their levels.

The readers mark contents lines ``kind="toc"`` (dot leaders, tabs, right-aligned numbers,
Word TOC fields). Here each entry becomes a title, a page label and a level; the sectioner
uses an entry as the strongest evidence a heading can have: a short block whose words are an
entry's title is a heading, at the entry's level.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.heading_cues import CONTENTS_TITLE, named_kind, numbering_depth
from ingest.heading_levels import size_clusters
from ingest.model import Block

_LEADERS = re.compile(r"(?:\s*(?:\.\s?){2,}|\s*…+|\s*(?:_\s?){3,}|\s*(?:-\s?){4,})\s*")
_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_TRAILING_PAGE = re.compile(rf"^(.*?\S)\s+(?:p\.?\s*|page\s+)?(\d{{1,4}}|{_ROMAN})$", re.I)
_LEADING_PAGE = re.compile(r"^(\d{1,4})\s+(\S.*)$")
_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}|[A-Z](?:\.\d{1,2}){1,4})\.?\s+")


def key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def bare_key(text: str) -> str:
    """``key`` without a leading section number ("2.1 Children" -> "children")."""
    return key(_NUMBER.sub("", text.strip()))


@dataclass(frozen=True)
class Entry:
    title: str
    label: str  # the page label it names ("" when none)
    level: int  # 1 = top
    page: int | None  # the physical page the contents line is printed on
    x0: float = 0.0


def _split(text: str) -> tuple[str, str] | None:
    """(title, page label) of one contents line, or None when it names no page."""
    text = _LEADERS.sub(" ", text).strip()
    match = _TRAILING_PAGE.match(text)
    if match:
        return match.group(1).strip(" .:"), match.group(2)
    match = _LEADING_PAGE.match(text)
    if match:
        return match.group(2).strip(" .:"), match.group(1)
    return None


def _role_level(role: str) -> int | None:
    match = re.match(r"^toc(\d)$", role, re.IGNORECASE)
    return int(match.group(1)) if match else None


def read_contents(blocks: Sequence[Block]) -> list[Entry]:
    """The entries of the contents pages among ``blocks`` (those of kind "toc")."""
    raw: list[tuple[str, str, Block]] = []
    pending = ""
    for block in blocks:
        if block.kind != "toc":
            pending = ""
            continue
        text = block.text.strip()
        if CONTENTS_TITLE.match(text):
            continue
        parts = _split(f"{pending} {text}".strip())
        if parts is None:
            # A title wrapped onto the next line, or a part heading without a page.
            pending = f"{pending} {text}".strip() if len(text.split()) <= 16 else ""
            continue
        pending = ""
        title, label = parts
        if title and any(c.isalpha() for c in title):
            raw.append((title, label, block))
    return _with_levels(raw)


def _with_levels(raw: list[tuple[str, str, Block]]) -> list[Entry]:
    """Levels from the file's TOC styles, else numbering depth, else indentation."""
    # Indentation from each page's own left edge: facing pages have different margins.
    left: dict[int | None, float] = {}
    for _, _, b in raw:
        if b.x0 > 0:
            left[b.page] = min(left.get(b.page, b.x0), b.x0)

    def indent(b: Block) -> int:
        return round((b.x0 - left.get(b.page, 0.0)) / 6)

    indents = sorted({indent(b) for _, _, b in raw if b.x0 > 0})
    indent_level = {x: n for n, x in enumerate(indents, start=1)}
    # Entries set apart by type instead (chapters larger or bold, sections plain).
    canon = size_clusters([b.size for _, _, b in raw])
    styles = sorted({(canon[b.size], b.bold) for _, _, b in raw}, key=lambda s: (-s[0], not s[1]))
    style_level = {s: n for n, s in enumerate(styles, start=1)}
    depths = [numbering_depth(t) for t, _, _ in raw]
    numbered = sum(1 for d in depths if d is not None)
    entries = []
    for (title, label, block), depth in zip(raw, depths, strict=True):
        level = _role_level(block.role)
        if level is None and numbered >= 0.5 * len(raw) and depth is not None:
            level = depth + (1 if _has_outer(raw) else 0)
        if level is None and named_kind(title) == "outer":
            level = 1
        if level is None and len(indent_level) > 1 and block.x0 > 0:
            level = indent_level[indent(block)]
        if level is None and 1 < len(style_level) <= 4:
            level = style_level[(canon[block.size], block.bold)]
        entries.append(Entry(title, label, level or 1, block.page, block.x0))
    return _dense(entries)


def _has_outer(raw: list[tuple[str, str, Block]]) -> bool:
    return any(named_kind(t) == "outer" for t, _, _ in raw)


def _dense(entries: list[Entry]) -> list[Entry]:
    present = sorted({e.level for e in entries})
    squeeze = {lvl: n for n, lvl in enumerate(present, start=1)}
    return [Entry(e.title, e.label, squeeze[e.level], e.page, e.x0) for e in entries]


class ContentsIndex:
    """Entries looked up by their words, each used once, in document order."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_key: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            for k in {key(e.title), bare_key(e.title)}:
                if k:
                    self.by_key.setdefault(k, []).append(i)
        self.used: set[int] = set()
        levels = Counter(e.level for e in entries)
        self.depth = max(levels) if levels else 0

    def __bool__(self) -> bool:
        return bool(self.entries)

    def find(self, text: str) -> Entry | None:
        """The first unused entry whose title is ``text`` (with or without its number)."""
        for k in (key(text), bare_key(text)):
            for i in self.by_key.get(k, ()):
                if i not in self.used:
                    return self.entries[i]
        return None

    def take(self, entry: Entry) -> None:
        self.used.add(self.entries.index(entry))
