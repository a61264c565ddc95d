"""The section page highlights what the search matched, read by the engine's own parser: an
excluded word or a filter value is not a match (regression: a regex re-read of the query
marked "london" for ``health -london`` and every "3" for ``objective:3``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ingest.model import Document, ObjectiveTag, Section
from ingest.search_index import write_index
from search_app import create_app
from search_app.engine import close_searchers

TEXT = (
    "London has 3 times the health gap of other regions. Objective 3 asks boroughs to cut "
    "child poverty; poverty in London fell by 3 per cent. General practice registration "
    "is low."
)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    section = Section(
        id="d/s1",
        doc_id="d",
        ordinal=0,
        heading="London health",
        level=1,
        path=(),
        text=TEXT,
        objectives=(ObjectiveTag(3, 1.0),),
    )
    write_index(tmp_path / "index", [Document("d", "Report")], [section], rebuild=True)
    corpus = Path(__file__).resolve().parents[2] / "corpus"  # its synonyms.toml
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index", "CORPUS_DIR": corpus})
    yield app.test_client()
    close_searchers()


def marked(client: FlaskClient, query: str) -> list[str]:
    page = client.get("/sections/d/s1", query_string={"q": query}).get_data(as_text=True)
    return [m.lower() for m in re.findall(r"<mark>(.*?)</mark>", page)]


def test_an_excluded_word_is_not_highlighted(client: FlaskClient) -> None:
    found = marked(client, "health -london")
    assert "health" in found
    assert "london" not in found
    assert "london" not in marked(client, "health NOT london")


def test_a_filter_value_is_not_highlighted(client: FlaskClient) -> None:
    assert "3" not in marked(client, "objective:3")
    assert marked(client, "objective:3 boroughs") == ["boroughs"]


def test_what_the_search_expanded_is_highlighted(client: FlaskClient) -> None:
    assert set(marked(client, "pover*")) == {"poverty"}  # a prefix, completed by the engine
    assert {"general", "practice"} <= set(marked(client, "GP"))  # a synonym
    assert marked(client, '"child poverty"') == ["child", "poverty", "poverty"]
