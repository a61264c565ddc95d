"""The PDF reader: one pdfplumber pass per page, then layout, furniture removal and blocks.

Errors from pdfplumber/pdfminer are translated here, at the boundary, into the IngestError
family with a one-line reason.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFNoPageLabels, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    IngestError,
    NotAPdf,
    NoText,
    NoTextLayer,
    TruncatedDocument,
)
from ingest.model import Block, RawDocument
from ingest.readers.pdf_blocks import body_size, build_blocks, normal_gap
from ingest.readers.pdf_furniture import labels_from_numbers, mark_contents, remove_furniture
from ingest.readers.pdf_info import file_facts, running_head
from ingest.readers.pdf_layout import Line, page_lines
from ingest.readers.pdf_notes import mark_notes
from ingest.textnorm import normalise, word_forms

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
METADATA_KEYS = ("title", "author", "subject", "keywords")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:100]}" if text else type(exc).__name__


def _translate(exc: Exception, path: Path) -> IngestError:
    """The IngestError for a pdfplumber/pdfminer failure (pdfplumber wraps the cause)."""
    cause: BaseException = exc
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        cause = exc.args[0]
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedDocument()
    if isinstance(cause, PSEOF):
        return TruncatedDocument()
    if "No /Root object" in str(cause):
        # pdfminer cannot find the document catalog: a cut-off file (no %%EOF at its end)
        # or something that only starts like a PDF.
        with path.open("rb") as fh:
            fh.seek(max(0, path.stat().st_size - 1024))
            tail = fh.read()
        if b"%%EOF" not in tail:
            return TruncatedDocument()
        return NotAPdf("not a PDF: no document catalog (/Root) found")
    return CorruptDocument(f"damaged: the file could not be parsed ({_reason(cause)})")


def _check_header(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        raise EmptyDocument()
    if b"%PDF" not in head:
        raise NotAPdf()


def _metadata(raw: dict[str, Any]) -> dict[str, str]:
    meta: dict[str, str] = {}
    lowered = {str(k).lower(): v for k, v in raw.items()}
    for key in METADATA_KEYS:
        value = lowered.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-16" if value[:2] in (b"\xfe\xff", b"\xff\xfe") else "latin-1")
        if isinstance(value, str) and normalise(value):
            meta[key] = normalise(value)
    return meta


def _pdf_labels(pdf: pdfplumber.PDF, count: int) -> tuple[str, ...] | None:
    """Labels from the PDF's /PageLabels, or None when it has none (or broken ones)."""
    try:
        # The iterator is endless (labels continue past the last page): slice it.
        labels = tuple(str(x) for x in itertools.islice(pdf.doc.get_page_labels(), count))
    except PDFNoPageLabels:
        return None
    except Exception as exc:  # a malformed label tree must not cost the document
        log.warning("ignoring unreadable page labels: %s", _reason(exc))
        return None
    if len(labels) != count or not any(labels):
        return None
    return labels


@dataclass(frozen=True)
class PdfChunk:
    """The expensive part of reading a PDF, for a run of pages: lines per page.

    Chunks of one file can be read in parallel and put together by :func:`assemble_pdf`.
    """

    start: int  # 0-based index of the first page read
    count: int  # pages in the whole document
    pages: tuple[tuple[Line, ...], ...]
    boxes: tuple[Box, ...]
    with_images: int  # pages with images and no text
    failed: int  # pages that could not be parsed
    metadata: dict[str, str] = field(default_factory=dict)  # from the chunk at page 0 only
    labels: tuple[str, ...] | None = None  # likewise


def _read_pages(pdf: pdfplumber.PDF, path: Path, start: int, stop: int) -> PdfChunk:
    pages: list[tuple[Line, ...]] = []
    boxes: list[Box] = []
    with_images = failed = 0
    for number in range(start + 1, stop + 1):
        page = pdf.pages[number - 1]
        try:
            box: Box = tuple(page.bbox)  # type: ignore[assignment]
            words = page.extract_words(
                extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False
            )
            lines = page_lines(words, number, box)
            if not lines and page.images:
                with_images += 1
            pages.append(tuple(lines))
            boxes.append(box)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            if exc.args and isinstance(exc.args[0], MemoryError):
                raise MemoryError from exc  # pdfplumber wraps it: the limit, not a bad page
            # One unparseable page should not cost the rest of the document.
            failed += 1
            log.warning("%s: page %d could not be read: %s", path.name, number, _reason(exc))
            pages.append(())
            boxes.append((0.0, 0.0, 0.0, 0.0))
        finally:
            page.close()  # without this memory grows by megabytes per page
    return PdfChunk(start, len(pdf.pages), tuple(pages), tuple(boxes), with_images, failed)


