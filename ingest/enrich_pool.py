"""Tag a corpus's sections on every core: the enrichment of parsed documents in worker processes.

After parsing, each document's sections are tagged, searched for evidence and read for terms
(:func:`ingest.enrich.enrich_sections`): work per section, a tenth to a fifth of the parse's
cost. Done in the ingest process it ran on one core while the others waited, on a long report
as on a corpus of many files. Here the sections of every document go to a pool of worker
processes in a few runs each (:func:`ingest.enrich.batches`), all documents at once, and the ingest
process puts each document together again (key terms need every section's terms) in order.

A batch whose worker dies is done in the ingest process instead: the result is the same and
nothing is lost. With one worker, or little text, everything runs in the ingest process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from ingest.enrich import Context, Enriched, Enricher, batches, enrich_sections
from ingest.model import Document, Section
from ingest.worker_process import init_helper

log = logging.getLogger(__name__)

Item = tuple[Document, list[Section]]
# Below this much text a pool costs more to start than it saves.
MIN_CHARS = 200_000
MIN_BATCH = 100_000  # characters: no document is cut into runs shorter than this


def enrich_all(
    items: Sequence[Item], enricher: Enricher, *, workers: int, min_chars: int = MIN_CHARS
) -> list[Item]:
    """Every document of ``items`` enriched, in order, by ``workers`` processes (by this one
    when there is one worker or under ``min_chars`` of text)."""
    chars = sum(len(s.text) for _d, sections in items for s in sections)
    if workers <= 1 or chars < min_chars:
        return [enricher.enrich(document, sections) for document, sections in items]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=init_helper,
        initargs=(os.getpid(),),
    ) as pool:
        started: list[tuple[Document, Context, list[tuple[Sequence[Section], Future[Enriched]]]]]
        started = []
        for document, sections in items:
            ready, context = enricher.context(sections)
            # Two runs a worker: few, because each run's terms are sent back whole.
            count = max(1, min(2 * workers, sum(len(s.text) for s in ready) // MIN_BATCH))
            parts = [(p, pool.submit(enrich_sections, context, p)) for p in batches(ready, count)]
            started.append((document, context, parts))
        out = []
        for document, context, parts in started:
            enriched = [_result(future, context, part) for part, future in parts]
            out.append(enricher.finish(document, enriched, context))
    return out


def _result(future: Future[Enriched], context: Context, part: Sequence[Section]) -> Enriched:
    try:
        return future.result()
    except Exception as exc:  # a worker died (BrokenProcessPool) or a bug: do it here
        log.warning("enriching %d sections in the ingest process: %s", len(part), exc)
        return enrich_sections(context, part)
