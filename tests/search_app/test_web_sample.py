"""End to end on the shipped sample corpus: corpus -> index -> HTTP pages, PDF and citations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rispy
from flask.testing import FlaskClient

from ingest.settings import Settings
from search_app import create_app
from search_app.engine import close_searchers


@pytest.fixture()
def sample_client(sample_index: Path, sample_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": sample_index,
            "CORPUS_DIR": sample_settings.corpus_dir,
        }
    )
    yield app.test_client()
    close_searchers()


def test_a_search_leads_to_the_cited_page_of_the_real_pdf(sample_client: FlaskClient) -> None:
    body = sample_client.get("/api/search?q=child+poverty&doc=his-2010").get_json()
    assert body["total"] > 0
    hit = body["hits"][0]
    page = sample_client.get(hit["url_html"] + "?q=child+poverty").get_data(as_text=True)
    assert "<mark>" in page
    assert "Sample edition" in page
    pdf_url = re.search(r'href="(/files/his-2010\.pdf#page=(\d+))"', page)
    assert pdf_url, "the section page links the PDF at its page"
    assert int(pdf_url.group(2)) == hit["pdf_page_start"]
    with sample_client.get(pdf_url.group(1).split("#")[0]) as pdf:
        assert pdf.status_code == 200
        assert pdf.get_data()[:5] == b"%PDF-"
    ris = sample_client.get(f"/cite/download?id={hit['section_id']}&format=ris")
    (record,) = rispy.loads(ris.get_data(as_text=True))
    assert record["title"] == "The London Health Inequalities Strategy"
    assert record["start_page"]
    assert "not the official text" in record["notes"][0]


def test_every_sample_document_appears_in_the_coverage_matrix(sample_client: FlaskClient) -> None:
    objectives = sample_client.get("/api/objectives").get_json()
    documents = sample_client.get("/api/documents").get_json()["documents"]
    assert len(objectives["objectives"]) == 5
    assert set(objectives["documents"]) == {d["id"] for d in documents}
    assert all(o["sections"] > 0 for o in objectives["objectives"])
    page = sample_client.get("/objectives/").get_data(as_text=True)
    assert page.count("heat--") >= 5 * len(documents)


def test_every_document_page_and_first_section_renders(sample_client: FlaskClient) -> None:
    for doc in sample_client.get("/api/documents").get_json()["documents"]:
        assert sample_client.get(doc["url_html"]).status_code == 200
        contents = sample_client.get(f"/api/documents/{doc['id']}").get_json()["contents"]
        assert contents, doc["id"]
        assert sample_client.get(contents[0]["url_html"]).status_code == 200
