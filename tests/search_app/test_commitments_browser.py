"""The commitments page in Debian's Chromium against gunicorn serving the sample corpus:
filter without JavaScript, follow a commitment to its timeline and judgement lines, download
the CSV, read it on a phone, and no serious accessibility violations.

Screenshots at 1366x900 and 390x844 go to test-output/screenshots/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ingest.settings import PROJECT_ROOT
from tests.conftest import CORPUS
from tests.search_app.conftest import free_port
from tests.search_app.test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

SHOTS = PROJECT_ROOT / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def server(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {"HEALTHSEARCH_INDEX": str(sample_index), "HEALTHSEARCH_CORPUS": str(CORPUS),
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    log = (tmp_path_factory.mktemp("server") / "gunicorn.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_app.serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Browser, server: str, width: int, height: int) -> Page:
    context = browser.new_context(
        base_url=server, viewport={"width": width, "height": height}, accept_downloads=True
    )
    return context.new_page()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_filter_follow_and_judge_a_commitment(browser: Browser, server: str) -> None:
    page = open_page(browser, server, 1366, 900)
    page.goto("/")
    page.get_by_role("link", name="Commitments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commitments")
    page.get_by_label("Objective").select_option("5")
    page.get_by_label("Newest status").select_option("done")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{server}/commitments?objective=5&doc=&status=done")
    # The URL changes when the navigation commits, before the new table is in the DOM.
    page.wait_for_load_state("domcontentloaded")
    rows = page.locator("table.commit-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 3
    newest = page.locator("table.commit-table tbody tr td:nth-child(3) .status")
    assert set(newest.all_inner_texts()) == {"done"}
    shot(page, "commitments-1366")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert len(list(csv.DictReader(io.StringIO(text)))) == rows.count()

    first = page.locator("td.commit-text a").first
    quote = first.inner_text()
    first.click()
    expect(page.locator("blockquote.commit-quote")).to_have_text(quote)
    timeline = page.locator("ol.commit-timeline > li")
    assert timeline.count() >= 1
    timeline.first.get_by_text("Why this link, and how to correct it").click()
    expect(timeline.first.locator("pre").first).to_contain_text('verdict = "confirm"')
    expect(timeline.first).to_contain_text("weight")
    shot(page, "commitment-1366")


def test_on_a_phone_the_table_scrolls_inside_the_page(browser: Browser, server: str) -> None:
    page = open_page(browser, server, 390, 844)
    page.goto("/objectives/4/commitments")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Health, work and well-being")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator(".commit-table-wrap")
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls, not the page
    shot(page, "commitments-390")


def test_no_serious_accessibility_violations(browser: Browser, server: str) -> None:
    page = open_page(browser, server, 1366, 900)
    for url in ("/commitments?objective=2", "/commitments?status=dropped"):
        page.goto(url)
        page.add_script_tag(url="/static/vendor/axe.min.js")
        result = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
        )
        assert not [v for v in result if v["impact"] in ("serious", "critical")], (url, result)
