"""Reader and catalogue defects from issue 16: binary data read as text, hostile URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalogue import load_catalogue
from ingest.errors import TruncatedDocument
from ingest.readers.rtf import read_rtf
from tests.ingest.test_rtf_reader import para, rtf, texts, write


def test_rtf_binary_data_is_skipped_not_indexed_as_text(tmp_path: Path) -> None:
    # \binN is followed by N raw bytes (an embedded object): 100 NUL bytes ended up in a
    # section and its HTML, and braces inside the data could close groups.
    body = para("Before the object.") + r"{\*\objdata \bin6 }{}{{}}" + "\n"
    body += r"\pard\plain\f0\fs24 Around \bin100 " + "\0" * 100 + r" the object.\par"
    body += para("After the object.")
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert texts(doc) == ["Before the object.", "Around the object.", "After the object."]
    assert not any("\0" in t for t in texts(doc))


def test_rtf_binary_data_that_runs_past_the_end_is_a_truncated_file(tmp_path: Path) -> None:
    content = rtf(para("Before.") + r"\bin5000 " + "\0" * 100)
    with pytest.raises(TruncatedDocument):
        read_rtf(write(tmp_path, content[: content.rindex("\0") + 1]))


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html,<b>x</b>"],
)
def test_a_catalogue_url_that_is_not_a_web_address_is_dropped_with_a_warning(
    tmp_path: Path, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_text(
        '[[document]]\nid = "his-2010"\nfiles = ["his-2010.pdf"]\n'
        f'url = "{url}"\n\n[[document]]\nid = "other"\nfiles = ["o.pdf"]\n'
        'url = "https://www.london.gov.uk/what-we-do/health"\n',
        encoding="utf-8",
    )
    first, second = load_catalogue(path)
    assert first.url == ""
    assert second.url == "https://www.london.gov.uk/what-we-do/health"
    assert "ignoring url" in caplog.text and "only http and https" in caplog.text
