"""Draft ``catalogue.toml`` entries for files that have none, from what the files print.

``healthsearch catalogue --draft`` prints one ``[[document]]`` table per uncatalogued document
with the values :mod:`ingest.metadata` inferred, each followed by a comment saying where it
came from, so that a person checks them against the document and pastes them into
``corpus/catalogue.toml``. Files are parsed in worker processes with the ingest's time and
memory limits: a hostile file gets a comment with its reason, not a hung command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.catalogue import DocumentFiles, discover, group_files, load_catalogue
from ingest.metadata import FIELDS, complete, merge
from ingest.model import Inferred
from ingest.readers import supported
from ingest.settings import Settings

# How each source reads in the comment beside a drafted value.
SOURCE_NOTES = {
    "cover": "cover",
    "imprint": "imprint",
    "xmp": "XMP metadata",
    "pdf-info": "PDF document information",
    "rtf-info": "RTF document information",
    "filename": "file name: nothing better is printed, check",
}


COMMENT_COLUMN = 60


@dataclass(frozen=True)
class Draft:
    entries: tuple[str, ...]  # TOML text of each drafted [[document]]
    catalogued: tuple[str, ...]  # ids of documents named that already have an entry
    unreadable: tuple[tuple[str, str], ...]  # (file, reason)

    def toml(self) -> str:
        head = [
            "# Drafted by `healthsearch catalogue --draft` from the files themselves.",
            "# Check every value against the document before pasting into catalogue.toml.",
        ]
        head += [f"# already catalogued: {doc_id}" for doc_id in self.catalogued]
        head += [f"# not drafted: {name}: {reason}" for name, reason in self.unreadable]
        return "\n".join(head) + "\n" + "".join(f"\n{entry}" for entry in self.entries)


def catalogue_groups(settings: Settings, paths: list[Path] | None = None) -> list[DocumentFiles]:
    """The documents ``paths`` (default: the corpus folder) make, catalogued or not."""
    files = [p for p in discover(paths or [settings.corpus_dir]) if supported(p)]
    return group_files(files, load_catalogue(settings.catalogue_file), settings.corpus_dir)


def draft(settings: Settings, paths: list[Path] | None = None) -> Draft:
    """Entries for the documents under ``paths`` that have no catalogue entry."""
    from ingest.workers import Limits, Parsed, parse_all

    groups = catalogue_groups(settings, paths)
    todo = [g for g in groups if not g.catalogued]
    jobs = [(path, g.document.id) for g in todo for path in g.paths]
    limits = Limits(seconds=settings.parse_timeout, memory_mb=settings.parse_memory_mb)
    outcomes = {o.path: o for o in parse_all(jobs, workers=settings.workers, limits=limits)}
    entries: list[str] = []
    unreadable: list[tuple[str, str]] = []
    for group in todo:
        parsed = [o for p in group.paths if isinstance(o := outcomes.get(p), Parsed)]
        for path in group.paths:
            outcome = outcomes.get(path)
            if not isinstance(outcome, Parsed):
                reason = getattr(outcome, "reason", "not parsed")
                unreadable.append((path.name, reason))
        if parsed:
            parsed.sort(key=lambda p: p.raw.format != "pdf")  # the PDF first, as ingest
            entries.append(entry(group, merge([p.raw.inferred for p in parsed])))
    return Draft(
        entries=tuple(entries),
        catalogued=tuple(g.document.id for g in groups if g.catalogued),
        unreadable=tuple(unreadable),
    )


def entry(group: DocumentFiles, inferred: tuple[Inferred, ...]) -> str:
    """One ``[[document]]`` table: id, the inferred values with their sources, files."""
    document = complete(group.document, inferred)
    found = {i.field: i for i in inferred}
    rows: list[tuple[str, str]] = [(f"id = {_toml(document.id)}", "")]
    for name in FIELDS:
        value = getattr(document, name)
        if not value:
            continue
        item = found.get(name)
        comment = ""
        if item is not None:
            comment = f"# {SOURCE_NOTES.get(item.source, item.source)}"
            if item.evidence and item.source in ("cover", "imprint") and name != "title":
                comment += f": {_quote(item.evidence)}"
            elif item.evidence:
                comment += f": {item.evidence}"
        rows.append((f"{name} = {_toml(value)}", comment))
    outside = [f for f in document.files if Path(f).is_absolute()]
    names = [Path(f).name if f in outside else f for f in document.files]
    note = "# copy the file into the corpus folder first" if outside else ""
    rows.append((f"files = [{', '.join(_toml(f) for f in names)}]", note))
    # Comments line up beside short values; a long value has its comment on the line above.
    width = max((len(text) for text, _ in rows if len(text) <= COMMENT_COLUMN), default=0)
    lines = ["[[document]]"]
    for text, comment in rows:
        if comment and len(text) > COMMENT_COLUMN:
            lines += [comment, text]
        else:
            lines.append(f"{text:<{width}}  {comment}".rstrip() if comment else text)
    return "\n".join(lines) + "\n"


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _quote(evidence: str) -> str:
    text = " ".join(evidence.split())
    return f'"{text[:77]}..."' if len(text) > 80 else f'"{text}"'
