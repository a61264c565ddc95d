"""Metadata for files dropped into the corpus without a catalogue entry (issue 11).

Each PDF here is drawn as a real report is laid out: a cover with the title in display type,
an imprint page, body pages. Their document information is junk on purpose, as real files'
often is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ingest.metadata import complete, describe, merge
from ingest.metadata_imprint import cover_line_facts, line_facts
from ingest.metadata_names import corporate, is_junk
from ingest.model import Document, Inferred
from ingest.readers import read
from ingest.readers.pdf_info import parse_xmp
from tests.conftest import CORPUS

Line = tuple[str, float]  # text, font size
BODY = "Inequalities in health are differences that are avoidable and unfair. " * 6


def draw(path: Path, pages: list[list[Line]], title: str = "", author: str = "") -> Path:
    """A PDF with one page per list, its lines top down in Helvetica of the given sizes."""
    canvas = Canvas(str(path), pagesize=A4, invariant=True)  # created 2000-01-01
    canvas.setTitle(title)
    canvas.setAuthor(author)
    for lines in pages:
        y = A4[1] - 90
        for text, size in lines:
            canvas.setFont("Helvetica-Bold" if size > 12 else "Helvetica", size)
            canvas.drawString(60, y, text)
            y -= size * 1.6
        canvas.showPage()
    canvas.save()
    return path


def body_pages(n: int = 3) -> list[list[Line]]:
    text = [(BODY[i : i + 90], 10.5) for i in range(0, len(BODY), 90)]
    return [[("1. Introduction", 18.0), *text, *text], *([text * 3] * (n - 1))]


def values(path: Path) -> dict[str, tuple[str, str]]:
    return {i.field: (i.value, i.source) for i in describe(read(path))}


def test_cover_title_not_junk_metadata_nor_first_heading(tmp_path: Path) -> None:
    cover = [
        ("HM Revenue and Customs", 14.0),
        ("Risk triggers for", 30.0),
        ("small businesses", 30.0),
        ("HM Revenue and Customs Research Report 361", 12.0),
        ("March 2016", 12.0),
    ]
    pdf = draw(
        tmp_path / "RiskTriggersReport361.pdf",
        [cover, *body_pages()],
        title="Microsoft Word - RiskTriggersReport361",
        author="7225547",
    )
    found = values(pdf)
    assert found["title"] == ("Risk triggers for small businesses", "cover")
    assert found["author"] == ("HM Revenue and Customs", "cover")
    assert found["series"] == ("HM Revenue and Customs Research Report", "cover")
    assert found["number"] == ("361", "cover")
    assert found["issued"] == ("2016-03", "cover")


def test_imprint_gives_author_publisher_place_date_and_isbn(tmp_path: Path) -> None:
    cover = [("The London Health", 28.0), ("Inequalities Strategy", 28.0)]
    imprint = [
        ("Published by Greater London Authority, City Hall, London SE1 2AA", 9.0),
        ("First published May 2008. This edition April 2010.", 9.0),
        ("© Greater London Authority 2010", 9.0),
        ("ISBN 978-1-84781-349-7", 9.0),
    ]
    pdf = draw(tmp_path / "his.pdf", [cover, imprint, *body_pages()], title="untitled")
    found = values(pdf)
    assert found["title"] == ("The London Health Inequalities Strategy", "cover")
    assert found["author"] == ("Greater London Authority", "imprint")
    assert found["publisher"] == ("Greater London Authority", "imprint")
    assert found["place"] == ("London", "imprint")
    assert found["issued"] == ("2010-04", "imprint")  # this edition, not the first
    assert found["isbn"] == ("978-1-84781-349-7", "imprint")


def test_signatory_and_headings_are_not_titles(tmp_path: Path) -> None:
    """No cover: the foreword's signatory and the first headings are not the title."""
    pages = [
        [("Disclaimer", 20.0), (BODY[:90], 10.5)],
        [("The Rt Hon Rishi Sunak", 20.0), (BODY[:90], 10.5)],
        *body_pages(),
    ]
    pdf = draw(tmp_path / "10811.pdf", pages, title="10811.exe", author="python-docx")
    found = values(pdf)
    assert found["title"] == ("10811", "filename")
    assert "author" not in found


