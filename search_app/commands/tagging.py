"""CLI commands for tagging; registered by search_app.cli."""

import click

COMMANDS: list[click.Command] = []