def count_pages(path: Path) -> int:
    """How many pages the PDF has (raises the same errors as :func:`read_pdf`)."""
    return read_pdf_chunk(path, 0, 0).count


def read_pdf_chunk(path: Path, start: int = 0, stop: int | None = None) -> PdfChunk:
    """Lines of pages ``start`` (0-based) up to ``stop`` (default: the last page)."""
    path = Path(path)
    _check_header(path)
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        raise _translate(exc, path) from exc
    try:
        try:
            count = len(pdf.pages)
            chunk = _read_pages(pdf, path, start, count if stop is None else min(stop, count))
            if start == 0:
                chunk = replace(
                    chunk,
                    # Dates, producer and XMP for ingest.metadata (issue 11).
                    metadata=_metadata(pdf.metadata) | file_facts(pdf.metadata, pdf.doc.catalog),
                    labels=_pdf_labels(pdf, count),
                )
        except PdfminerException as exc:
            raise _translate(exc, path) from exc
    finally:
        pdf.close()
    return chunk


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF into blocks in reading order, without page furniture or contents pages.

    Raises EmptyDocument, NotAPdf, EncryptedDocument, TruncatedDocument, CorruptDocument,
    NoTextLayer (images but no text: a scan) or NoText.
    """
    return assemble_pdf(path, [read_pdf_chunk(path)])


def assemble_pdf(path: Path, chunks: list[PdfChunk]) -> RawDocument:
    """Put the chunks of one PDF together: furniture, contents pages, blocks, labels.

    This pass needs every page at once (running headers are found by repetition), and costs a
    few per cent of the page reading that the chunks did.
    """
    path = Path(path)
    chunks = sorted(chunks, key=lambda c: c.start)
    first = chunks[0]
    count = first.count
    pages = [list(lines) for c in chunks for lines in c.pages]
    boxes = [box for c in chunks for box in c.boxes]
    if len(pages) != count:
        raise CorruptDocument(f"damaged: read {len(pages)} of {count} pages")
    if count == 0:
        raise CorruptDocument("damaged: no readable pages")
    if sum(c.failed for c in chunks) == count:
        raise CorruptDocument(f"damaged: none of the {count} pages could be parsed")
    if not any(pages):
        if sum(c.with_images for c in chunks):
            where = "its only page" if count == 1 else f"any of its {count} pages"
            raise NoTextLayer(f"no text layer on {where} (scanned?): run OCR first")
        raise NoText()
    furniture = remove_furniture(pages, boxes)
    body_pages = mark_contents(furniture.pages)
    body = body_size(ln for lines in body_pages for ln in lines)
    gap = normal_gap(body_pages, body)
    split_gap = gap + max(2.0, 0.35 * body)
    vocabulary = word_forms(ln.text for lines in body_pages for ln in lines)
    blocks: list[Block] = []
    for lines, box in zip(body_pages, boxes, strict=True):
        blocks.extend(build_blocks(lines, body, split_gap, box, vocabulary))
    blocks = mark_notes(blocks, body)  # note calls off the words; the notes that answer them
    labels = first.labels
    if labels is None:
        labels = labels_from_numbers(furniture.printed_numbers, count)
    log.debug("%s: %d pages, %d blocks, body %.1fpt", path.name, count, len(blocks), body)
    return RawDocument(
        path=str(path),
        format="pdf",
        blocks=tuple(blocks),
        page_count=count,
        page_labels=labels,
        # The running head names the document where nothing else does (issue 11).
        metadata=first.metadata | running_head(_removed(pages, furniture.pages)),
    )


def _removed(before: list[list[Line]], after: list[list[Line]]) -> list[str]:
    """Text of the page-edge lines the furniture pass dropped."""
    out: list[str] = []
    for lines, kept in zip(before, after, strict=True):
        ids = {id(line) for line in kept}
        out.extend(line.text for line in lines if id(line) not in ids)
    return out
