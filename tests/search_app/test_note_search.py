"""Notes are searchable: a cited work's title, printed only in a footnote, finds the section
that cites it, below a section that discusses the work in its own text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.fields import Schema

from ingest import search_index as si
from ingest.model import Document, Note, Section
from ingest.settings import PROJECT_ROOT, Settings
from search_app.engine import Engine, SearchResult, close_searchers

CORPUS = PROJECT_ROOT / "corpus"  # its synonyms.toml
DOCS = [Document(id="his", title="Health Inequalities Strategy", issued="2010-04")]
LANCET = "Tudor Hart J (1971) The inverse care law. The Lancet 297(7696): 405–412."


def section(n: int, heading: str, text: str, notes: tuple[Note, ...] = ()) -> Section:
    return Section(
        id=f"his-{n}",
        doc_id="his",
        ordinal=n,
        heading=heading,
        level=1,
        path=("Part one",),
        text=text,
        notes=notes,
    )


SECTIONS = [
    section(0, "Income", "Worklessness and low pay drive health inequalities in London."),
    section(
        1,
        "Access to primary care",
        "Practices are fewest where need is greatest, and the inverse care law still holds "
        "in London's most deprived boroughs.",
    ),
    section(
        2,
        "General practice",
        "GP numbers per head are lowest in the boroughs with the highest need.",
        (Note("6", LANCET),),
    ),
    section(3, "Housing", "Overcrowding and damp homes harm children's health."),
]


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_searchers()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notes")
    si.write_index(folder, DOCS, SECTIONS, rebuild=True)
    return folder


def search(index: Path, query: str) -> SearchResult:
    return Engine(Settings(corpus_dir=CORPUS, index_dir=index)).search(query)


def ids(result: SearchResult) -> list[str]:
    return [hit.section.id for hit in result.hits]


@pytest.mark.parametrize("query", ["inverse care law", '"the inverse care law"'])
def test_a_title_cited_only_in_a_note_finds_the_citing_section_below_the_text(
    index: Path, query: str
) -> None:
    assert ids(search(index, query)) == ["his-1", "his-2"]


def test_words_only_in_a_note_find_its_section(index: Path) -> None:
    result = search(index, "Lancet")
    assert ids(result) == ["his-2"]
    assert not result.corrected_query  # a word of the notes is a known word, not a typo


def test_an_index_from_before_the_notes_field_is_searched_and_updated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = si.make_schema()
    older = Schema(**{name: full[name] for name in full.names() if name != "notes"})
    monkeypatch.setattr(si, "make_schema", lambda: older)
    si.write_index(tmp_path, DOCS, SECTIONS, rebuild=True)
    monkeypatch.undo()
    assert si.schema_outdated(tmp_path)
    assert ids(search(tmp_path, "inverse care law")) == ["his-1"]  # no notes field: no error
    si.write_index(tmp_path, DOCS, SECTIONS)  # an update keeps to the index's own fields
    close_searchers()
    assert ids(search(tmp_path, "inverse care law")) == ["his-1"]
    si.write_index(tmp_path, DOCS, SECTIONS, rebuild=True)
    assert not si.schema_outdated(tmp_path)
    close_searchers()
    assert ids(search(tmp_path, "inverse care law")) == ["his-1", "his-2"]
