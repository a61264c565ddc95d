"""Every real-world PDF either reads into sections with text or fails with the IngestError
subclass a user should see. New files default to "reads". The vendored files
(tests/fixtures/realworld/pdf) always run; the rest of ../shared/realworld/pdf when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    IngestError,
    NoTextLayer,
)
from ingest.readers.pdf import read_pdf
from ingest.sections import split_sections
from tests.conftest import REALWORLD, realworld_files

# File -> expected IngestError subclass (with a word of its reason), for files that must fail.
FAILS: dict[str, tuple[type[IngestError], str]] = {
    "empty.pdf": (EmptyDocument, "empty"),
    "password-example.pdf": (EncryptedDocument, "password"),
    # The page tree's only page has no MediaBox or contents: pdfminer yields no pages.
    "issue-297-example.pdf": (CorruptDocument, "no readable pages"),
    "issue-203-decimalize.pdf": (NoTextLayer, "no text layer on any of its 3 pages"),
}
# Files whose words sit in headings only (a title and nothing else): sections, no body text.
HEADINGS_ONLY = {
    "annotations.pdf",
    "extra-attrs-example.pdf",
    "issue-1054-example.pdf",
    "issue-987-test.pdf",
}
# Above ~5 s each on this machine (pdfplumber itself is the cost).
SLOW = {
    "WARN-Report-for-7-1-2015-to-03-25-2016.pdf",
    "chelsea_pdta.pdf",
    "issue-71-duplicate-chars-2.pdf",
    "issue-67-example.pdf",
}

FILES = realworld_files("pdf", "*.pdf")


@pytest.mark.shared
def test_the_expectation_table_names_real_files() -> None:
    names = {p.name for p in (REALWORLD / "pdf").glob("*.pdf")}
    assert len(names) >= 40
    assert set(FAILS) | HEADINGS_ONLY | SLOW <= names


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(*p.values, id=p.id, marks=[*p.marks, pytest.mark.slow]) if p.id in SLOW else p
        for p in FILES
    ],
)
def test_realworld_pdf(path: Path) -> None:
    name = path.name
    if name in FAILS:
        error, reason = FAILS[name]
        with pytest.raises(error, match=reason) as info:
            read_pdf(path)
        assert "\n" not in str(info.value)  # a one-line reason for the ingest summary
        return
    raw = read_pdf(path)
    sections = split_sections(raw, "rw")
    assert sections, "no sections"
    assert raw.page_count is not None and len(raw.page_labels) == raw.page_count
    assert all(s.page_start is not None and 1 <= s.page_start <= raw.page_count for s in sections)
    if name in HEADINGS_ONLY:
        assert any(s.heading.strip() for s in sections)
    else:
        assert sum(len(s.text) for s in sections) > 0, "sections without text"
