"""Small PDFs written byte by byte, for the defects a PDF library will not write on purpose
(an ICC colour space without /N, glyphs without a Unicode mapping)."""

from __future__ import annotations


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object N (1-based) is ``objects[N-1]``; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_page_pdf(
    lines: list[str], resources_extra: bytes = b"", objects_extra: list[bytes] | None = None
) -> bytes:
    """One A4 page of Helvetica text lines; ``resources_extra`` goes into its /Resources and
    ``objects_extra`` are appended as objects 6, 7, ..."""
    ops = [b"BT /F1 12 Tf 72 770 Td 16 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> " + resources_extra + b">> >>",
            stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            *(objects_extra or []),
        ]
    )


def bad_icc_pdf(lines: list[str]) -> bytes:
    """Text on a page whose resources hold an ICCBased colour space without its required /N:
    pdfminer raises KeyError on it (pdfminer.six issue 1079), pdfium reads the page."""
    return text_page_pdf(
        lines,
        resources_extra=b"/ColorSpace << /CS0 [/ICCBased 6 0 R] >> ",
        objects_extra=[stream(b"not an icc profile")],
    )


def unmapped_glyphs_pdf(lines: list[str], unmapped: str = "#") -> bytes:
    """Text whose ``unmapped`` character is drawn with a glyph named nothing Unicode knows
    (a font re-encoded with made-up glyph names and no ToUnicode map)."""
    code = ord(unmapped)
    return text_page_pdf(lines).replace(
        b"/Encoding /WinAnsiEncoding",
        b"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding "
        b"/Differences [%d /glyph%d] >>" % (code, code),
    )
