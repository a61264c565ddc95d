"""The commitments stored with the index version this request reads.

The ingest writes ``commitments.<generation>.json`` into the build folder before it commits
(``ingest.commitment_store``), so the file of the searcher's generation is the one that goes
with what the other pages show; it is read once per index version (``Engine.cached``).
"""

from __future__ import annotations

from ingest.commitment_store import Tracked, live_folder, load
from search_app.context import get_engine


def tracked() -> list[Tracked]:
    """Every commitment with its follow-ups; [] for an index built before commitments.
    Raises ``NoIndex`` (a 503 page) when there is no index."""
    engine = get_engine()
    generation = engine.reader().searcher.reader().generation()

    def read() -> list[Tracked]:
        folder = live_folder(engine.index_dir)
        return (load(folder, generation) if folder else None) or []

    return engine.cached("commitments", read)
