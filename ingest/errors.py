"""The exceptions the write path raises. Each carries a one-line reason a person understands."""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be ingested. ``str(exc)`` is the one-line reason shown to the user."""

    reason = "could not be read"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.reason)


class UnsupportedFormat(IngestError):
    reason = "unsupported format"


class EmptyDocument(IngestError):
    reason = "empty file (0 bytes)"


class NotAPdf(IngestError):
    reason = "not a PDF (no PDF structure found)"


class EncryptedDocument(IngestError):
    reason = "encrypted: needs a password"


class TruncatedDocument(IngestError):
    reason = "truncated or damaged: the file ends early"


class CorruptDocument(IngestError):
    reason = "damaged: the file could not be parsed"


class NoTextLayer(IngestError):
    reason = "no text layer (scanned images?): needs OCR first"


class NoText(IngestError):
    reason = "contains no text"


class IngestLocked(IngestError):
    reason = "another ingest is writing to this index; try again when it finishes"


class NoIndex(FileNotFoundError):
    """The index folder holds no search index (yet): the reader's one-line reason."""

    def __init__(self, index_dir: object) -> None:
        super().__init__(f"no search index in {index_dir}; run `healthsearch ingest` first")
        self.index_dir = index_dir


class IndexNotWritable(IngestError):
    reason = "cannot write to the index folder"
