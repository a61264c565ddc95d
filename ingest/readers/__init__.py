"""Readers turn one file into a :class:`RawDocument`. One reader per format, chosen by suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.errors import EmptyDocument, UnsupportedFormat
from ingest.model import RawDocument

Reader = Callable[[Path], RawDocument]


def _pdf(path: Path) -> RawDocument:
    from ingest.readers.pdf import read_pdf

    return read_pdf(path)


def _rtf(path: Path) -> RawDocument:
    from ingest.readers.rtf import read_rtf

    return read_rtf(path)


READERS: dict[str, Reader] = {".pdf": _pdf, ".rtf": _rtf}


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read(path: Path) -> RawDocument:
    """Read ``path`` with the reader for its suffix; raise an IngestError subclass on failure."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(
            f"unsupported format {path.suffix or '(no suffix)'}: only PDF and RTF"
        )
    if path.stat().st_size == 0:
        raise EmptyDocument()
    return reader(path)
