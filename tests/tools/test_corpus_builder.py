"""The sample-corpus builder: source markup -> PDF/RTF sample editions -> golden outline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from striprtf.striprtf import rtf_to_text

from tools.corpus import markup
from tools.corpus.build import Paths, build
from tools.corpus.catalogue import NOTICE, DocMeta
from tools.corpus.golden import check_pdf, golden_entry
from tools.corpus.pdf import render_pdf_bytes
from tools.corpus.pdf_styles import BODY_SIZE
from tools.corpus.rtf import escape, render_rtf_text

LONG = (
    "Health inequalities between neighbourhoods reflect longstanding socioeconomic "
    "differences, overcrowding, unemployment and environmental disadvantage; "
    "comprehensive, coordinated interventions by organisations across London are "
    "indispensable if the characteristically persistent gradient is to be flattened. "
)

SOURCE = f"""@title The Test Strategy \u2013 a \u2018sample\u2019
@subtitle Mayor of London
@date April 2010
@formats pdf rtf

# Foreword {{obj: -}}
Opening words with *italic* and **bold** text and a note[^1]. It costs \u00a3372 million.
Grades A*-C stay literal, as do A*-C twice.
{LONG * 3}

[^1]: Marmot M (2010) *Fair Society, Healthy Lives*. London: The Marmot Review.

# Part One: The case for action {{obj: -}}
## 1.1 Why act now? {{obj: 3}}
{LONG * 4}
- first bullet item
- second bullet item

> **Case study: Well London**
> Box text about a community programme.
>
> A second paragraph inside the box.

| Indicator | London | England |
| Life expectancy, men (years; illustrative) | 78.1 | 77.9 |
| Life expectancy, women (years; illustrative) | 82.4 | 81.9 |
@caption Table 1: Illustrative figures (sample edition)

### 1.1.1 A third-level heading {{obj: 1,5}}
{LONG * 3}

# Part Two: Two columns {{obj: 4}}
@columns 2
{LONG * 6}

{LONG * 6}

## 2.1 Inside the columns & <tags> {{obj: 4}}
{LONG * 8}

