"""A query past its time limit returns what it has found, with a notice, on every surface.

The limit is injected tiny (a microsecond) so that it has always passed by the first check:
these tests assert that the search stops early and says so, not how long it took.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import search_index as si
from ingest.model import ObjectiveTag, Section
from ingest.settings import Settings
from search_app import create_app
from search_app.engine import Engine, close_searchers
from search_app.engine.deadline import TIMED_OUT
from tests.search_app.engine.conftest import WORDS, doc

SECTIONS = 600
TINY_MS = 0.001


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every section holds the phrase "child poverty": a phrase query must read the
    positions of all of them; "te*" stands for 50 words (term0 ... term49)."""
    folder = tmp_path_factory.mktemp("big")
    sections = [
        Section(
            id=f"a-{i}",
            doc_id="a",
            ordinal=i,
            heading=f"{WORDS[i % len(WORDS)]} heading",
            level=1,
            path=("Part",),
            text=f"{WORDS[i % 7]} and child poverty in {WORDS[i % 5]} term{i % 50} " * 3,
            objectives=(ObjectiveTag(1, 0.5),),
        )
        for i in range(SECTIONS)
    ]
    si.write_index(folder, [doc("a")], sections, rebuild=True)
    return folder


def engine(folder: Path, timeout_ms: float) -> Engine:
    return Engine(Settings(index_dir=folder, query_timeout_ms=timeout_ms))


def test_a_phrase_query_past_the_limit_returns_the_matches_found_so_far(big: Path) -> None:
    full = engine(big, 0).search('"child poverty"')
    cut = engine(big, TINY_MS).search('"child poverty"')
    assert full.total == SECTIONS and not full.timed_out and TIMED_OUT not in full.notices
    assert cut.timed_out and TIMED_OUT in cut.notices
    # It stopped checking positions early: fewer confirmed matches, every one of them right.
    assert 0 < cut.total < SECTIONS
    assert cut.hits and all("child poverty" in hit.section.text for hit in cut.hits)


def test_a_prefix_with_many_words_past_the_limit_stops_taking_in_words(big: Path) -> None:
    full = engine(big, 0).search("te*")
    cut = engine(big, TINY_MS).search("te*")
    assert cut.timed_out and TIMED_OUT in cut.notices
    assert 0 < cut.total < full.total


def test_the_api_and_the_page_say_the_results_are_partial(big: Path, tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": big, "QUERY_TIMEOUT_MS": TINY_MS})
    try:
        client = app.test_client()
        body = client.get("/api/search?q=%22child+poverty%22").get_json()
        assert body["timed_out"] is True and TIMED_OUT in body["notices"]
        assert 0 < body["total"] < SECTIONS
        page = client.get("/?q=%22child+poverty%22")
        assert page.status_code == 200 and TIMED_OUT in page.get_data(as_text=True)
    finally:
        close_searchers()


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.settings import load_settings

    monkeypatch.setenv("HEALTHSEARCH_QUERY_TIMEOUT_MS", "250")
    assert load_settings().query_timeout_ms == 250
