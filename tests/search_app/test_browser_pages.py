"""Every page of the app on the shipped sample corpus, in Debian's Chromium at a laptop's size
(1366x900) and a phone's (390x844), served by the project's gunicorn launcher: a screenshot of
each (into $HEALTHSEARCH_SCREENSHOTS, for example the git-ignored test-output/screenshots,
else pytest's temporary folder), no horizontal overflow, and no axe violations of any impact.
Then what a reader does: open a cited page in the viewer and see the passage and the search
words marked, reach the results first on a phone, compare documents in the coverage table.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ingest.search_index import read_sections
from ingest.settings import PROJECT_ROOT, Settings
from tests.search_app.conftest import free_port
from tests.search_app.test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def sample_server(sample_index: Path, sample_settings: Settings) -> Iterator[str]:
    """The sample corpus's index served by ``python -m search_app.serve`` (gunicorn)."""
    port = free_port()
    env = {
        "HEALTHSEARCH_INDEX": str(sample_index),
        "HEALTHSEARCH_CORPUS": str(sample_settings.corpus_dir),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_app.serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start within 30 s"
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def ids(sample_index: Path) -> dict[str, str]:
    """Section ids looked up by heading, so the pages do not depend on numbering."""
    wanted = {
        "indicator-1": ("indicator-report-2015", "Indicator 1:"),
        "indicator-2": ("indicator-report-2015", "Indicator 2:"),
        "strategy-poverty": ("his-2010", "2.3.1 Poverty"),
        "marmot": ("marmot-summary", ""),
    }
    sections = read_sections(sample_index)
    out = {}
    for key, (doc, heading) in wanted.items():
        out[key] = next(s.id for s in sections if s.doc_id == doc and s.heading.startswith(heading))
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def open_page(
    browser: Browser, base: str, viewport: dict[str, int], allow: str = "\0"
) -> Iterator[Page]:
    """A page in a fresh context; it fails on any script error or console error, bar
    messages containing ``allow``."""
    context = browser.new_context(base_url=base, viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    errors = [e for e in errors if allow not in e]
    assert not errors, errors  # no script errors, no CSP refusals, no missing files


@pytest.fixture()
def laptop(browser: Browser, sample_server: str) -> Iterator[Page]:
    with open_page(browser, sample_server, LAPTOP) as page:
        yield page


@pytest.fixture()
def phone(browser: Browser, sample_server: str) -> Iterator[Page]:
    with open_page(browser, sample_server, PHONE) as page:
        yield page


PAGES = {
    "home": "/",
    "results": "/?q=child+poverty&objective=3",
    "section": "/sections/{strategy-poverty}?q=poverty",
    "document": "/documents/his-2010",
    "documents": "/documents/",
    "objectives": "/objectives/",
    "objective": "/objectives/3",
    "indicators": "/indicators/",
    "commitments": "/commitments",
    "viewer": "/documents/indicator-report-2015/view?page=6&section={indicator-1}"
    "&q=life+expectancy",
    "cite": "/cite/?id={strategy-poverty}&id={marmot}",
    "about": "/about/",
    "help": "/help/",
    "not-found": "/documents/no-such-document",
}


def axe_violations(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(url="/static/vendor/axe.min.js")
    result: list[dict[str, object]] = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
    )
    return result


@pytest.mark.parametrize("size", ["1366x900", "390x844"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_the_screen_and_passes_axe(
    browser: Browser,
    sample_server: str,
    ids: dict[str, str],
    shots: Path,
    name: str,
    size: str,
) -> None:
    viewport = LAPTOP if size == "1366x900" else PHONE
    # the not-found page is meant to answer 404, which Chromium logs
    allow = "status of 404" if name == "not-found" else "\0"
    with open_page(browser, sample_server, viewport, allow) as page:
        page.goto(PAGES[name].format(**ids))
        if name == "viewer":
            expect(page.locator("[data-viewer]")).to_have_attribute("data-state", "ready")
        page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)
        wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide[0] <= wide[1], f"{name} is {wide[0]} px wide in a {wide[1]} px window"
        assert axe_violations(page) == []


def test_the_viewer_shows_the_cited_page_with_passage_and_words_marked(
    laptop: Page, ids: dict[str, str]
) -> None:
    laptop.goto(PAGES["viewer"].format(**ids))
    viewer = laptop.locator("[data-viewer]")
    expect(viewer).to_have_attribute("data-state", "ready")
    status = laptop.get_by_role("status")
    expect(status).to_contain_text("Showing p. 3 (PDF p. 6 of 13). The passage is highlighted.")
    passage = " ".join(laptop.locator(".textLayer .hl-passage").all_text_contents())
    assert passage.startswith("Indicator 1: Slope index of inequality in life expectancy")
    assert "2011–13" in passage  # the section's table, the last thing it prints here
    assert "Indicator 2" not in passage  # the next section, on the same page, is not marked
    assert "three overall indicators" not in passage.lower()  # nor the one before
    words = {w.lower() for w in laptop.locator(".textLayer mark.hl-word").all_text_contents()}
    assert {"life", "expectancy"} <= words
    # the canvas holds a drawn page, not a blank: count the dark pixels
    inked = laptop.evaluate(
        "(() => { const c = document.querySelector('.pdf-page canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++; return n; })()"
    )
    assert inked > 5000
    laptop.get_by_role("link", name="Next page ›").click()
    expect(viewer).to_have_attribute("data-state", "ready")
    expect(laptop.get_by_role("status")).to_contain_text("Showing p. 4 (PDF p. 7 of 13).")
    assert "page=7&" in laptop.url  # PDF pages in the address
    assert laptop.locator(".hl-passage").count() == 0  # indicator 1 ends on page 6
    expect(laptop.get_by_text("This section is not printed on p. 4 (PDF p. 7)")).to_be_visible()
    assert laptop.locator("mark.hl-word").count() > 0


def test_a_passage_continued_on_the_next_page_is_marked_there(
    laptop: Page, ids: dict[str, str]
) -> None:
    laptop.goto(f"/documents/indicator-report-2015/view?page=7&section={ids['indicator-2']}")
    expect(laptop.locator("[data-viewer]")).to_have_attribute("data-state", "ready")
    passage = " ".join(laptop.locator(".textLayer .hl-passage").all_text_contents())
    assert "2011–13" in passage and "Indicator 2" not in passage  # heading was on page 6
    assert "Self-reported wellbeing" not in passage  # indicator 3 follows on page 7


def test_results_link_into_the_viewer(laptop: Page) -> None:
    laptop.goto("/?q=%22slope+index%22")
    laptop.get_by_role("link", name=re.compile(r"^View in PDF\W+Indicator 1:")).click()
    expect(laptop.locator("[data-viewer]")).to_have_attribute("data-state", "ready")
    assert laptop.locator(".hl-passage").count() > 5
    assert {"slope", "index"} <= {
        w.lower() for w in laptop.locator("mark.hl-word").all_text_contents()
    }


def test_on_a_phone_the_results_come_first_behind_a_filter_disclosure(phone: Page) -> None:
    phone.goto(PAGES["results"])
    first_hit = phone.locator(".hit").first.bounding_box()
    assert first_hit and first_hit["y"] < PHONE["height"], "the first result is off the screen"
    summary = phone.locator("summary", has_text="Filter results")
    expect(summary).to_contain_text("1 on")
    facet = phone.get_by_role("link", name=re.compile("^Objective 5"))
    expect(facet).to_be_hidden()
    summary.click()
    expect(facet).to_be_visible()
    # keyboard: the skip link reaches the results without passing the filters
    phone.reload()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Skip to results"
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert phone.evaluate("!!document.activeElement.closest('#results')")


def test_on_a_laptop_the_filters_sit_beside_the_results_within_the_window(laptop: Page) -> None:
    laptop.goto("/?q=health")
    panel = laptop.locator(".facets")
    expect(laptop.get_by_role("link", name=re.compile("^Objective 5"))).to_be_visible()
    box = panel.bounding_box()
    assert box and box["height"] <= LAPTOP["height"]
    laptop.mouse.wheel(0, 3000)  # sticky: still in view, and its last filter can be reached
    last = panel.locator(".facet__link").last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()


def test_the_coverage_table_fits_a_laptop_and_scrolls_with_a_cue_on_a_phone(
    laptop: Page, phone: Page
) -> None:
    laptop.goto("/objectives/")
    region = laptop.get_by_role("region", name="Coverage by document")
    fits = region.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert fits, "a column of the coverage table is hidden at 1366 px"
    expect(laptop.get_by_text("Scroll sideways")).to_be_hidden()
    header = laptop.locator(".matrix__doc a").first
    expect(header).to_have_text(re.compile("^Healthy Weight, Healthy Lives"))
    header.focus()
    expect(laptop.locator(".matrix__doc .matrix__full").first).to_be_visible()
    expect(laptop.locator(".matrix__doc .matrix__full").first).to_have_text(
        "Healthy Weight, Healthy Lives Action Plan for London"
    )
    phone.goto("/objectives/")
    expect(phone.get_by_text("Scroll sideways for all 10 documents")).to_be_visible()
    region = phone.get_by_role("region", name="Coverage by document")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    row_head = phone.locator(".matrix tbody th").first
    before = row_head.bounding_box()
    region.evaluate("r => r.scrollBy(400, 0)")
    after = row_head.bounding_box()
    assert before and after and abs(before["x"] - after["x"]) < 1  # objectives stay in view
