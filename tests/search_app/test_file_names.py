"""A corpus file whose name is not UTF-8 (byte 0xE9, "café" from a Latin-1 system): every
page and the API give its name as printable text with the ``\\xe9`` escape the command line
uses, and its PDF is still served."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ingest.catalogue import discover, group_files
from ingest.model import Document
from ingest.pipeline import ingest
from ingest.settings import load_settings
from search_app import create_app
from search_app.engine import close_searchers
from tests.conftest import CORPUS

LATIN1_NAME = b"caf\xe9 report.pdf"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    corpus = tmp_path_factory.mktemp("latin1-corpus")
    shutil.copy(CORPUS / "objectives.toml", corpus)
    shutil.copy(CORPUS / "assembly-response-2010.pdf", corpus / os.fsdecode(LATIN1_NAME))
    assert os.fsencode(next(corpus.glob("caf*"))).endswith(LATIN1_NAME)  # a real such file
    settings = load_settings(corpus_dir=corpus, index_dir=corpus.parent / "latin1-index")
    assert ingest(settings).documents
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": settings.index_dir,
            "CORPUS_DIR": corpus,
            "OBJECTIVES_FILE": settings.objectives_file,
        }
    )
    yield app.test_client()
    close_searchers()


def utf8_json(raw: bytes) -> object:
    """The body parsed as a strict reader would: UTF-8 text with no lone surrogate in it."""
    body = json.loads(raw.decode("utf-8"))
    json.dumps(body, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate
    return body


def test_api_gives_the_name_with_the_escape_the_cli_uses(client: FlaskClient) -> None:
    response = client.get("/api/documents")
    assert response.status_code == 200
    assert b"\\ud" not in response.data  # no surrogate escape
    body = utf8_json(response.data)
    assert isinstance(body, dict)
    (document,) = body["documents"]
    assert document["files"] == ["caf\\xe9 report.pdf"]
    one = client.get(f"/api/documents/{document['id']}")
    assert one.status_code == 200 and utf8_json(one.data)


def test_pages_and_the_pdf_itself_still_work(client: FlaskClient) -> None:
    (document,) = client.get("/api/documents").get_json()["documents"]
    for url in (
        "/documents/",
        f"/documents/{document['id']}",
        "/?q=health",
        "/api/search?q=health",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        response.data.decode("utf-8")
    with client.get(f"/files/{document['id']}.pdf") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert f'filename="{document["id"]}.pdf"' in pdf.headers["Content-Disposition"]
        tag = pdf.headers["ETag"]
    with client.get(f"/files/{document['id']}.pdf", headers={"If-None-Match": tag}) as again:
        assert again.status_code == 304


def test_a_catalogue_entry_may_name_the_file_as_it_is_shown(tmp_path: Path) -> None:
    """``catalogue --draft`` prints the escaped name; pasted into catalogue.toml, it finds
    the file."""
    (tmp_path / os.fsdecode(LATIN1_NAME)).write_bytes(b"%PDF-1.4")
    entry = Document(id="cafe", title="Café report", files=("caf\\xe9 report.pdf",))
    (group,) = group_files(discover([tmp_path]), [entry], tmp_path)
    assert group.catalogued and os.fsencode(group.paths[0]).endswith(LATIN1_NAME)
