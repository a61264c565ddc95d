"""Merging a PDF's sections with its RTF twin: one outline, true pages, no text twice."""

from __future__ import annotations

from ingest.model import Section
from ingest.twins import merge_twins, split_section


def section(heading: str, text: str, page: int | None = None, **extra) -> Section:
    return Section(
        id="x",
        doc_id="d",
        ordinal=0,
        heading=heading,
        level=1,
        path=(),
        text=text,
        page_start=page,
        page_end=extra.pop("page_end", page),
        **extra,
    )


PDF = [
    section("1. Introduction", "London is a city of contrasts in health.", 3),
    section(
        "2. Income",
        "Low pay harms health. Fuel poverty and cold homes raise excess winter deaths in "
        "the poorest boroughs.",
        4,
        page_end=5,
        page_offsets=((21, 5),),
    ),
]


def test_headings_only_the_rtf_has_split_the_pdf_section_that_prints_them() -> None:
    rtf = [
        section("1. Introduction", "London is a city of contrasts in health."),
        section("2. Income", "Low pay harms health."),
        section("2.1 Fuel poverty", "Fuel poverty and cold homes raise excess winter deaths."),
    ]
    merged = merge_twins(PDF, rtf, "d")
    assert [s.heading for s in merged] == ["1. Introduction", "2. Income", "2.1 Fuel poverty"]
    assert [s.id for s in merged] == ["d-s000", "d-s001", "d-s002"]
    income, fuel = merged[1], merged[2]
    assert income.text == "Low pay harms health."
    assert (income.page_start, income.page_end) == (4, 4)
    assert fuel.text.startswith("Fuel poverty and cold homes")
    assert (fuel.page_start, fuel.page_end) == (5, 5)
    assert "Fuel poverty" not in income.text, "text must not appear twice"


def test_an_rtf_section_whose_text_the_pdf_lacks_is_inserted_after_its_neighbour() -> None:
    rtf = [
        section("1. Introduction", "London is a city of contrasts in health."),
        section("1.1 A note", "This paragraph exists only in the word-processor file."),
        section("2. Income", "Low pay harms health."),
    ]
    merged = merge_twins(PDF, rtf, "d")
    assert [s.heading for s in merged] == ["1. Introduction", "1.1 A note", "2. Income"]
    assert merged[1].source == "rtf" and merged[1].page_start == 3


def test_identical_outlines_keep_the_pdf_sections_and_pages() -> None:
    rtf = [section(s.heading, s.text) for s in PDF]
    merged = merge_twins(PDF, rtf, "d")
    assert [(s.heading, s.page_start, s.source) for s in merged] == [
        ("1. Introduction", 3, "pdf"),
        ("2. Income", 4, "pdf"),
    ]


def test_split_section_keeps_page_offsets_relative_to_each_half() -> None:
    head, tail = split_section(PDF[1], 22)
    assert head.text == "Low pay harms health."
    assert tail.page_start == 5 and tail.page_offsets == ()
    assert tail.page_at(0) == 5
