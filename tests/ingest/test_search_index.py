"""The index store: round trips, replacing one document, atomic rebuilds and the writer lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import search_index as si
from ingest.errors import IngestLocked, NoIndex
from ingest.model import Document, EvidenceStatement, ObjectiveTag, Section


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
    with si.reading(tmp_path) as old:
        si.write_index(tmp_path, [_doc("z")], _sections("z", 1), rebuild=True)
        # The searcher opened before the switch still reads its own build...
        assert old.document(key=si.section_key("a-0")) is not None
        # ...while a new reader sees only the new build.
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


def test_missing_index_is_reported_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NoIndex, match="run `healthsearch ingest` first"):
        si.read_documents(tmp_path)
    (tmp_path / si.CURRENT).write_text("gone\n")  # a pointer to a build that is not there
    with pytest.raises(NoIndex):
        si.get_section(tmp_path, "a-0")
