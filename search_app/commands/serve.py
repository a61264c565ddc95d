"""CLI commands for serve; registered by search_app.cli."""

import click

COMMANDS: list[click.Command] = []
