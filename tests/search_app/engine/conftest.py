"""Small indexes for the engine's tests, built in temporary folders."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest import search_index as si
from ingest.model import Document, Note, ObjectiveTag, Section
from ingest.settings import Settings
from search_app.engine import Engine, close_searchers
from search_app.engine.searchers import Reader, reader_for

WORDS = (
    *("obesity", "children", "health", "london", "poverty"),
    *("housing", "air", "pollution", "care", "services"),
)


def doc(doc_id: str, title: str = "Report", issued: str = "2010-04", kind: str = "strategy"):
    return Document(id=doc_id, title=title, issued=issued, doc_type=kind, files=("a.pdf",))


def varied(doc_id: str, n: int, seed: int) -> list[Section]:
    """Sections of random words: term frequencies and field lengths vary."""
    rng = random.Random(seed)
    noted = random.Random(-seed)  # apart, so that the other fields stay as they were
    return [
        Section(
            id=f"{doc_id}-{i}",
            doc_id=doc_id,
            ordinal=i,
            heading=" ".join(rng.sample(WORDS, 2)),
            level=1,
            path=("Part",),
            text=" ".join(rng.choices([*WORDS, "the", "of", "rates"], k=rng.randint(5, 60))),
            objectives=(ObjectiveTag(1 + i % 3, 0.5),),
            # about half of the sections print notes
            notes=tuple(
                Note(str(k + 1), " ".join(noted.choices(WORDS, k=noted.randint(3, 12))))
                for k in range(noted.choice((0, 0, 1, 2)))
            ),
        )
        for i in range(n)
    ]


def engine_on(index_dir: Path) -> Engine:
    return Engine(Settings(index_dir=index_dir))


def reader_on(index_dir: Path) -> Reader:
    return reader_for(index_dir)


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_searchers()


@pytest.fixture(scope="module")
def two_commits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two documents of random sections, then one of them replaced: a second segment, and
    deleted postings still counted in the term statistics."""
    folder = tmp_path_factory.mktemp("scoring")
    docs = [doc("a"), doc("b", "Plan", "2012", "delivery plan")]
    si.write_index(folder, docs, varied("a", 60, 1) + varied("b", 60, 2), rebuild=True)
    si.write_index(folder, [docs[1]], varied("b", 40, 3))
    return folder
