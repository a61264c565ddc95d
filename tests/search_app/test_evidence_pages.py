"""Evidence on the objective and section pages, its downloads and API, and sources in the basket,
on the shipped sample corpus (corpus -> index -> HTTP); the basket in Chromium."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import requests
import rispy
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect, sync_playwright

from ingest.settings import PROJECT_ROOT, Settings
from search_app import create_app
from tests.search_app.conftest import free_port
from tests.search_app.test_browser import CHROMIUM_ARGS


@pytest.fixture(scope="module")
def client(sample_index: Path, sample_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": sample_index,
            "CORPUS_DIR": sample_settings.corpus_dir,
            "OBJECTIVES_FILE": sample_settings.objectives_file,
        }
    )
    yield app.test_client()


def test_objective_page_shows_sources_pages_and_downloads(client: FlaskClient) -> None:
    html = client.get("/objectives/3").get_data(as_text=True)
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/objectives/3/evidence.{fmt}"' in html
    assert 'aria-label="Sources cited"' in html
    assert "Hirsch D (2008) Estimating the Costs of Child Poverty" in html
    assert re.search(r'href="/sections/[^"#]+#ev-\d+"', html)  # each statement links to its page
    assert re.search(r'href="/documents/[^"/]+/view\?page=\d+&amp;section=[^"]+"', html)
    assert 'data-basket-toggle="src:' in html
    assert "Tudor Hart J (1971) The inverse care law" not in re.sub(
        r'<ul class="sources".*?</ul>', "", html, flags=re.S
    ), "a note is a source, never a statement"


def test_downloads_agree_with_each_other(client: FlaskClient) -> None:
    rows = client.get("/api/objectives/3/evidence").get_json()
    assert rows and {r["objective"] for r in rows} == {"3"}
    assert all(r["permalink"].startswith("http://localhost/sections/") for r in rows)
    csv_response = client.get("/objectives/3/evidence.csv")
    assert csv_response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(csv_response.get_data(as_text=True))))
    assert len(table) == len(rows) + 1 and table[1][5] == rows[0]["statement"]
    xlsx = client.get("/api/objectives/3/evidence?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet is not None and sheet.max_row == len(rows) + 1


def test_bad_requests_get_a_one_line_reason(client: FlaskClient) -> None:
    bad = client.get("/api/objectives/3/evidence?format=pdf")
    assert (
        bad.status_code == 400
        and "use one of csv, xlsx, json" in bad.get_json()["error"]["message"]
    )
    missing = client.get("/api/objectives/99/evidence")
    assert (
        missing.status_code == 404 and "no objective 99" in missing.get_json()["error"]["message"]
    )
    assert client.get("/objectives/3/evidence.docx").status_code == 400


def test_section_page_lists_each_statements_sources(client: FlaskClient) -> None:
    rows = client.get("/api/objectives/3/evidence").get_json()
    cited = next(r for r in rows if any(s["text"] for s in r["sources"]))
    path = cited["permalink"].replace("http://localhost", "")
    html = client.get(path.split("#")[0]).get_data(as_text=True)
    assert f'id="{path.split("#")[1]}"' in html
    assert cited["sources"][0]["text"].split(".")[0] in html


def test_a_source_in_the_basket_is_cited_and_exported(client: FlaskClient) -> None:
    html = client.get("/objectives/3").get_data(as_text=True)
    source = re.search(r'data-basket-toggle="(src:[^"]+)"', html)
    assert source is not None
    page = client.get("/cite/", query_string={"id": source.group(1)}).get_data(as_text=True)
    assert "Works the documents cite" in page and "The basket is empty" not in page
    assert ">1 source to cite.<" in page
    sections = sorted(set(re.findall(r'data-basket-toggle="((?!src:)[^"]+)"', html)))[:2]
    both = {"id": [*sections, source.group(1)]}
    page = client.get("/cite/", query_string=both).get_data(as_text=True)
    assert "2 sections, 1 source to cite." in page
    ris = client.get("/cite/sources.ris", query_string={"id": source.group(1)})
    [record] = rispy.loads(ris.get_data(as_text=True))
    assert record["title"] and record["year"]
    assert client.get("/cite/sources.ris", query_string={"id": "src:nope:1:1"}).status_code == 404


def test_objective_api_carries_each_statements_sources(client: FlaskClient) -> None:
    body = client.get("/api/objectives/3").get_json()
    statements = [st for group in body["evidence"] for st in group["statements"]]
    assert all("sources" in st for st in statements)
    assert any(src["reference"] for st in statements for src in st["sources"])


def test_openapi_describes_the_evidence_table(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    op = spec["paths"]["/api/objectives/{number}/evidence"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"number", "format"}


@pytest.fixture(scope="module")
def sample_server(sample_index: Path, sample_settings: Settings) -> Iterator[str]:
    """The sample index served by the project's gunicorn launcher on a free local port."""
    port = free_port()
    env = {
        "HEALTHSEARCH_INDEX": str(sample_index),
        "HEALTHSEARCH_CORPUS": str(sample_settings.corpus_dir),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_app.serve", "--port", str(port), "--workers", "1"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start within 30 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture()
def page(sample_server: str, tmp_path: Path) -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=sample_server, accept_downloads=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page
        browser.close()
        assert not errors, errors


@pytest.mark.browser
def test_add_a_statement_and_its_source_to_the_basket(page: Page, tmp_path: Path) -> None:
    page.goto("/objectives/3")
    item = page.locator(".evidence-item").filter(has=page.locator(".sources")).first
    item.locator("[data-basket-toggle]:not([data-basket-toggle^='src:'])").click()
    expect(page.locator("[data-basket-count]")).to_have_text("1")
    item.locator("[data-basket-toggle^='src:']").first.click()
    expect(page.locator("[data-basket-count]")).to_have_text("2")
    basket = page.get_by_role("link", name="Basket, 1 section, 1 source")
    expect(basket).to_have_attribute("title", "In the basket: 1 section, 1 source")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    target = tmp_path / "objective-3.csv"
    download.value.save_as(target)
    assert target.read_text("utf-8").startswith("Objective,Document,Section")
    page.get_by_role("link", name=re.compile("^Basket")).click()
    expect(page.locator("[data-source-id]")).to_have_count(1)
    expect(page.locator("[data-section-id]")).to_have_count(1)
    expect(page.locator("[data-basket-summary]")).to_have_text("1 section, 1 source to cite.")
    page.screenshot(path=str(tmp_path / "basket.png"), full_page=True)
