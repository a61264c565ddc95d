"""The sectioner on hand-made blocks: headings, levels, cover, contents, text and pages."""

from __future__ import annotations

from ingest.model import Block, RawDocument
from ingest.sections import FRONT_MATTER, numbering_depth, split_sections

PROSE = (
    "Health inequalities are systematic, avoidable and unjust differences in health between "
    "groups of people, and they follow a social gradient across the whole of London."
)


def body(text: str = PROSE, page: int | None = 2, **kw: object) -> Block:
    return Block(text=text, page=page, size=10.5, space_before=6.0, lines=3, **kw)  # type: ignore[arg-type]


def head(text: str, size: float, page: int | None = 2, bold: bool = True, **kw: object) -> Block:
    return Block(text=text, page=page, size=size, bold=bold, space_before=24.0, **kw)  # type: ignore[arg-type]


def doc(*blocks: Block, labels: tuple[str, ...] = (), fmt: str = "pdf") -> RawDocument:
    pages = [b.page for b in blocks if b.page is not None]
    return RawDocument(
        path="x.pdf",
        format=fmt,
        blocks=tuple(blocks),
        page_count=max(pages) if pages else None,
        page_labels=labels,
    )


def outline(raw: RawDocument) -> list[tuple[str, int]]:
    return [(s.heading, s.level) for s in split_sections(raw, "d")]


def test_levels_from_size_ranks() -> None:
    raw = doc(
        head("Part One: The case for action", 18),
        body(),
        head("Why London needs a strategy", 14),
        body(),
        head("The statutory duty", 12),
        body(),
        head("Part Two: Objectives", 18, page=3),
        body(page=3),
    )
    assert outline(raw) == [
        ("Part One: The case for action", 1),
        ("Why London needs a strategy", 2),
        ("The statutory duty", 3),
        ("Part Two: Objectives", 1),
    ]


def test_numbering_depth_refines_one_style() -> None:
    raw = doc(
        head("1. Introduction", 12), body(), head("1.1 Purpose", 12), body(),
        head("1.1.1 Scope", 12), body(), head("2. Objectives", 12), body(),
    )  # fmt: skip
    assert [lvl for _, lvl in outline(raw)] == [1, 2, 3, 1]


def test_numbering_patterns() -> None:
    assert numbering_depth("2.3.1 Housing") == 3
    assert numbering_depth("A.2 What respondents told us") == 2
    assert numbering_depth("3 Healthy places") == 1
    assert numbering_depth("3 people said") is None
    assert numbering_depth("A new approach") is None


def test_bold_body_size_line_with_space_above_is_a_heading_but_prose_is_not() -> None:
    raw = doc(
        head("Healthy workplaces", 10.5),
        body(),
        head("This bold sentence is emphasis inside the text.", 10.5),
        body(),
        Block(text="Run-in bold", page=2, size=10.5, bold=True, space_before=0.0),
        body(),
    )
    assert outline(raw) == [("Healthy workplaces", 1)]


def test_wrapped_heading_is_one_heading() -> None:
    raw = doc(
        head("2.2 Objective Two: Equitable access to high quality health and", 14),
        head("social care services", 14),
        body(),
        head("Chapter 3", 18),
        head("Healthy places", 18),
        body(),
    )
    assert [h for h, _ in outline(raw)] == [
        "2.2 Objective Two: Equitable access to high quality health and social care services",
        "Chapter 3 Healthy places",
    ]


def test_cover_is_not_headings_and_trivial_front_matter_is_dropped() -> None:
    raw = doc(
        head("The London Health Inequalities Strategy", 28, page=1),
        Block(text="April 2010", page=1, size=15.0),
        head("Introduction", 18, page=3),
        body(page=3),
    )
    assert outline(raw) == [("Introduction", 1)]


def test_substantive_front_matter_is_kept() -> None:
    raw = doc(
        head("The Strategy", 28, page=1),
        body(f"{PROSE} {PROSE}", page=2),  # an imprint or summary page: worth searching
        head("Introduction", 18, page=3),
        body(page=3),
    )
    sections = split_sections(raw, "d")
    assert [(s.heading, s.level) for s in sections] == [(FRONT_MATTER, 1), ("Introduction", 1)]
    assert sections[0].text.endswith("London.") and sections[0].page_start == 1


