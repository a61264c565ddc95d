"""The commitments pages and their JSON and CSV twins, on an index written with commitments."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from ingest.commitment_store import build, write
from ingest.model import Document, ObjectiveTag, Section
from ingest.search_index import write_index
from search_app import create_app
from search_app.engine import close_searchers
from tests.conftest import CORPUS

DOCS = [
    Document("plan-2010", "Plan <2010>", issued="2010-04", author="Greater London Authority"),
    Document("report-2011", "Report", issued="2011", author="Greater London Authority"),
]
SECTIONS = [
    Section(
        "plan-2010-s001", "plan-2010", 0, "Low pay", 1, (),
        "The Mayor will publish the London Living Wage <b>every</b> year.\n\n"
        "The Mayor will end rough sleeping in London by 2012.",
        page_start=3, objectives=(ObjectiveTag(3, 0.9),),
    ),
    Section(
        "report-2011-s001", "report-2011", 0, "Low pay", 1, (),
        "The Living Wage Unit has published a new London Living Wage rate.\n\n"
        "Overcrowding is common in rented homes across the city.",
        page_start=5, objectives=(ObjectiveTag(3, 0.9),),
    ),
]  # fmt: skip


def get_json(client: FlaskClient, url: str) -> Any:
    data = client.get(url).json
    assert data is not None, url
    return data


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    tracked = build(DOCS, SECTIONS)

    def attach(folder: Path, generation: int) -> None:
        write(folder, generation, tracked)

    write_index(tmp_path, DOCS, SECTIONS, rebuild=True, attach=attach)
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "CORPUS_DIR": CORPUS})
    yield app.test_client()
    close_searchers()


def test_the_page_lists_commitments_with_status_timeline_and_escaped_text(
    client: FlaskClient,
) -> None:
    html = client.get("/commitments").get_data(as_text=True)
    assert "2 of 2 commitments" in html
    assert "&lt;b&gt;every&lt;/b&gt;" in html and "<b>every</b>" not in html
    assert 'class="status status--done"' in html and "no later mention" in html
    assert '<th scope="col" class="commit-year">2011</th>' in html
    assert "/sections/plan-2010-s001" in html


def test_filters_narrow_the_list_and_bad_ones_are_refused(client: FlaskClient) -> None:
    done = client.get("/commitments?status=done").get_data(as_text=True)
    assert "1 of 2 commitments" in done and "rough sleeping" not in done
    assert "1 of 2 commitments" in client.get("/objectives/3/commitments?status=done").text
    assert client.get("/objectives/9/commitments").status_code == 404
    for bad in ("objective=x", "objective=9", "status=finished", "doc=nothing"):
        response = client.get(f"/commitments?{bad}")
        assert response.status_code == 400, bad
    assert get_json(client, "/api/commitments?status=finished")["error"]["status"] == 400


def test_csv_and_json_carry_the_same_commitments(client: FlaskClient) -> None:
    response = client.get("/commitments.csv?objective=3")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    api = get_json(client, "/api/commitments?objective=3")
    assert api["count"] == len(rows) == 2
    assert [r["id"] for r in rows] == [c["commitment"]["id"] for c in api["commitments"]]
    wage = next(c for c in api["commitments"] if c["status"] == "done")
    assert wage["followups"][0]["doc_id"] == "report-2011"
    assert get_json(client, f"/api/commitments/{wage['commitment']['id']}") == wage
    assert client.get("/api/commitments/nothing").status_code == 404


def test_a_commitment_page_explains_each_link_and_gives_the_lines_to_judge_it(
    client: FlaskClient,
) -> None:
    cid = next(c for c in get_json(client, "/api/commitments")["commitments"] if c["followups"])
    html = client.get(f"/commitments/{cid['commitment']['id']}").get_data(as_text=True)
    pid = cid["followups"][0]["id"]
    assert "What later documents say" in html and "has published" in html
    assert f"passage = &#34;{pid}&#34;" in html and "verdict = &#34;reject&#34;" in html
    assert f"healthsearch commitments reject {cid['commitment']['id']} {pid}" in html
    assert "<form" not in html.split("<main", 1)[1]  # nothing on the page writes


def test_the_api_description_names_the_commitments_endpoints(client: FlaskClient) -> None:
    paths = get_json(client, "/api/openapi.json")["paths"]
    assert "/api/commitments" in paths and "/api/commitments/{commitment_id}" in paths


def test_an_index_without_commitments_shows_none(tmp_path: Path) -> None:
    write_index(tmp_path, DOCS, SECTIONS, rebuild=True)
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "CORPUS_DIR": CORPUS})
    try:
        assert "0 of 0 commitments" in app.test_client().get("/commitments").text
    finally:
        close_searchers()
