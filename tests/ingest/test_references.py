"""Reference lists read into entries, measured on hand-labelled entries.

tests/golden/references.jsonl: every reference list entry of the sample corpus and every note
that cites a work ("doc" = its document, "in" = list | note), read by hand from
tools/corpus/src (the italics there mark titles and journals); "other-styles" are entries in
APA, Harvard (Cite Them Right), Vancouver and IEEE written for issue 13 and used to develop
the parser; "heldout-styles" were written before the parser saw them (blind field accuracy:
authors 0.75, year 0.95, title 0.75, journal 0.85, publisher 0.80, place 0.90; the parser was
then fixed on them, so they are no longer blind).
"""

from __future__ import annotations

import json

import pytest

from ingest.evidence_quality import FIELDS, evaluate_references
from ingest.references import (
    document_references,
    is_reference_heading,
    parse_entry,
    parse_reference_list,
    split_authors,
    surname,
)
from ingest.settings import PROJECT_ROOT
from tests.ingest.test_evidence_sources import section

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "references.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in GOLDEN.read_text("utf-8").splitlines() if line.strip()]


def test_field_accuracy_on_the_labelled_entries() -> None:
    rows = _rows()
    assert sum(r["doc"].endswith("styles") for r in rows) >= 40 and len(rows) >= 110
    result = evaluate_references(rows)
    for group in ("parser, corpus", "parser, other-styles", "parser, heldout-styles"):
        for field in ("authors", "year", "title"):
            assert result[group][field] >= 0.95, (group, field, result[group])
        assert all(result[group][f] >= 0.9 for f in FIELDS), (group, result[group])


@pytest.mark.parametrize(
    "heading",
    ["References", "REFERENCES", "Bibliography", "Notes", "Endnotes", "4. References",
     "Notes and references", "Appendix B: References", "Sources"],
)  # fmt: skip
def test_reference_headings(heading: str) -> None:
    assert is_reference_heading(heading)


@pytest.mark.parametrize(
    "heading", ["Referencing the strategy", "Notes on method", "1.2 Sources of income"]
)
def test_other_headings_are_not_reference_lists(heading: str) -> None:
    assert not is_reference_heading(heading)


def test_intro_and_closing_paragraphs_are_not_entries() -> None:
    text = (
        "The list below gives the main published sources referred to in this strategy.\n\n"
        "• Black C (2008) Working for a Healthier Tomorrow. London: TSO.\n"
        "• Tudor Hart J (1971) The inverse care law. The Lancet, 297(7696), 405–412.\n\n"
        "The references above are the principal sources used in preparing this plan."
    )
    entries = parse_reference_list(text)
    assert [(e.authors, e.year, e.journal) for e in entries] == [
        (("Black C",), "2008", ""),
        (("Tudor Hart J",), "1971", "The Lancet"),
    ]


def test_numbered_entries_run_together_are_split_and_keep_their_numbers() -> None:
    text = (
        "[1] M. Marmot, “Social determinants of health inequalities,” Lancet, vol. 365, "
        "pp. 1099–1104, 2005. [2] R. G. Wilkinson and K. E. Pickett, “Income inequality and "
        "population health,” Soc. Sci. Med., vol. 62, 2006."
    )
    entries = parse_reference_list(text)
    assert [(e.number, e.authors, e.year) for e in entries] == [
        ("1", ("M. Marmot",), "2005"),
        ("2", ("R. G. Wilkinson", "K. E. Pickett"), "2006"),
    ]


def test_an_entry_broken_by_a_page_continues() -> None:
    text = (
        "Marmot M (2010) Fair Society, Healthy Lives: Strategic Review of Health\n\n"
        "Inequalities in England post-2010. London: The Marmot Review."
    )
    [entry] = parse_reference_list(text)
    assert entry.title.endswith("Inequalities in England post-2010")
    assert entry.publisher == "The Marmot Review"


def test_url_doi_and_access_date() -> None:
    ref = parse_entry(
        "Public Health England (2017) Health profile for England. Available at: "
        "https://www.gov.uk/phe/profile (Accessed: 1 May 2018). doi:10.1000/xyz.123"
    )
    assert ref.url == "https://www.gov.uk/phe/profile"
    assert ref.doi == "10.1000/xyz.123"
    assert ref.title == "Health profile for England"


def test_corporate_authors_are_not_split_at_and() -> None:
    assert split_authors("Department of Health and Social Security") == (
        ("Department of Health and Social Security",),
        False,
    )
    assert split_authors("Berkman L and Syme S L") == (("Berkman L", "Syme S L"), False)
    assert split_authors("Adams J et al.") == (("Adams J",), True)
    assert surname("Tudor Hart J") == "Tudor Hart"
    assert surname("Marmot, M. G.") == "Marmot"
    assert surname("R. G. Wilkinson") == "Wilkinson"


def test_document_references_come_from_reference_sections_only() -> None:
    refs = document_references(
        [
            section("Black C (2008) Working for a Healthier Tomorrow. London: TSO.", "1. Work"),
            section("Black C (2008) Working for a Healthier Tomorrow. London: TSO.", "References"),
        ]
    )
    assert [r.title for r in refs] == ["Working for a Healthier Tomorrow"]


def test_words_a_line_break_left_split_are_rejoined() -> None:
    ref = parse_entry(
        "HM Treasury (2003) The Green Book: Appraisal in Central Govern- ment. Lon- don: TSO."
    )  # noqa: E501
    assert (ref.title, ref.place, ref.publisher) == (
        "The Green Book: Appraisal in Central Government",
        "London",
        "TSO",
    )
