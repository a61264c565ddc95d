"""Pages for reading and comparing, over HTTP (the browser checks are in
test_browser_pages.py): the page viewer and the links into it, the results-first search
layout, coverage shares and timelines, and the indicators page."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ingest.settings import Settings
from search_app import create_app
from search_app.engine import close_searchers


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return str(response.get_data(as_text=True))


def attr(page: str, name: str) -> str:
    m = re.search(rf'{name}="([^"]*)"', page)
    assert m, f"no {name} in the page"
    return html.unescape(m.group(1))


# -- the viewer ------------------------------------------------------------------------------


def test_viewer_carries_the_pdf_page_passage_and_words(client: FlaskClient) -> None:
    page = text_of(client.get("/documents/his-2010/view?page=3&section=his-2010/1-1&q=poverty"))
    assert attr(page, "data-pdf") == "/files/his-2010.pdf"
    assert attr(page, "data-page") == "3"
    assert attr(page, "data-worker") == "/static/vendor/pdfjs/pdf.worker.min.mjs"
    passage = attr(page, "data-passage")
    assert passage.startswith("1.1 Child poverty and health\nChild poverty shapes health")
    assert "Housing quality" not in passage  # printed on page 4
    assert json.loads(attr(page, "data-words")) == ["poverty"]
    assert '<script type="module" src="/static/viewer.js">' in page
    # the page rule: the printed number, the PDF's own page labelled so
    assert '<span class="viewer__where">p. 1 (PDF p. 3 of 4)</span>' in page
    assert attr(page, "data-where") == "p. 1 (PDF p. 3 of 4)"
    assert "<title>p. 1 (PDF p. 3) – " in page
    assert "Page 3" not in page and "page 3" not in page
    assert 'href="/files/his-2010.pdf#page=3"' in page  # the plain link, for no JavaScript
    assert 'rel="prev" href="/documents/his-2010/view?page=2&amp;section=his-2010/1-1' in page


def test_viewer_on_the_sections_second_page_shows_only_what_is_printed_there(
    client: FlaskClient,
) -> None:
    page = text_of(client.get("/documents/his-2010/view?page=4&section=his-2010/1-1"))
    passage = attr(page, "data-passage")
    assert passage.startswith("Housing quality and overcrowding")
    assert "1.1 Child poverty" not in passage
    assert 'rel="next"' not in page  # page 4 is the last
    assert 'rel="prev" href="/documents/his-2010/view?page=3&amp;' in page  # PDF pages in URLs
    assert "1.2 Empowering communities" in page  # also on page 4: listed to switch to


def test_viewer_says_where_a_section_starts_by_the_page_rule(client: FlaskClient) -> None:
    page = text_of(client.get("/documents/his-2010/view?page=3&section=his-2010/1-2"))
    assert re.search(
        r"This section is not printed on p\. 1 \(PDF p\. 3\); it starts on <a href=\""
        r"/documents/his-2010/view\?page=4&amp;section=his-2010/1-2\">p\. 2 \(PDF p\. 4\)</a>",
        page,
    )


def test_viewer_escapes_document_text(client: FlaskClient) -> None:
    page = text_of(client.get("/documents/his-2010/view?page=4&section=his-2010/1-2"))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


@pytest.mark.parametrize(
    ("url", "status", "reason"),
    [
        ("/documents/his-2010/view?page=abc", 400, "The page must be a whole number"),
        ("/documents/his-2010/view?page=0", 400, "The page must be a whole number"),
        ("/documents/his-2010/view?page=9", 404, "has 4 pages; there is no page 9"),
        ("/documents/his-2010/view?section=marmot-2010/intro", 404, "is not part of"),
        ("/documents/his-2010/view?section=nope", 404, "No section with id"),
        ("/documents/nope/view", 404, "No document with id"),
    ],
)
def test_viewer_bad_input_gets_a_one_line_reason(
    client: FlaskClient, url: str, status: int, reason: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert reason in response.get_data(as_text=True)


def test_rtf_only_documents_open_at_the_section_in_the_reader(client: FlaskClient) -> None:
    response = client.get("/documents/marmot-2010/view?section=marmot-2010/intro&q=health")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sections/marmot-2010/intro?q=health"
    assert client.get("/documents/marmot-2010/view").headers["Location"] == (
        "/documents/marmot-2010"
    )


VIEW_1_1 = 'href="/documents/his-2010/view?page=3&amp;section=his-2010/1-1'


def test_results_contents_evidence_and_basket_link_into_the_viewer(client: FlaskClient) -> None:
    results = text_of(client.get("/?q=poverty"))
    assert VIEW_1_1 + '&amp;q=poverty"' in results
    assert "/documents/marmot-2010/view" not in results  # RTF only: its heading opens the reader
    assert VIEW_1_1 + '"' in text_of(client.get("/documents/his-2010"))  # contents
    evidence = 'href="/documents/his-2010/view?page=4&amp;section=his-2010/1-1"'
    assert evidence in text_of(client.get("/objectives/3"))  # evidence statements
    assert evidence in text_of(client.get("/sections/his-2010/1-1"))
    assert VIEW_1_1 + '"' in text_of(client.get("/cite/?id=his-2010/1-1"))  # basket
    section = text_of(client.get("/sections/his-2010/1-1"))
    assert 'href="/files/his-2010.pdf#page=3"' in section  # the plain PDF link stays


# -- search layout ---------------------------------------------------------------------------


def test_results_come_with_a_skip_link_and_a_filter_disclosure_counting_filters(
    client: FlaskClient,
) -> None:
    page = text_of(client.get("/?q=health&objective=3&doc=his-2010"))
    assert '<a class="skip-link" href="#results">Skip to results</a>' in page
    assert 'id="results" tabindex="-1"' in page
    assert re.search(r'<details class="filter" data-filter>\s*<summary', page)
    assert '<span class="filter__on">2 on</span>' in page
    assert "filter__on" not in text_of(client.get("/?q=health"))
    assert "Skip to results" not in text_of(client.get("/"))  # no results, no skip link


def test_help_no_longer_promises_an_id_under_each_result(client: FlaskClient) -> None:
    page = text_of(client.get("/help/"))
    assert "shown under each result" not in page
    assert "/documents/his-2010" in page


# -- objectives ------------------------------------------------------------------------------


def test_coverage_shows_each_documents_share_with_counts(client: FlaskClient) -> None:
    page = text_of(client.get("/objectives/"))
    # his-2010 has 3 sections, one on objective 3: a third of the document
    cell = re.search(r'href="/\?objective=3&amp;doc=his-2010">(.*?)</a>', page, re.S)
    assert cell and "33%" in cell.group(1) and ">1<" in cell.group(1)
    assert 'title="The London Health Inequalities Strategy"' in page  # full title on hover
    assert "Scroll sideways for all 2 documents" in page  # the phone's cue
    assert '<svg class="chart chart--bars"' in page and "<title id=" in page
    assert '2010 <span class="muted">(2 docs)</span>' in page  # the chart's table


def test_objective_page_has_a_timeline_of_documents_with_its_sections(
    client: FlaskClient,
) -> None:
    page = text_of(client.get("/objectives/3"))
    timeline = page[page.index('id="timeline-title"') : page.index('id="ev-title"')]
    assert "Over time, 2010" in timeline
    assert timeline.index("Fair Society, Healthy Lives") < timeline.index(
        "The London Health Inequalities Strategy"
    )  # February before April
    assert "1.1 Child poverty and health" in timeline
    assert "Policy objective E: healthy and sustainable places" in timeline


def test_coverage_shares_and_timeline_have_json_twins(client: FlaskClient) -> None:
    body = client.get("/api/objectives").get_json()
    assert body["shares"]["3"]["his-2010"] == {"sections": 1, "of": 3, "share": 0.3333}
    (year,) = body["by_year"]
    assert year["year"] == 2010 and len(year["documents"]) == 2
    three = client.get("/api/objectives/3").get_json()
    (y2010,) = three["timeline"]
    assert y2010["year"] == 2010
    first, second = y2010["documents"]  # February before April, as on the page
    assert second["doc_id"] == "his-2010"
    assert (second["sections"], second["of"]) == (1, 3)
    assert [s["heading"] for s in second["shown"]] == ["1.1 Child poverty and health"]
    assert second["shown"][0]["pages"] == "pp. 1–2 (PDF pp. 3–4)"
    assert first["shown"][0]["heading"] == "Policy objective E: healthy and sustainable places"


def test_indicators_page_says_when_there_are_none(client: FlaskClient) -> None:
    page = text_of(client.get("/indicators/"))
    assert "No indicators are in the index yet." in page


# -- on the shipped sample corpus ------------------------------------------------------------


@pytest.fixture()
def sample_client(sample_index: Path, sample_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": sample_index,
            "CORPUS_DIR": sample_settings.corpus_dir,
            "OBJECTIVES_FILE": sample_settings.objectives_file,
        }
    )
    yield app.test_client()
    close_searchers()


def test_indicators_page_shows_twelve_with_figures_charts_and_report_pages(
    sample_client: FlaskClient,
) -> None:
    page = text_of(sample_client.get("/indicators/"))
    assert page.count('<article class="ind-card"') == 12
    assert page.count('<svg class="chart chart--lines"') == 12
    first = page[page.index('id="indicator-1"') : page.index('id="indicator-2"')]
    assert "Slope index of inequality in life expectancy" in first
    assert "Baseline, 2009–11" in first and "<strong>8.9</strong>" in first
    assert "London, men: 2009–11 8.9 years" in first  # the chart's description
    link = 'href="/documents/indicator-report-2015/view?page=6&amp;section='
    assert link in first and "The report, p. 3 (PDF p. 6)" in first  # the page rule
    second = page[page.index('id="indicator-2"') : page.index('id="indicator-3"')]
    assert '<td class="num">64.0</td>' in second  # figures as the report prints them


def test_indicators_have_a_json_twin(sample_client: FlaskClient) -> None:
    body = sample_client.get("/api/indicators").get_json()
    assert body["report_doc"] == "indicator-report-2015" and len(body["indicators"]) == 12
    first = body["indicators"][0]
    assert first["number"] == 1
    assert first["name"] == "Slope index of inequality in life expectancy"
    assert first["definition"].startswith("The slope index of inequality")
    assert first["baseline"] == {"period": "2009–11", "values": [8.9, 9.2]}
    assert first["observations"][0] == first["baseline"]
    assert first["latest"] == first["observations"][-1] and len(first["observations"]) > 1
    assert first["pages"] == "p. 3 (PDF p. 6)"
    assert (first["printed_page"], first["pdf_page"]) == ("3", 6)
    assert first["viewer_url"].startswith("/documents/indicator-report-2015/view?page=6&")
    assert sample_client.get(first["viewer_url"]).status_code == 200
    assert body["links"] == {"html": "/indicators/", "self": "/api/indicators"}


def test_indicators_json_is_empty_without_an_indicator_report(client: FlaskClient) -> None:
    body = client.get("/api/indicators").get_json()
    assert body["indicators"] == [] and body["report_doc"] is None


def test_short_titles_come_from_the_catalogue(sample_client: FlaskClient) -> None:
    page = text_of(sample_client.get("/objectives/"))
    assert ">Healthy Weight, Healthy Lives<" in page
    assert 'title="Healthy Weight, Healthy Lives Action Plan for London"' in page
