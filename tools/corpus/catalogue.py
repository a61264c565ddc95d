"""Read the bibliographic facts the renderers print (author, publisher, ISBN) from the catalogue."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

NOTICE = "Sample edition written for this project; not the official text"


@dataclass(frozen=True)
class DocMeta:
    """What the cover, imprint and file metadata need beyond the source text."""

    doc_id: str
    author: str = "Greater London Authority"
    publisher: str = "Greater London Authority"
    place: str = "London"
    issued: str = ""
    doc_type: str = "report"
    isbn: str | None = None
    title: str | None = None
    files: tuple[str, ...] = ()


def load_catalogue(path: Path) -> dict[str, DocMeta]:
    """Entries by id; a missing catalogue gives an empty mapping so tests can render alone."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, DocMeta] = {}
    for entry in data.get("document", []):
        entries[entry["id"]] = DocMeta(
            doc_id=entry["id"],
            author=entry.get("author", DocMeta.author),
            publisher=entry.get("publisher", DocMeta.publisher),
            place=entry.get("place", DocMeta.place),
            issued=entry.get("issued", ""),
            doc_type=entry.get("type", DocMeta.doc_type),
            isbn=entry.get("isbn"),
            title=entry.get("title"),
            files=tuple(entry.get("files", ())),
        )
    return entries


def catalogue_order(path: Path) -> list[str]:
    """Ids in the order the catalogue lists them, so the golden file follows it."""
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [entry["id"] for entry in data.get("document", [])]