{LONG * 8}
"""


@pytest.fixture(scope="module")
def doc() -> markup.SourceDocument:
    return markup.parse(SOURCE, doc_id="test-doc")


@pytest.fixture(scope="module")
def meta() -> DocMeta:
    return DocMeta(doc_id="test-doc", isbn="978-1-84781-349-7", issued="2010-04")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, doc, meta):  # type: ignore[no-untyped-def]
    data, result = render_pdf_bytes(doc, meta)
    path = tmp_path_factory.mktemp("pdf") / "test-doc.pdf"
    path.write_bytes(data)
    return path, result


def _words(path: Path, page_number: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_number - 1]
        words = page.extract_words(extra_attrs=["size", "fontname"])
        page.close()
    return words


# -- parser ------------------------------------------------------------------------------


def test_parser_reads_headings_levels_and_objectives(doc: markup.SourceDocument) -> None:
    outline = [(s.heading.level, s.heading.text, s.heading.objectives) for s in doc.sections]
    assert outline == [
        (1, "Foreword", ()),
        (1, "Part One: The case for action", ()),
        (2, "1.1 Why act now?", (3,)),
        (3, "1.1.1 A third-level heading", (1, 5)),
        (1, "Part Two: Two columns", (4,)),
        (2, "2.1 Inside the columns & <tags>", (4,)),
    ]
    assert doc.title == "The Test Strategy \u2013 a \u2018sample\u2019"
    assert doc.formats == ("pdf", "rtf")


def test_parser_reads_inline_notes_bullets_boxes_tables(doc: markup.SourceDocument) -> None:
    foreword = doc.sections[0]
    spans = foreword.blocks[0].inlines  # type: ignore[union-attr]
    assert markup.Span("italic", italic=True) in spans
    assert markup.Span("bold", bold=True) in spans
    assert markup.Span("", note=1) in spans
    assert "Grades A*-C stay literal, as do A*-C twice." in markup.plain(spans)
    assert markup.plain(foreword.notes[0].inlines).startswith("Marmot M (2010) Fair Society")

    kinds = [type(b).__name__ for b in doc.sections[2].blocks]
    assert kinds == ["Paragraph", "Bullets", "Box", "Table"]
    box = doc.sections[2].blocks[2]
    assert isinstance(box, markup.Box)
    # The bold first line is the box title, a paragraph of its own.
    assert [markup.plain(p.inlines) for p in box.blocks if isinstance(p, markup.Paragraph)] == [
        "Case study: Well London",
        "Box text about a community programme.",
        "A second paragraph inside the box.",
    ]
    table = doc.sections[2].blocks[3]
    assert isinstance(table, markup.Table)
    assert table.caption == "Table 1: Illustrative figures (sample edition)"
    assert [markup.plain(c) for c in table.rows[0]] == ["Indicator", "London", "England"]
    assert doc.sections[4].blocks[0] == markup.Columns(2)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("@title T\n# Heading without tag\n", "obj"),
        ("@title T\n# H {obj: 6}\n", "1-5"),
        ("@title T\n# H {obj: -}\nText[^9].\n", "no definition"),
        ("@title T\n# H {obj: -}\nText.\n[^1]: unused\n", "never referenced"),
        ("@title T\n# H {obj: -}\n@caption Orphan caption\n", "follow a table"),
        ("@title T\n@formats docx\n# H {obj: -}\n", "pdf and/or rtf"),
    ],
)
def test_parser_names_the_line_of_a_mistake(source: str, message: str) -> None:
    with pytest.raises(markup.MarkupError, match=re.escape(message)):
        markup.parse(source, doc_id="bad", origin="bad.txt")


# -- PDF ---------------------------------------------------------------------------------


def test_cover_has_title_notice_and_no_page_number(rendered) -> None:  # type: ignore[no-untyped-def]
    path, _ = rendered
    words = _words(path, 1)
    texts = [w["text"] for w in words]
    assert "Test" in texts and "Strategy" in texts
    assert NOTICE in " ".join(texts)
    # Body pages print their number 13 mm from the foot; nothing on the cover sits there as one.
    foot = [w["text"] for w in words if w["bottom"] > 842 - 30 * 72 / 25.4]
    assert not [t for t in foot if t.isdigit() or re.fullmatch(r"[ivx]+", t)]


def test_contents_page_has_dot_leaders_and_printed_page_numbers(rendered) -> None:  # type: ignore[no-untyped-def]
    path, result = rendered
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[2].extract_text()
    assert text.startswith("Contents")
    line = next(ln for ln in text.splitlines() if ln.startswith("1.1 Why act now?"))
    assert re.search(r"(\. ?){10,}", line)  # a dot leader
    printed = result.printed(result.heading_pages[2])
    assert line.endswith(f" {printed}")
    # Printed numbers are not physical ones: cover and imprint come first.
    assert int(printed) < result.heading_pages[2]


def test_headings_are_bold_and_larger_than_body(rendered) -> None:  # type: ignore[no-untyped-def]
    path, result = rendered
    words = _words(path, result.heading_pages[2])
    sizes = {w["text"]: (w["size"], w["fontname"]) for w in words}
    size, font = sizes["Why"]
    assert "Bold" in font and size > BODY_SIZE + 2
    body = [w for w in words if w["text"] == "neighbourhoods"]
    assert body and all(round(w["size"], 1) == BODY_SIZE for w in body)
    assert all("Bold" not in w["fontname"] for w in body)


def test_body_pages_carry_header_footer_and_page_labels(rendered) -> None:  # type: ignore[no-untyped-def]
    path, result = rendered
    labels = [pypdfium2.PdfDocument(str(path)).get_page_label(i) for i in range(result.pages)]
    assert labels[:3] == ["Cover", "Imprint", "i"]
    with pdfplumber.open(path) as pdf:
        for number in range(result.body_start, result.pages + 1):
            page = pdf.pages[number - 1]
            lines = page.extract_text().splitlines()
            assert lines[0] == "The Test Strategy \u2013 a \u2018sample\u2019"
            printed = str(number - result.body_start + 1)
            assert lines[-1] == printed
            assert labels[number - 1] == printed
            page.close()


def test_justified_text_has_hyphenated_line_ends(rendered) -> None:  # type: ignore[no-untyped-def]
    path, result = rendered
    with pdfplumber.open(path) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages[result.body_start - 1 :])
    assert re.search(r"[a-z]-\n[a-z]", text)


def test_two_column_chapter_sets_text_in_two_columns(rendered) -> None:  # type: ignore[no-untyped-def]
    path, result = rendered
    page_number = result.heading_pages[4] + 1  # the page after "Part Two: Two columns" opens
    words = [w for w in _words(path, page_number) if round(w["size"], 1) == BODY_SIZE]
    half = 595.27 / 2
    left = [w for w in words if w["x1"] < half]
    right = [w for w in words if w["x0"] > half]
    assert len(left) > 50 and len(right) > 50
    assert not [w for w in words if w["x0"] < half < w["x1"]]  # no line crosses the gutter


def test_metadata_and_golden_pages_match_the_pdf(rendered, doc) -> None:  # type: ignore[no-untyped-def]
    path, result = rendered
    with pdfplumber.open(path) as pdf:
        info = pdf.metadata
        assert pdf.pages[result.heading_pages[1] - 1].extract_text().find("Part One") >= 0
    assert info["Subject"] == NOTICE
    assert info["Author"] == "Greater London Authority"
    assert info["Title"].startswith("The Test Strategy")
    entry = golden_entry(doc, result)
    assert check_pdf(path, entry) == []
    assert entry["sections"][2] == {
        "heading": "1.1 Why act now?",
        "level": 2,
        "page": result.heading_pages[2],
        "printed_page": result.printed(result.heading_pages[2]),
        "objectives": [3],
    }


# -- RTF ---------------------------------------------------------------------------------


def test_rtf_has_stylesheet_outline_levels_and_info(doc, meta) -> None:  # type: ignore[no-untyped-def]
    rtf = render_rtf_text(doc, meta)
    assert rtf.startswith(r"{\rtf1\ansi\ansicpg1252\deff0")
    assert r"{\fonttbl" in rtf
    for level in (1, 2, 3):
        assert re.search(
            rf"{{\\s{level}[^;]*\\outlinelevel{level - 1}[^;]* heading {level};}}", rtf
        )
    assert r"\pard\plain\s1" in rtf and r"\pard\plain\s3" in rtf
    assert rf"{{\subject {NOTICE}}}" in rtf
    assert r"{\header" in rtf and r"\chpgn" in rtf
    assert r"\trowd" in rtf and r"\cell" in rtf and r"\row" in rtf
    footnote = r"{\\cs16\\super\\chftn}{\\footnote\\pard\\plain[^}]*{\\cs16\\super\\chftn} Marmot M"
    assert re.search(footnote, rtf)
    assert rtf.isascii()


def test_rtf_escapes_non_ascii_as_unicode_control_words() -> None:
    assert escape("\u2013 \u00a3 \u2018q\u2019 {x}\\") == r"\u8211? \u163? \u8216?q\u8217? \{x\}\\"
    assert escape("\U0001f600") == r"\u-10179?\u-8704?"


def test_rtf_reads_back_with_striprtf(doc, meta) -> None:  # type: ignore[no-untyped-def]
    text = rtf_to_text(render_rtf_text(doc, meta))
    assert NOTICE in text
    assert "1.1.1 A third-level heading" in text
    assert "It costs \u00a3372 million." in text
    assert "The Test Strategy \u2013 a \u2018sample\u2019" in text
    assert "Life expectancy, men (years; illustrative)" in text
    assert "\\" not in text and "{" not in text


# -- the build ---------------------------------------------------------------------------


def _paths(tmp_path: Path) -> Paths:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    return Paths(src, tmp_path / "out", tmp_path / "golden.json", tmp_path / "none.toml")


def test_build_is_deterministic_and_writes_golden(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    (paths.src / "test-doc.txt").write_text(SOURCE, encoding="utf-8")
    (paths.src / "broken.txt").write_text("@title B\n# No tag\n", encoding="utf-8")
    built, failures = build(paths)
    assert [b.doc_id for b in built] == ["test-doc"]
    assert len(failures) == 1 and failures[0].startswith("broken:")  # the rest still builds
    first = {p.name: p.read_bytes() for p in paths.out.iterdir()}
    assert sorted(first) == ["test-doc.pdf", "test-doc.rtf"]
    golden = json.loads(paths.golden.read_text("utf-8"))
    (entry,) = golden["documents"]
    assert entry["id"] == "test-doc" and entry["formats"] == ["pdf", "rtf"]
    assert entry["pdf_pages"] == built[0].pages
    assert [s["heading"] for s in entry["sections"]][:2] == [
        "Foreword",
        "Part One: The case for action",
    ]

    build(paths, only=["test-doc"])
    assert {p.name: p.read_bytes() for p in paths.out.iterdir()} == first


def test_rtf_only_document_has_null_pages(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    source = SOURCE.replace("@formats pdf rtf", "@formats rtf")
    (paths.src / "rtf-only.txt").write_text(source, encoding="utf-8")
    built, failures = build(paths)
    assert failures == []
    assert sorted(p.name for p in paths.out.iterdir()) == ["rtf-only.rtf"]
    entry = json.loads(paths.golden.read_text("utf-8"))["documents"][0]
    assert entry["pdf_pages"] is None
    assert {s["page"] for s in entry["sections"]} == {None}


# -- the shipped corpus ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = json.loads((ROOT / "tests" / "golden" / "sample_corpus.json").read_text("utf-8"))


def _first_words(text: str) -> str:
    return " ".join(text.split()[:3])


@pytest.mark.parametrize(
    "entry", [d for d in GOLDEN["documents"] if d["pdf_pages"]], ids=lambda d: d["id"]
)
def test_shipped_pdf_matches_golden_outline(entry: dict) -> None:
    """Fails when a source changed without `python -m tools.corpus.build` being re-run."""
    pdf = pypdfium2.PdfDocument(str(ROOT / "corpus" / f"{entry['id']}.pdf"))
    assert len(pdf) == entry["pdf_pages"]
    for section in entry["sections"]:
        index = section["page"] - 1
        text = " ".join(pdf[index].get_textpage().get_text_range().split())
        assert _first_words(section["heading"]) in text, section
        assert pdf.get_page_label(index) == section["printed_page"]
    pdf.close()


@pytest.mark.parametrize(
    "entry", [d for d in GOLDEN["documents"] if "rtf" in d["formats"]], ids=lambda d: d["id"]
)
def test_shipped_rtf_holds_every_heading(entry: dict) -> None:
    rtf = (ROOT / "corpus" / f"{entry['id']}.rtf").read_text("ascii")
    lines = set(rtf_to_text(rtf).splitlines())
    assert NOTICE in lines
    assert [s["heading"] for s in entry["sections"] if s["heading"] not in lines] == []


def test_catalogue_lists_every_shipped_file() -> None:
    import tomllib

    catalogue = tomllib.loads((ROOT / "corpus" / "catalogue.toml").read_text("utf-8"))
    by_id = {d["id"]: d for d in catalogue["document"]}
    assert sorted(by_id) == sorted(d["id"] for d in GOLDEN["documents"])
    for entry in GOLDEN["documents"]:
        listed = by_id[entry["id"]]
        assert sorted(listed["files"]) == sorted(f"{entry['id']}.{f}" for f in entry["formats"])
        assert all((ROOT / "corpus" / name).is_file() for name in listed["files"])
        assert listed["edition"] == "sample" and listed["note"] == NOTICE
    assert by_id["his-2010"]["isbn"] == "978-1-84781-349-7"
    assert [d for d in by_id.values() if "isbn" in d and d["id"] != "his-2010"] == []
