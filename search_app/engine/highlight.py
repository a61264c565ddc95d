"""Snippets and highlighting: the passage of a section that best matches the query, and whole
texts, with the matches marked.

Matching is done on the index's own terms (``engine.analysis``), and the terms are the ones
the engine's compiled query matched positively (``engine.compile``), so
"vaccinations" in the text lights up for a query "vaccine". The passage with the most distinct
query terms wins; a whole phrase counts extra. Document text is always HTML-escaped; only our
``<mark>`` tags are markup.

Only the hits of the page shown get a snippet. The terms of a section's text are found once
(with the index's own analyzer) and kept for the next query that shows the same section.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Collection, Sequence
from functools import lru_cache
from html import escape

from search_app.engine.analysis import analyze

WIDTH = 260  # characters of context in a snippet
LEAD = 60  # characters shown before the first match of the chosen passage
PHRASE_WEIGHT = 3.0
_SPACE = re.compile(r"\s+")


Mark = tuple[str, int, int]  # stem, start char, end char


def _marks(text: str, stems: Collection[str]) -> list[Mark]:
    """The tokens of ``text`` whose indexed term is one of ``stems``, in order."""
    if not stems:
        return []
    where = _terms_of(text)
    out = []
    for stem in stems:
        spans = where.get(stem)
        if spans is not None:
            out += [(stem, spans[i], spans[i + 1]) for i in range(0, len(spans), 2)]
    out.sort(key=lambda mark: mark[1])
    return out


# Texts whose terms are kept: a results page shows the same top sections for many queries, and
# finding the terms of a 1,300-character section costs ~100 us (a regular-expression scan of
# the text) where looking them up costs ~5 us. About 20 KB per section held.
TERMS_KEPT = 1000


@lru_cache(maxsize=TERMS_KEPT)
def _terms_of(text: str) -> dict[str, array]:
    """Where each indexed term of ``text`` stands: term -> start, end, start, end, ..."""
    spans: dict[str, array] = {}
    for term, start, end in analyze(text):
        found = spans.get(term)
        if found is None:
            found = spans[term] = array("I")
        found.append(start)
        found.append(end)
    return spans


def _phrase_spans(
    text: str, marks: list[Mark], phrases: Sequence[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """(first, last + 1) indexes into ``marks`` of each phrase occurrence: the stems in order,
    with nothing but stop words and punctuation between them."""
    spans = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(marks) - n + 1):
            if all(marks[i + k][0] == phrase[k] for k in range(n)) and all(
                not analyze(text[marks[i + k][2] : marks[i + k + 1][1]]) for k in range(n - 1)
            ):
                spans.append((i, i + n))
    return spans


def _best_window(marks: list[Mark], phrase_spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Character range of the best passage: most distinct terms, phrases weigh extra.

    A window starts at each mark and takes the marks that end within it; it slides, so each
    mark enters and leaves once."""
    best = (-1.0, 0, 0)
    inside: dict[str, int] = {}  # stem -> marks of it in the window
    end = 0  # the window is marks[n:end]
    for n, (stem, start_char, _end) in enumerate(marks):
        limit = start_char + WIDTH - LEAD
        while end < len(marks) and marks[end][2] <= limit:
            inside[marks[end][0]] = inside.get(marks[end][0], 0) + 1
            end += 1
        phrases = sum(1 for a, b in phrase_spans if n <= a < end and marks[b - 1][2] <= limit)
        score = len(inside) + 0.05 * (end - n) + PHRASE_WEIGHT * phrases
        if score > best[0]:
            best = (score, start_char, limit)
        if end > n:  # mark n leaves the window
            inside[stem] -= 1
            if not inside[stem]:
                del inside[stem]
        else:
            end = n + 1
    return best[1], best[2]


def _clip(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen to word boundaries (and to a sentence start when one is close)."""
    start = max(0, start)
    end = min(len(text), end)
    sentence = max(text.rfind(". ", max(0, start - 40), start), text.rfind("\n", 0, start))
    if sentence >= 0 and start - sentence < 40:
        start = sentence + 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def snippet(
    text: str,
    stems: Collection[str],
    phrases: Sequence[tuple[str, ...]] = (),
) -> tuple[str, str]:
    """(HTML with ``<mark>``, plain text) for the best passage of ``text``: ``stems`` are
    marked wherever they stand, the words of ``phrases`` only where the phrase does."""
    marks = _marks(text, {*stems, *(s for p in phrases for s in p)})
    if phrases:
        inside = {i for a, b in _phrase_spans(text, marks, phrases) for i in range(a, b)}
        marks = [m for i, m in enumerate(marks) if m[0] in stems or i in inside]
    if not marks:
        start, end = _clip(text, 0, WIDTH)
        plain = _tidy(text[start:end]) + ("…" if end < len(text) else "")
        return escape(plain), plain
    spans = _phrase_spans(text, marks, phrases)
    anchor, limit = _best_window(marks, spans)
    start, end = _clip(text, anchor - LEAD, limit)
    ranges = _merge([(a, b) for _stem, a, b in marks], text)
    html: list[str] = ["…"] if start > 0 else []
    pos = start
    for a, b in ranges:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        html.append(escape(_tidy(text[pos:a])))
        html.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    html.append(escape(_tidy(text[pos:end])))
    if end < len(text):
        html.append("…")
    plain = ("…" if start > 0 else "") + _tidy(text[start:end]) + ("…" if end < len(text) else "")
    return "".join(html).strip(), plain.strip()


def _merge(ranges: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join marks separated only by spaces or a hyphen, so "air pollution" and "well-being"
    are one mark, not two."""
    merged: list[tuple[int, int]] = []
    for a, b in ranges:
        if merged and text[merged[-1][1] : a].strip() in ("", "-", "‐"):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _tidy(text: str) -> str:
    return _SPACE.sub(" ", text)


def highlighted(text: str, stems: Collection[str]) -> str:
    """``text`` HTML-escaped, with every token whose indexed term is in ``stems`` marked."""
    out: list[str] = []
    pos = 0
    for _stem, start, end in _marks(text, stems):
        if start >= pos:
            out.append(escape(text[pos:start]))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
            pos = end
    out.append(escape(text[pos:]))
    return "".join(out)
