"""Citations: exports parse back in the tools analysts use, formatted styles match golden text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from click.testing import CliRunner

from ingest.model import Document, Section
from search_app import citation_styles, citations
from search_app.commands.cite import cite_command
from tests.search_app.conftest import REVIEW, STRATEGY, make_sections

SECTIONS = {s.id: s for s in make_sections()}


def cite(*ids: str) -> list[citations.Citation]:
    docs = {STRATEGY.id: STRATEGY, REVIEW.id: REVIEW}
    return citations.build_citations([SECTIONS[i] for i in ids], docs)


def test_locator_uses_printed_page_labels_and_says_so() -> None:
    loc = citations.locate(SECTIONS["his-2010/1-1"])
    assert (loc.label, loc.value) == ("page", "1-2")
    assert "printed" in loc.note


def test_locator_ignores_labels_that_are_not_page_numbers() -> None:
    # A cover and imprint carry labels ("Cover") but no number a reader could look up.
    cover = Section(
        id="x/0",
        doc_id="x",
        ordinal=0,
        heading="Front matter",
        level=1,
        path=(),
        text="t",
        page_start=1,
        page_end=2,
        label_start="Cover",
        label_end="Imprint",
    )
    assert citations.locate(cover).value == "1-2"
    roman = Section(
        id="x/1",
        doc_id="x",
        ordinal=1,
        heading="Contents",
        level=1,
        path=(),
        text="t",
        page_start=3,
        page_end=3,
        label_start="ii",
        label_end="ii",
    )
    assert citations.locate(roman).value == "ii"


def test_locator_falls_back_to_physical_pages_then_a_short_section_locator() -> None:
    physical = Section(
        id="x/1", doc_id="x", ordinal=0, heading="H", level=1, path=(), text="t", page_start=7
    )
    loc = citations.locate(physical)
    assert (loc.label, loc.value) == ("page", "7")
    assert "PDF page numbers" in loc.note
    rtf = citations.locate(SECTIONS["marmot-2010/intro"])
    assert (rtf.label, rtf.value, rtf.text) == ("section", "Introduction", "§ Introduction")
    assert "section" in rtf.note


@pytest.mark.parametrize(
    ("heading", "locator"),
    [
        ("2.2 Inequalities in childhood obesity", "2.2"),
        ("Annex A: The consultation", "Annex A"),
        ("Part Two: The Mayor's strategic objectives", "Part Two"),
        ("Policy objective E: healthy and sustainable places", "Policy objective E: healthy and…"),
    ],
)
def test_rtf_sections_get_a_short_locator_not_their_whole_heading(
    heading: str, locator: str
) -> None:
    assert citations.section_locator(heading) == locator


def test_ris_gives_one_record_per_document_with_every_cited_page() -> None:
    text = citations.to_ris(
        cite("his-2010/1-1", "his-2010/foreword", "his-2010/1-2", "marmot-2010/intro")
    )
    assert not text.startswith("1."), "rispy's numbered header line must be suppressed"
    records = rispy.loads(text)
    assert len(records) == 2
    first = records[0]
    assert first["type_of_reference"] == "RPRT"
    assert first["id"] == "his-2010"
    assert first["title"] == "The London Health Inequalities Strategy"
    assert first["authors"] == ["Greater London Authority"]
    assert first["start_page"] == "ii, 1-2"  # document order; touching runs are one
    assert "end_page" not in first
    assert first["year"] == "2010"
    assert first["publisher"] == "Greater London Authority"
    assert first["urls"] == ["https://www.london.gov.uk/his"]
    note = first["notes"][0]
    assert note.startswith("Cited: Foreword (p. ii); Part One: The case for action › 1.1 Child")
    assert "1.2 Empowering communities (p. 2)" in note
    assert "not the official text" in note
    assert "ISBN 978-1-84781-349-7" in note
    assert "start_page" not in records[1]  # RTF-only section: no pages to give
    assert "Introduction (§ Introduction)" in records[1]["notes"][0]


def test_ris_single_section_gives_start_and_end_page() -> None:
    (record,) = rispy.loads(citations.to_ris(cite("his-2010/1-1")))
    assert (record["start_page"], record["end_page"]) == ("1", "2")
    assert record["section"] == "Part One: The case for action › 1.1 Child poverty and health"


def test_ris_report_series_and_number_where_zotero_reads_them() -> None:
    doc = Document(
        id="rr361",
        title="Risk triggers for small businesses",
        author="HM Revenue and Customs",
        series="HM Revenue and Customs Research Report",
        number="361",
    )
    sec = Section(id="rr361/1", doc_id="rr361", ordinal=0, heading="H", level=1, path=(), text="t")
    ris = citations.to_ris([citations.Citation(sec, doc)])
    assert "T2  - HM Revenue and Customs Research Report" in ris  # Zotero: seriesTitle
    assert "SN  - 361" in ris  # Zotero: reportNumber


def test_bibtex_gives_one_techreport_per_document_with_corporate_author() -> None:
    text = citations.to_bibtex(cite("his-2010/1-2", "his-2010/1-1", "his-2010/foreword"))
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport"
    assert entry.key == "his-2010"
    assert entry["author"] == "{Greater London Authority}"  # double braces: one corporate name
    assert entry["pages"] == "ii, 1--2"
    assert entry["institution"] == "Greater London Authority"
    assert entry["year"] == "2010"
    assert "Sample edition" in entry["note"]


def test_bibtex_escapes_latex_specials() -> None:
    doc = Document(id="d", title="Health & wealth: 50% of #1", author="A_B")
    sec = Section(id="d/1", doc_id="d", ordinal=0, heading="H", level=1, path=(), text="t")
    text = citations.to_bibtex([citations.Citation(sec, doc)])
    entry = bibtexparser.parse_string(text).entries[0]
    assert entry["title"] == r"Health \& wealth: 50\% of \#1"


def test_csl_json_gives_one_item_per_document_with_literal_author_and_pages() -> None:
    items = json.loads(citations.to_csl_json(cite("his-2010/1-2", "his-2010/1-1")))
    (item,) = items
    assert item["id"] == "his-2010"
    assert item["type"] == "report"
    assert item["author"] == [{"literal": "Greater London Authority"}]
    assert item["issued"] == {"date-parts": [[2010, 4]]}
    assert item["page"] == "1-2"
    assert item["ISBN"] == "978-1-84781-349-7"
    assert item["publisher-place"] == "London"


ACCESSED = dt.date(2026, 3, 5)


def test_harvard_golden_cite_them_right() -> None:
    result = citations.format_citations(
        cite("his-2010/1-1", "marmot-2010/intro"), "harvard", accessed=ACCESSED
    )
    assert result.references == (
        "Greater London Authority (2010) The London Health Inequalities Strategy. London: "
        "Greater London Authority. Available at: https://www.london.gov.uk/his "
        "(Accessed: 5 March 2026).",
        "The Marmot Review (2010) Fair Society, Healthy Lives. London: The Marmot Review.",
    )
    assert [e.in_text for e in result.entries] == [
        "(Greater London Authority, 2010, pp. 1–2)",
        "(The Marmot Review, 2010, § Introduction)",
    ]


def test_harvard_report_series_and_number() -> None:
    doc = Document(
        id="rr361",
        title="Risk triggers for small businesses",
        author="HM Revenue and Customs",
        publisher="HM Revenue and Customs",
        place="London",
        issued="2016-03",
        series="HM Revenue and Customs Research Report",
        number="361",
    )
    sec = Section(id="rr361/1", doc_id="rr361", ordinal=0, heading="H", level=1, path=(), text="t")
    result = citations.format_citations([citations.Citation(sec, doc)], "harvard")
    assert result.references == (
        "HM Revenue and Customs (2016) Risk triggers for small businesses. HM Revenue and "
        "Customs Research Report 361. London: HM Revenue and Customs.",
    )


def test_apa_golden_sentence_case_and_no_publisher_that_is_the_author() -> None:
    result = citations.format_citations(cite("his-2010/1-2", "marmot-2010/intro"), "apa")
    assert result.references == (
        "Greater London Authority. (2010). The London health inequalities strategy. "
        "https://www.london.gov.uk/his",
        "The Marmot Review. (2010). Fair society, healthy lives.",
    )
    assert result.entries[0].in_text == "(Greater London Authority, 2010, p. 2)"


def test_apa_keeps_a_publisher_other_than_the_author_and_the_ingested_sentence_title() -> None:
    doc = Document(
        id="x",
        title="Air Quality and Health in Eastbridge",
        sentence_title="Air quality and health in Eastbridge",
        author="Public Health Intelligence Team",
        publisher="Eastbridge City Council",
        issued="2023-11",
    )
    sec = Section(id="x/1", doc_id="x", ordinal=0, heading="H", level=1, path=(), text="t")
    result = citations.format_citations([citations.Citation(sec, doc)], "apa")
    assert result.references == (
        "Public Health Intelligence Team. (2023). Air quality and health in Eastbridge. "
        "Eastbridge City Council.",
    )


@pytest.mark.parametrize("style", sorted(citations.STYLES))
@pytest.mark.parametrize(
    ("label", "value"), [("page", "7"), ("page", "123"), ("page", "12-14"), ("page", "7-7")]
)
def test_in_text_from_a_memo_equals_a_direct_rendering(style: str, label: str, value: str) -> None:
    """Page locators reuse one rendering per document and shape; it must read the same."""
    for doc in (STRATEGY, REVIEW):
        direct = citation_styles._render_in_text(doc, label, value, style)
        assert citation_styles._in_text(doc, label, value, style) == direct
        assert value.split("-")[0] in direct


def test_formatted_html_escapes_document_text() -> None:
    doc = Document(id="d", title="<script>x</script> & co", author="A", issued="2020")
    sec = Section(id="d/1", doc_id="d", ordinal=0, heading="H", level=1, path=(), text="t")
    entry = citations.format_citations([citations.Citation(sec, doc)], "harvard").entries[0]
    assert "<script>" not in entry.reference_html
    assert "&lt;script&gt;" in entry.reference_html


def test_export_names_files_and_mime_types() -> None:
    one = citations.export(cite("his-2010/1-1"), "ris")
    assert one.format.mimetype == "application/x-research-info-systems"
    assert one.filename == "his-2010-1-1.ris"
    many = citations.export(cite("his-2010/1-1", "his-2010/1-2"), "harvard")
    assert many.filename == "healthsearch-2-sections-harvard.txt"
    assert many.body.startswith("Reference list")


def test_cli_cites_sections_from_an_index(small_index: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cite_command, ["his-2010/1-1", "--format", "ris", "--index", str(small_index)]
    )
    assert result.exit_code == 0, result.output
    assert rispy.loads(result.output)[0]["start_page"] == "1"
    harvard = runner.invoke(cite_command, ["his-2010/1-1", "--index", str(small_index)])
    assert "(Greater London Authority, 2010, pp. 1–2)" in harvard.output


def test_cli_reports_an_unknown_section(small_index: Path) -> None:
    result = CliRunner().invoke(cite_command, ["nope", "--index", str(small_index)])
    assert result.exit_code != 0
    assert "no section with id 'nope'" in result.output


def test_same_author_and_year_get_year_suffixes_by_title() -> None:
    steps = Document(
        id="first-steps-2010",
        title="First Steps to Delivery",
        author="Greater London Authority",
        publisher="Greater London Authority",
        place="London",
        issued="2010",
    )
    sec = Section(
        id="fs/1", doc_id=steps.id, ordinal=0, heading="H", level=1, path=(), text="t", page_start=3
    )
    cits = [*cite("his-2010/1-1"), citations.Citation(sec, steps)]
    result = citations.format_citations(cits, "harvard")
    assert [e.in_text for e in result.entries] == [
        "(Greater London Authority, 2010b, pp. 1–2)",
        "(Greater London Authority, 2010a, PDF p. 3)",  # no printed numbers: PDF pages
    ]
    assert result.references[0].startswith("Greater London Authority (2010a) First Steps")
    assert result.references[1].startswith("Greater London Authority (2010b) The London")
    alone = citations.format_citations(cite("his-2010/1-1"), "harvard")
    assert alone.entries[0].in_text == "(Greater London Authority, 2010, pp. 1–2)"
