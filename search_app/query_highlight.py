"""Snippets: the passage of a section that best matches the query, with the matches marked.

Matching is done on the index's own terms (``ingest.search_index.analyze``), so "vaccinations"
in the text lights up for a query "vaccine". The passage with the most distinct query terms
wins; a whole phrase counts extra. Document text is always HTML-escaped; only our ``<mark>``
tags are markup.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from html import escape

from ingest.search_index import analyze

WIDTH = 260  # characters of context in a snippet
LEAD = 60  # characters shown before the first match of the chosen passage
PHRASE_WEIGHT = 3.0
_SPACE = re.compile(r"\s+")


def _phrase_spans(stems: list[str], phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(stems) - n + 1):
            if tuple(stems[i : i + n]) == phrase:
                spans.append((i, i + n))
    return spans


def _best_window(
    tokens: list[tuple[str, int, int]],
    marked: list[int],
    phrase_spans: list[tuple[int, int]],
) -> tuple[int, int]:
    """Character range of the best passage: most distinct terms, phrases weigh extra."""
    best = (-1.0, 0, 0)
    phrase_starts = {a: b for a, b in phrase_spans}
    for n, anchor in enumerate(marked):
        start_char = tokens[anchor][1]
        limit = start_char + WIDTH - LEAD
        seen: set[str] = set()
        score = 0.0
        for index in marked[n:]:
            if tokens[index][2] > limit:
                break
            seen.add(tokens[index][0])
            score += 0.05
            end = phrase_starts.get(index)
            if end is not None and tokens[end - 1][2] <= limit:
                score += PHRASE_WEIGHT
        score += len(seen)
        if score > best[0]:
            best = (score, start_char, limit)
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
    """(HTML with ``<mark>``, plain text) for the best passage of ``text``."""
    tokens = analyze(text)
    marked = [i for i, (stem, _s, _e) in enumerate(tokens) if stem in stems]
    if not marked:
        start, end = _clip(text, 0, WIDTH)
        plain = _tidy(text[start:end]) + ("…" if end < len(text) else "")
        return escape(plain), plain
    spans = _phrase_spans([t[0] for t in tokens], phrases)
    anchor, limit = _best_window(tokens, marked, spans)
    start, end = _clip(text, anchor - LEAD, limit)
    ranges = _merge([(tokens[i][1], tokens[i][2]) for i in marked], text)
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
    """Join marks separated only by spaces, so "air pollution" is one mark, not two."""
    merged: list[tuple[int, int]] = []
    for a, b in ranges:
        if merged and text[merged[-1][1] : a].strip() == "":
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _tidy(text: str) -> str:
    return _SPACE.sub(" ", text)
