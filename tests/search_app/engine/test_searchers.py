"""The searcher pool: one searcher per thread, reused, reopened when the index changes, and held
for the length of a web request."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from ingest import search_index as si
from search_app.engine import hold_searchers, release_searchers
from search_app.engine.rank import best
from search_app.engine.search import run
from search_app.engine.searchers import searcher_for
from tests.search_app.engine.conftest import doc, engine_on, reader_on, varied


def test_a_commit_is_seen_and_replaced_sections_do_not_show_twice(tmp_path: Path) -> None:
    si.write_index(tmp_path, [doc("a"), doc("b")], varied("a", 3, 1) + varied("b", 2, 2))
    engine = engine_on(tmp_path)
    assert len(engine.sections()) == 5  # a searcher is open and cached...
    si.write_index(tmp_path, [doc("a", title="New title")], varied("a", 1, 3))
    assert [s.id for s in engine.sections("a")] == ["a-0"]  # ...and notices the commit
    assert len(engine.sections()) == 3
    assert engine.documents()["a"].title == "New title"


def test_a_rebuild_is_seen_while_searchers_opened_before_it_keep_reading(tmp_path: Path) -> None:
    si.write_index(tmp_path, [doc("a")], varied("a", 2, 1), rebuild=True)
    old, _cache = searcher_for(tmp_path)
    si.write_index(tmp_path, [doc("z")], varied("z", 1, 2), rebuild=True)
    assert old.document(key=si.section_key("a-0")) is not None
    seen: list[str] = []
    worker = threading.Thread(
        target=lambda: seen.extend(s.id for s in engine_on(tmp_path).sections())
    )
    worker.start()
    worker.join()
    assert seen == ["z-0"]
    assert [s.id for s in engine_on(tmp_path).sections()] == ["z-0"]


def test_held_searchers_keep_one_index_version_until_released(tmp_path: Path) -> None:
    """A web request holds its searcher: a build switched in mid-request is seen by the next
    request, never half-way through one."""
    si.write_index(tmp_path, [doc("a")], varied("a", 2, 1), rebuild=True)
    hold_searchers()
    try:
        before = run(reader_on(tmp_path), None).total
        si.write_index(tmp_path, [doc("a")], varied("a", 5, 1), rebuild=True)
        assert run(reader_on(tmp_path), None).total == before == 2
    finally:
        release_searchers()
    assert run(reader_on(tmp_path), None).total == 5


def test_top_k_cut_is_exact_and_keeps_ties_in_index_order() -> None:
    scores = np.array([1.0, 3.0, 2.0, 3.0, 2.0, 2.0, 0.5])
    assert best([6, 5, 4, 3, 2, 1, 0], scores, 4) == [(1, 3.0), (3, 3.0), (2, 2.0), (4, 2.0)]
    assert best({0, 6}, scores, 10) == [(0, 1.0), (6, 0.5)]
