"""The index format: schema and analyzers, the document/section store, builds, the writer,
and opening a reader.

The index *is* the store: each section and each document is one Whoosh record whose ``data``
field keeps the full ``to_dict()`` JSON, so readers never need the source files. This module is
the write path's half of the Whoosh seam; every query on the read side lives under
``search_app/engine/``, which opens readers through ``open_index`` and decodes records with
``stored_section`` / ``stored_document``.

Layout inside the user's ``index_dir`` (other files there, such as the pipeline's manifest and
lock, are left alone)::

    CURRENT             name of the live build, replaced atomically with os.replace
    builds/<name>/      one Whoosh index per build; the previous one is kept for open readers
    builds/<name>.partial/  a build being written; renamed to <name> once committed, so what
                        a killed rebuild leaves is recognisable (``clean_leftovers``)
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.searching import Searcher

from ingest.errors import IngestLocked, NoIndex
from ingest.model import Document, Section

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
BUILDS = "builds"
PARTIAL = ".partial"

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
        # Field weights are applied at query time (engine.compile.FIELD_BOOSTS), not here, so a
        # heading that repeats a word is not counted three times over.
        heading=TEXT(analyzer=STEM_ANALYZER),
        # document title and heading path together: one posting list per word instead of two
        context=TEXT(analyzer=STEM_ANALYZER, phrase=False),
        body=TEXT(analyzer=STEM_ANALYZER),
        # foot- and endnotes printed with the section, kept out of its body: a cited work's
        # title finds the section that cites it, weighted low (engine.compile.FIELD_BOOSTS)
        notes=TEXT(analyzer=STEM_ANALYZER),
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


def schema_outdated(index_dir: Path) -> bool:
    """The live build lacks a field this version writes: it was built by an earlier one."""
    try:
        _name, ix = open_index(Path(index_dir))
    except NoIndex:
        return False
    try:
        return bool(set(make_schema().names()) - set(ix.schema.names()))
    finally:
        ix.close()


def current_build(index_dir: Path) -> str | None:
    """The name of the live build (what CURRENT points at), or None."""
    return _current_name(Path(index_dir))


def open_index(index_dir: Path) -> tuple[str, whoosh_index.Index]:
    """The live build's name and its Whoosh index. Raises ``NoIndex`` when there is none."""
    index_dir = Path(index_dir)
    name = _current_name(index_dir)
    if name is None or not whoosh_index.exists_in(str(_build_dir(index_dir, name))):
        raise NoIndex(index_dir)
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
        "key": section_key(section.id),
        "kind": "section",
        "section_id": section.id,
        "doc_id": section.doc_id,
        "heading": section.heading,
        "context": " / ".join(section.path),
        "body": section.text,
        "exact": "\n".join([section.heading, section.text, *(n.text for n in section.notes)]),
        "evidence": bool(section.evidence),
        "level": section.level,
        "ordinal": section.ordinal,
        "data": json.dumps(data, ensure_ascii=False),
    }
    if section.notes:
        record["notes"] = "\n".join(n.text for n in section.notes)
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
        "key": document_key(document.id),
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
    # an index written before a field was added takes the records without it
    # (``schema_outdated``: the next full ingest rebuilds it)
    names = set(writer.schema.names())
    for document in documents:
        add(**_document_record(document))
    for section in sections:
        record = _section_record(section, known.get(section.doc_id))
        add(**{k: v for k, v in record.items() if k in names})


