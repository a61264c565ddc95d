"""The index store: round trips, replacing one document, atomic rebuilds and the writer lock."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

import pytest

from ingest import search_engine as engine
from ingest import search_index as si
from ingest import search_postings
from ingest.errors import IngestLocked
from ingest.model import Document, EvidenceStatement, ObjectiveTag, Section
from ingest.search_query import Bool, Node, Text, compile_query


def _doc(doc_id: str, title: str = "Report", issued: str = "2010-04") -> Document:
    return Document(id=doc_id, title=title, issued=issued, doc_type="strategy", files=("a.pdf",))


def _sections(doc_id: str, n: int, word: str = "obesity") -> list[Section]:
    return [
        Section(
            id=f"{doc_id}-{i}",
            doc_id=doc_id,
            ordinal=i,
            heading=f"Heading {i}",
            level=1 + i % 2,
            path=("Part one", f"Chapter {i}"),
            text=f"Text about {word} number {i}.",
            page_start=i + 1,
            page_end=i + 2,
            page_offsets=((0, i + 1), (10, i + 2)),
            objectives=(ObjectiveTag(3, 0.8, ("term: obesity",), confirmed=True),),
            evidence=(EvidenceStatement("21% of children", page=i + 1, kinds=("quantitative",)),),
            key_terms=("obesity",),
        )
        for i in range(n)
    ]


@pytest.fixture(autouse=True)
def _close():
    yield
    si.close_searchers()


def test_store_round_trips_documents_and_sections(tmp_path: Path) -> None:
    docs = [_doc("b"), _doc("a", issued="")]
    sections = _sections("b", 3) + _sections("a", 2)
    assert not si.index_exists(tmp_path)
    si.write_index(tmp_path, docs, sections)
    assert si.index_exists(tmp_path)
    assert si.read_documents(tmp_path) == sorted(docs, key=lambda d: d.id)
    assert si.read_sections(tmp_path, "b") == sections[:3]
    assert [s.id for s in si.read_sections(tmp_path)] == ["a-0", "a-1", "b-0", "b-1", "b-2"]
    assert si.get_section(tmp_path, "b-1") == sections[1]
    assert si.get_document(tmp_path, "a") == docs[1]
    assert si.get_section(tmp_path, "nope") is None
    assert si.get_document(tmp_path, "nope") is None


def test_replacing_one_document_leaves_the_others(tmp_path: Path) -> None:
    si.write_index(tmp_path, [_doc("a"), _doc("b")], _sections("a", 3) + _sections("b", 2))
    si.read_sections(tmp_path)  # open a searcher first: it must notice the commit
    si.write_index(tmp_path, [_doc("a", title="New title")], _sections("a", 1, word="poverty"))
    assert [s.text for s in si.read_sections(tmp_path, "a")] == ["Text about poverty number 0."]
    assert len(si.read_sections(tmp_path, "b")) == 2
    assert si.get_document(tmp_path, "a").title == "New title"  # type: ignore[union-attr]
    assert si.get_section(tmp_path, "a-2") is None


def test_remove_deletes_a_document_and_its_sections(tmp_path: Path) -> None:
    si.write_index(tmp_path, [_doc("a"), _doc("b")], _sections("a", 2) + _sections("b", 2))
    si.write_index(tmp_path, [], [], remove=["a"])
    assert [d.id for d in si.read_documents(tmp_path)] == ["b"]
    assert {s.doc_id for s in si.read_sections(tmp_path)} == {"b"}


def test_rebuild_switches_atomically_and_old_searcher_survives(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    si.write_index(tmp_path, [_doc("a")], _sections("a", 2), rebuild=True)
    old, _ = si.searcher_for(tmp_path)
    si.write_index(tmp_path, [_doc("z")], _sections("z", 1), rebuild=True)
    # The searcher opened before the switch still reads its own build...
    assert old.document(key="s:a-0") is not None
    # ...while a new reader (here: another thread) sees only the new build.
    seen: list[str] = []
    worker = threading.Thread(target=lambda: seen.extend(s.id for s in si.read_sections(tmp_path)))
    worker.start()
    worker.join()
    assert seen == ["z-0"]
    assert [s.id for s in si.read_sections(tmp_path)] == ["z-0"]
    si.write_index(tmp_path, [_doc("y")], [], rebuild=True)
    assert len(list((tmp_path / si.BUILDS).iterdir())) == 2  # live build + the previous one
    assert (tmp_path / "manifest.json").read_text() == "{}"  # unknown files are left alone


def test_second_writer_gets_ingest_locked(tmp_path: Path) -> None:
    si.write_index(tmp_path, [_doc("a")], _sections("a", 1))
    with si.hold_write_lock(tmp_path):
        with pytest.raises(IngestLocked):
            si.write_index(tmp_path, [_doc("b")], [])
        with pytest.raises(IngestLocked):
            si.write_index(tmp_path, [_doc("b")], [], rebuild=True)
    si.write_index(tmp_path, [_doc("b")], [])  # the lock is released afterwards
    assert [d.id for d in si.read_documents(tmp_path)] == ["a", "b"]


def test_missing_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        si.read_documents(tmp_path)


# ---------------------------------------------------------------------------------------------
# The engine's own matching and BM25F scoring (search_postings) against Whoosh's


WORDS = [
    *("obesity", "children", "health", "london", "poverty"),
    *("housing", "air", "pollution", "care", "services"),
]


def _varied(doc_id: str, n: int, seed: int) -> list[Section]:
    rng = random.Random(seed)
    return [
        Section(
            id=f"{doc_id}-{i}",
            doc_id=doc_id,
            ordinal=i,
            heading=" ".join(rng.sample(WORDS, 2)),
            level=1,
            path=("Part",),
            text=" ".join(rng.choices(WORDS + ["the", "of", "rates"], k=rng.randint(5, 60))),
            objectives=(ObjectiveTag(1 + i % 3, 0.5),),
        )
        for i in range(n)
    ]


def _whoosh_ranking(index: Path, node: Node) -> list[tuple[str, float]]:
    """Every match scored by Whoosh itself (no limit: no block-quality shortcuts)."""
    searcher, cache = si.searcher_for(index)
    compiled = compile_query(engine._postings(searcher, cache), node)
    results = searcher.search(compiled.query, limit=None)
    found = [
        (json.loads(hit["data"])["id"], hit.score) for hit in results if hit["kind"] == "section"
    ]
    return sorted(found, key=lambda pair: -pair[1])


@pytest.mark.parametrize(
    "node",
    [
        Text(("obesity",)),
        Bool("and", (Text(("children",)), Text(("poverty",)))),
        Bool("or", (Text(("housing",), field="heading"), Text(("air", "pollution"), phrase=True))),
        Bool("and", (Text(("care",)), Bool("not", (Text(("london",)),)))),
        Text(("pollu",), prefix=True),
    ],
)
def test_engine_scores_match_whoosh_bm25f(tmp_path: Path, node: Node) -> None:
    docs = [_doc("a"), _doc("b")]
    si.write_index(tmp_path, docs, _varied("a", 60, 1) + _varied("b", 60, 2), rebuild=True)
    # a second commit: a new segment, and deleted postings still counted in the statistics
    si.write_index(tmp_path, [_doc("b")], _varied("b", 40, 3))
    expected = dict(_whoosh_ranking(tmp_path, node))
    got = engine.run_search(tmp_path, node, limit=1000)
    assert got.total == len(expected) > 0
    # Whoosh adds a constant 1.0 for a NOT clause to every match; the ranking is the same
    shift = {round(expected[h.section.id] - h.score, 6) for h in got.hits}
    assert len(shift) == 1
    scores = [h.score for h in got.hits]
    assert scores == sorted(scores, reverse=True)


def test_results_do_not_depend_on_what_the_postings_cache_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    si.write_index(tmp_path, [_doc("a")], _varied("a", 80, 4), rebuild=True)
    node = Bool("or", (Text(("air", "pollution"), phrase=True), Text(("children",))))
    roomy = engine.run_search(tmp_path, node, limit=50)
    si.close_searchers()
    for budget in ("POSTINGS_BUDGET", "POSITIONS_BUDGET", "SETS_BUDGET"):
        monkeypatch.setattr(search_postings, budget, 1)
    tight = engine.run_search(tmp_path, node, limit=50)
    assert tight == roomy


def test_phrase_on_a_field_without_positions_needs_all_words(tmp_path: Path) -> None:
    """title: searches document titles and heading paths, indexed without positions: a quoted
    title used to fail in Whoosh ("field has no positions"); now all its words must match."""
    si.write_index(tmp_path, [_doc("a", title="Delivery plan")], _sections("a", 2), rebuild=True)
    node = Text(("delivery", "plan"), field="title", phrase=True)
    assert engine.run_search(tmp_path, node).total == 2
    assert engine.run_search(tmp_path, Text(("plan", "x"), field="title", phrase=True)).total == 0


def test_held_searchers_keep_one_index_version_until_released(tmp_path: Path) -> None:
    """A web request holds its searcher: a build switched in mid-request is seen by the next
    request, never half-way through one."""
    si.write_index(tmp_path, [_doc("a")], _sections("a", 2), rebuild=True)
    si.hold_searchers()
    try:
        before = engine.run_search(tmp_path, Text(("obesity",))).total
        si.write_index(tmp_path, [_doc("a")], _sections("a", 5), rebuild=True)
        assert engine.run_search(tmp_path, Text(("obesity",))).total == before == 2
    finally:
        si.release_searchers()
    assert engine.run_search(tmp_path, Text(("obesity",))).total == 5


def test_top_k_cut_is_exact_and_keeps_ties_in_index_order() -> None:
    import numpy as np

    scores = np.array([1.0, 3.0, 2.0, 3.0, 2.0, 2.0, 0.5])
    assert engine._best([6, 5, 4, 3, 2, 1, 0], scores, 4) == [
        (1, 3.0),
        (3, 3.0),
        (2, 2.0),
        (4, 2.0),
    ]
    assert engine._best({0, 6}, scores, 10) == [(0, 1.0), (6, 0.5)]
