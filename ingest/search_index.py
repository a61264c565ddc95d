"""The Whoosh index: schema, the document/section store, builds and per-thread searchers.

The index *is* the store: each section and each document is one Whoosh record whose ``data``
field keeps the full ``to_dict()`` JSON, so readers never need the source files. Every Whoosh
call of the project lives here or in a sibling ``ingest/search_*.py`` so the engine can be
swapped behind this seam.

Layout inside the user's ``index_dir`` (other files there, such as the pipeline's manifest and
lock, are left alone)::

    CURRENT             name of the live build, replaced atomically with os.replace
    builds/<name>/      one Whoosh index per build; the previous one is kept for open readers
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.searching import Searcher

from ingest.errors import IngestLocked
from ingest.model import Document, Section

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
BUILDS = "builds"

# Keeps "A&E", "R&D" and "e.g" as single tokens; everything else splits on non-word characters.
TOKEN_PATTERN = r"\w+(?:[.&]\w+)*"
STEM_ANALYZER = StemmingAnalyzer(expression=TOKEN_PATTERN, minsize=1)
# Unstemmed and without stop words: spelling suggestions, prefixes and fuzzy matches must offer
# real words ("vaccination"), not stems ("vaccin").
PLAIN_ANALYZER = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()


def make_schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),  # "s:<section id>" or "d:<doc id>"
        kind=ID(stored=True),  # "section" | "document"
        section_id=ID(stored=True),
        doc_id=ID(stored=True),
        # Field weights are applied at query time (search_query.FIELD_BOOSTS), not here, so a
        # heading that repeats a word is not counted three times over.
        heading=TEXT(analyzer=STEM_ANALYZER),
        # document title and heading path together: one posting list per word instead of two
        context=TEXT(analyzer=STEM_ANALYZER, phrase=False),
        body=TEXT(analyzer=STEM_ANALYZER),
        exact=TEXT(analyzer=PLAIN_ANALYZER, phrase=False),
        objectives=KEYWORD(commas=True),
        year=NUMERIC(int, bits=32),
        doc_type=ID(),  # lower-cased on the way in
        page_start=NUMERIC(int, bits=32),
        page_end=NUMERIC(int, bits=32),
        evidence=BOOLEAN(),
        level=NUMERIC(int, bits=32),
        ordinal=NUMERIC(int, bits=32, sortable=True),
        # "3:0.82,5:0.40": tag scores, read per hit from a column to rank objective listings
        objscores=COLUMN(VarBytesColumn()),
        data=STORED(),
    )


# ---------------------------------------------------------------------------------------------
# Builds and the CURRENT pointer


def _current_name(index_dir: Path) -> str | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def _build_dir(index_dir: Path, name: str) -> Path:
    return index_dir / BUILDS / name


def index_exists(index_dir: Path) -> bool:
    name = _current_name(Path(index_dir))
    return bool(name) and whoosh_index.exists_in(str(_build_dir(Path(index_dir), str(name))))


def _open_current(index_dir: Path) -> tuple[str, whoosh_index.Index]:
    name = _current_name(index_dir)
    if name is None or not whoosh_index.exists_in(str(_build_dir(index_dir, name))):
        raise FileNotFoundError(f"no search index in {index_dir}; run the ingest first")
    return name, whoosh_index.open_dir(str(_build_dir(index_dir, name)))


def _switch(index_dir: Path, name: str) -> None:
    """Point CURRENT at ``name`` atomically and drop builds older than the one it replaces."""
    previous = _current_name(index_dir)
    tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex}"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)
    keep = {name, previous}
    for child in (index_dir / BUILDS).iterdir():
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
    log.info("search index switched to build %s (previous %s kept)", name, previous)


# ---------------------------------------------------------------------------------------------
# Writing


def _section_record(section: Section, document: Document | None) -> dict[str, Any]:
    data = section.to_dict()
    record: dict[str, Any] = {
        "key": "s:" + section.id,
        "kind": "section",
        "section_id": section.id,
        "doc_id": section.doc_id,
        "heading": section.heading,
        "context": " / ".join(section.path),
        "body": section.text,
        "exact": f"{section.heading}\n{section.text}",
        "evidence": bool(section.evidence),
        "level": section.level,
        "ordinal": section.ordinal,
        "data": json.dumps(data, ensure_ascii=False),
    }
    if section.objectives:
        record["objectives"] = ",".join(str(t.number) for t in section.objectives)
        scores = ",".join(f"{t.number}:{t.score:.4f}" for t in section.objectives)
        record["objscores"] = scores.encode("ascii")
    if section.page_start is not None:
        record["page_start"] = section.page_start
    if section.page_end is not None:
        record["page_end"] = section.page_end
    if document is not None:
        record["context"] = f"{document.title} / {record['context']}"
        if document.year is not None:
            record["year"] = document.year
        if document.doc_type:
            record["doc_type"] = document.doc_type.lower()
    return record


def _document_record(document: Document) -> dict[str, Any]:
    return {
        "key": "d:" + document.id,
        "kind": "document",
        "doc_id": document.id,
        "data": json.dumps(document.to_dict(), ensure_ascii=False),
    }


def _add_all(
    writer: Any,
    documents: Sequence[Document],
    sections: Sequence[Section],
    known: dict[str, Document],
    *,
    update: bool,
) -> None:
    add = writer.update_document if update else writer.add_document
    for document in documents:
        add(**_document_record(document))
    for section in sections:
        add(**_section_record(section, known.get(section.doc_id)))


def write_index(
    index_dir: Path,
    documents: Sequence[Document],
    sections: Sequence[Section],
    *,
    remove: Collection[str] = (),
    rebuild: bool = False,
) -> None:
    """Replace the given documents (all their old sections go) and delete doc ids in `remove`.

    One commit = readers see all or nothing. ``rebuild=True`` builds a fresh index aside (a new
    sub-folder) and switches to it atomically by replacing the CURRENT pointer, keeping the
    previous build until the next switch so open readers survive. Raises ``IngestLocked`` when
    another writer holds the index.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / BUILDS).mkdir(exist_ok=True)
    known = {d.id: d for d in documents}
    if rebuild or not index_exists(index_dir):
        _rebuild(index_dir, documents, sections, known)
        return
    _name, ix = _open_current(index_dir)
    try:
        writer = ix.writer(timeout=0.0)
    except LockError as exc:
        raise IngestLocked() from exc
    try:
        # Sections of a replaced document need the document's title/year/type; documents not
        # passed in keep theirs, so look them up in the store.
        missing = {s.doc_id for s in sections} - known.keys()
        if missing:
            with ix.searcher() as searcher:
                for doc_id in missing:
                    stored = searcher.document(key="d:" + doc_id)
                    if stored:
                        known[doc_id] = Document.from_dict(json.loads(stored["data"]))
        for doc_id in {*remove, *(d.id for d in documents)}:
            writer.delete_by_term("doc_id", doc_id)
        _add_all(writer, documents, sections, known, update=False)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    log.info(
        "search index updated: %d documents, %d sections, %d removed",
        len(documents),
        len(sections),
        len(remove),
    )


