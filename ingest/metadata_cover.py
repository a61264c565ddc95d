"""The title a librarian would record: the largest text on the cover, joined across lines.

Reports open with a cover (sometimes a blank or image-only page first, or an inside cover);
the title is the largest text there, often set over several lines that the reader may give as
separate blocks. Larger still can be a brand ("Redpaper"), an organisation's name ("MAYOR OF
LONDON"), a series label or a word of decoration; those are passed over when a longer candidate
of title size is on the same page. Headings such as "Foreword", "1. Introduction" or a
signatory ("The Rt Hon ...") are never the title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.metadata_imprint import is_date_line, series_facts
from ingest.metadata_names import is_organisation, is_person
from ingest.model import Block

# The cover and title pages: a title is looked for no further into the file than this.
COVER_PAGES = 3
# Text this much larger than the body counts as display type; a clear cover title is larger
# than STRONG times the body size.
DISPLAY = 1.25
STRONG = 1.5
# Lines of one title differ in size by a few per cent at most (33 pt over 30 pt).
SAME_SIZE = 0.12
MAX_TITLE_CHARS = 300

_NOT_TITLES = re.compile(
    r"^(?:contents|table of contents|front cover|back cover|inside cover|cover|foreword"
    r"|ministerial foreword|mayor'?s foreword|preface|introduction|summary|executive summary"
    r"|abstract|disclaimer|acknowledg(?:e)?ments|about this (?:report|document|guide)"
    r"|key (?:findings|messages|points)|background|overview|glossary|references|annex(?:es)?"
    r"|appendix|appendices|notes?|highlights|draft|consultation draft|official|official[-\s]"
    r"sensitive|confidential|restricted|for publication|not protectively marked)\b\W*$",
    re.IGNORECASE,
)
# "1. Introduction", "Chapter 2", "Section 3: Findings", "Part One".
_NUMBERED = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s|[A-Z]\.\d|(?:chapter|section|part|annex|appendix|module|unit|lesson"
    r"|session|week|step|topic|stage)\s+(?:\d+|[ivx]+"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|[A-Z])\b)",
    re.IGNORECASE,
)
# "2024 to 2027", "2015-2018", "2023/24": the span a plan or report covers, part of its title.
_YEARS = re.compile(r"^(?:19|20)\d\d(?:\s*(?:to|-|–|/)\s*(?:19|20)?\d\d)?$")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "via",
        "vs",
        "nor",
        "per",
    ]
)


@dataclass(frozen=True)
class CoverTitle:
    title: str
    page: int | None  # the cover page (None for RTF)
    strong: bool  # clearly display type on a cover; otherwise a weak guess
    evidence: str


def body_size(blocks: Sequence[Block]) -> float:
    """The size most text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for block in blocks:
        if block.size > 0:
            sizes[round(block.size * 2) / 2] += len(block.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def plausible(text: str) -> bool:
    """Could this display text be (part of) a title?"""
    text = text.strip()
    letters = sum(c.isalpha() for c in text)
    return (
        letters >= 3
        and len(text) <= MAX_TITLE_CHARS
        and not _NOT_TITLES.match(text)
        and not _NUMBERED.match(text)
        and not is_date_line(text)
        and not (is_person(text) and len(text.split()) >= 3 and text.startswith(("The Rt", "Rt")))
        and not re.match(r"^(?:the\s+)?(?:rt\.?\s+hon|right\s+hon)", text, re.IGNORECASE)
        and not re.search(r"https?://|www\.|@|\.(?:com|org|uk|gov)\b", text)
    )


def _starts_lower(text: str) -> bool:
    """A title starts with a capital (or in a caseless script); OCR noise and the second
    line of a title ("in Kingsbury") need not."""
    return next((c for c in text if c.isalpha()), "").islower()


def _label_like(block: Block) -> bool:
    """A brand, logo text, organisation or series label rather than a title."""
    text = block.text.strip()
    words = text.split()
    return (
        len(words) == 1
        or (is_organisation(text) and len(words) <= 6)
        or bool(series_facts(text))
        or text.isupper()
        and len(words) <= 3
    )


def _choose(candidates: list[tuple[int, Block]]) -> tuple[int, Block]:
    ranked = sorted(candidates, key=lambda c: -c[1].size)
    top = ranked[0][1]
    for index, block in ranked:
        if not _label_like(block):
            if block.size >= 0.4 * top.size:
                return index, block
            break
    return ranked[0]


def _joined(blocks: Sequence[Block], index: int) -> tuple[int, int]:
    """Where the title runs: the chosen block and the neighbours that continue it (same page,
    same size), as the indexes of its first and last block."""
    chosen = blocks[index]

    def continues(block: Block) -> bool:
        return (
            block.page == chosen.page
            and abs(block.size - chosen.size) <= SAME_SIZE * chosen.size
            and block.kind in ("para", "list")
            and plausible(block.text)
            and not (is_organisation(block.text) and len(block.text.split()) <= 6)
        )

    start = end = index
    while start > 0 and continues(blocks[start - 1]):
        start -= 1
    while end + 1 < len(blocks) and continues(blocks[end + 1]):
        end += 1
    return start, end


def _subtitle(blocks: Sequence[Block], after: int, title: Block, body: float) -> str:
    """The display line straight after the title, smaller than it: its subtitle, or the years
    it covers ("2024 to 2027"). Organisation names, dates and series labels are not."""
    if after >= len(blocks):
        return ""
    block = blocks[after]
    text = re.sub(r"\s+", " ", block.text).strip(" .,;:-–")
    if (
        block.page != title.page
        or not DISPLAY * body <= block.size < (1 - SAME_SIZE / 2) * title.size
        or len(text.split()) > 20
        or is_date_line(text)
        or series_facts(text)
        or (is_organisation(text) and len(text.split()) <= 10)
        or is_person(text)
    ):
        return ""
    if _YEARS.match(text):
        return " " + text
    return ": " + text if plausible(text) else ""


def cover_title(blocks: Sequence[Block], body: float, vocabulary: set[str]) -> CoverTitle | None:
    """The cover title among ``blocks`` (the first pages of a PDF, or the front of an RTF)."""
    if body <= 0:
        return None
    candidates = [
        (i, b)
        for i, b in enumerate(blocks)
        if b.size >= DISPLAY * body
        and b.kind in ("para", "list")
        and plausible(b.text)
        and not _starts_lower(b.text)
    ]
    if not candidates:
        return None
    pages = sorted({b.page or 0 for _, b in candidates})
    strong = [(i, b) for i, b in candidates if b.size >= STRONG * body]
    if strong:
        first = min(b.page or 0 for _, b in strong)
        chosen = _choose([(i, b) for i, b in strong if (b.page or 0) == first])
    else:
        chosen = _choose([(i, b) for i, b in candidates if (b.page or 0) == pages[0]])
    start, end = _joined(blocks, chosen[0])
    text = " ".join(b.text.strip() for b in blocks[start : end + 1])
    text = re.sub(r"\s+", " ", text).strip(" .,;:-–")
    if ":" not in text:
        text += _subtitle(blocks, end + 1, chosen[1], body)
    return CoverTitle(
        title=readable_case(text, vocabulary),
        page=chosen[1].page,
        strong=chosen[1].size >= STRONG * body,
        evidence=f"{chosen[1].size:g} pt text on "
        + (f"page {chosen[1].page}" if chosen[1].page else "the first lines")
        + f" (body text {body:g} pt)",
    )


def first_line_title(blocks: Sequence[Block], body: float) -> CoverTitle | None:
    """A document without a cover: its first line, when it reads as a title. Either bold at
    the body size ("The Evolution of the Word Processor") or a running head with its page
    number, set smaller ("Optimized Table Tokenization for Table Structure Recognition 9")."""
    if not blocks or body <= 0:
        return None
    block = blocks[0]
    text = re.sub(r"\s+", " ", block.text).strip()
    head = re.match(r"^(.*\S)\s+\d{1,3}$", text) if block.size < body else None
    if head:
        text = head.group(1)
    elif not (block.bold and block.size >= body):
        return None
    words = text.split()
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    if (
        not 2 <= len(words) <= 15
        or text.endswith((".", ",", ";"))
        or not plausible(text)
        or _starts_lower(text)
        or sum(w[0].isupper() for w in long_words) < 0.6 * max(1, len(long_words))
    ):
        return None
    where = "a running head" if head else "the bold first line"
    return CoverTitle(text, block.page, strong=False, evidence=f"{where} of page 1")


def readable_case(text: str, vocabulary: set[str]) -> str:
    """An all-capitals title in title case, keeping acronyms the body text also capitalises."""
    letters = [c for c in text if c.isalpha()]
    if not letters or any(c.islower() for c in letters) or len(text.split()) < 2:
        return text
    words = []
    for n, word in enumerate(text.split()):
        core = word.strip("()[]:;,.'\"‘’“”")
        if core in vocabulary and len(core) > 1:
            words.append(word)
        elif n > 0 and core.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word[:1] + word[1:].lower() if word[:1].isalpha() else word.title())
    return " ".join(words)


def capitalised_words(blocks: Sequence[Block]) -> set[str]:
    """Words printed in capitals inside running text: the acronyms a title may keep."""
    found: set[str] = set()
    for block in blocks:
        if block.text.isupper():
            continue
        found.update(w for w in re.findall(r"\b[A-Z][A-Z0-9&]{1,7}\b", block.text))
    return found
