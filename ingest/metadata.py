"""Bibliographic metadata for documents without a catalogue entry, each value with its source.

A file dropped into ``corpus/`` still needs a title, a corporate author, a date and a
publisher before anyone can cite it. :func:`describe` reads them from what the file prints and
what it says of itself, most trusted first:

- ``cover``: the largest text on the first pages is the title; short lines beside it give an
  organisation, a date, a series and number;
- ``imprint``: "Published by ...", "© ...", "This edition ...", "ISBN ..." lines on the first and
  last pages;
- ``xmp``, ``pdf-info``, ``rtf-info``: the file's own metadata, once junk (application and driver
  names, file names, ids, placeholders, user names) is thrown out; the PDF creation date is the
  last resort for the date, and is marked as such by its source;
- ``filename``: the file's name, when nothing better is printed.

:func:`complete` fills the gaps of a (possibly empty) catalogue entry from these values and
records in ``Document.metadata_source`` where each value came from.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ingest.metadata_cover import (
    body_size,
    capitalised_words,
    cover_title,
    first_line_title,
    readable_case,
)
from ingest.metadata_imprint import Fact, cover_line_facts, line_facts, sentences, title_year
from ingest.metadata_names import corporate, is_junk
from ingest.model import METADATA_SOURCES, Block, Document, Inferred, RawDocument
from ingest.sentence_case import sentence_case

FIELDS = ("title", "author", "publisher", "place", "issued", "isbn", "series", "number")
# Pages read for imprint lines: the first few (cover, inside cover, title page) and the last
# (back cover, where many government reports print their imprint).
FRONT_PAGES = 4
BACK_PAGES = 2
# An RTF has no pages: its front is what comes before the first top-level heading.
RTF_FRONT_BLOCKS = 40
RTF_BACK_BLOCKS = 12
# Long paragraphs are body text, not imprint statements.
MAX_IMPRINT_WORDS = 120
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def describe(raw: RawDocument) -> tuple[Inferred, ...]:
    """The best value this file gives for each bibliographic field, with its source."""
    stem = Path(raw.path).stem
    front, back = _front_and_back(raw)
    body = body_size(raw.blocks)
    found: list[Inferred] = []
    acronyms = capitalised_words(raw.blocks)
    cover = cover_title(front, body, acronyms)
    meta_title = _metadata_title(raw, stem)
    if cover and (cover.strong or meta_title is None):
        found.append(Inferred("title", cover.title, "cover", cover.evidence))
    elif meta_title:
        found.append(meta_title)
    if head := raw.metadata.get("pdf:running-head"):
        found.append(Inferred("title", head, "running-head", "the running header or footer"))
    if not cover and (first := first_line_title(front, body)):
        found.append(Inferred("title", first.title, "cover", first.evidence))
    facts = _printed_facts(raw, front, back, cover.page if cover else None)
    if cover:  # "Integrated Annual Report 2021-22": the year a cover gives no other way
        facts.extend((f, "cover") for f in title_year(cover.title))
    found.extend(_best_printed(facts, acronyms))
    found.extend(_metadata_facts(raw, stem))
    found.extend(_filename_facts(stem))
    return _one_per_field(found)


def _front_and_back(raw: RawDocument) -> tuple[list[Block], list[Block]]:
    blocks = list(raw.blocks)
    if raw.format == "pdf" and raw.page_count:
        last = raw.page_count - BACK_PAGES
        front = [b for b in blocks if b.page is not None and b.page <= FRONT_PAGES]
        back = [b for b in blocks if b.page is not None and b.page > max(last, FRONT_PAGES)]
        return front, back
    end = next((i for i, b in enumerate(blocks) if b.heading_level == 1 and i > 0), len(blocks))
    front = blocks[: min(end, RTF_FRONT_BLOCKS)]
    return front, blocks[max(len(front), len(blocks) - RTF_BACK_BLOCKS) :]


def _printed_facts(
    raw: RawDocument, front: list[Block], back: list[Block], cover_page: int | None
) -> list[tuple[Fact, str]]:
    """(fact, source) from the cover's short lines and the imprint statements."""
    facts: list[tuple[Fact, str]] = []
    on_cover = [b for b in front if b.page == cover_page] if cover_page else front[:12]
    for block in on_cover:
        if len(block.text.split()) <= 14:
            facts.extend((f, "cover") for f in cover_line_facts(block.text))
    for block in front + back:
        if len(block.text.split()) <= MAX_IMPRINT_WORDS:
            for statement in sentences(block.text):
                facts.extend((f, "imprint") for f in line_facts(statement))
    return facts


def _best_printed(facts: list[tuple[Fact, str]], acronyms: set[str]) -> list[Inferred]:
    out: list[Inferred] = []
    for name in FIELDS:
        ranked = sorted(
            (f for f in facts if f[0].field == name),
            # Logos are often set in capitals; the same name in running case is the author line.
            key=lambda f: (f[0].rank, f[1] != "cover", f[0].value.isupper()),
        )
        if not ranked:
            continue
        fact, source = ranked[0]
        if name == "issued" and len(fact.value) == 4:
            # "© GLA 2010" on the imprint, "April 2010" elsewhere: keep the month.
            finer = [f for f in ranked if f[0].value.startswith(fact.value) and len(f[0].value) > 4]
            if finer:
                fact, source = finer[0]
        value = fact.value
        if name == "author" and source == "cover":
            value = _as_printed_inside(value, facts)
        if name in ("author", "publisher"):
            value = readable_case(value, acronyms)
        out.append(Inferred(name, value, source, fact.evidence))
    if not any(i.field == "author" for i in out):
        publisher = next((i for i in out if i.field == "publisher"), None)
        if publisher:  # a corporate report's publisher is its author unless it names another
            out.append(dataclasses.replace(publisher, field="author"))
    return out