def write_index(
    index_dir: Path,
    documents: Sequence[Document],
    sections: Sequence[Section],
    *,
    remove: Collection[str] = (),
    rebuild: bool = False,
    attach: Callable[[Path, int], None] | None = None,
) -> None:
    """Replace the given documents (all their old sections go) and delete doc ids in `remove`.

    One commit = readers see all or nothing. ``rebuild=True`` builds a fresh index aside (a new
    sub-folder) and switches to it atomically by replacing the CURRENT pointer, keeping the
    previous build until the next switch so open readers survive. Raises ``IngestLocked`` when
    another writer holds the index. ``attach(build folder, generation)`` is called just before
    the commit, to store beside the index data that readers must see with it (commitments).
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / BUILDS).mkdir(exist_ok=True)
    known = {d.id: d for d in documents}
    if rebuild or not index_exists(index_dir):
        _rebuild(index_dir, documents, sections, known, attach)
        return
    name, ix = open_index(index_dir)
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
                    stored = searcher.document(key=document_key(doc_id))
                    if stored:
                        known[doc_id] = stored_document(stored)
        for doc_id in {*remove, *(d.id for d in documents)}:
            writer.delete_by_term("doc_id", doc_id)
        _add_all(writer, documents, sections, known, update=False)
        if attach is not None:
            attach(_build_dir(index_dir, name), writer.generation)
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
    attach: Callable[[Path, int], None] | None = None,
) -> None:
    with hold_write_lock(index_dir):
        name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        folder = _build_dir(index_dir, name + PARTIAL)
        folder.mkdir(parents=True)
        try:
            ix = whoosh_index.create_in(str(folder), make_schema())
            writer = ix.writer(limitmb=256)
            _add_all(writer, documents, sections, known, update=False)
            if attach is not None:
                attach(folder, writer.generation)
            writer.commit(optimize=True)
            ix.close()
            folder.rename(_build_dir(index_dir, name))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _switch(index_dir, name)
    log.info("search index rebuilt: %d documents, %d sections", len(documents), len(sections))


def clean_leftovers(index_dir: Path) -> list[str]:
    """Remove what an interrupted write left behind: unfinished builds and CURRENT's temporary
    files. Only for a caller that holds the ingest lock (no other build can be in progress).
    Returns the names removed."""
    index_dir = Path(index_dir)
    live = _current_name(index_dir)
    removed = []
    for tmp in index_dir.glob(f".{CURRENT}.*"):
        tmp.unlink(missing_ok=True)
        removed.append(tmp.name)
    builds = index_dir / BUILDS
    for child in builds.iterdir() if builds.is_dir() else ():
        unfinished = child.name.endswith(PARTIAL) or not whoosh_index.exists_in(str(child))
        if child.is_dir() and child.name != live and unfinished:
            shutil.rmtree(child, ignore_errors=True)
            removed.append(f"{BUILDS}/{child.name}")
    return removed


@contextmanager
def hold_write_lock(index_dir: Path) -> Iterator[None]:
    """Hold the live build's write lock while a rebuild runs, so no update lands in a build
    that is about to be replaced."""
    if not index_exists(index_dir):
        yield
        return
    _name, ix = open_index(index_dir)
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
# Reading the store: records back into model objects


def section_key(section_id: str) -> str:
    return "s:" + section_id


def document_key(doc_id: str) -> str:
    return "d:" + doc_id


def stored_section(fields: dict[str, Any]) -> Section:
    """The section kept in one stored record (``searcher.stored_fields(docnum)``)."""
    return Section.from_dict(json.loads(fields["data"]))


def stored_document(fields: dict[str, Any]) -> Document:
    return Document.from_dict(json.loads(fields["data"]))


def documents_in(searcher: Searcher) -> list[Document]:
    """Every document in the store, sorted by id."""
    found = wq.Term("kind", "document").docs(searcher)
    docs = [stored_document(searcher.stored_fields(d)) for d in found]
    return sorted(docs, key=lambda d: d.id)


def sections_in(searcher: Searcher, doc_id: str | None = None) -> list[Section]:
    """Sections of one document (or all), in document order (document id, then ordinal)."""
    q: wq.Query = wq.Term("kind", "section")
    if doc_id is not None:
        q = wq.And([q, wq.Term("doc_id", doc_id)])
    sections = [stored_section(searcher.stored_fields(d)) for d in q.docs(searcher)]
    return sorted(sections, key=lambda s: (s.doc_id, s.ordinal))


@contextmanager
def reading(index_dir: Path) -> Iterator[Searcher]:
    """A searcher on the live build, closed afterwards: for the write path and tools, which
    read the store now and then. The web app keeps searchers open (``search_app.engine``)."""
    _name, ix = open_index(Path(index_dir))
    try:
        with ix.searcher() as searcher:
            yield searcher
    finally:
        ix.close()


def read_documents(index_dir: Path) -> list[Document]:
    """Every document in the store, sorted by id. Raises ``NoIndex`` when there is none."""
    with reading(index_dir) as searcher:
        return documents_in(searcher)


def read_sections(index_dir: Path, doc_id: str | None = None) -> list[Section]:
    """Sections of one document (or all), in document order."""
    with reading(index_dir) as searcher:
        return sections_in(searcher, doc_id)


def get_document(index_dir: Path, doc_id: str) -> Document | None:
    with reading(index_dir) as searcher:
        stored = searcher.document(key=document_key(doc_id))
    return stored_document(stored) if stored else None


def get_section(index_dir: Path, section_id: str) -> Section | None:
    with reading(index_dir) as searcher:
        stored = searcher.document(key=section_key(section_id))
    return stored_section(stored) if stored else None
