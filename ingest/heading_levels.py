"""Heading levels, dense from 1 with no gaps, from the best evidence each heading has.

In order of trust: a level the file declares (structure tree, bookmarks, RTF styles), the
level of the heading's entry on the contents page, its numbering (Part above Chapter above
1 above 1.1 above 1.1.1, appendices beside chapters), and last its type style: a style takes
the level most headings with evidence give it, and styles nothing vouches for are ranked by
size (bold above regular, upright above italic) among the ones that are vouched for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.heading_cues import named_kind, numbering_scheme

Style = tuple[float, bool, bool]  # (size, bold, italic)


@dataclass(frozen=True)
class Evidence:
    """One heading as the level finder sees it."""

    text: str
    style: Style
    declared: int | None = None  # level the file declares
    contents: int | None = None  # level of its contents entry


def _numbering_ranks(heads: Sequence[Evidence]) -> dict[int, int]:
    """Heading index -> level from numbering alone, ranked densely over the kinds of
    numbering the document uses: Part above Chapter; then the numbering schemes in the
    order they first appear (I. above A. above 1. in a French outline), each by its depth
    (1 above 1.1 above 1.1.1); appendices beside the chapters."""
    schemes = [numbering_scheme(h.text) for h in heads]
    kinds = [named_kind(h.text) for h in heads]
    used = Counter(s[0] for s in schemes if s is not None)
    order: list[str] = []
    for s in schemes:
        if s is not None and used[s[0]] >= 2 and s[0] not in order:
            order.append(s[0])
    if "arabic" in used and "arabic" not in order:
        order.append("arabic")
    value: dict[int, tuple[int, int]] = {}
    for i, (kind, scheme) in enumerate(zip(kinds, schemes, strict=True)):
        if kind == "outer":
            value[i] = (-2, 0)
        elif kind == "chapter":
            value[i] = (-1, 0)
        elif scheme is not None and scheme[0] in order:
            value[i] = (order.index(scheme[0]), scheme[1])
    chapter: tuple[int, int] | None = None
    if "chapter" in kinds:
        chapter = (-1, 0)
    elif order and any(v[0] == 0 and v[1] == 1 for v in value.values()):
        chapter = (0, 1)
    elif "outer" in kinds:
        chapter = (-2, 0)  # Parts that hold numbered sections directly are the chapters
    for i, kind in enumerate(kinds):
        if kind == "beside" and i not in value:
            value[i] = chapter if chapter is not None else (0, 1)
    if len(value) < 2:
        return {}
    rank = {v: n for n, v in enumerate(sorted(set(value.values())), start=1)}
    return {i: rank[v] for i, v in value.items()}


def size_clusters(sizes: Sequence[float], tolerance: float = 0.6) -> dict[float, float]:
    """Each size mapped to the most common size of its cluster: sizes that differ by less
    than ``tolerance`` points (one style measured as 9.0 here and 9.5 there) are one."""
    counts = Counter(sizes)
    out: dict[float, float] = {}
    group: list[float] = []
    for size in sorted(counts):
        if group and size - group[-1] >= tolerance:
            canonical = max(group, key=lambda s: (counts[s], s))
            out.update({s: canonical for s in group})
            group = []
        group.append(size)
    if group:
        canonical = max(group, key=lambda s: (counts[s], s))
        out.update({s: canonical for s in group})
    return out


def _style_order(style: Style) -> tuple[float, bool, bool]:
    size, bold, italic = style
    return (-size, not bold, italic)


def assign_levels(heads: Sequence[Evidence]) -> list[int]:
    """The level of each heading (1 = top), dense, never deeper than one below the last."""
    if not heads:
        return []
    canon = size_clusters([h.style[0] for h in heads])
    heads = [
        Evidence(h.text, (canon[h.style[0]], h.style[1], h.style[2]), h.declared, h.contents)
        for h in heads
    ]
    numbered = _numbering_ranks([h for h in heads if h.declared is None])
    typo_index = [i for i, h in enumerate(heads) if h.declared is None]
    by_number = {typo_index[j]: lvl for j, lvl in numbered.items()}
    evidence: dict[int, int] = {}
    for i, h in enumerate(heads):
        if h.declared is not None:
            evidence[i] = h.declared
        elif h.contents is not None:
            evidence[i] = h.contents
        elif i in by_number:
            evidence[i] = by_number[i]
    votes: dict[Style, Counter[int]] = {}
    for i, lvl in evidence.items():
        votes.setdefault(heads[i].style, Counter())[lvl] += 1
    style_level = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    styles = sorted({h.style for h in heads}, key=_style_order)
    if not style_level:
        style_level = {s: n for n, s in enumerate(styles, start=1)}
    else:
        # Styles nothing vouches for sit one below the nearest larger vouched style.
        for n, style in enumerate(styles):
            if style in style_level:
                continue
            larger = [style_level[s] for s in styles[:n] if s in style_level]
            style_level[style] = larger[-1] + 1 if larger else 1
    levels = [evidence.get(i, style_level[h.style]) for i, h in enumerate(heads)]
    return dense(levels)


def dense(levels: Sequence[int]) -> list[int]:
    """Levels 1..N with none missing: each heading one below the nearest heading before it
    that outranks it, so siblings stay siblings and no level is skipped."""
    stack: list[tuple[int, int]] = []  # (level asked for, level given)
    out: list[int] = []
    for asked in levels:
        while stack and stack[-1][0] >= asked:
            stack.pop()
        given = stack[-1][1] + 1 if stack else 1
        stack.append((asked, given))
        out.append(given)
    return out
