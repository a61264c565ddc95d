"""The server-rendered pages, as a user without JavaScript meets them."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from search_app import create_app


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_home_offers_search_and_browsing_by_objective(client: FlaskClient) -> None:
    page = text_of(client.get("/"))
    assert 'role="search"' in page
    assert '<label for="q"' in page
    assert "Income inequality and health" in page  # objective 3's short title
    assert 'href="/?objective=3"' in page
    assert "The London Health Inequalities Strategy" in page


def test_search_shows_hits_with_document_pages_badges_and_snippet(client: FlaskClient) -> None:
    page = text_of(client.get("/?q=child+poverty"))
    assert "1.1 Child poverty and health" in page
    assert "Part One: The case for action" in page  # heading path
    assert "pp. 1–2" in page  # printed page labels
    assert "Objective 3" in page
    assert "<mark>" in page
    assert 'href="/help/"' in page


def test_facets_link_to_filtered_search_and_chips_remove_them(client: FlaskClient) -> None:
    page = text_of(client.get("/?q=health"))
    assert 'href="/?q=health&amp;objective=5"' in page
    filtered = text_of(client.get("/?q=health&objective=5"))
    assert "Policy objective E" in filtered
    assert "1.1 Child poverty and health" not in filtered
    chips = re.search(r'aria-label="Active filters">(.*?)</div>', filtered, re.S)
    assert chips and 'href="/?q=health"' in chips.group(1)  # the chip removes the filter


def test_sort_and_pagination_links_keep_the_query(client: FlaskClient) -> None:
    page = text_of(client.get("/?q=health&per_page=1"))
    assert 'href="/?q=health&amp;sort=date&amp;per_page=1"' in page
    assert 'href="/?q=health&amp;page=2&amp;per_page=1"' in page
    second = text_of(client.get("/?q=health&per_page=1&page=2"))
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in second


def test_a_misspelt_query_shows_the_corrected_results_and_offers_the_original(
    client: FlaskClient,
) -> None:
    page = text_of(client.get("/?q=povrty"))
    assert "Showing results for" in page and 'href="/?q=poverty"' in page
    assert 'Search instead for <a href="/?q=povrty&amp;spell=off">povrty</a>' in page
    typed = text_of(client.get("/?q=povrty&spell=off"))
    assert "No sections found" in typed and "Did you mean" in typed
    assert 'href="/?q=poverty"' in typed


def test_bad_search_input_is_a_400_page_not_a_crash(client: FlaskClient) -> None:
    for url in ("/?page=0", "/?page=x", "/?sort=cheapest", "/?objective=three", "/?q=" + "a" * 600):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Back to search" in text_of(response)


def test_query_text_and_document_text_are_escaped(client: FlaskClient) -> None:
    page = text_of(client.get("/?q=<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in page
    section = text_of(client.get("/sections/his-2010/1-2?q=bold"))
    assert '<script>alert("x")</script>' not in section
    assert "&lt;script&gt;" in section
    assert "&lt;<mark>b</mark>&gt;<mark>bold</mark>" not in section  # tags are not words
    assert "<mark>bold</mark>" in section


def test_section_page_has_breadcrumb_pdf_link_objectives_evidence_and_cite_box(
    client: FlaskClient,
) -> None:
    page = text_of(client.get("/sections/his-2010/1-1?q=poverty"))
    assert 'aria-label="Breadcrumb"' in page
    assert 'href="/files/his-2010.pdf#page=3"' in page
    assert "Child <mark>poverty</mark> shapes" in page
    assert "p. 2 (PDF p. 4)" in page  # where the printed page turns
    assert "heading cue &#39;poverty&#39;" in page  # why it was tagged
    assert "Evidence statements" in page
    assert "(Greater London Authority, 2010, pp. 1–2)" in page
    assert 'href="/cite/download?id=his-2010/1-1&amp;format=ris"' in page
    assert 'rel="prev" href="/sections/his-2010/foreword?q=poverty"' in page
    assert 'href="/sections/his-2010/1-2?q=poverty"><span class="prevnext__dir">Next' in page


def test_rtf_only_section_says_it_has_no_pages(client: FlaskClient) -> None:
    page = text_of(client.get("/sections/marmot-2010/intro"))
    assert "§ Introduction" in page and "no page numbers" in page
    assert "/files/" not in page


def test_unknown_section_and_document_are_404(client: FlaskClient) -> None:
    assert client.get("/sections/nope").status_code == 404
    assert client.get("/documents/nope").status_code == 404
    assert client.get("/objectives/9").status_code == 404


def test_document_page_lists_contents_with_pages_and_spread(client: FlaskClient) -> None:
    page = text_of(client.get("/documents/his-2010"))
    assert "978-1-84781-349-7" in page
    assert page.index("Foreword") < page.index("1.1 Child poverty and health")
    assert "p. ii" in page
    assert 'href="/?objective=3&amp;doc=his-2010"' in page
    assert "Sample edition written for this project; not the official text" in page


def test_objectives_matrix_cells_open_the_filtered_search(client: FlaskClient) -> None:
    page = text_of(client.get("/objectives/"))
    assert 'href="/?objective=5&amp;doc=marmot-2010"' in page
    one = text_of(client.get("/objectives/3"))
    assert "overcrowded homes are associated" in one  # evidence grouped by document
    ranked = one[one.index("Sections, strongest first") :]  # the timeline above is by date
    assert ranked.index("1.1 Child poverty and health") < ranked.index("Policy objective E")


def test_about_marks_sample_editions_and_explains_official_files(client: FlaskClient) -> None:
    page = text_of(client.get("/about/"))
    assert "Sample edition written for this project; not the official text" in page
    assert "catalogue.toml" in page


def test_help_renders_the_query_language_without_raw_html(tmp_path: Path, app: Flask) -> None:
    doc = tmp_path / "q.md"
    doc.write_text(
        "# Queries\n\nUse `AND`.\n\n<script>x()</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    app.config["QUERY_DOC"] = doc
    page = text_of(app.test_client().get("/help/"))
    assert "<h1" in page and "Queries" in page
    assert "<code>AND</code>" in page
    assert "<table>" in page
    assert "<script>x()</script>" not in page


def test_basket_works_without_javascript(client: FlaskClient) -> None:
    results = text_of(client.get("/?q=health"))
    assert 'action="/cite/"' in results
    assert 'name="id" value="his-2010/1-1"' in results
    page = text_of(client.get("/cite/?id=his-2010/1-1&id=marmot-2010/intro&id=gone"))
    assert "2 sections to cite" in page
    assert "1 requested section no longer exists" in page
    assert "(The Marmot Review, 2010, § Introduction)" in page
    assert "/cite/download?id=his-2010/1-1&amp;id=marmot-2010/intro&amp;format=bibtex" in page


def test_downloads_have_mime_types_and_file_names(client: FlaskClient) -> None:
    expected = {
        "ris": ("application/x-research-info-systems", "his-2010-1-1.ris"),
        "bibtex": ("application/x-bibtex", "his-2010-1-1.bib"),
        "csl-json": ("application/vnd.citationstyles.csl+json", "his-2010-1-1.json"),
        "harvard": ("text/plain; charset=utf-8", "his-2010-1-1-harvard.txt"),
        "apa": ("text/plain; charset=utf-8", "his-2010-1-1-apa.txt"),
    }
    for fmt, (mime, name) in expected.items():
        response = client.get(f"/cite/download?id=his-2010/1-1&format={fmt}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == mime
        assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert client.get("/cite/download?id=his-2010/1-1&format=doc").status_code == 400


def test_pdf_is_served_only_for_listed_files_inside_the_corpus(client: FlaskClient) -> None:
    with client.get("/files/his-2010.pdf") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.get_data().startswith(b"%PDF")
    assert client.get("/files/marmot-2010.pdf").status_code == 404  # no PDF listed
    assert client.get("/files/..%2Fsecret.pdf").status_code == 404
    assert client.get("/files/../secret.pdf").status_code == 404


def test_pdf_outside_the_corpus_is_refused_even_when_listed(tmp_path: Path) -> None:
    from ingest.model import Document
    from ingest.search_index import write_index
    from search_app.engine import close_searchers

    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    evil = Document(id="evil", title="Evil", files=("../secret.pdf",))
    write_index(tmp_path / "index", [evil], [], rebuild=True)
    app = create_app({"INDEX_DIR": tmp_path / "index", "CORPUS_DIR": corpus})
    try:
        assert app.test_client().get("/files/evil.pdf").status_code == 404
    finally:
        close_searchers()


def test_security_headers_and_no_inline_script(client: FlaskClient) -> None:
    response = client.get("/?q=health")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", text_of(response))
    assert " style=" not in text_of(response)


def test_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    app = create_app({"INDEX_DIR": tmp_path / "none", "CORPUS_DIR": tmp_path})
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "healthsearch ingest" in text_of(response)
    api = app.test_client().get("/api/documents")
    assert api.status_code == 503
    assert api.get_json()["error"]["status"] == 503


def test_debug_is_off_by_default(app: Flask) -> None:
    assert app.debug is False


def test_a_long_facet_lists_its_top_values_and_offers_all(tmp_path: Path) -> None:
    from ingest.model import Document, Section
    from ingest.search_index import write_index

    docs = [Document(id=f"report-{n:02d}", title=f"Borough report {n:02d}") for n in range(14)]
    sections = [
        Section(
            id=f"{d.id}-s000", doc_id=d.id, ordinal=0, heading="Air quality",
            level=1, path=(), text="Air pollution harms health " * (n + 1),
        )
        for n, d in enumerate(docs)
    ]  # fmt: skip
    write_index(tmp_path / "index", docs, sections)
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()

    def doc_links(html: str) -> int:
        return len(re.findall(r'href="/\?[^"]*doc=report-\d+', html))

    page = client.get("/?q=air").get_data(as_text=True)
    assert doc_links(page) == 10
    assert "Show all 14" in page
    expanded = client.get("/?q=air&expand=doc").get_data(as_text=True)
    assert doc_links(expanded) == 14
    assert "Show all" not in expanded
    selected = client.get("/?q=air&doc=report-00").get_data(as_text=True)
    assert 'aria-current="true"' in selected, "a selected value is always listed"
    assert client.get("/?q=air&expand=nonsense").status_code == 400


def test_counts_read_as_english(client: FlaskClient) -> None:
    page = client.get("/objectives/").get_data(as_text=True)
    assert not re.search(r"\b1 sections\b", page)
    assert re.search(r"\b1 section\b", page)
