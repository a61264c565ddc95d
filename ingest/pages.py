"""Printed page numbers: which labels are page numbers a reader can look up, and labels for
sections that arrive without them (RTF sections placed in a PDF twin's pages).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ingest.model imports this module
    from ingest.model import Section

# Printed page numbers worth citing: arabic or roman numerals, optionally with a prefix such as
# "A-3". Labels like "Cover" name a page but are not a page number a reader can look up.
_PRINTED_NUMBER = re.compile(r"^(?:[A-Za-z]{0,3}[-.]?)?(?:\d+|[ivxlcdm]+|[IVXLCDM]+)$")


def is_page_number(label: str | None) -> bool:
    return bool(label) and bool(_PRINTED_NUMBER.match(label or ""))


def label_of(labels: Sequence[str], page: int | None) -> str | None:
    """The printed label of physical ``page`` (1-based), or None."""
    if page is None or not 1 <= page <= len(labels):
        return None
    return labels[page - 1] or None


def label_sections(sections: Sequence[Section], labels: Sequence[str]) -> list[Section]:
    """Sections with printed labels wherever they have pages but no labels: an RTF twin's
    section placed among the PDF's pages is cited by the PDF's printed numbers too."""
    out = []
    for section in sections:
        if section.label_start is None and section.page_start is not None:
            section = dataclasses.replace(
                section,
                label_start=label_of(labels, section.page_start),
                label_end=label_of(labels, section.page_end or section.page_start),
            )
        out.append(section)
    return out
