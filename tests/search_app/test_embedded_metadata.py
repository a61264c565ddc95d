"""Section and document pages carry Highwire Press citation_* tags and COinS, read here the
way a browser reference-manager connector reads them (Zotero's Embedded Metadata translator:
meta tags in <head>, item type "report" from citation_technical_report_institution, pages
from citation_firstpage/lastpage); the document page shows where each value came from."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from flask.testing import FlaskClient

from ingest.model import Document
from ingest.search_index import write_index
from search_app import create_app
from search_app.engine import close_searchers


class _Head(HTMLParser):
    """Meta tags inside <head> and the title attribute of COinS spans."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.meta: list[tuple[str, str]] = []
        self.coins: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head and a.get("name") and a.get("content"):
            self.meta.append((a["name"] or "", a["content"] or ""))
        elif tag == "span" and "Z3988" in (a.get("class") or "").split():
            self.coins.append(a.get("title") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def read_page(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def zotero_item(meta: list[tuple[str, str]]) -> dict[str, object]:
    """The item Zotero's Embedded Metadata translator makes of Highwire tags (the subset of
    its HIGHWIRE_MAPPINGS and addHighwireMetadata that a report uses)."""
    first = {name: value for name, value in reversed(meta)}
    item: dict[str, object] = {
        "itemType": "report" if "citation_technical_report_institution" in first else "webpage"
    }
    for tag, field in (
        ("citation_title", "title"),
        ("citation_date", "date"),
        ("citation_publication_date", "date"),
        ("citation_technical_report_institution", "institution"),
        ("citation_technical_report_number", "number"),
        ("citation_publisher", "publisher"),
        ("citation_isbn", "ISBN"),
        ("citation_public_url", "url"),
    ):
        if tag in first:
            item[field] = first[tag]
    item["creators"] = [value for name, value in meta if name == "citation_author"]
    if "citation_firstpage" in first:
        last = first.get("citation_lastpage")
        item["pages"] = first["citation_firstpage"] + (f"-{last}" if last else "")
    return item


def test_section_page_saves_as_a_report_with_its_printed_pages(client: FlaskClient) -> None:
    page = read_page(client.get("/sections/his-2010/1-1").get_data(as_text=True))
    item = zotero_item(page.meta)
    assert item == {
        "itemType": "report",
        "title": "The London Health Inequalities Strategy",
        "creators": ["Greater London Authority"],
        "date": "2010/04",
        "institution": "Greater London Authority",
        "publisher": "Greater London Authority",
        "ISBN": "978-1-84781-349-7",
        "url": "https://www.london.gov.uk/his",
        "pages": "1-2",  # printed page numbers, not the PDF's 3-4
    }
    names = dict(page.meta)
    assert names["citation_pdf_url"] == "http://localhost/files/his-2010.pdf#page=3"
    assert names["citation_abstract_html_url"] == "http://localhost/sections/his-2010/1-1"


def test_section_page_coins(client: FlaskClient) -> None:
    (title,) = read_page(client.get("/sections/his-2010/1-1").get_data(as_text=True)).coins
    kev = dict(parse_qsl(title))
    assert kev["ctx_ver"] == "Z39.88-2004"
    assert kev["rft_val_fmt"] == "info:ofi/fmt:kev:mtx:book"
    assert kev["rft.genre"] == "report"
    assert kev["rft.btitle"] == "The London Health Inequalities Strategy"
    assert kev["rft.aucorp"] == "Greater London Authority"
    assert (kev["rft.date"], kev["rft.place"]) == ("2010-04", "London")
    assert (kev["rft.spage"], kev["rft.epage"]) == ("1", "2")


def test_rtf_only_section_has_no_pages_in_its_tags(client: FlaskClient) -> None:
    page = read_page(client.get("/sections/marmot-2010/intro").get_data(as_text=True))
    item = zotero_item(page.meta)
    assert item["itemType"] == "report"
    assert item["title"] == "Fair Society, Healthy Lives"
    assert "pages" not in item


def test_document_page_tags_describe_the_whole_report(client: FlaskClient) -> None:
    page = read_page(client.get("/documents/his-2010").get_data(as_text=True))
    item = zotero_item(page.meta)
    assert item["itemType"] == "report" and "pages" not in item
    assert item["creators"] == ["Greater London Authority"]
    assert len(page.coins) == 1


def test_document_text_in_tags_is_escaped(tmp_path: Path) -> None:
    hostile = Document(id="x", title='Health "&" <script>alert(1)</script>', author="A & B")
    index = tmp_path / "index"
    write_index(index, [hostile], [], rebuild=True)
    app = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": tmp_path})
    html = app.test_client().get("/documents/x").get_data(as_text=True)
    close_searchers()
    assert "<script>alert(1)</script>" not in html
    assert dict(read_page(html).meta)["citation_title"] == hostile.title


@pytest.fixture()
def inferred_client(tmp_path: Path) -> Iterator[FlaskClient]:
    document = Document(
        id="dropped",
        title="Home Truths: Housing and health in Riverside",
        author="Riverside Borough Council",
        issued="2024",
        files=("final_v3.pdf",),
        metadata_source={"title": "cover", "author": "imprint", "issued": "pdf-info"},
    )
    index = tmp_path / "index"
    write_index(index, [document], [], rebuild=True)
    app = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": tmp_path})
    yield app.test_client()
    close_searchers()


def test_document_page_shows_where_each_value_came_from(inferred_client: FlaskClient) -> None:
    html = inferred_client.get("/documents/dropped").get_data(as_text=True)
    assert 'Riverside Borough Council <span class="meta__source">(printed in the imprint)' in html
    assert "(printed on the cover)" in html
    assert "(the file&#39;s creation date: no date is printed in the document)" in html
