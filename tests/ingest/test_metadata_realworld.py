"""Title, author and year without catalogue entries on other projects' files (issue 11).

Reads ``../shared/realworld/{docling,unstructured}`` against the hand-checked truth in
``tests/golden/realworld_metadata.json``; marked ``shared``: deselected where ``../shared`` is
absent (the repo must pass without it). A value the product marks as a last resort (the
file's name as title, its creation date as year) counts as "not printed", which is what the
truth records for files that print no title or date; ``--strict`` counts them.
"""

from __future__ import annotations

import pytest

from tools.metadata_accuracy import realworld, summary

pytestmark = [pytest.mark.slow, pytest.mark.shared]
# Issue 11's target is 0.9 per field over all 20 files, measured by
# `python -m tools.metadata_accuracy --set realworld` (0.9 or better on each when last
# measured). The test leaves out the 619-page scale test, whose truth is all null and which
# takes a minute and a half to read; on the 19 left one miss moves a field by 0.053, so the
# test holds each field to 17 of 19.
TARGET = 0.85


def test_realworld_accuracy_without_a_catalogue() -> None:
    rows = realworld(max_pages=100)
    assert len(rows) >= 15
    scores = summary(rows)
    for field in ("title", "author", "year"):
        wrong = [(r["file"], r[field]) for r in rows if not r[f"{field}_ok"]]
        assert scores[field] >= TARGET, wrong
