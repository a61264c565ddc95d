"""`healthsearch catalogue [--draft]`: which files lack an entry, and entries drafted for them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner

from search_app.cli import cli
from tests.ingest.test_metadata import body_pages, draw


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    cover = [("Riverside Borough Council", 14.0), ("Home Truths", 40.0), ("June 2024", 14.0)]
    imprint = [("© Riverside Borough Council 2024", 9.5), ("ISBN 978-1-915842-07-3", 9.5)]
    draw(folder / "final_v3.pdf", [cover, imprint, *body_pages()], title="Microsoft Word - x")
    draw(folder / "listed.pdf", [cover, *body_pages()])
    (folder / "catalogue.toml").write_text(
        '[[document]]\nid = "listed"\nfiles = ["listed.pdf"]\ntitle = "Listed"\n', "utf-8"
    )
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    return folder


def test_draft_prints_entries_that_paste_into_the_catalogue(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = CliRunner().invoke(cli, ["catalogue", "--corpus", str(folder), "--draft"])
    assert result.exit_code == 0, result.output
    entries = tomllib.loads(result.output)["document"]
    assert entries == [
        {
            "id": "final-v3",
            "title": "Home Truths",
            "author": "Riverside Borough Council",
            "publisher": "Riverside Borough Council",
            "issued": "2024-06",
            "isbn": "978-1-915842-07-3",
            "files": ["final_v3.pdf"],
        }
    ]
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    assert "# cover" in lines["title"]
    assert '# imprint: "ISBN 978-1-915842-07-3"' in lines["isbn"]
    assert "# already catalogued: listed" in result.output
    assert "# not drafted: broken.pdf:" in result.output


def test_without_draft_lists_what_has_no_entry(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = CliRunner().invoke(cli, ["catalogue", "--corpus", str(folder)])
    assert result.exit_code == 0
    assert "catalogued  listed" in result.output
    assert "no entry    final-v3" in result.output
