"""The outside producers: LibreOffice, Ghostscript, Chromium; and the last step every PDF
goes through (fixed dates and document id, so a rebuild differs only where the producer
itself is not deterministic)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

TAGGED = {
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
}
UNTAGGED = {
    "ExportBookmarks": {"type": "boolean", "value": "false"},
    "UseTaggedPDF": {"type": "boolean", "value": "false"},
}
FIXED_DATE = "D:20240601090000Z"


def soffice_pdf(src: Path, out: Path, options: Mapping[str, object]) -> Path:
    """Convert ``src`` (DOCX/ODT/...) to ``out`` with LibreOffice's PDF export ``options``."""
    return _soffice(src, out, "pdf:writer_pdf_Export:" + json.dumps(options), "pdf")


def _soffice(src: Path, out: Path, convert_to: str, suffix: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                convert_to,
                "--outdir",
                str(work),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(work / f"{src.stem}.{suffix}", out)
    return out


def distil(src: Path, out: Path, docinfo: dict[str, str]) -> Path:
    """Re-make a PDF with Ghostscript's pdfwrite, stamping ``docinfo`` as Distiller would:
    structure tags and bookmarks do not survive, fonts are re-subset. (A true PostScript
    round trip, pdftops or ps2write then ps2pdf, loses the Unicode mapping of LibreOffice's
    CID fonts, and LibreOffice's --print-to-file needs a CUPS printer.)"""
    pairs = " ".join(f"/{k} ({_ps_string(v)})" for k, v in docinfo.items())
    subprocess.run(
        [
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=pdfwrite",
            "-dCompatibilityLevel=1.4",
            "-dPDFSETTINGS=/printer",
            f"-sOutputFile={out}",
            str(src),
            "-c",
            f"[ {pairs} /DOCINFO pdfmark",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def _ps_string(value: str) -> str:
    return re.sub(r"([()\\])", r"\\\1", value)


def chromium_pdf(html: Path, out: Path) -> Path:
    """Print ``html`` with headless Chromium (the page's own @page size, no header/footer)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp}",
                "--no-pdf-header-footer",
                "--virtual-time-budget=5000",
                f"--print-to-pdf={out}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out


def finish(src: Path, out: Path, info: dict[str, str] | None = None) -> Path:
    """Copy ``src`` to ``out`` with fixed dates (and ``info`` entries set), recompressed."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(src)
    writer = PdfWriter(clone_from=reader)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    meta.update({"/CreationDate": FIXED_DATE, "/ModDate": FIXED_DATE})
    meta.update(info or {})
    writer.metadata = None
    writer.add_metadata(meta)
    if "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]  # XMP repeats the build time
    for page in writer.pages:
        page.compress_content_streams()
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
        writer.write(tmp)
    subprocess.run(
        ["qpdf", "--deterministic-id", "--object-streams=generate", tmp.name, str(out)],
        check=True,
        capture_output=True,
    )
    Path(tmp.name).unlink()
    return out
