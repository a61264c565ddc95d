"""One document, several files: merge the sections of a PDF and its RTF twin.

The PDF is the reference (it has pages). Sections are aligned by heading. A heading found only
in the RTF usually means the PDF's typography hid it: if its opening words are printed inside
a PDF section, that section is split there, so the text appears once and keeps its pages;
otherwise the RTF section is inserted where the alignment puts it.
"""

from __future__ import annotations

import dataclasses
import re
from difflib import SequenceMatcher

from ingest.model import Section

_WORD = re.compile(r"\w+")
_PROBE_WORDS = 8


def _key(heading: str) -> str:
    return " ".join(_WORD.findall(heading.casefold()))


def merge_twins(primary: list[Section], twin: list[Section], doc_id: str) -> list[Section]:
    """Sections of ``primary`` (the PDF) plus those only ``twin`` (the RTF) has, renumbered."""
    if not primary or not twin:
        return renumber(primary or twin, doc_id)
    matcher = SequenceMatcher(
        a=[_key(s.heading) for s in primary], b=[_key(s.heading) for s in twin], autojunk=False
    )
    merged: list[Section] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(primary[i1:i2])
        if tag in ("insert", "replace"):
            for extra in twin[j1:j2]:
                _place(merged, extra)
    return renumber(merged, doc_id)


def renumber(sections: list[Section], doc_id: str) -> list[Section]:
    return [
        dataclasses.replace(s, id=f"{doc_id}-s{n:03d}", doc_id=doc_id, ordinal=n)
        for n, s in enumerate(sections)
    ]


def _place(merged: list[Section], extra: Section) -> None:
    """Add RTF-only ``extra`` after ``merged``, splitting the last PDF section if it holds it."""
    host = merged[-1] if merged else None
    offset = _find(host.text, extra.text) if host is not None else None
    if host is None or offset is None or offset == 0:
        page = host.page_end if host is not None else None
        merged.append(
            dataclasses.replace(
                extra, page_start=page, page_end=page, page_offsets=(), source="rtf"
            )
        )
        return
    head, tail = split_section(host, offset)
    merged[-1] = head
    merged.append(
        dataclasses.replace(
            tail,
            heading=extra.heading,
            level=extra.level,
            path=extra.path,
        )
    )


def split_section(section: Section, offset: int) -> tuple[Section, Section]:
    """Cut ``section`` at character ``offset``; both halves keep their true pages."""
    head_text = section.text[:offset].rstrip()
    rest = section.text[offset:]
    cut = offset + len(rest) - len(rest.lstrip())
    # A page that starts in the white space at the cut belongs to the tail, not the head.
    before = tuple(p for p in section.page_offsets if p[0] < len(head_text))
    after = tuple((o - cut, p) for o, p in section.page_offsets if o > cut)
    head_refs = tuple(r for r in section.note_refs if r[0] <= len(head_text))
    head = dataclasses.replace(
        section,
        text=head_text,
        page_end=before[-1][1] if before else section.page_start,
        page_offsets=before,
        note_refs=head_refs,
        notes=tuple(n for n in section.notes if n.marker in {m for _, m in head_refs}),
    )
    tail = dataclasses.replace(
        section,
        text=section.text[cut:],
        page_start=section.page_at(cut),
        page_offsets=after,
        note_refs=tuple((o - cut, m) for o, m in section.note_refs if o > cut),
        notes=tuple(n for n in section.notes if n not in head.notes),
    )
    return head, tail


def _find(haystack: str, needle: str) -> int | None:
    """Character offset in ``haystack`` where the opening words of ``needle`` are printed."""
    probe = _WORD.findall(needle)[:_PROBE_WORDS]
    if len(probe) < 3:
        return None
    # Whitespace and hyphenation differ between the PDF and RTF renderings of a sentence.
    pattern = r"\W+".join(re.escape(w) for w in probe)
    match = re.search(pattern, haystack, flags=re.IGNORECASE)
    return match.start() if match else None
