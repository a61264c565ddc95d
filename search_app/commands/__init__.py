"""Click commands grouped by area; search_app.cli loads each module when its command runs.

The options every command shares are defined once here.
"""

from pathlib import Path

import click

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index folder (default: index/, or $HEALTHSEARCH_INDEX).",
)
corpus_option = click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder with catalogue.toml and objectives.toml (default: corpus/).",
)
