"""Commitments and their follow-ups, built over the whole corpus and stored with the index.

Follow-ups need every document, so the set is rebuilt whenever the ingest writes anything:
:func:`prepare` extracts and links over the documents being written plus those already in the
index, and returns the function the index writer calls with the build folder and the Whoosh
generation it is about to commit. The file it writes, ``commitments.<generation>.json`` in the
build folder, is in place before the commit (or, for a rebuild, before the switch of
``CURRENT``), so a reader that sees the new index also finds the commitments that go with it;
:func:`load` picks the file of the reader's generation (or the newest older one).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.commitment_links import Judgements, links_file, load_judgements
from ingest.commitments import Commitment, extract
from ingest.document_order import follows
from ingest.followup_status import latest_status
from ingest.followups import FollowUp, Linker
from ingest.model import Document, Section
from ingest.settings import Settings
from ingest.worker_process import init_helper

log = logging.getLogger(__name__)

FORMAT = 1
VECTORS = "sentence-vectors.npz"  # the passages' sentence vectors, kept between ingests
_FILE = re.compile(r"^commitments\.(\d+)\.json$")

Attach = Callable[[Path, int], None]


@dataclass(frozen=True)
class Tracked:
    """A commitment, its follow-ups (oldest first) and what the newest one says."""

    commitment: Commitment
    followups: tuple[FollowUp, ...]
    status: str
    status_issued: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "commitment": self.commitment.to_dict(),
            "followups": [f.to_dict() for f in self.followups],
            "status": self.status,
            "status_issued": self.status_issued,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tracked:
        return cls(
            Commitment.from_dict(data["commitment"]),
            tuple(FollowUp.from_dict(f) for f in data.get("followups", ())),
            str(data.get("status", "")),
            str(data.get("status_issued", "")),
        )


def build(
    documents: Sequence[Document],
    sections: Sequence[Section],
    judgements: Judgements | None = None,
    vector_cache: Path | None = None,
) -> list[Tracked]:
    """Every commitment of every document, with its follow-ups in later documents."""
    judgements = judgements or Judgements()
    rejected = judgements.rejected_commitments()
    by_doc: dict[str, list[Section]] = {}
    for s in sections:
        by_doc.setdefault(s.doc_id, []).append(s)
    found: list[tuple[Document, Commitment]] = []
    every: list[Commitment] = []  # rejected ones too: they still mark their passages
    for document in sorted(documents, key=lambda d: (d.issued, d.id)):
        ordered = sorted(by_doc.get(document.id, ()), key=lambda s: s.ordinal)
        extracted = extract(document, ordered)
        every += extracted
        found += [(document, c) for c in extracted if c.id not in rejected]
    linker = Linker(documents, sections, vector_cache=vector_cache, commitments=every)
    linker.prepare([c for _d, c in found])
    out = []
    earlier: dict[str, list[Commitment]] = {}  # per document, not per commitment (n squared)
    for document, commitment in found:
        # commitments of the same time or earlier that say nearly the same thing
        if document.id not in earlier:
            earlier[document.id] = [c for d, c in found if not follows(d, document)]
        related = earlier[document.id]
        followups = tuple(linker.link(commitment, judgements, related))
        status, issued = latest_status(followups)
        out.append(Tracked(commitment, followups, status, issued))
    return out


def prepare(
    settings: Settings,
    index_dir: Path,
    documents: Sequence[Document],
    sections: Sequence[Section],
    *,
    remove: Collection[str] = (),
    rebuild: bool = False,
    background: bool = False,
) -> Pending:
    """Build the commitments of the corpus as it will be after this write; return the hook
    that stores them in the build folder (``search_index.write_index(..., attach=...)``).

    ``background``: build them in a worker process while the caller writes the index (the
    two take about as long as each other on a long report), and wait for them only when the
    hook is called. Close the hook when done with it.
    """
    from ingest import search_index

    documents = list(documents)
    sections = list(sections)
    if not rebuild and search_index.index_exists(index_dir):
        replaced = {d.id for d in documents} | set(remove)
        documents += [d for d in search_index.read_documents(index_dir) if d.id not in replaced]
        sections += [s for s in search_index.read_sections(index_dir) if s.doc_id not in replaced]
    judgements = load_judgements(links_file(settings.corpus_dir))  # a broken file stops here
    return Pending(documents, sections, judgements, Path(index_dir) / VECTORS, background)


def _built(
    documents: Sequence[Document],
    sections: Sequence[Section],
    judgements: Judgements,
    vector_cache: Path,
) -> list[Tracked]:
    try:
        return build(documents, sections, judgements, vector_cache)
    except Exception:  # derived data: a defect here must not cost the user their ingest
        log.exception("commitments could not be built; this index has none until the next ingest")
        return []


class Pending:
    """The commitments being built (here, or in a worker process); calling it with the build
    folder and generation waits for them and stores them there (an :data:`Attach`)."""

    def __init__(
        self,
        documents: list[Document],
        sections: list[Section],
        judgements: Judgements,
        vector_cache: Path,
        background: bool,
    ) -> None:
        self._args = (documents, sections, judgements, vector_cache)
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[list[Tracked]] | None = None
        self._tracked: list[Tracked] | None = None
        if background:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=init_helper,
                initargs=(os.getpid(),),
            )
            self._future = self._pool.submit(_built, *self._args)
        else:
            self._tracked = _built(*self._args)

    def result(self) -> list[Tracked]:
        if self._tracked is None:
            assert self._future is not None
            try:
                self._tracked = self._future.result()
            except Exception as exc:  # the worker died: build them here, nothing is lost
                log.warning("building commitments in the ingest process: %s", exc)
                self._tracked = _built(*self._args)
            self.close()
        return self._tracked

    def __call__(self, folder: Path, generation: int) -> None:
        tracked = self.result()
        log.info("commitments: %d found, %d with a follow-up", len(tracked),
                 sum(1 for t in tracked if t.followups))  # fmt: skip
        write(folder, generation, tracked)

    def close(self) -> None:
        """Stop the worker process, if any (a write that failed never asked for the result)."""
        if self._pool is not None:
            if self._tracked is None:  # still building: nobody will read the result
                for process in list(getattr(self._pool, "_processes", {}).values()):
                    process.kill()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def write(folder: Path, generation: int, tracked: Sequence[Tracked]) -> Path:
    """Write ``commitments.<generation>.json`` atomically; keep the previous file (open
    readers may still be on it) and drop older ones."""
    folder = Path(folder)
    path = folder / f"commitments.{generation}.json"
    tmp = folder / f".{path.name}.tmp"
    data = {"format": FORMAT, "generation": generation, "items": [t.to_dict() for t in tracked]}
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    for old in _generations(folder)[:-2]:
        (folder / f"commitments.{old}.json").unlink(missing_ok=True)
    return path


def _generations(folder: Path) -> list[int]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(int(m.group(1)) for n in names if (m := _FILE.match(n)))


def load(folder: Path, generation: int | None = None) -> list[Tracked] | None:
    """The commitments stored for ``generation`` (or the newest at or before it); None when
    the build has none (an index written before commitments existed)."""
    found = [g for g in _generations(Path(folder)) if generation is None or g <= generation]
    if not found:
        return None
    path = Path(folder) / f"commitments.{found[-1]}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Tracked.from_dict(t) for t in data.get("items", ())]


def live_folder(index_dir: Path) -> Path | None:
    """The build folder the index's CURRENT pointer names (see ingest.search_index)."""
    from ingest.search_index import BUILDS, CURRENT

    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return Path(index_dir) / BUILDS / name if name else None


def read_live(index_dir: Path) -> list[Tracked] | None:
    """The newest commitments stored with the live build (for the CLI; the web app reads
    the generation its searcher holds)."""
    folder = live_folder(index_dir)
    return load(folder) if folder is not None else None
