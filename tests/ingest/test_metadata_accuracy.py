"""Title, author and year without catalogue entries, on reports other producers made.

The development set (``tests/fixtures/devset``, hand-checked goldens) and the shipped sample
editions (their catalogue entries as truth) are in the repository. The reports under
``../shared/realworld`` are scored in ``test_metadata_realworld.py`` when that folder exists.
Issue 11 asks for at least 0.9 on each field.
"""

from __future__ import annotations

import pytest

from tools.metadata_accuracy import devset, sample, summary

TARGET = 0.9


@pytest.mark.slow
@pytest.mark.parametrize("name", ["devset", "sample"])
def test_accuracy_without_a_catalogue(name: str) -> None:
    rows = {"devset": devset, "sample": sample}[name]()
    assert len(rows) >= 3
    scores = summary(rows)
    wrong = {
        field: [(r["file"], r[field]) for r in rows if not r[f"{field}_ok"]]
        for field in ("title", "author", "year")
    }
    for field in ("title", "author", "year"):
        assert scores[field] >= TARGET, wrong[field]
