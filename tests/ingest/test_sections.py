"""The sectioner on hand-made blocks: headings, levels, cover, contents, text and pages."""

from __future__ import annotations

from ingest.model import Block, RawDocument, Table
from ingest.sections import FRONT_MATTER, numbering_depth, split_outline, split_sections

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


# ---- what a heading is not (issue 10) ------------------------------------------------------


def bold_item(text: str, page: int = 2, space: float = 4.0) -> Block:
    return Block(text=text, page=page, size=10.5, bold=True, space_before=space)


def test_numbered_list_items_in_bold_are_not_headings() -> None:
    raw = doc(
        head("Our commitments", 14),
        body(),
        bold_item("1. Continue to ease the burden of debt on families"),
        bold_item("2. Invest in warm homes for older residents"),
        bold_item("3. Work with schools on healthy meals"),
        body(),
    )
    assert outline(raw) == [("Our commitments", 1)]


def test_bullet_items_in_any_glyph_and_lettered_items_are_not_headings() -> None:
    raw = doc(
        head("Investment", 14),
        body(),
        bold_item("❱ Invest a record £8.3 billion in new homes", space=12.0),
        bold_item("(a) Extend free school meals", space=12.0),
        bold_item("ii) Open two new clinics", space=12.0),
        body(),
    )
    assert outline(raw) == [("Investment", 1)]


def test_a_bold_run_in_lead_in_is_not_a_heading() -> None:
    raw = doc(
        head("Findings", 14),
        body(),
        Block(text="Key finding. The gap in life expectancy between the", page=2,
              size=10.5, bold=True, space_before=12.0),
        Block(text="most and least deprived wards has widened since 2015.", page=2,
              size=10.5, space_before=1.0),
    )  # fmt: skip
    assert outline(raw) == [("Findings", 1)]


def test_captions_callout_figures_pull_quotes_and_listings_are_not_headings() -> None:
    raw = doc(
        head("Ageing well", 24),
        body(),
        head("Figure 3: Life expectancy by ward, 2020-22", 12),
        head("73%", 34),
        head("17 years", 34),
        body(),
        head("“You don’t stop wanting to be useful just because you’ve retired”", 19),
        body(),
        head("CREATE PERMISSION <permission name>", 12, font="Courier-Bold"),
        body(),
    )
    assert outline(raw) == [("Ageing well", 1)]


def test_a_table_is_kept_whole_in_its_section_with_its_cells() -> None:
    rows = (("Decile", "Men", "Women"), ("1 (most deprived)", "73.4", "78.6"))
    table = Table(rows=rows, header_rows=1)
    raw = doc(
        head("1.1 The scale of the gap", 14),
        body("Men in the most deprived tenth live 9.8 years less."),
        Block(text=table.text(), page=2, size=10.5, bold=True, kind="table", table=table),
        body("The gap has widened."),
    )
    (section,) = split_sections(raw, "t")
    assert section.heading == "1.1 The scale of the gap"
    (kept,) = section.tables
    assert kept.rows == rows and kept.header_rows == 1 and kept.page == 2
    assert section.text[kept.offset :].startswith("Decile | Men | Women\n1 (most deprived)")
    assert section.to_dict()["tables"][0]["rows"][1] == ["1 (most deprived)", "73.4", "78.6"]


# ---- levels ----------------------------------------------------------------------------------


def test_levels_are_dense_and_siblings_stay_siblings() -> None:
    raw = doc(
        head("Foreword", 24), body(),
        head("Ageing in Harbourside", 24), body(),
        head("A LONGER LIFE", 11), body(),  # two sizes below: no level 2 style between
        head("WHERE WE LIVE MATTERS", 11), body(),
        head("Staying connected", 24), body(),
    )  # fmt: skip
    assert [lvl for _, lvl in outline(raw)] == [1, 1, 2, 2, 1]


def test_one_heading_style_means_level_one_only() -> None:
    raw = doc(*[x for t in ("Housing", "Income", "Work", "Places") for x in (head(t, 14), body())])
    assert {lvl for _, lvl in outline(raw)} == {1}


def test_roman_letter_and_arabic_numbering_nest_in_the_order_they_appear() -> None:
    raw = doc(
        head("I. GAZ DU SANG", 12), body(),
        head("A. Mesure du pH", 12), body(),
        head("1. Acidose ou alcalose ?", 12), body(),
        head("2. Métabolique ou respiratoire ?", 12), body(),
        head("B. Interprétation", 12), body(),
        head("II. ACIDOSES MÉTABOLIQUES", 12), body(),
    )  # fmt: skip
    assert [lvl for _, lvl in outline(raw)] == [1, 2, 3, 3, 2, 1]


