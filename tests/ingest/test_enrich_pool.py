"""Enrichment on several processes (ingest.enrich_pool) and commitments built beside the write:
the same index as one process gives, and nothing lost when a worker is killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from ingest import enrich_pool, search_index
from ingest.commitment_links import Judgements
from ingest.commitment_store import VECTORS, Pending, build, read_live
from ingest.enrich import Enricher, enrich_sections
from ingest.pipeline import ingest
from ingest.settings import Settings, load_settings


@pytest.fixture(scope="module")
def corpus_items(sample_index: Path) -> list[tuple]:
    """The sample corpus's documents and sections as parsed (tags and terms stripped)."""
    from dataclasses import replace

    items = []
    for document in search_index.read_documents(sample_index):
        sections = [
            replace(s, objectives=(), evidence=(), key_terms=())
            for s in search_index.read_sections(sample_index, document.id)
        ]
        items.append((replace(document, key_terms=(), references=()), sections))
    return items


def test_two_workers_enrich_every_document_as_one_process_does(
    corpus_items: list[tuple], sample_settings: Settings
) -> None:
    enricher = Enricher.from_settings(sample_settings)
    alone = [enricher.enrich(d, s) for d, s in corpus_items]
    pooled = enrich_pool.enrich_all(corpus_items, enricher, workers=2, min_chars=0)
    assert [d for d, _ in pooled] == [d for d, _ in alone]
    assert [s for _, s in pooled] == [s for _, s in alone]
    assert any(s.key_terms and s.objectives for _, ss in pooled for s in ss)


def _die(*_args: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_batch_whose_worker_is_killed_is_enriched_in_the_ingest_process(
    corpus_items: list[tuple], sample_settings: Settings
) -> None:
    enricher = Enricher.from_settings(sample_settings)
    document, sections = max(corpus_items, key=lambda item: len(item[1]))
    ready, context = enricher.context(sections)
    with ProcessPoolExecutor(max_workers=1) as pool:
        killed = pool.submit(_die)  # the worker dies of SIGKILL: the pool is broken
        assert enrich_pool._result(killed, context, ready) == enrich_sections(context, ready)


def test_commitments_built_beside_the_write_are_the_ones_built_after_it(
    tmp_path: Path, sample_settings: Settings, sample_index: Path
) -> None:
    # The sample index was built with the default workers; build one with the other path.
    workers = 1 if sample_settings.workers > 1 else 2
    settings = load_settings(
        corpus_dir=sample_settings.corpus_dir, index_dir=tmp_path / "index", workers=workers
    )
    _share_vectors(sample_index, settings.index_dir)
    ingest(settings)

    def stored(index: Path) -> str:
        tracked = read_live(index)
        assert tracked, "the sample corpus has commitments"
        return json.dumps([t.to_dict() for t in tracked], sort_keys=True)

    assert stored(settings.index_dir) == stored(sample_index)


def _share_vectors(index: Path, into: Path) -> None:
    """Start from the sentence vectors already encoded (a cache: the results are the same)."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy(index / VECTORS, into / VECTORS)


def test_commitments_survive_their_worker_being_killed(
    corpus_items: list[tuple], sample_index: Path, tmp_path: Path
) -> None:
    documents = search_index.read_documents(sample_index)
    sections = search_index.read_sections(sample_index)
    _share_vectors(sample_index, tmp_path)
    pending = Pending(documents, sections, Judgements(), tmp_path / VECTORS, background=True)
    try:
        for process in list(pending._pool._processes.values()):  # type: ignore[union-attr]
            process.kill()
        tracked = pending.result()
    finally:
        pending.close()
    again = build(documents, sections, vector_cache=tmp_path / VECTORS)
    assert [t.to_dict() for t in tracked] == [t.to_dict() for t in again]
    assert tracked
