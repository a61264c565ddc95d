"""The JSON API: each page's twin, errors as JSON, and a bounded schemathesis run."""

from __future__ import annotations

import warnings

import bibtexparser
import rispy
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from search_app.openapi import spec

with warnings.catch_warnings():  # schemathesis 3.39 touches jsonschema's deprecated names
    warnings.filterwarnings("ignore", ".*RefResolutionError", DeprecationWarning)
    import schemathesis


def test_search_mirrors_the_page(client: FlaskClient) -> None:
    body = client.get("/api/search?q=poverty&objective=3").get_json()
    assert body["total"] == 2
    hits = {h["section_id"]: h for h in body["hits"]}
    assert set(hits) == {"his-2010/1-1", "marmot-2010/policy-e"}
    assert hits["his-2010/1-1"]["pages"] == "pp. 1–2 (PDF pp. 3–4)"
    assert hits["his-2010/1-1"]["printed_page_start"] == "1"
    assert hits["his-2010/1-1"]["pdf_page_start"] == 3
    assert "page_start" not in hits["his-2010/1-1"]
    assert hits["his-2010/1-1"]["pdf_url"] == "/files/his-2010.pdf#page=3"
    objective = {f["value"]: f for f in body["facets"]["objective"]}
    assert objective["3"]["selected"] is True
    assert body["links"]["html"] == "/?q=poverty&objective=3"


def test_search_errors_are_json_with_status_and_message(client: FlaskClient) -> None:
    for url in ("/api/search?page=-1", "/api/search?per_page=1000", "/api/search?sort=x"):
        response = client.get(url)
        assert response.status_code == 400, url
        error = response.get_json()["error"]
        assert error["status"] == 400 and error["message"]


def test_unknown_things_are_json_404s(client: FlaskClient) -> None:
    for url in ("/api/sections/nope", "/api/documents/nope", "/api/objectives/42", "/api/x"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["status"] == 404


def test_section_has_text_pages_pdf_neighbours_and_citation(client: FlaskClient) -> None:
    body = client.get("/api/sections/his-2010/1-1").get_json()
    assert body["text"].startswith("Child poverty")
    assert body["pages"] == "pp. 1–2 (PDF pp. 3–4)"
    assert (body["printed_page_start"], body["printed_page_end"]) == ("1", "2")
    assert (body["pdf_page_start"], body["pdf_page_end"]) == (3, 4)
    assert not {"page_start", "page_end", "label_start", "label_end"} & set(body)
    assert body["evidence"][0]["pages"] == "p. 2 (PDF p. 4)"
    assert body["pdf_url"] == "/files/his-2010.pdf#page=3"
    assert body["previous"]["id"] == "his-2010/foreword"
    assert body["next"]["id"] == "his-2010/1-2"
    assert body["objectives"][0]["reasons"]
    assert body["citation"]["harvard"]["in_text"] == "(Greater London Authority, 2010, pp. 1–2)"
    assert body["document"]["title"] == "The London Health Inequalities Strategy"


def test_documents_and_objectives(client: FlaskClient) -> None:
    docs = client.get("/api/documents").get_json()["documents"]
    assert [d["id"] for d in docs] == ["marmot-2010", "his-2010"]  # by date issued
    doc = client.get("/api/documents/his-2010").get_json()
    assert [s["id"] for s in doc["contents"]] == [
        "his-2010/foreword",
        "his-2010/1-1",
        "his-2010/1-2",
    ]
    assert doc["objectives"]["3"] == 1
    objectives = client.get("/api/objectives").get_json()
    assert [o["number"] for o in objectives["objectives"]] == [1, 2, 3, 4, 5]
    assert objectives["matrix"]["5"]["marmot-2010"] == 1
    three = client.get("/api/objectives/3").get_json()
    assert [s["id"] for s in three["ranked_sections"]][0] == "his-2010/1-1"
    statement = three["evidence"][0]["statements"][0]
    assert (statement["pdf_page"], statement["printed_page"]) == (4, "2")
    assert statement["pages"] == "p. 2 (PDF p. 4)"


def test_cite_summary_and_exports(client: FlaskClient) -> None:
    body = client.get("/api/cite?id=his-2010/1-1&id=marmot-2010/intro").get_json()
    assert [s["id"] for s in body["sections"]] == ["his-2010/1-1", "marmot-2010/intro"]
    assert body["csl"][0]["author"] == [{"literal": "Greater London Authority"}]
    assert body["apa"]["in_text"][0] == "(Greater London Authority, 2010, pp. 1–2)"
    ris = client.get(body["downloads"]["ris"])
    assert ris.mimetype == "application/x-research-info-systems"
    assert len(rispy.loads(ris.get_data(as_text=True))) == 2
    bib = client.get(body["downloads"]["bibtex"]).get_data(as_text=True)
    assert len(bibtexparser.parse_string(bib).entries) == 2


def test_suggest_completes_words(client: FlaskClient) -> None:
    body = client.get("/api/suggest?q=pov").get_json()
    assert "poverty" in body["suggestions"]
    assert client.get("/api/suggest?q=").get_json()["suggestions"] == []


def test_openapi_describes_every_api_route(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        rule.rule.replace("<path:", "{").replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json"
    }
    assert routes == set(spec["paths"])


with warnings.catch_warnings():  # loading a schema imports more of jsonschema's old names
    warnings.filterwarnings("ignore", "jsonschema", DeprecationWarning)
    warnings.filterwarnings("ignore", ".*RefResolve", DeprecationWarning)
    schema = schemathesis.from_dict(spec())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_api_never_fails_on_generated_input(case, live_server: str) -> None:  # type: ignore[no-untyped-def]
    """Generated input (bounded: a few examples per operation), sent to the real gunicorn
    server, gets a documented answer: never a 500, never a response outside the schema."""
    case.call_and_validate(base_url=live_server)