def test_creation_date_is_the_last_resort_and_says_so(tmp_path: Path) -> None:
    pdf = draw(tmp_path / "notes.pdf", [[("Quarterly notes on air quality", 26.0)], *body_pages()])
    found = values(pdf)
    assert found["issued"] == ("2000", "pdf-info")
    assert found["title"] == ("Quarterly notes on air quality", "cover")


def test_good_pdf_title_is_used_when_the_cover_has_no_display_type(tmp_path: Path) -> None:
    pdf = draw(tmp_path / "x.pdf", body_pages(), title="AMT General Handbook", author="FAA")
    found = values(pdf)
    assert found["title"] == ("AMT General Handbook", "pdf-info")
    assert found["author"] == ("FAA", "pdf-info")


RTF = r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}
{\info{\title Child Obesity Needs Assessment}{\author jsmith2}{\company Riverside Borough Council}
{\creatim\yr2019\mo3\dy14}}
\pard\fs21 Children in the borough are more likely to be overweight than elsewhere.\par
\pard\fs21 The assessment looks at the causes and at what the council can do.\par}"""


def test_rtf_info_fields(tmp_path: Path) -> None:
    path = tmp_path / "draft_v3.rtf"
    path.write_text(RTF, encoding="latin-1")
    found = values(path)
    assert found["title"] == ("Child Obesity Needs Assessment", "rtf-info")
    assert found["author"] == ("Riverside Borough Council", "rtf-info")  # not the user name
    assert found["issued"] == ("2019", "rtf-info")


XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2016-08-24T14:20:30+10:00">
<dc:title><rdf:Alt>
<rdf:li xml:lang="x-default">Understanding Breast Cancer</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Cancer Council Australia</rdf:li></rdf:Seq></dc:creator>
<dc:date><rdf:Seq><rdf:li>2016-07</rdf:li></rdf:Seq></dc:date>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def test_xmp_packet() -> None:
    assert parse_xmp(XMP) == {
        "xmp:title": "Understanding Breast Cancer",
        "xmp:creator": "Cancer Council Australia",
        "xmp:date": "2016-07",
        "xmp:created": "2016-08-24",
    }


def test_xmp_with_entities_is_ignored() -> None:
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + XMP
    assert parse_xmp(hostile) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft Word - RiskTriggersReport361",
        "10811.exe",
        "untitled",
        "Untitled-1",
        "Document1",
        "header-test-doc",
        "7225547",
        "PScript5.dll Version 5.2.2",
        "python-docx",
        "anonymous",
    ],
)
def test_junk_metadata(text: str) -> None:
    assert is_junk(text)


@pytest.mark.parametrize("text", ["AMT General Handbook", "Report of the Independent Review"])
def test_real_titles_are_not_junk(text: str) -> None:
    assert not is_junk(text)


@pytest.mark.parametrize(
    ("text", "ok"),
    [("FAA", True), ("Greater London Authority", True), ("jsmith2", False), ("Werner", False)],
)
def test_corporate_authors(text: str, ok: bool) -> None:
    assert corporate(text) is ok


def facts(text: str, cover: bool = False) -> dict[str, str]:
    found = cover_line_facts(text) if cover else line_facts(text)
    return {f.field: f.value for f in sorted(found, key=lambda f: -f.rank)}


def test_printed_lines() -> None:
    assert facts("Published by Greater London Authority, London, April 2010") == {
        "publisher": "Greater London Authority",
        "place": "London",
        "issued": "2010-04",
    }
    assert facts("© Greater London Authority 2010") == {
        "author": "Greater London Authority",
        "publisher": "Greater London Authority",
        "issued": "2010",
    }
    assert facts("© Crown copyright 2018") == {"issued": "2018"}
    assert facts("© Copyright IBM Corp. 2014")["author"] == "IBM Corp."
    assert facts("Riverside Borough Council, 2025", cover=True) == {
        "author": "Riverside Borough Council",
        "issued": "2025",
    }
    assert facts("HM Revenue and Customs Research Report 361") == {
        "series": "HM Revenue and Customs Research Report",
        "number": "361",
        "author": "HM Revenue and Customs",
    }
    # Prose that mentions a publication dates something else.
    assert facts("The strategy was published in March 2008 by the Department") == {}


def test_catalogue_values_win_and_gaps_are_filled_with_their_source() -> None:
    entry = Document(id="his", title="The London Health Inequalities Strategy", issued="2010-04")
    pdf = [
        Inferred("title", "THE LONDON HEALTH INEQUALITIES STRATEGY", "cover"),
        Inferred("author", "Greater London Authority", "imprint"),
        Inferred("issued", "2009", "pdf-info"),
    ]
    rtf = [Inferred("isbn", "978-1-84781-349-7", "imprint")]
    document = complete(entry, merge([pdf, rtf]))
    assert document.title == "The London Health Inequalities Strategy"
    assert document.issued == "2010-04"
    assert document.author == "Greater London Authority"
    assert document.isbn == "978-1-84781-349-7"
    assert document.metadata_source == {
        "title": "catalogue",
        "issued": "catalogue",
        "author": "imprint",
        "isbn": "imprint",
    }


def test_ingest_without_a_catalogue_entry_records_values_and_sources(tmp_path: Path) -> None:
    from ingest import search_index
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "objectives.toml", corpus / "objectives.toml")
    cover = [("Riverside Borough Council, 2025", 14.0), ("Housing and Health", 30.0)]
    draw(corpus / "final_v3.pdf", [cover, *body_pages()], title="Microsoft Word - final_v3.docx")
    draw(corpus / "listed.pdf", [cover, *body_pages()])
    (corpus / "catalogue.toml").write_text(
        '[[document]]\nid = "listed"\nfiles = ["listed.pdf"]\ntitle = "Listed Title"\n',
        encoding="utf-8",
    )
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", workers=1)
    ingest(settings)

    dropped = search_index.get_document(settings.index_dir, "final-v3")
    assert dropped is not None
    assert (dropped.title, dropped.author, dropped.issued) == (
        "Housing and Health",
        "Riverside Borough Council",
        "2025",
    )
    assert dropped.metadata_source == {"title": "cover", "author": "cover", "issued": "cover"}
    listed = search_index.get_document(settings.index_dir, "listed")
    assert listed is not None
    assert listed.title == "Listed Title"
    assert listed.metadata_source["title"] == "catalogue"
    assert listed.metadata_source["author"] == "cover"


def test_running_head_names_a_document_without_cover_or_metadata(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "agreement.pdf"), pagesize=A4, invariant=True)
    for page in (1, 2, 3):
        canvas.setFont("Helvetica", 10.5)
        for n, start in enumerate(range(0, len(BODY), 90)):
            canvas.drawString(60, 700 - 16 * n, BODY[start : start + 90])
        canvas.setFont("Helvetica", 9)
        canvas.drawString(60, 30, f"Sample Agreement — page {page}")
        canvas.showPage()
    canvas.save()
    found = values(tmp_path / "agreement.pdf")
    assert found["title"] == ("Sample Agreement", "running-head")


def test_ocr_noise_in_display_type_is_not_a_title(tmp_path: Path) -> None:
    pages = [[("toi n»Bfl. iseorty ttsrootj saifii, GROTE", 16.0)], *body_pages()]
    assert values(draw(tmp_path / "scan.pdf", pages))["title"] == ("scan", "filename")


def test_labelled_fields_and_cjk_dates() -> None:
    line = "발행일 2020년 4월 2일 발행처 국회입법조사처 발행인 김하중 www.nars.go.kr"
    assert facts(line) == {"issued": "2020-04", "publisher": "국회입법조사처"}
    assert facts("Publication date: 14 January 2011") == {"issued": "2011-01-14"}


def test_a_year_in_the_cover_title_is_a_last_printed_guess(tmp_path: Path) -> None:
    cover = [("Integrated Annual Report 2021-22", 30.0)]
    found = values(draw(tmp_path / "ar.pdf", [cover, *body_pages()]))
    assert found["issued"] == ("2021", "cover")
