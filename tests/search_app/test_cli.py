"""The command line as a user meets it: every command documents itself."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from search_app.cli import cli


def _commands() -> list[str]:
    return sorted(cli.commands)


def test_the_core_commands_exist() -> None:
    assert {"ingest", "sections"} <= set(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = cli.commands[name]
    assert isinstance(command, click.Command)
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert command.help and "Example" in command.help, f"{name} needs help with an example"


def test_sections_without_an_index_says_what_to_do(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["sections", "--index", str(tmp_path / "none"), "--json"])
    assert result.exit_code != 0
    assert "healthsearch ingest" in result.output
