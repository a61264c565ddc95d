"""The commitments stored with the index version this request reads.

The ingest writes ``commitments.<generation>.json`` into the build folder before it commits
(``ingest.commitment_store``), so the file of the searcher's generation is the one that goes
with what the other pages show; it is read once per index version.
"""

from __future__ import annotations

from ingest import search_index
from ingest.commitment_store import Tracked, live_folder, load
from search_app.views import data


def tracked() -> list[Tracked]:
    """Every commitment with its follow-ups; [] for an index built before commitments."""
    try:
        searcher, cache = search_index.searcher_for(data.index_dir())
    except FileNotFoundError:
        raise data.NoIndex(str(data.index_dir())) from None
    key = "search_app.commitments"
    if key not in cache:
        folder = live_folder(data.index_dir())
        found = load(folder, searcher.reader().generation()) if folder else None
        cache[key] = found or []
    items: list[Tracked] = cache[key]
    return items
