"""The ingest run: corpus files in, index out, with a report of what happened to each file.

discover -> group into documents -> skip what is unchanged (content hashes) -> parse in
worker processes -> merge PDF/RTF twins -> enrich (objectives, evidence, key terms; in worker
processes too, ``ingest.enrich_pool``) -> write.
Only the last step writes, in one commit; the whole run holds the ingest lock
(``ingest.lock``), and starts by clearing what an interrupted run left behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest import indicators, search_index
from ingest.catalogue import DocumentFiles, discover, group_files, load_catalogue, shown
from ingest.lock import exclusive, not_writable
from ingest.metadata import complete, merge
from ingest.model import Document, Section
from ingest.pages import label_sections
from ingest.readers import READERS, supported
from ingest.settings import Settings
from ingest.twins import merge_twins, renumber
from ingest.workers import Parsed, Rejected

if TYPE_CHECKING:
    from ingest.enrich import Enricher

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# Bump when parsing or sectioning changes in a way that should re-read unchanged files.
PIPELINE_VERSION = "1"


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    title: str
    files: tuple[str, ...]
    sections: int
    pages: int | None
    outline_source: str = ""  # where the headings came from (see RawDocument)
    warnings: tuple[str, ...] = ()  # per file, "file.pdf: pages 9-12: ..."


@dataclass(frozen=True)
class IngestReport:
    documents: tuple[DocumentSummary, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def wrote_nothing(self) -> bool:
        """True when there was work and none of it succeeded (the CLI exits non-zero)."""
        return bool(self.rejected) and not self.documents and not self.unchanged

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": [
                dataclasses.asdict(d)
                | {"files": [shown(f) for f in d.files], "warnings": list(d.warnings)}
                for d in self.documents
            ],
            "rejected": [{"path": shown(r.path), "reason": r.reason} for r in self.rejected],
            "unchanged": list(self.unchanged),
            "removed": list(self.removed),
            "seconds": round(self.seconds, 3),
        }


Progress = Callable[[str, str], None]  # (file or document, what happened)


@dataclass
class _Plan:
    todo: list[DocumentFiles] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retag: list[str] = field(default_factory=list)  # files unchanged, tagging config changed
    remove: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``paths`` (files or folders; default the corpus folder) into the index."""
    started = time.perf_counter()
    note = progress or (lambda _item, _what: None)
    index_dir = settings.index_dir
    with _writing(index_dir), exclusive(index_dir):
        for leftover in search_index.clean_leftovers(index_dir):
            log.info("removed %s, left by an interrupted run", leftover)
        if paths is None and not rebuild and search_index.schema_outdated(index_dir):
            log.warning("the index was built by an earlier version: rebuilding it")
            rebuild = True
        manifest = _load_manifest(index_dir)
        roots = paths or [settings.corpus_dir]
        groups = group_files(
            discover(roots),
            load_catalogue(settings.catalogue_file),
            settings.corpus_dir,
        )
        config = _config_hash(settings)
        plan = _plan(groups, manifest, config, index_dir, rebuild, prune=paths is None)
        plan.rejected.extend(_not_files(roots))
        documents: list[Document] = []
        sections: list[Section] = []
        rejected: list[Rejected] = []
        if plan.todo or plan.retag:
            # NLTK and the PDF stack load only when there is work: an unchanged corpus is
            # checked in milliseconds.
            from ingest.enrich import Enricher

            enricher = Enricher.from_settings(settings)
            documents, sections, rejected = _parse_documents(
                plan, settings, enricher, note, known=set(manifest)
            )
            for document, retagged in _retag(plan.retag, index_dir, enricher):
                documents.append(document)
                sections.extend(retagged)
        kept: list[str] = []
        if rebuild:
            # A document whose file is now rejected keeps its previous version, as without
            # --rebuild: the fresh index must not silently lose it.
            kept = [
                g.document.id for g in plan.todo if g.document.id not in {d.id for d in documents}
            ]
            documents, sections = _with_unchanged(
                plan.unchanged + kept, index_dir, documents, sections
            )
        if documents or plan.remove or rebuild:
            from ingest.commitment_store import prepare

            # With workers to spare, commitments are built while the index is written.
            attach = prepare(settings, index_dir, documents, sections, remove=plan.remove,
                             rebuild=rebuild, background=settings.workers > 1)  # fmt: skip
            try:
                search_index.write_index(
                    index_dir,
                    documents,
                    sections,
                    remove=plan.remove,
                    rebuild=rebuild,
                    attach=attach,
                )
            finally:
                attach.close()
        indicators.keep_current(index_dir, changed=bool(documents or plan.remove or rebuild))
        written = {d.id for d in documents}
        failed = {r.path for r in rejected}
        for group in plan.todo:
            # A document with a rejected file is tried again next time.
            if group.document.id in written and not failed.intersection(group.paths):
                manifest[group.document.id] = _fingerprint(group, config)
        for doc_id in plan.retag:
            manifest[doc_id] = {**manifest[doc_id], "config": config}
        for doc_id in plan.remove:
            manifest.pop(doc_id, None)
        _save_manifest(index_dir, manifest)
    counts: dict[str, int] = {}
    for s in sections:
        counts[s.doc_id] = counts.get(s.doc_id, 0) + 1
    new_ids = ({g.document.id for g in plan.todo} | set(plan.retag)) - set(kept)
    return IngestReport(
        documents=tuple(
            DocumentSummary(
                d.id,
                d.title,
                d.files,
                counts.get(d.id, 0),
                d.page_count,
                d.outline_source,
                d.warnings,
            )
            for d in documents
            if d.id in new_ids
        ),
        rejected=tuple(plan.rejected + rejected),
        unchanged=tuple(plan.unchanged),
        removed=tuple(plan.remove),
        seconds=time.perf_counter() - started,
    )


