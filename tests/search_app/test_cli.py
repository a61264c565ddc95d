"""The command line as a user meets it: every command documents itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from search_app.cli import cli


def _names() -> list[str]:
    return cli.list_commands(click.Context(cli))


def test_the_documented_commands_exist() -> None:
    assert set(_names()) == {
        "ingest", "sections", "search", "evidence", "evaluate", "cite", "serve", "commitments",
        "catalogue",
    }  # fmt: skip


@pytest.mark.parametrize("name", _names())
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command)
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert command.help and "Example" in command.help, f"{name} needs help with an example"


def test_sections_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sections", "--index", str(tmp_path / "none"), "--json"])
    assert result.exit_code != 0
    assert "healthsearch ingest" in result.output


def test_ingest_does_not_load_the_search_web_or_nlp_stacks() -> None:
    # A re-ingest of an unchanged corpus should cost milliseconds, not a second of imports.
    code = (
        "import sys, search_app.cli, ingest.pipeline; heavy = ('flask', 'nltk', 'citeproc', "
        "'gunicorn', 'pdfplumber'); print(','.join(m for m in heavy if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""
