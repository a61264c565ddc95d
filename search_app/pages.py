"""How a section's pages are written, everywhere the read path shows them (pages, API, CLI)."""

from __future__ import annotations

from ingest.model import Section


def page_span(section: Section) -> str:
    """'pp. 21–23' (printed page labels), 'PDF p. 5' (physical pages, when the pages carry no
    printed numbers) or '' (no pages: an RTF-only section)."""
    if section.label_start:
        first, last = section.label_start, section.label_end or section.label_start
        return f"p. {first}" if first == last else f"pp. {first}–{last}"
    if section.page_start is not None:
        first_n, last_n = section.page_start, section.page_end or section.page_start
        return f"PDF p. {first_n}" if first_n == last_n else f"PDF pp. {first_n}–{last_n}"
    return ""