# The name of each metadata key as the file writes it, for the note beside a value.
_KEY_NAMES = {
    ("pdf", "title"): "/Title",
    ("pdf", "author"): "/Author",
    ("pdf", "pdf:created"): "/CreationDate",
    ("rtf", "title"): "\\title",
    ("rtf", "author"): "\\author",
    ("rtf", "company"): "\\company",
    ("rtf", "created"): "\\creatim",
}
LAST_RESORT = "the file's creation date, a last resort (not the publication date)"


def _key_name(raw: RawDocument, key: str) -> str:
    if key.startswith("xmp:"):
        return {"xmp:created": "xmp:CreateDate", "xmp:date": "dc:date"}.get(
            key, key.replace("xmp:", "dc:")
        )
    return _KEY_NAMES.get((raw.format, key), key)


def _as_printed_inside(name: str, facts: list[tuple[Fact, str]]) -> str:
    """A cover's organisation as the imprint writes it, where the imprint names the same body:
    the cover's "HARBOURSIDE CITY COUNCIL" or "NHS Northshire Integrated Care Board" logo text
    is the imprint's "Harbourside City Council", "Northshire Integrated Care Board"."""
    inside = [
        f.value for f, source in facts if source == "imprint" and f.field in ("author", "publisher")
    ]
    folded = name.casefold()
    same = [other for other in inside if other.casefold() == folded]
    if same:
        return min(same, key=str.isupper)
    for other in inside:
        # One word more on the cover (a parent body's brand: "NHS ...") is the same body.
        words = len(name.split()) - len(other.split())
        if words == 1 and other.casefold() in folded:
            return other
    return name


def _metadata_title(raw: RawDocument, stem: str) -> Inferred | None:
    meta = raw.metadata
    source = "pdf-info" if raw.format == "pdf" else "rtf-info"
    for key, where in (("xmp:title", "xmp"), ("title", source)):
        value = meta.get(key, "").strip()
        if value and not is_junk(value, stem):
            return Inferred("title", value, where, _key_name(raw, key))
    return None


def _metadata_facts(raw: RawDocument, stem: str) -> list[Inferred]:
    meta = raw.metadata
    info = "pdf-info" if raw.format == "pdf" else "rtf-info"
    out: list[Inferred] = []
    for key, where in (("xmp:creator", "xmp"), ("author", info), ("company", info)):
        value = meta.get(key, "").strip()
        if value and corporate(value, stem):
            out.append(Inferred("author", value, where, _key_name(raw, key)))
    if (value := meta.get("xmp:publisher", "").strip()) and corporate(value, stem):
        out.append(Inferred("publisher", value, "xmp", "dc:publisher"))
    if value := meta.get("xmp:date", ""):
        out.append(Inferred("issued", value, "xmp", "dc:date"))
    if value := meta.get("xmp:isbn", ""):
        out.append(Inferred("isbn", value, "xmp", "prism:isbn"))
    # Last resort: when the file was made (its XMP copy too is the PDF's own record of that,
    # so both are "pdf-info": an issued date from there is always a creation date). The year
    # only: the day is rarely the publication's.
    for key, where in (("pdf:created", info), ("xmp:created", info), ("created", info)):
        if value := meta.get(key, ""):
            note = f"{_key_name(raw, key)}, {LAST_RESORT}"
            out.append(Inferred("issued", value[:4], where, note))
            break
    return out


def _filename_facts(stem: str) -> list[Inferred]:
    out = []
    title = re.sub(r"[_\s]+", " ", stem).strip()
    if title:
        out.append(Inferred("title", title, "filename", "the file's name"))
    if match := _YEAR_IN_NAME.search(stem):
        out.append(Inferred("issued", match.group(1), "filename", "a year in the file's name"))
    return out


def _one_per_field(found: Iterable[Inferred]) -> tuple[Inferred, ...]:
    chosen: dict[str, Inferred] = {}
    for item in found:  # in order of preference
        chosen.setdefault(item.field, item)
    return tuple(chosen[name] for name in FIELDS if name in chosen)


def merge(described: Sequence[Sequence[Inferred]]) -> tuple[Inferred, ...]:
    """One set of values from the files of one document, the PDF's first: a twin fills the
    fields the first file leaves empty or only guesses (creation date, file name)."""
    best: dict[str, Inferred] = {}
    for values in described:
        for item in values:
            held = best.get(item.field)
            if held is None or (held.source in _GUESSES and _order(item) < _order(held)):
                best[item.field] = item
    return tuple(best[name] for name in FIELDS if name in best)


_GUESSES = ("pdf-info", "rtf-info", "filename")


def _order(item: Inferred) -> int:
    return METADATA_SOURCES.index(item.source) if item.source in METADATA_SOURCES else 99


def complete(
    document: Document, inferred: Iterable[Inferred], texts: Iterable[str] | None = None
) -> Document:
    """``document`` with empty fields filled from ``inferred`` and every value's source, and
    its title in sentence case (``texts``, the document's own, tell proper nouns apart)."""
    values: dict[str, Any] = {}
    sources = dict(document.metadata_source)
    for name in FIELDS:
        if getattr(document, name, ""):
            sources.setdefault(name, "catalogue")
    for item in inferred:
        if item.field in FIELDS and not getattr(document, item.field) and item.value:
            values[item.field] = item.value
            sources[item.field] = item.source
    title = values.get("title") or document.title
    if title and not document.sentence_title:
        values["sentence_title"] = sentence_case(title, texts=texts)
    return dataclasses.replace(document, **values, metadata_source=sources)
