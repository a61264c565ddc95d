"""What a PDF says about itself beyond /Title and /Author: dates, producer and its XMP packet.

The document information dictionary and the XMP packet (the catalog's /Metadata stream) are
read here so that :mod:`ingest.metadata` can weigh them against what the pages print. Values
come back as plain strings under namespaced keys (``xmp:title``, ``pdf:created``, ...): the
reader's ``RawDocument.metadata`` carries them to the inference step.

Nothing here may cost the document: a broken or hostile metadata stream is ignored.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1

from ingest.textnorm import normalise

log = logging.getLogger(__name__)

# An XMP packet is a few kilobytes; anything this large is not one worth reading.
MAX_XMP_BYTES = 1 << 20
_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# PRISM has been published under several namespace versions; match on the prefix.
_PRISM = "http://prismstandard.org/namespaces/"
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_XMP_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def pdf_date(value: str) -> str:
    """'D:20160824142030+10'00'' -> '2016-08-24'; '' when the value is not a PDF date."""
    return _iso(_PDF_DATE.match(value.strip()))


def xmp_date(value: str) -> str:
    """'2016-08-24T14:20:30+10:00' -> '2016-08-24'; '' when not a date."""
    return _iso(_XMP_DATE.match(value.strip()))


def _iso(match: re.Match[str] | None) -> str:
    if not match or not 1400 < int(match.group(1)) < 2200:
        return ""
    parts = [p for p in match.groups() if p]
    if len(parts) > 1 and not 1 <= int(parts[1]) <= 12:
        parts = parts[:1]
    return "-".join(parts)


def _text(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, bytes):
        bom = value[:2] in (b"\xfe\xff", b"\xff\xfe")
        value = value.decode("utf-16" if bom else "latin-1", errors="replace")
    return normalise(value) if isinstance(value, str) else ""


def info_facts(info: dict[str, Any]) -> dict[str, str]:
    """Creation date, creator and producer from the document information dictionary."""
    lowered = {str(k).lower(): v for k, v in info.items()}
    facts = {
        "pdf:created": pdf_date(_text(lowered.get("creationdate"))),
        "pdf:creator": _text(lowered.get("creator")),
        "pdf:producer": _text(lowered.get("producer")),
    }
    return {k: v for k, v in facts.items() if v}


def parse_xmp(packet: bytes) -> dict[str, str]:
    """Title, creators, publisher and dates from an XMP packet; {} when it cannot be read."""
    if len(packet) > MAX_XMP_BYTES or b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        return {}
    start = packet.find(b"<x:xmpmeta")
    if start < 0:
        start = packet.find(b"<rdf:RDF")
    end_tag = b"</x:xmpmeta>" if packet[start : start + 10] == b"<x:xmpmeta" else b"</rdf:RDF>"
    end = packet.rfind(end_tag)
    if start < 0 or end < 0:
        return {}
    try:
        root = ET.fromstring(packet[start : end + len(end_tag)])
    except ET.ParseError:
        return {}
    found: dict[str, str] = {}
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for name, value in _properties(description):
            found.setdefault(name, value)
    facts = {
        "xmp:title": found.get("dc:title", ""),
        "xmp:creator": found.get("dc:creator", ""),
        "xmp:publisher": found.get("dc:publisher", ""),
        "xmp:date": xmp_date(
            found.get("prism:publicationDate")
            or found.get("prism:coverDate")
            or found.get("dc:date", "")
        ),
        "xmp:created": xmp_date(found.get("xmp:CreateDate", "")),
        "xmp:creator-tool": found.get("xmp:CreatorTool", ""),
        "xmp:isbn": found.get("prism:isbn", ""),
    }
    return {k: normalise(v) for k, v in facts.items() if normalise(v)}


def _short(tag: str) -> str:
    """'{http://purl.org/dc/elements/1.1/}title' -> 'dc:title' (None for other namespaces)."""
    uri, _, local = tag[1:].partition("}")
    for prefix, namespace in _NS.items():
        if uri == namespace:
            return f"{prefix}:{local}"
    return f"prism:{local}" if uri.startswith(_PRISM) else ""


def _properties(description: ET.Element) -> list[tuple[str, str]]:
    """(name, value) for each property, whether written as attributes or as elements.

    Lists (rdf:Seq, rdf:Bag) are joined with '; '; language alternatives (rdf:Alt) give the
    x-default entry, else the first.
    """
    out = [(_short(k), v) for k, v in description.attrib.items() if k.startswith("{")]
    for element in description:
        items = element.findall(f"./*/{{{_NS['rdf']}}}li")
        if items:
            default = [li for li in items if li.get(_XML_LANG) == "x-default"]
            if element.find(f"{{{_NS['rdf']}}}Alt") is not None:
                chosen = default[:1] or items[:1]
            else:
                chosen = items
            value = "; ".join(t for li in chosen if (t := "".join(li.itertext()).strip()))
        else:
            value = (element.text or "").strip()
        out.append((_short(element.tag), value))
    return [(name, value) for name, value in out if name and value]


def xmp_packet(catalog: dict[str, Any]) -> bytes:
    """The bytes of the catalog's /Metadata stream, or b'' when there is none (or too big)."""
    stream = resolve1(catalog.get("Metadata"))
    if not isinstance(stream, PDFStream):
        return b""
    length = resolve1(stream.attrs.get("Length", 0))
    if isinstance(length, int) and length > MAX_XMP_BYTES:
        return b""
    return bytes(stream.get_data())


def file_facts(info: dict[str, Any], catalog: dict[str, Any]) -> dict[str, str]:
    """Everything above for one open PDF; never raises (a bad stream gives fewer facts)."""
    facts: dict[str, str] = {}
    try:
        facts.update(info_facts(info))
    except Exception as exc:  # metadata must never cost the document
        log.debug("ignoring unreadable document information: %s", exc)
    try:
        facts.update(parse_xmp(xmp_packet(catalog)))
    except Exception as exc:
        log.debug("ignoring unreadable XMP metadata: %s", exc)
    return facts


# A page number at either end of a running line: "12 | Title", "Title — page 2", "Title 3/40".
_PAGE_WORDS = re.compile(
    r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?(?:\s+|\s*[-–—|·•]\s*)"
    r"|(?:\s+|\s*[-–—|·•]\s*)(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$",
    re.IGNORECASE,
)


def running_head(removed: list[str]) -> dict[str, str]:
    """The running header or footer that names the document ("Sample Agreement — page 2"),
    from the page-edge lines the furniture pass removed: the commonest one of a few words,
    without its page number. {} when no such line repeats."""
    counts: dict[str, int] = {}
    for text in removed:
        name = _PAGE_WORDS.sub(" ", text)
        name = re.sub(r"\s+", " ", name).strip(" -–—|·•,")
        if 2 <= len(name.split()) <= 16 and sum(c.isalpha() for c in name) >= 6:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return {}
    best, seen = max(counts.items(), key=lambda kv: kv[1])
    return {"pdf:running-head": best} if seen >= 2 else {}
