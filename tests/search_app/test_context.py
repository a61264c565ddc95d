"""The one accessor: pages, the API and the CLI read the engine, its settings and its synonyms
from the app's config, never from settings loaded behind the app's back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.model import Document, Section
from ingest.search_index import write_index
from search_app import create_app
from search_app.commands.search import search_command
from search_app.context import get_engine
from search_app.engine import close_searchers


@pytest.fixture()
def index(tmp_path: Path) -> Iterator[Path]:
    section = Section("d/s1", "d", 0, "Weight", 1, (), "Childhood obesity in London.")
    write_index(tmp_path / "index", [Document("d", "Report")], [section], rebuild=True)
    yield tmp_path / "index"
    close_searchers()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A corpus folder whose thesaurus knows a word the shipped one does not."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "synonyms.toml").write_text('[[group]]\nterms = ["adiposity", "obesity"]\n')
    return folder


def test_the_app_searches_with_the_synonyms_of_its_own_corpus(index: Path, corpus: Path) -> None:
    client = create_app({"INDEX_DIR": index, "CORPUS_DIR": corpus}).test_client()
    body = client.get("/api/search?q=adiposity").get_json()
    assert body["total"] == 1 and body["synonyms"] == ["obesity"]
    response = client.get("/sections/d/s1?q=adiposity")
    assert response.status_code == 200  # this corpus has no objectives.toml: none are listed
    assert "<mark>obesity</mark>" in response.get_data(as_text=True)  # the same engine's words
    assert client.get("/objectives/").status_code == 200


def test_the_cli_searches_with_the_synonyms_of_the_corpus_flag(index: Path, corpus: Path) -> None:
    args = ["adiposity", "--index", str(index), "--corpus", str(corpus), "--json"]
    result = CliRunner().invoke(search_command, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] == 1


def test_one_engine_per_request(index: Path, corpus: Path) -> None:
    app = create_app({"INDEX_DIR": index, "CORPUS_DIR": corpus})
    with app.test_request_context("/"):
        engine = get_engine()
        assert get_engine() is engine
        assert engine.settings.corpus_dir == corpus
        assert engine.settings.synonyms_file == corpus / "synonyms.toml"
    with app.test_request_context("/"):
        assert get_engine() is not engine