def _rebuild(
    index_dir: Path,
    documents: Sequence[Document],
    sections: Sequence[Section],
    known: dict[str, Document],
) -> None:
    with hold_write_lock(index_dir):
        name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        folder = _build_dir(index_dir, name)
        folder.mkdir(parents=True)
        try:
            ix = whoosh_index.create_in(str(folder), make_schema())
            writer = ix.writer(limitmb=256)
            _add_all(writer, documents, sections, known, update=False)
            writer.commit(optimize=True)
            ix.close()
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _switch(index_dir, name)
    log.info("search index rebuilt: %d documents, %d sections", len(documents), len(sections))


@contextmanager
def hold_write_lock(index_dir: Path) -> Iterator[None]:
    """Hold the live build's write lock while a rebuild runs, so no update lands in a build
    that is about to be replaced."""
    if not index_exists(index_dir):
        yield
        return
    _name, ix = _open_current(index_dir)
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        ix.close()
        raise IngestLocked()
    try:
        yield
    finally:
        lock.release()
        ix.close()


# ---------------------------------------------------------------------------------------------
# Searchers: one per thread, reused, refreshed when the index changes


@dataclass
class _Handle:
    build: str
    index: Any
    searcher: Searcher
    cache: dict[str, Any]  # per-reader derived data (facet columns); emptied on refresh