def test_contents_blocks_are_dropped() -> None:
    raw = doc(
        head("Contents", 18, kind="toc"),
        Block(text="1. Introduction ........ 3", page=2, size=10.5, kind="toc"),
        head("1. Introduction", 18, page=3),
        body(page=3),
    )
    sections = split_sections(raw, "d")
    assert [s.heading for s in sections] == ["1. Introduction"]
    assert "...." not in sections[0].text


def test_text_lists_footnotes_and_pages() -> None:
    raw = doc(
        head("1. Introduction", 18, page=3),
        body("First paragraph.", page=3),
        Block(text="1 A footnote.", page=3, size=8.0, kind="footnote"),
        Block(text="first item;", page=3, size=10.5, kind="list"),
        Block(text="• second item.", page=3, size=10.5, kind="list"),
        body("Continues on the next page.", page=4),
        labels=("", "", "1", "2"),
    )
    (section,) = split_sections(raw, "his")
    # The footnote is kept out of the text (issue 13): the section holds it as a note.
    assert section.text == (
        "First paragraph.\n\n• first item;\n• second item.\n\nContinues on the next page."
    )
    assert [(n.marker, n.text, n.page) for n in section.notes] == [("1", "A footnote.", 3)]
    assert (section.page_start, section.page_end) == (3, 4)
    assert (section.label_start, section.label_end) == ("1", "2")
    offset = section.text.index("Continues")
    assert section.page_at(offset) == 4 and section.page_at(offset - 3) == 3
    assert section.id == "his-s000" and section.source == "pdf"


def test_paths_and_ids() -> None:
    raw = doc(
        head("1. A", 18), body(), head("1.1 B", 14), body(), head("1.1.1 C", 12), body(),
        head("2. D", 18), body(),
    )  # fmt: skip
    sections = split_sections(raw, "x")
    assert [s.path for s in sections] == [(), ("1. A",), ("1. A", "1.1 B"), ()]
    assert [s.id for s in sections] == ["x-s000", "x-s001", "x-s002", "x-s003"]
    assert [s.ordinal for s in sections] == [0, 1, 2, 3]


def test_declared_outline_wins_and_cover_title_is_not_a_heading() -> None:
    raw = doc(
        Block(text="First Steps to Delivery", size=28.0, bold=True),
        Block(text="1. Introduction", size=18.0, bold=True, heading_level=1),
        Block(text=PROSE, size=10.5),
        Block(text="1.1 Purpose", size=14.0, bold=True, heading_level=2),
        Block(text=PROSE, size=10.5),
        Block(text="Emphasised line", size=14.0, bold=True),
        Block(text="2. Actions", size=18.0, bold=True, heading_level=1),
        Block(text=PROSE, size=10.5),
        fmt="rtf",
    )
    sections = split_sections(raw, "r")
    assert [(s.heading, s.level) for s in sections] == [
        ("1. Introduction", 1),
        ("1.1 Purpose", 2),
        ("2. Actions", 1),
    ]
    assert sections[0].page_start is None and sections[0].page_offsets == ()
    assert "Emphasised line" in sections[1].text and sections[1].source == "rtf"


def test_case_study_titles_in_a_numbered_outline_stay_in_their_section() -> None:
    raw = doc(
        head("1. Introduction", 18), body(), head("1.1 Purpose", 14), body(),
        head("Case study: Well London", 10.5), body(), head("1.2 Scope", 14), body(),
        head("2. Objectives", 18), body(), head("References", 18), body(),
    )  # fmt: skip
    sections = split_sections(raw, "d")
    assert "Case study: Well London" not in [s.heading for s in sections]
    assert "References" in [s.heading for s in sections]
    assert "Case study: Well London" in sections[1].text


def test_heading_without_text_is_kept() -> None:
    raw = doc(head("Part One", 18), head("1.1 Why", 14), body())
    sections = split_sections(raw, "d")
    assert [(s.heading, s.text == "") for s in sections] == [("Part One", True), ("1.1 Why", False)]


def test_document_without_headings_is_one_section() -> None:
    sections = split_sections(doc(body("Just a note.", page=1)), "d")
    assert [(s.heading, s.text) for s in sections] == [(FRONT_MATTER, "Just a note.")]
