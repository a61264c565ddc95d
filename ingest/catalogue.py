"""The corpus catalogue: which files make up which document, and what to cite it as.

``corpus/catalogue.toml`` holds one ``[[document]]`` table per document. Files that no entry
names still ingest: a document per file stem (a PDF and an RTF with the same stem are one
document), with its id slugified from the stem and its title taken from the file later.
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ingest.model import Document

log = logging.getLogger(__name__)

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(stem: str) -> str:
    """'Health Inequalities Strategy (2010)' -> 'health-inequalities-strategy-2010'."""
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-") or "document"


@dataclass(frozen=True)
class DocumentFiles:
    """One document to ingest: its catalogue entry (or a bare id) and the files behind it."""

    document: Document
    paths: tuple[Path, ...]
    catalogued: bool


class CatalogueError(ValueError):
    """The catalogue file cannot be used; the message says where and why."""


def load_catalogue(path: Path) -> list[Document]:
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc
    documents = []
    for number, entry in enumerate(data.get("document", []), start=1):
        if "id" not in entry or "files" not in entry:
            raise CatalogueError(f"{path}: [[document]] number {number} needs an id and files")
        documents.append(
            Document(
                id=str(entry["id"]),
                title=str(entry.get("title", "")),
                files=tuple(str(f) for f in entry["files"]),
                doc_type=str(entry.get("type", "")),
                issued=str(entry.get("issued", "")),
                author=str(entry.get("author", "")),
                publisher=str(entry.get("publisher", "")),
                place=str(entry.get("place", "")),
                isbn=str(entry.get("isbn", "")),
                url=_web_url(str(entry.get("url", "")), path, number),
                edition=str(entry.get("edition", "")),
                note=str(entry.get("note", "")),
                short_title=str(entry.get("short_title", "")),
                sentence_title=str(entry.get("sentence_title", "")),
                series=str(entry.get("series", "")),
                number=str(entry.get("number", "")),
            )
        )
    return documents


def _web_url(url: str, path: Path, number: int) -> str:
    """The entry's URL if it is a web address; pages link to it and citations print it, so a
    ``javascript:`` or ``file:`` URL is dropped with a warning."""
    url = url.strip()
    if not url or urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    log.warning(
        "%s: [[document]] number %d: ignoring url %r (only http and https)", path, number, url[:80]
    )
    return ""


# Configuration and notes that live beside the documents: not documents, never reported.
_NOT_DOCUMENTS = {".toml", ".md", ".json", ".txt", ".py", ".gitkeep"}


def discover(paths: list[Path]) -> list[Path]:
    """Files to ingest under ``paths``: named files always, folders searched recursively.

    Folder scans skip hidden files and the corpus's own configuration; anything else that is
    not PDF or RTF is returned so that the run can report it as unsupported.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() not in _NOT_DOCUMENTS
            )
        else:
            found.add(path)
    return sorted(p.resolve() for p in found)


def group_files(
    files: list[Path], catalogue: list[Document], corpus_dir: Path
) -> list[DocumentFiles]:
    """Group files into documents: catalogue entries first, then one document per stem."""
    corpus_dir = corpus_dir.resolve()
    wanted = set(files)
    claimed: set[Path] = set()
    groups: list[DocumentFiles] = []
    for doc in catalogue:
        paths = [(corpus_dir / name).resolve() for name in doc.files]
        present = tuple(p for p in paths if p in wanted)
        claimed.update(present)
        if present:
            groups.append(DocumentFiles(doc, present, catalogued=True))
    taken = {g.document.id for g in groups}
    by_stem: dict[tuple[Path, str], list[Path]] = {}
    for path in files:
        if path not in claimed:
            by_stem.setdefault((path.parent, slugify(path.stem)), []).append(path)
    for (_, stem), paths in sorted(by_stem.items()):
        doc_id = _unique(stem, taken)
        taken.add(doc_id)
        names = tuple(_relative(p, corpus_dir) for p in paths)
        document = Document(id=doc_id, title="", files=names)
        groups.append(DocumentFiles(document, tuple(paths), catalogued=False))
    return groups


def _unique(doc_id: str, taken: set[str]) -> str:
    candidate, n = doc_id, 2
    while candidate in taken:
        candidate, n = f"{doc_id}-{n}", n + 1
    return candidate


def _relative(path: Path, corpus_dir: Path) -> str:
    try:
        return str(path.relative_to(corpus_dir))
    except ValueError:
        return str(path)