def _plan(
    groups: list[DocumentFiles],
    manifest: dict[str, Any],
    config: str,
    index_dir: Path,
    rebuild: bool,
    prune: bool,
) -> _Plan:
    plan = _Plan()
    indexed = search_index.index_exists(index_dir)
    for group in groups:
        bad = [p for p in group.paths if not supported(p)]
        for path in bad:
            plan.rejected.append(
                Rejected(
                    path, f"unsupported format {path.suffix or '(no suffix)'}: PDF and RTF only"
                )
            )
        readable = []
        for path in filter(supported, group.paths):
            try:
                with path.open("rb"):
                    readable.append(path)
            except OSError as exc:
                why = (exc.strerror or str(exc)).lower()
                plan.rejected.append(Rejected(path, f"could not be opened: {why}"))
        group = dataclasses.replace(group, paths=tuple(readable))
        if not group.paths:
            continue
        before = manifest.get(group.document.id)
        now = _fingerprint(group, config)
        if rebuild or not indexed or before is None:
            plan.todo.append(group)
        elif before == now:
            plan.unchanged.append(group.document.id)
        elif {k: v for k, v in before.items() if k != "config"} == {
            k: v for k, v in now.items() if k != "config"
        }:
            plan.retag.append(group.document.id)
        else:
            plan.todo.append(group)
    if prune:
        present = {g.document.id for g in groups}
        plan.remove = sorted(doc_id for doc_id in manifest if doc_id not in present)
    return plan


def _parse_documents(
    plan: _Plan, settings: Settings, enricher: Enricher, note: Progress, known: set[str]
) -> tuple[list[Document], list[Section], list[Rejected]]:
    from ingest.workers import Limits, parse_all

    jobs = [(path, g.document.id) for g in plan.todo for path in g.paths]
    limits = Limits(seconds=settings.parse_timeout, memory_mb=settings.parse_memory_mb)
    if settings.dask_scheduler:
        from ingest.dask_parse import parse_on_dask

        parsing = parse_on_dask(jobs, scheduler=settings.dask_scheduler, limits=limits)
    else:
        parsing = parse_all(jobs, workers=settings.workers, limits=limits)
    outcomes: dict[Path, Parsed | Rejected] = {}
    for outcome in parsing:
        outcomes[outcome.path] = outcome
        if isinstance(outcome, Rejected):
            note(str(outcome.path), f"rejected: {outcome.reason}")
        else:
            note(str(outcome.path), f"{len(outcome.sections)} sections")
    rejected = [o for o in outcomes.values() if isinstance(o, Rejected)]
    assembled = []
    for group in plan.todo:
        parsed = [o for p in group.paths if isinstance(o := outcomes.get(p), Parsed)]
        failed = len(parsed) < len(group.paths)
        if not parsed or (failed and group.document.id in known):
            # A rejected file leaves what the index already holds for its document untouched.
            continue
        assembled.append(assemble(group, parsed))
    from ingest.enrich_pool import enrich_all

    documents: list[Document] = []
    sections: list[Section] = []
    for document, merged in enrich_all(assembled, enricher, workers=settings.workers):
        documents.append(document)
        sections.extend(merged)
    return documents, sections, rejected