_local = threading.local()


def searcher_for(index_dir: Path) -> tuple[Searcher, dict[str, Any]]:
    """This thread's searcher on the live build, plus a cache dict tied to its reader.

    Re-opens when CURRENT points at a new build or the build has new commits.
    Raises FileNotFoundError when there is no index.
    """
    # abspath, not resolve(): no system calls (this runs several times per search)
    key = os.path.abspath(index_dir)
    held: dict[str, _Handle] | None = getattr(_local, "held", None)
    if held is not None and key in held:
        return held[key].searcher, held[key].cache
    handles: dict[str, _Handle] = _local.__dict__.setdefault("handles", {})
    handle = handles.get(key)
    name = _current_name(Path(index_dir))
    if handle is not None and handle.build != name:
        handle.searcher.close()
        handle.index.close()
        handle = None
    if handle is None:
        build, ix = _open_current(Path(index_dir))
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


# ---------------------------------------------------------------------------------------------
# Reading the store


def _stored(searcher: Searcher, q: wq.Query) -> list[dict[str, Any]]:
    out = []
    for docnum in q.docs(searcher):
        out.append(json.loads(searcher.stored_fields(docnum)["data"]))
    return out


def read_documents(index_dir: Path) -> list[Document]:
    """Every document in the store, sorted by id."""
    searcher, _ = searcher_for(index_dir)
    docs = [Document.from_dict(d) for d in _stored(searcher, wq.Term("kind", "document"))]
    return sorted(docs, key=lambda d: d.id)


def read_sections(index_dir: Path, doc_id: str | None = None) -> list[Section]:
    """Sections of one document (or all), in document order (document id, then ordinal)."""
    searcher, _ = searcher_for(index_dir)
    q: wq.Query = wq.Term("kind", "section")
    if doc_id is not None:
        q = wq.And([q, wq.Term("doc_id", doc_id)])
    sections = [Section.from_dict(d) for d in _stored(searcher, q)]
    return sorted(sections, key=lambda s: (s.doc_id, s.ordinal))


def get_section(index_dir: Path, section_id: str) -> Section | None:
    searcher, _ = searcher_for(index_dir)
    stored = searcher.document(key="s:" + section_id)
    return Section.from_dict(json.loads(stored["data"])) if stored else None


def get_document(index_dir: Path, doc_id: str) -> Document | None:
    searcher, _ = searcher_for(index_dir)
    stored = searcher.document(key="d:" + doc_id)
    return Document.from_dict(json.loads(stored["data"])) if stored else None


_TOKEN_RE = re.compile(TOKEN_PATTERN)


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str | None:
    """The indexed term for one word, or None for a stop word (cached: highlighting stems the
    same few thousand words over and over)."""
    terms = [t.text for t in STEM_ANALYZER(word)]
    return terms[0] if len(terms) == 1 else None


def analyze(text: str) -> list[tuple[str, int, int]]:
    """(term, start char, end char) for each indexed token of ``text``, stop words dropped, so
    highlighting agrees with what the index matched."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        term = stem_word(m.group())
        if term is not None:
            out.append((term, m.start(), m.end()))
    return out