def test_part_sits_above_chapter_and_appendix_beside_the_chapters() -> None:
    raw = doc(
        head("Foreword", 16), body(),
        head("Part 1: The problem", 16), body(),
        head("Chapter 1: What it is", 16), body(),
        head("1.1 Definitions", 12), body(),
        head("Appendix A: Search strategy", 16), body(),
    )  # fmt: skip
    assert [lvl for _, lvl in outline(raw)] == [1, 1, 2, 3, 2]


# ---- contents pages --------------------------------------------------------------------------


def toc(text: str, x0: float = 72.0, page: int = 2) -> Block:
    return Block(text=text, page=page, size=10.5, kind="toc", x0=x0)


def test_a_contents_entry_makes_a_plain_line_a_heading_at_the_entry_level() -> None:
    raw = doc(
        toc("Contents"),
        toc("Introduction 3"),
        toc("Where we live 3", x0=90.0),
        toc("Next steps 4"),
        head("Introduction", 16, page=3),
        body(page=3),
        # Set in the text's own type and spacing: only the contents page says it is one.
        Block(text="Where we live", page=3, size=10.5, space_before=2.0),
        body(page=3),
        head("Next steps", 16, page=4),
        body(page=4),
    )
    assert outline(raw) == [("Introduction", 1), ("Where we live", 2), ("Next steps", 1)]


def test_with_a_contents_page_an_unlisted_larger_style_is_no_heading() -> None:
    raw = doc(
        toc("Introduction 3"), toc("Housing 3"), toc("Income 4"),
        head("Introduction", 16, page=3), body(page=3),
        head("Housing", 16, page=3), body(page=3),
        head("Every child deserves a warm home", 20, page=3), body(page=3),  # a pull quote
        head("Income", 16, page=4), body(page=4),
        head("Benefits take-up", 12, page=4), body(page=4),  # deeper than the contents lists
    )  # fmt: skip
    assert outline(raw) == [
        ("Introduction", 1), ("Housing", 1), ("Income", 1), ("Benefits take-up", 2),
    ]  # fmt: skip


# ---- covers and declared outlines -----------------------------------------------------------


def test_back_cover_lines_are_no_headings() -> None:
    raw = doc(
        head("Cover title", 30, page=1),
        *[x for p in (2, 3, 4) for x in (head(f"Chapter {p}", 16, page=p), body(page=p))],
        head("For more information:", 12, page=5),
        head("Visit your local council website", 14, page=5, bold=False),
        Block(text="www.example.gov.uk", page=5, size=10.5),
    )
    assert [h for h, _ in outline(raw)] == ["Chapter 2", "Chapter 3", "Chapter 4"]


def test_a_paragraph_tagged_as_a_heading_is_kept_as_text() -> None:
    sentence = (
        "On remarque que plus de 92% des répondants sont en accord avec la création d’un "
        "réseau pensé pour tous les âges et toutes les capacités."
    )
    raw = doc(
        Block(text="Pistes cyclables", page=2, size=14.0, heading_level=2, role="H2"),
        Block(text=sentence, page=2, size=10.5, heading_level=2, role="H2", lines=2),
        Block(text=PROSE, page=2, size=10.5, heading_level=0, role="P"),
    )
    sections, source = split_outline(raw, "c")
    assert [(s.heading, s.level) for s in sections] == [("Pistes cyclables", 1)]
    assert sentence in sections[0].text and source == "structure-tree"


def test_the_outline_source_says_where_headings_came_from() -> None:
    typo = doc(head("Introduction", 16), body())
    assert split_outline(typo, "d")[1] == "typography"
    styles = doc(
        *[
            x
            for t in ("One", "Two", "Three")
            for x in (Block(text=t, size=14.0, heading_level=1), Block(text=PROSE, size=10.5))
        ],
        fmt="rtf",
    )
    assert split_outline(styles, "d")[1] == "styles"


def test_subheads_set_apart_by_colour_alone_are_headings_a_lone_coloured_line_is_not() -> None:
    blue = "0.00,0.37,0.72"
    raw = doc(
        head("Healthy homes", 16),
        body(),
        Block(text="Cold and damp homes", page=2, size=10.5, color=blue, space_before=12.0),
        body(),
        Block(text="Overcrowding", page=2, size=10.5, color=blue, space_before=12.0),
        body(),
        Block(text="Dr Helen Okafor", page=2, size=10.5, color="0.80,0.10,0.10", space_before=9),
        body(),
    )
    assert outline(raw) == [("Healthy homes", 1), ("Cold and damp homes", 2), ("Overcrowding", 2)]