def assemble(group: DocumentFiles, parsed: list[Parsed]) -> tuple[Document, list[Section]]:
    """One document from its parsed files: the PDF supplies pages, the RTF fills gaps."""
    parsed = sorted(parsed, key=lambda p: p.raw.format != "pdf")  # PDFs first
    merged: list[Section] = list(parsed[0].sections)
    for extra in parsed[1:]:
        merged = merge_twins(merged, list(extra.sections), group.document.id)
    merged = renumber(merged, group.document.id)
    pdf = next((p for p in parsed if p.raw.format == "pdf"), None)
    if pdf is not None:  # RTF sections placed among the PDF's pages take its printed numbers
        merged = label_sections(merged, pdf.raw.page_labels)
    # Gaps in the catalogue entry (all of it, for a file without one) from the files themselves.
    document = complete(
        group.document, merge([p.raw.inferred for p in parsed]), (s.text for s in merged)
    )
    title = document.title or shown(group.paths[0].stem)
    return (
        dataclasses.replace(
            document,
            title=title,
            page_count=pdf.raw.page_count if pdf else None,
            page_labels=pdf.raw.page_labels if pdf else (),
            outline_source=parsed[0].raw.outline_source,  # the PDF's where there is one
            warnings=tuple(f"{Path(p.raw.path).name}: {w}" for p in parsed for w in p.raw.warnings),
        ),
        merged,
    )


def _retag(
    doc_ids: list[str], index_dir: Path, enricher: Enricher
) -> list[tuple[Document, list[Section]]]:
    out = []
    for doc_id in doc_ids:
        document = search_index.get_document(index_dir, doc_id)
        if document is not None:
            out.append(enricher.enrich(document, search_index.read_sections(index_dir, doc_id)))
    return out


def _with_unchanged(
    unchanged: list[str], index_dir: Path, documents: list[Document], sections: list[Section]
) -> tuple[list[Document], list[Section]]:
    """A rebuild writes everything, including documents whose files did not change."""
    for doc_id in unchanged:
        document = search_index.get_document(index_dir, doc_id)
        if document is not None:
            documents.append(document)
            sections.extend(search_index.read_sections(index_dir, doc_id))
    return documents, sections


def _fingerprint(group: DocumentFiles, config: str) -> dict[str, Any]:
    return {
        "files": {str(p): _sha256(p) for p in group.paths},
        "entry": hashlib.sha256(repr(group.document).encode()).hexdigest()[:16],
        "version": PIPELINE_VERSION,
        "config": config,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _config_hash(settings: Settings) -> str:
    """Tagging depends on these files: when they change, stored sections are re-tagged."""
    digest = hashlib.sha256()
    for path in (settings.objectives_file, settings.overrides_file, _links_file(settings)):
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


def _links_file(settings: Settings) -> Path:
    from ingest.commitment_links import links_file  # analysts' judgements on commitment links

    return links_file(settings.corpus_dir)


def _load_manifest(index_dir: Path) -> dict[str, Any]:
    path = index_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")).get("documents", {}))
    except (json.JSONDecodeError, AttributeError):
        log.warning("%s is unreadable; every document will be ingested again", path)
        return {}


def _save_manifest(index_dir: Path, manifest: dict[str, Any]) -> None:
    path = index_dir / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"documents": manifest}, indent=1, sort_keys=True), "utf-8")
    os.replace(tmp, path)


@contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """Create the index folder; a failure to write in it (permissions, a read-only or full
    disk) becomes a one-line IndexNotWritable instead of a traceback."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as exc:
        name = exc.filename
        if name is None or not Path(os.fsdecode(name)).absolute().is_relative_to(
            index_dir.absolute()
        ):
            raise
        raise not_writable(index_dir, exc) from exc


def _not_files(roots: list[Path]) -> list[Rejected]:
    """Entries named like documents that a folder scan cannot read: a folder called
    ``x.pdf``, a symbolic link that loops or leads nowhere. Reported, not skipped silently."""
    out = []
    for root in roots:
        if not root.is_dir():
            continue
        for entry in sorted(root.rglob("*")):
            if entry.suffix.lower() not in READERS or any(
                part.startswith(".") for part in entry.relative_to(root).parts
            ):
                continue
            if entry.is_symlink() and not entry.exists():
                out.append(Rejected(entry, "a symbolic link that loops or leads nowhere"))
            elif entry.is_dir():
                out.append(Rejected(entry, "a folder named like a document; not read"))
    return out
