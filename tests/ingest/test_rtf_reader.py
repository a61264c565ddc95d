"""The RTF reader: structure (headings, tables, lists, footnotes), characters, and refusals.

Every test writes its RTF into ``tmp_path``. The golden outlines in tests/golden/rtf_outlines/
are rewritten with ``REGEN_GOLDEN=1 .venv/bin/pytest tests/ingest/test_rtf_reader.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ingest.errors import (
    CorruptDocument,
    EmptyDocument,
    IngestError,
    NoText,
    TruncatedDocument,
    UnsupportedFormat,
)
from ingest.model import Block, RawDocument
from ingest.readers import read
from ingest.readers.rtf import read_rtf
from ingest.settings import PROJECT_ROOT

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "rtf_outlines"

FONTS = (
    r"{\fonttbl{\f0\froman\fcharset0\fprq2 Times New Roman;}{\f1\fswiss\fcharset0 Arial;}"
    r"{\f2\froman\fcharset238 Times New Roman CE;}{\f3\ftech\fcharset2\fprq2 Symbol;}"
    r"{\f4\froman\fcharset204 Times New Roman Cyr;}}"
)
STYLES = (
    r"{\stylesheet{\ql\f0\fs24 Normal;}"
    r"{\s1\ql\keepn\outlinelevel0\b\f1\fs32\sbasedon0\snext0 heading 1,H1;}"
    r"{\s2\ql\keepn\b\f1\fs28\sbasedon0\snext0 heading 2;}"
    r"{\s3\ql\keepn\outlinelevel2\b\i\f1\fs24\sbasedon0\snext0 \'dcberschrift 3;}"
    r"{\s4\ql\fs20 Titre 2;}"
    r"{\s9\ql\fs24 toc 1;}{\s10\ql\fs20 footnote text;}{\s17\ql\b\fs18 caption;}"
    r"{\*\cs11\super footnote reference;}{\*\cs12\b heading 1 Char;}}"
)


def rtf(body: str, *, cpg: int = 1252, info: str = "", head: str = FONTS + STYLES) -> str:
    """A Word-shaped RTF document around ``body``."""
    return (
        rf"{{\rtf1\ansi\ansicpg{cpg}\uc1\deff0{head}{{\colortbl;\red0\green0\blue0;}}"
        rf"{info}\paperw11906\paperh16838\sectd {body}}}"
    )


def para(text: str, style: str = r"\ql") -> str:
    return rf"\pard\plain\f0\fs24{style} {text}\par" + "\n"


def write(tmp_path: Path, content: str, name: str = "doc.rtf") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    return path


def outline(doc: RawDocument) -> list[tuple[str, int | None]]:
    return [(b.text, b.heading_level) for b in doc.blocks if b.heading_level is not None]


def texts(doc: RawDocument, kind: str | None = None) -> list[str]:
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


# ---- structure ----------------------------------------------------------------------------


def test_heading_styles_and_outline_levels_give_certain_levels(tmp_path: Path) -> None:
    body = (
        para("Better health for all Londoners", r"\s1\outlinelevel0\b\f1\fs32")
        + para("The Mayor's role", r"\s2\b\f1\fs28")  # level from the style name only
        + para("Income and health", r"\s3\outlinelevel2\b\i")  # localised name, outline level
        + para("Objectif 2", r"\s4")  # French "Titre 2"
        + para("A paragraph with an explicit level", r"\outlinelevel1")
        + para("Body text about health inequalities in London.")
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert outline(doc) == [
        ("Better health for all Londoners", 1),
        ("The Mayor's role", 2),
        ("Income and health", 3),
        ("Objectif 2", 2),
        ("A paragraph with an explicit level", 2),
    ]
    assert doc.blocks[-1].heading_level is None and doc.blocks[-1].kind == "para"
    assert doc.format == "rtf" and doc.page_count is None and doc.page_labels == ()
    assert all(b.page is None for b in doc.blocks)


def test_a_style_that_sets_only_the_heading_size_still_gives_its_typography(
    tmp_path: Path,
) -> None:
    # Some writers rely on the stylesheet instead of repeating \b\fs in the paragraph.
    body = r"\pard\s1 Objective one\par" + para("Body.")
    doc = read_rtf(write(tmp_path, rtf(body)))
    heading = doc.blocks[0]
    assert (heading.heading_level, heading.bold, heading.size) == (1, True, 16.0)


def test_bold_larger_paragraph_is_left_for_the_sectioner(tmp_path: Path) -> None:
    body = (
        r"\pard\plain\f0\fs24{\b\fs32 Reducing health inequalities}\par"
        + para("The gap in life expectancy between boroughs is about nine years.")
        + para(r"Partly {\b bold} text is not a bold paragraph.")
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    heading, text, partly = doc.blocks
    assert heading == Block(
        text="Reducing health inequalities", size=16.0, bold=True, heading_level=None
    )
    assert (text.bold, text.size, text.heading_level) == (False, 12.0, None)
    assert partly.bold is False


def test_a_paragraph_styled_as_heading_by_mistake_is_not_a_heading(tmp_path: Path) -> None:
    long_text = "This whole paragraph was given the heading style. " * 8
    doc = read_rtf(write(tmp_path, rtf(para(long_text, r"\s1\outlinelevel0"))))
    assert doc.blocks[0].heading_level is None


def test_table_rows_become_one_block_each_with_cells_joined(tmp_path: Path) -> None:
    row = r"\trowd\cellx3000\cellx6000\pard\intbl {0}\cell {1}\cell\row" + "\n"
    body = (
        para("Life expectancy at birth")
        + row.format("Borough", "Years")
        + row.format(r"Tower Hamlets\par (east)", "75.3")
        + para("After the table.")
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert texts(doc, "table") == ["Borough | Years", "Tower Hamlets (east) | 75.3"]
    assert texts(doc)[-1] == "After the table."


def test_symbol_font_bullets_become_list_items_with_a_plain_bullet(tmp_path: Path) -> None:
    body = (
        r"{\listtext\pard\plain\f3\fs24 \'b7\tab}\pard\plain\fi-360\li720\ls1\f0\fs24 "
        r"Improve access to services\par"
        r"{\listtext\pard\plain\f3\fs24 \u-3913\'b7\tab}\pard\plain\fi-360\li720\ls1\f0\fs24 "
        r"Empower communities\par"
        r"{\pntext\f3\'B7\tab}{\*\pn\pnlvlblt\pnf3{\pntxtb\'B7}}\pard\f0 WordPad bullet\par"
        + para("Not a list item.")
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert texts(doc, "list") == [
        "• Improve access to services",
        "• Empower communities",
        "• WordPad bullet",
    ]
    assert doc.blocks[-1].kind == "para"


def test_footnote_is_kept_after_the_paragraph_that_cites_it(tmp_path: Path) -> None:
    note = (
        r"{\cs11\super \chftn}{\footnote\pard\plain\s10\fs20{\cs11\super \chftn} "
        r"Marmot M (2010) Fair Society, Healthy Lives.\par}"
    )
    body = para(rf"Health follows a social gradient.{note} It is steep in London.") + para(
        "Next paragraph."
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("para", "Health follows a social gradient. It is steep in London."),
        ("footnote", "1 Marmot M (2010) Fair Society, Healthy Lives."),
        ("para", "Next paragraph."),
    ]


def test_text_box_text_follows_its_anchor_paragraph(tmp_path: Path) -> None:
    box = r"{\shp{\*\shpinst\shpleft0{\sp{\sn fFilled}{\sv 1}}{\shptxt \pard Case study\par}}}"
    box += r"{\shprslt{\*\do\dobxcolumn{\dptxbxtext \pard Case study\par}}}"
    doc = read_rtf(write(tmp_path, rtf(para(f"Anchor{box} text"))))
    assert texts(doc) == ["Anchor text", "Case study"]


def test_headers_footers_fields_and_hidden_text_are_not_body_text(tmp_path: Path) -> None:
    body = (
        r"{\header\pard\plain Health Inequalities Strategy \chpgn\par}"
        r"{\footerr\pard\plain Page {\field{\*\fldinst PAGE}{\fldrslt 3}}\par}"
        r"{\*\bkmkstart _Toc1}{\*\bkmkend _Toc1}"
        + para(
            r"See {\field{\*\fldinst {HYPERLINK \"http://www.london.gov.uk/\"}}"
            r"{\fldrslt {\ul london.gov.uk}}} for{\v  hidden} details."
        )
        + r"{\pict\wmetafile8\picw100\pich100 0100090000035e00000000}"
        + r"{\*\themedata 504b0304}{\*\xmlnstbl {\xmlns1 http://schemas}}"
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert texts(doc) == ["See london.gov.uk for details."]


def test_table_of_contents_entries_are_marked_toc(tmp_path: Path) -> None:
    body = (
        r"{\field{\*\fldinst TOC \\o \"1-3\" \\h}{\fldrslt "
        + para(r"Introduction\tab 3", r"\s9")
        + para(r"Objective 1\tab 7", r"\s9")
        + "}}"
        + para("Introduction", r"\s1\outlinelevel0")
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("toc", "Introduction 3"),
        ("toc", "Objective 1 7"),
        ("para", "Introduction"),
    ]
    assert outline(doc) == [("Introduction", 1)]


# ---- characters ---------------------------------------------------------------------------


def test_unicode_escapes_decode_dashes_pounds_and_curly_quotes(tmp_path: Path) -> None:
    body = para(
        r"Spending 2010\u8211?11: \u163?5m on \u8220?healthy\u8221? schools\u8217? meals "
        r"{\uc2 caf\u233\'65\'65} \u-10179?\u-8704?"
    )
    doc = read_rtf(write(tmp_path, rtf(body)))
    assert texts(doc) == [
        "Spending 2010\u201311: \u00a35m on \u201chealthy\u201d schools\u2019 meals "
        "caf\u00e9 \U0001f600"
    ]


@pytest.mark.parametrize(
    ("cpg", "font", "escaped", "expected"),
    [
        (1252, r"\f0", r"\'a3100 \'96 na\'efve \'93quoted\'94", "£100 – naïve “quoted”"),
        (1250, r"\f2", r"Zg\'f3dnie z rozporz\'b9dzeniem; \'9cwiat; P\'f8\'edli\'9a", None),
        (1251, r"\f4", r"\'cf\'f0\'e8\'e2\'b3\'f2 \'ca\'e8\'bf\'e2", "Привіт Київ"),
    ],
)
def test_hex_escapes_decode_in_the_declared_code_page(
    tmp_path: Path, cpg: int, font: str, escaped: str, expected: str | None
) -> None:
    doc = read_rtf(write(tmp_path, rtf(rf"\pard\plain{font} {escaped}\par", cpg=cpg)))
    if expected is None:  # cp1250 holds both Polish and Czech letters
        expected = "Zgódnie z rozporządzeniem; świat; Příliš"
    assert texts(doc) == [expected]


def test_code_page_applies_when_fonts_declare_no_charset(tmp_path: Path) -> None:
    content = r"{\rtf1\ansi\ansicpg1251{\fonttbl{\f0 Arial;}}\f0 \'cb\'ee\'ed\'e4\'ee\'ed\par}"
    assert texts(read_rtf(write(tmp_path, content))) == ["Лондон"]


def test_soft_hyphens_vanish_and_non_breaking_ones_become_hyphens(tmp_path: Path) -> None:
    doc = read_rtf(write(tmp_path, rtf(para(r"in\-equal\-ities and health\_related\~care"))))
    assert texts(doc) == ["inequalities and health-related care"]


def test_metadata_comes_from_the_info_group(tmp_path: Path) -> None:
    info = (
        r"{\info{\title The London Health Inequalities Strategy}{\author Greater London "
        r"Authority}{\subject Health \u8211? inequalities}{\operator someone}"
        r"{\creatim\yr2010\mo4\dy12\hr9}{\*\company GLA}}"
    )
    doc = read_rtf(write(tmp_path, rtf(para("Text."), info=info)))
    assert doc.metadata == {
        "title": "The London Health Inequalities Strategy",
        "author": "Greater London Authority",
        "subject": "Health – inequalities",
        "created": "2010-04-12",
        "company": "GLA",
    }


# ---- refusals and damaged files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b"", EmptyDocument, "empty file (0 bytes)"),
        (b" \r\n ", EmptyDocument, "empty file (only whitespace)"),
        (b"Plain text saved as .rtf", CorruptDocument, "not an RTF file (no {\\rtf header)"),
        (b"PK\x03\x04\x14\x00", UnsupportedFormat, "looks like a Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", UnsupportedFormat, "looks like a Word .doc file"),
        (b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par}", NoText, "contains no text"),
        (b"{\\rtf1\\ansi{\\fonttbl{\\f0 Ari", TruncatedDocument, "truncated"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    tmp_path: Path, content: bytes, error: type[IngestError], reason: str
) -> None:
    path = tmp_path / "bad.rtf"
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        read_rtf(path)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_file_cut_short_is_refused_rather_than_read_in_part(tmp_path: Path) -> None:
    # Indexing the part before the cut would replace a good version of the document with a
    # fraction of it (issue 16); the pipeline keeps the old version of a refused file.
    content = rtf(para("First paragraph.") + para("Second paragraph is cut"))
    cut = content[: content.index("is cut") + 6]
    with pytest.raises(TruncatedDocument, match="the file was cut short"):
        read_rtf(write(tmp_path, cut))


def test_text_after_the_document_group_is_ignored(tmp_path: Path) -> None:
    doc = read_rtf(write(tmp_path, rtf(para("Inside.")) + "} trailing junk {"))
    assert texts(doc) == ["Inside."]


def test_the_registry_reads_rtf_by_suffix(tmp_path: Path) -> None:
    doc = read(write(tmp_path, rtf(para("Via the registry.")), name="Strategy.RTF"))
    assert texts(doc) == ["Via the registry."]


# ---- golden outlines ----------------------------------------------------------------------


def word_document() -> str:
    """What Word writes for a strategy chapter: TOC, headers, headings, table, list, note."""
    note = r"{\cs11\super \chftn}{\footnote\pard\plain\s10\fs20{\cs11\super \chftn} ONS 2009.\par}"
    bullet = r"{\listtext\pard\plain\f3\fs24 \'b7\tab}\pard\plain\fi-360\li720\ls1\f0\fs24 "
    body = (
        r"{\header\pard\plain\qr\fs16 The London Health Inequalities Strategy\par}"
        r"{\footer\pard\plain\qc\fs16 {\field{\*\fldinst PAGE}{\fldrslt \chpgn}}\par}"
        r"{\field{\*\fldinst TOC \\o \"1-3\"}{\fldrslt "
        + para(r"1 Introduction\tab 2", r"\s9")
        + "}}"
        + para(r"\page 1 Introduction", r"\s1\outlinelevel0\b\f1\fs32")
        + para(f"Londoners in the poorest areas live shorter lives.{note}")
        + para("1.1 Objectives", r"\s2\outlinelevel1\b\f1\fs28")
        + bullet
        + r"Empower individuals and communities\par"
        + bullet
        + r"Equitable access to high-quality care\par"
        + para("Table 1: Life expectancy gap", r"\s17\b\fs18")
        + r"\trowd\cellx4000\cellx8000\pard\intbl Indicator\cell Baseline\cell\row"
        + r"\trowd\cellx4000\cellx8000\pard\intbl Life expectancy gap\cell 9 years\cell\row"
        + para("1.1.1 Income", r"\s3\outlinelevel2\b\i\f1\fs24")
        + para(r"Income is a \u8216?cause of causes\u8217?.")
    )
    info = r"{\info{\title Health Inequalities Strategy}{\author Mayor of London}}"
    return rtf(body, info=info)


def libreoffice_document() -> str:
    """LibreOffice style: heading level from style names only; a bold, larger title."""
    head = (
        r"{\fonttbl{\f0\froman\fprq2\fcharset0 Liberation Serif;}}"
        r"{\stylesheet{\s0\snext0\f0\fs24 Normal;}{\s15\sbasedon0\snext16\fs28 Heading;}"
        r"{\s1\sbasedon15\snext16\b\fs36 Heading 1;}{\s2\sbasedon15\snext16\b\fs32 Heading 2;}"
        r"{\s16\sbasedon0\snext16\sa140 Text Body;}}"
    )
    body = (
        r"\pard\plain\s0\qc{\b\fs44 Closing the Gap}\par"
        r"\pard\plain\s1\b\fs36 Context\par"
        r"\pard\plain\s16\fs24 The strategy sets out five objectives.\par"
        r"\pard\plain\s2\b\fs32 Evidence\par"
        r"\pard\plain\s16\fs24 Evidence shows a \u8220?social gradient\u8221? in health.\par"
        r"\pard\plain\s15\fs28 Generic heading style without a level\par"
    )
    return rtf(body, head=head)


def typography_document() -> str:
    """No stylesheet at all: headings are only bold or larger, short paragraphs."""
    return (
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}"
        r"\pard\b\fs32 Annual report 2011\b0\fs24\par"
        r"\pard\b Key findings\b0\par"
        r"\pard Premature mortality fell in 28 of 33 boroughs.\par"
        r"\pard\fs28 Next steps\fs24\par"
        r"\pard The Mayor will publish a delivery plan.\par}"
    )


GOLDEN_DOCUMENTS = {
    "word_document": word_document,
    "libreoffice_document": libreoffice_document,
    "typography_document": typography_document,
}


def block_outline(doc: RawDocument) -> dict[str, object]:
    return {
        "metadata": doc.metadata,
        "blocks": [
            {
                "kind": b.kind,
                "heading_level": b.heading_level,
                "bold": b.bold,
                "size": b.size,
                "text": b.text,
            }
            for b in doc.blocks
        ],
    }


@pytest.mark.parametrize("name", sorted(GOLDEN_DOCUMENTS))
def test_outline_matches_golden(tmp_path: Path, name: str) -> None:
    doc = read_rtf(write(tmp_path, GOLDEN_DOCUMENTS[name](), name=f"{name}.rtf"))
    actual = block_outline(doc)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", "utf-8")
    assert actual == json.loads(golden.read_text("utf-8"))
