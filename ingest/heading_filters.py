"""What a heading is not: tests that drop candidates the type alone would take for
headings (run-in lead-ins, numbered list items, box titles, pull quotes, figure labels,
subtitles, chart legends, back-cover lines). Each returns the block indexes to drop.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.heading_cues import is_caption, is_numbered, leading_number
from ingest.heading_doc import (
    BACK_COVER_WORDS,
    CONTENTS,
    TYPOGRAPHY,
    Candidate,
    DocFacts,
    PageFacts,
    face_of,
    is_italic,
    style_of,
    style_order,
)

FUNCTION_END = re.compile(
    r"(?:\b(?:and|or|of|the|a|an|for|to|in|on|with|by|from|at|its|their|our|into)|[,–—&-])$",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[a-z]{3,}[.:] [A-Z]")


def run_in(doc: DocFacts, index: int, last: int) -> bool:
    """A bold first line that the paragraph runs on from: not a heading."""
    block = doc.blocks[index]
    if block.size > doc.body + 0.5 or last + 1 >= len(doc.blocks):
        return False
    after = doc.blocks[last + 1]
    if after.page != block.page or after.kind != "para" or after.size > doc.body + 0.5:
        return False
    tight = after.space_before <= 0.6 * doc.body  # the next line, not a new paragraph
    if _SENTENCE_BREAK.search(block.text):
        return True  # "Key finding. The gap in ...": a lead-in and the sentence after it
    if after.text[:1].islower() and not FUNCTION_END.search(block.text):
        return tight
    page = doc.pages.get(block.page or 0)
    full = page is not None and page.width > 0 and block.x1 >= page.width - 0.02 * page.width
    return full and block.lines == 1 and tight


def list_run(doc: DocFacts, i: int, last: int) -> bool:
    """One of a run of numbered items ("1." "2." "3." with nothing between): a list."""
    number = leading_number(doc.blocks[i].text)
    if number is None:
        return False
    style = style_of(doc.blocks[i])
    for j, step in ((i - 1, -1), (last + 1, 1)):
        if not 0 <= j < len(doc.blocks):
            continue
        other = doc.blocks[j]
        n = leading_number(other.text)
        if n is None or len(n) != len(number) or other.page != doc.blocks[i].page:
            continue
        if n[:-1] == number[:-1] and n[-1] == number[-1] + step and style_of(other) == style:
            return True
    return False


def numbered_outline_callouts(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """In a numbered outline, unnumbered body-size titles of a style no numbered heading
    uses are box and case-study titles, part of the section they sit in."""
    typo = [h for h in heads if h.kind == TYPOGRAPHY]
    numbered = [h for h in typo if is_numbered(h.text)]
    if len(numbered) < 4 or len(numbered) < 0.6 * len(typo):
        return set()
    styles = {style_of(doc.blocks[h.index]) for h in numbered}
    margin = max(0.9, 0.08 * doc.body)
    return {
        h.index
        for h in typo
        if not is_numbered(h.text)
        and style_of(doc.blocks[h.index]) not in styles
        and doc.blocks[h.index].size < doc.body + margin
    }


def unconfirmed_styles(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """With a contents page that vouches for most of its entries, an unlisted heading of
    a style no listed heading has, and larger than the smallest listed one, is a pull
    quote, callout or box title: the contents would have listed it."""
    confirmed = [h for h in heads if h.entry is not None and h.kind in (TYPOGRAPHY, CONTENTS)]
    entries = len(doc.contents.entries)
    if len(confirmed) < 3 or len(confirmed) < 0.5 * entries:
        return set()
    styles = {style_of(doc.blocks[h.index]) for h in confirmed}
    smallest = max(style_order(s) for s in styles)
    return {
        h.index
        for h in heads
        if h.kind == TYPOGRAPHY
        and h.entry is None
        and style_of(doc.blocks[h.index]) not in styles
        and style_order(style_of(doc.blocks[h.index])) < smallest
    }


def label_runs(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """Three or more headings in a row with no text between them, on one page and of one
    style, are labels (a chart legend, a diagram), not sections."""
    out: set[int] = set()
    run: list[Candidate] = []

    def flush() -> None:
        if len(run) >= 3:
            out.update(h.index for h in run if h.entry is None)

    for h in heads:
        if run and (
            doc.text_between(run[-1].last, h.index)
            or doc.blocks[h.index].page != doc.blocks[run[-1].index].page
            or style_of(doc.blocks[h.index]) != style_of(doc.blocks[run[-1].index])
        ):
            flush()
            run = []
        run.append(h)
    flush()
    return out


def back_cover(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """Lines of a back cover (a last page of little text, none of it running text in
    the document's body type) in styles used nowhere else."""
    if doc.last is None or doc.pages.get(doc.last, PageFacts()).words >= BACK_COVER_WORDS:
        return set()
    if any(
        b.page == doc.last and b.lines >= 2 and face_of(b) == doc.body_face
        for b in doc.blocks
        if b.kind == "para"
    ):
        return set()  # the text runs on to the last page: no cover
    elsewhere = {
        face_of(doc.blocks[h.index]) for h in heads if doc.blocks[h.index].page != doc.last
    }
    return {
        h.index
        for h in heads
        if h.kind == TYPOGRAPHY
        and doc.blocks[h.index].page == doc.last
        and face_of(doc.blocks[h.index]) not in elsewhere
    }


def unfollowed(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """Headings open text: a line followed only by smaller print (labels inside a
    figure or diagram, a caption's own lines) is none. Repeated until stable, since
    dropping one label can leave the label above it unfollowed too."""
    starts = {h.index: h for h in heads}
    drop: set[int] = set()
    changed = True
    while changed:
        changed = False
        for h in heads:
            if h.index in drop or h.kind != TYPOGRAPHY or h.entry is not None:
                continue
            after = doc.next_content(h.last)
            while after is not None and after in drop:
                after = doc.next_content(starts[after].last)
            if after is None or after in starts:
                continue
            block = doc.blocks[after]
            if block.kind in ("table", "list", "caption") or is_caption(block.text):
                continue
            if block.size >= doc.body - 0.5 or block.page != doc.blocks[h.index].page:
                continue
            if doc.running_text(after):
                continue  # running text, if in small type (an insert, a sidebar)
            drop.add(h.index)
            changed = True
    return drop


def subtitles(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """An italic unnumbered line right under a heading is its subtitle, not a section."""
    out = set()
    for prev, h in zip(heads, heads[1:], strict=False):
        block = doc.blocks[h.index]
        if (
            h.kind == TYPOGRAPHY
            and h.entry is None
            and h.index == prev.last + 1
            and is_italic(block)
            and not block.bold
            and not is_numbered(h.text)
            and style_order(style_of(block)) > style_order(style_of(doc.blocks[prev.index]))
        ):
            out.add(h.index)
    return out


def lone_colours(doc: DocFacts, heads: list[Candidate]) -> set[int]:
    """A line set apart by colour alone is a heading when the colour recurs as a heading
    style; used once, it is a byline, a label or a link."""
    margin = max(0.9, 0.08 * doc.body)

    def colour_only(h: Candidate) -> bool:
        b = doc.blocks[h.index]
        return (
            h.kind == TYPOGRAPHY
            and h.entry is None
            and not b.bold
            and not is_italic(b)
            and b.size < doc.body + margin
            and b.color != doc.body_color
        )

    styles = Counter((style_of(doc.blocks[h.index]), doc.blocks[h.index].color) for h in heads)
    return {
        h.index
        for h in heads
        if colour_only(h) and styles[(style_of(doc.blocks[h.index]), doc.blocks[h.index].color)] < 2
    }
