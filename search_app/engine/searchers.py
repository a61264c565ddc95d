"""The searcher pool: one Whoosh searcher per thread and index, reused, reopened when the index
changes, and held for the length of a web request.

Each searcher comes with a cache dict tied to its reader: everything derived from the index
(decoded postings, facet tables, parsed sections, documents) lives there, so it is rebuilt
exactly when the index changes and never shared across threads or worker processes.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from ingest.search_index import current_build, open_index
from search_app.engine.postings import Postings


@dataclass
class _Handle:
    build: str
    index: Any
    searcher: Searcher
    cache: dict[str, Any]  # per-reader derived data; emptied on refresh


_local = threading.local()


def searcher_for(index_dir: Path) -> tuple[Searcher, dict[str, Any]]:
    """This thread's searcher on the live build, plus a cache dict tied to its reader.

    Re-opens when CURRENT points at a new build or the build has new commits.
    Raises ``ingest.errors.NoIndex`` when there is no index.
    """
    # abspath, not resolve(): no system calls (this runs several times per search)
    key = os.path.abspath(index_dir)
    held: dict[str, _Handle] | None = getattr(_local, "held", None)
    if held is not None and key in held:
        return held[key].searcher, held[key].cache
    handles: dict[str, _Handle] = _local.__dict__.setdefault("handles", {})
    handle = handles.get(key)
    name = current_build(Path(index_dir))
    if handle is not None and handle.build != name:
        handle.searcher.close()
        handle.index.close()
        handle = None
    if handle is None:
        build, ix = open_index(Path(index_dir))
        handle = _Handle(build, ix, ix.searcher(), {})
        handles[key] = handle
    elif not handle.searcher.up_to_date():
        # Not Searcher.refresh(): whoosh 2.7 reuses segment readers by segment id, so a reused
        # reader keeps its stale deletion set (replaced sections would show twice) and
        # merged-away segments come back. A fresh reader costs a few ms once per commit.
        handle.searcher.close()
        handle.searcher = handle.index.searcher()
        handle.cache = {}
    if held is not None:
        held[key] = handle
    return handle.searcher, handle.cache


def hold_searchers() -> None:
    """Until ``release_searchers``, ``searcher_for`` on this thread checks each index for a
    new build once, then returns the same searcher: a web request sees one version of the
    index throughout, and pays for the check (~0.1 ms of file reads) once, not per call."""
    _local.held = {}


def release_searchers() -> None:
    _local.held = None


def close_searchers() -> None:
    """Close this thread's searchers (tests, and workers before exit)."""
    handles: dict[str, _Handle] = _local.__dict__.pop("handles", {})
    if getattr(_local, "held", None):
        _local.held = {}
    for handle in handles.values():
        handle.searcher.close()
        handle.index.close()


@dataclass(frozen=True)
class Reader:
    """This thread's searcher on one index, with the cache tied to its reader."""

    searcher: Searcher
    cache: dict[str, Any]

    @property
    def postings(self) -> Postings:
        """The reader's decoded postings (``engine.postings``), made on first use."""
        found = self.cache.get("postings")
        if found is None or found.searcher is not self.searcher:
            found = self.cache["postings"] = Postings(self.searcher)
        assert isinstance(found, Postings)
        return found


def reader_for(index_dir: Path) -> Reader:
    """``searcher_for`` as one object. Raises ``ingest.errors.NoIndex`` when there is none."""
    return Reader(*searcher_for(index_dir))
