"""The web app in Debian's Chromium, driven by Playwright, against the project's own gunicorn
launcher: search, facets, section, PDF link, basket, exports, keyboard use and an axe check.

Screenshots of the main pages go to $HEALTHSEARCH_SCREENSHOTS when set, else to
``screenshots/`` in pytest's temporary folder (its path is printed); never into the repo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rispy
from playwright.sync_api import Browser, Page, expect, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors  # no script errors, no CSP violations, no missing files


def shot(page: Page, name: str, folder: Path) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_search_facet_section_and_pdf_link(page: Page, shots: Path) -> None:
    page.goto("/")
    shot(page, "home", shots)
    page.get_by_label("Search terms").fill("health")
    page.get_by_label("Search terms").press("Enter")
    expect(
        page.get_by_role("heading", name=re.compile(r"\d+ sections for “health”"))
    ).to_be_visible()
    shot(page, "search", shots)

    page.get_by_role("link", name=re.compile("^Objective 5")).click()
    expect(page.get_by_role("group", name="Active filters")).to_contain_text("Objective 5")
    expect(page.locator(".hit")).to_have_count(1)
    shot(page, "search-facet", shots)

    page.get_by_role("link", name="Policy objective E: healthy and sustainable places").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Policy objective E: healthy and sustainable places"
    )
    expect(page.locator("mark").first).to_have_text(re.compile("health", re.I))

    page.goto("/sections/his-2010/1-1?q=poverty")
    shot(page, "section", shots)
    link = page.get_by_role("link", name=re.compile("Open the PDF at PDF p. 3"))
    assert link.get_attribute("href") == "/files/his-2010.pdf#page=3"
    response = page.request.get(link.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_suggestions_as_you_type(page: Page) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name="Search terms")
    box.press_sequentially("pov", delay=40)
    option = page.get_by_role("option", name="poverty", exact=True)
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "q-suggestion-0")
    box.press("Enter")
    expect(box).to_have_value("poverty ")


def test_basket_and_exports(page: Page, tmp_path: Path, shots: Path) -> None:
    page.goto("/sections/his-2010/1-1")
    page.get_by_role("button", name="Add to basket").click()
    expect(page.locator("[data-basket-count]")).to_have_text("1")
    page.goto("/?q=introduction")
    page.locator('[data-basket-toggle="marmot-2010/intro"]').click()
    expect(page.locator("[data-basket-count]")).to_have_text("2")
    expect(page.locator('[data-basket-toggle="marmot-2010/intro"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    page.get_by_role("link", name=re.compile("^Basket")).click()
    expect(page.get_by_text("2 sections to cite.")).to_be_visible()
    shot(page, "cite", shots)

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^RIS")).click()
    download = info.value
    assert download.suggested_filename == "healthsearch-2-sections.ris"
    records = rispy.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert [r["type_of_reference"] for r in records] == ["RPRT", "RPRT"]
    assert records[0]["start_page"] == "1"

    with page.expect_download() as info:
        page.get_by_role("link", name="Harvard (Cite Them Right)").click()
    harvard = Path(info.value.path()).read_text(encoding="utf-8")
    assert "(Greater London Authority, 2010, pp. 1–2)" in harvard
    assert "The Marmot Review (2010) Fair Society, Healthy Lives." in harvard

    page.get_by_role("button", name="Copy reference list").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Greater London Authority (2010) The London Health")

    page.get_by_role("button", name=re.compile("^Remove Introduction")).click()
    expect(page.get_by_text("1 section to cite.")).to_be_visible()


def focused(page: Page) -> str:
    return page.evaluate(
        "(() => { const e = document.activeElement; return (e.getAttribute('aria-label')"
        " || e.textContent || e.value || e.id || '').replace(/\\s+/g, ' ').trim(); })()"
    )


def test_search_page_by_keyboard_only(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    else:
        pytest.fail("the search box is not reachable by Tab from the main content")
    page.keyboard.type("poverty")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=poverty"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page).startswith("Objective 5"):
            break
    else:
        pytest.fail("the objective facet is not reachable by Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"objective=5"))
    expect(page.locator(".hit")).to_have_count(1)


AXE_PAGES = {
    "home": "/",
    "results": "/?q=health&objective=3",
    "section": "/sections/his-2010/1-1?q=poverty",
    "document": "/documents/his-2010",
    "objectives": "/objectives/",
    "objective": "/objectives/3",
    "cite": "/cite/?id=his-2010/1-1&id=marmot-2010/intro",
    "about": "/about/",
    "help": "/help/",
}


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_serious_accessibility_violations(page: Page, name: str, shots: Path) -> None:
    page.goto(AXE_PAGES[name])
    shot(page, name, shots)
    page.add_script_tag(url="/static/vendor/axe.min.js")
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, serious
