"""Citing from a section page in Debian's Chromium: the copy buttons appear, say which style
they copy and put the reference and the in-text citation on the clipboard (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.search_app.test_browser import browser, page, shot  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_section_page_copy_buttons_copy_each_style(page: Page, shots: Path) -> None:  # noqa: F811
    page.goto("/sections/his-2010/1-1")
    harvard = page.get_by_role("button", name="Copy Harvard", exact=True)
    apa = page.get_by_role("button", name="Copy APA", exact=True)
    expect(harvard).to_be_visible()
    expect(apa).to_be_visible()
    shot(page, "section-cite-box", shots)

    harvard.click()
    expect(page.get_by_role("status")).to_have_text("Copied to the clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    reference, in_text = copied.split("\n")
    assert reference.startswith("Greater London Authority (2010) The London Health")
    assert "(Accessed: " in reference
    assert in_text == "(Greater London Authority, 2010, pp. 1–2)"

    apa.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Greater London Authority. (2010). The London health inequalities")
    assert copied.endswith("(Greater London Authority, 2010, pp. 1–2)")


def test_copy_buttons_stay_hidden_without_a_clipboard(page: Page) -> None:  # noqa: F811
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto("/sections/his-2010/1-1")
    expect(page.get_by_text("Copy Harvard")).to_be_hidden()
    expect(page.locator("#cite-harvard")).to_be_visible()  # the text is there to select
