"""CLI commands for cite; registered by search_app.cli."""

import click

COMMANDS: list[click.Command] = []
