"""The outline work as a user meets it on the pages (issue 10): where a document's headings
came from and what reading its files found, and a kept-whole table shown as a table."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from ingest.model import Document, Section, Table
from ingest.search_index import write_index
from ingest.settings import PROJECT_ROOT
from search_app import create_app
from search_app.cli import cli
from search_app.engine import close_searchers

ROWS = (
    ("Decile", "Men", "Women"),
    ("1 (most deprived)", "73.4", "78.6"),
    ("<script>alert(1)</script>", "83.2", "86.5"),
)
TABLE = Table(rows=ROWS, header_rows=1, page=4)
BEFORE = "Men in the most deprived tenth live 9.8 years less than men in the least deprived."
AFTER = "The gap is explained by cardiovascular disease, cancer and respiratory disease."
TEXT = f"{BEFORE}\n\n{TABLE.text()}\n\n{AFTER}"
DOCUMENT = Document(
    id="ns-2024",
    title="Northshire Action Plan",
    files=("ns-2024.pdf",),
    page_count=6,
    outline_source="bookmarks",
    warnings=("ns-2024.pdf: pages 9-12: 14 characters without a Unicode mapping",),
)
SECTION = Section(
    id="ns-2024-s000",
    doc_id="ns-2024",
    ordinal=0,
    heading="1.1 The scale of the gap",
    level=1,
    path=(),
    text=TEXT,
    page_start=4,
    page_end=4,
    tables=(Table(rows=ROWS, header_rows=1, page=4, offset=len(BEFORE) + 2),),
)


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / "objectives.toml", corpus / "objectives.toml")
    write_index(tmp_path / "index", [DOCUMENT], [SECTION], rebuild=True)
    return tmp_path


@pytest.fixture()
def client(index: Path) -> Iterator[FlaskClient]:
    app = create_app(
        {"TESTING": True, "INDEX_DIR": index / "index", "CORPUS_DIR": index / "corpus"}
    )
    yield app.test_client()
    close_searchers()


def test_the_document_page_says_where_its_headings_came_from(client: FlaskClient) -> None:
    html = client.get("/documents/ns-2024").get_data(as_text=True)
    assert "Headings from</dt><dd>the PDF&#39;s bookmarks</dd>" in html
    assert "pages 9-12: 14 characters without a Unicode mapping" in html
    data = client.get("/api/documents/ns-2024").get_json()
    assert data["outline_source"] == "bookmarks" and data["warnings"] == list(DOCUMENT.warnings)


def test_a_kept_table_is_shown_as_a_table_in_its_place(client: FlaskClient) -> None:
    html = client.get("/sections/ns-2024-s000").get_data(as_text=True)
    start = html.index('<table class="table">')
    assert html.index(BEFORE) < start < html.index(AFTER)
    table = html[start : html.index("</table>", start)]
    assert '<thead><tr><th scope="col">Decile</th>' in table
    assert "<td>73.4</td>" in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table and "<script>alert" not in html
    assert "Decile | Men" not in html  # the table's search text is not shown as a paragraph
    data = client.get("/api/sections/ns-2024-s000").get_json()
    assert data["tables"][0]["rows"][1] == ["1 (most deprived)", "73.4", "78.6"]


def test_sections_json_carries_the_outline_source(index: Path) -> None:
    result = CliRunner().invoke(cli, ["sections", "--index", str(index / "index"), "--json"])
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)
    assert item["outline_source"] == "bookmarks"
    assert item["tables"][0]["header_rows"] == 1
