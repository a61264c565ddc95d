"""Claim to source: statements record the notes and reference list entries they cite.

tests/golden/evidence_sources.jsonl: 82 statements of the sample corpus that cite something,
each with the sources a careful reader finds, labelled by reading tools/corpus/src (notes
numbered as printed; an author-year mention resolved to the document's own reference list or
to the note that names the work; left unresolved when the document lists no such work).
Scored end to end by `healthsearch evaluate` (the statement must also be extracted).
"""

from __future__ import annotations

from pathlib import Path

from ingest.enrich import enrich
from ingest.evidence import find_evidence
from ingest.model import Document, Note, Reference, Section
from ingest.notes import attach_notes
from ingest.readers.rtf import read_rtf
from ingest.references import parse_entry
from ingest.sections import split_sections
from ingest.settings import PROJECT_ROOT
from ingest.sources import mentions, numbers, resolve


def section(
    text: str,
    heading: str = "1. Evidence",
    notes: tuple[Note, ...] = (),
    note_refs: tuple[tuple[int, str], ...] = (),
    ordinal: int = 0,
) -> Section:
    return Section(
        id=f"d-s{ordinal:03d}", doc_id="d", ordinal=ordinal, heading=heading, level=1, path=(),
        text=text, page_start=3, notes=notes, note_refs=note_refs,
    )  # fmt: skip


LIST = tuple(
    parse_entry(e)
    for e in (
        "Marmot M (2010) Fair Society, Healthy Lives. London: The Marmot Review.",
        "Marmot M et al. (1997) Job control and social variations. The Lancet 350: 235–239.",
        "Dahlgren G and Whitehead M (1991) Policies and Strategies. Stockholm: IFS.",
        "Greater London Authority (2009) Draft Strategy. London: GLA.",
        "Department of Health and Social Security (1980) Inequalities in Health. London: DHSS.",
        "NHS London (2007) Healthcare for London: A Framework for Action. London: NHS London.",
    )
)


def titles(refs: list[Reference]) -> list[str]:
    return [r.title for r in refs]


def test_author_year_mentions_in_every_printed_form() -> None:
    found = mentions(
        "Health follows a gradient (see Marmot, 2010; Dahlgren and Whitehead, 1991), as "
        "Marmot et al. (1997) found and the Marmot Review (2010) confirmed, in 2009 (April 2010)."
    )
    assert [(m.names, m.year) for m in found] == [
        ("Marmot", "2010"),
        ("Dahlgren and Whitehead", "1991"),
        ("Marmot et al.", "1997"),
        ("Marmot Review", "2010"),
    ]


def test_mentions_resolve_to_the_entry_they_name() -> None:
    def one(sentence: str) -> list[str]:
        return titles(resolve(mentions(sentence)[0], LIST))

    assert one("A gradient (Marmot, 2010).") == ["Fair Society, Healthy Lives"]
    assert one("Low control (Marmot et al., 1997).") == ["Job control and social variations"]
    assert one("The rainbow of Dahlgren and Whitehead (1991).") == ["Policies and Strategies"]
    assert one("As the GLA said (GLA, 2009).") == ["Draft Strategy"]
    assert one("The Black Report (Department of Health and Social Security, 1980).") == [
        "Inequalities in Health"
    ]
    # No Darzi in the list, but the sentence names the work NHS London published that year.
    assert one("As set out in Healthcare for London (Darzi, 2007).") == [
        "Healthcare for London: A Framework for Action"
    ]
    assert one("A claim (Smith, 2010).") == []


def test_numbered_citations() -> None:
    assert numbers("As shown [3, 5-7] and [12].") == ["3", "5", "6", "7", "12"]


def test_statement_records_its_note_its_mentions_and_unresolved_ones() -> None:
    text = "The care law holds (Marmot, 2010; Smith, 2004). Next sentence has no source."
    note = Note("6", "Tudor Hart J (1971) The inverse care law. The Lancet 297: 405–412.", 12)
    [statement] = find_evidence(
        section(text, notes=(note,), note_refs=((text.index(" ("), "6"),)), LIST
    )
    assert statement.kinds == ("cited finding",)
    assert [(s.kind, s.cited_as, s.resolved) for s in statement.sources] == [
        ("note", "6", True),
        ("author-year", "Marmot, 2010", True),
        ("author-year", "Smith, 2004", False),
    ]
    assert statement.sources[0].reference is not None
    assert statement.sources[0].reference.authors == ("Tudor Hart J",)


def test_a_sentence_whose_note_cites_a_work_is_a_cited_finding() -> None:
    text = "Care varies inversely with need. Nothing here."
    note = Note("6", "Tudor Hart J (1971) The inverse care law. The Lancet 297: 405–412.")
    [statement] = find_evidence(section(text, notes=(note,), note_refs=((31, "6"),)))
    assert statement.text == "Care varies inversely with need."
    assert statement.kinds == ("cited finding",)


def test_reference_list_sections_have_no_evidence() -> None:
    refs = section("Marmot M (2010) Fair Society. London: The Marmot Review.", "References")
    assert find_evidence(refs) == ()


def test_a_note_goes_to_the_section_that_calls_it() -> None:
    calling = section("Care is unequal.", note_refs=((15, "6"),))
    notes = (Note("6", "Tudor Hart J"),)
    printed = section("A new section starts on the page.", "2. Next", notes=notes, ordinal=1)
    first, second = attach_notes([calling, printed])
    assert [n.marker for n in first.notes] == ["6"] and second.notes == ()


def test_rtf_notes_are_kept_out_of_the_text_and_linked(tmp_path: Path) -> None:
    note = (
        r"{\super\chftn}{\footnote\pard\plain\fs16{\super\chftn} Tudor Hart J (1971) "
        r"The inverse care law. {\i The Lancet}, 297(7696), 405\u8211?412.\par}"
    )
    body = (
        r"\pard\plain\s1\outlinelevel0\b\fs32 1. Access\par"
        r"\pard\plain\fs24 Care varies with the need for it in the population served"
        + note
        + r". About 5% of people are not registered.\par"
        r"\pard\plain\s1\outlinelevel0\b\fs32 References\par"
        r"\pard\plain\fs24 Marmot M (2010) Fair Society. London: The Marmot Review.\par"
    )
    path = tmp_path / "notes.rtf"
    path.write_bytes((r"{\rtf1\ansi\ansicpg1252\deff0 " + body + "}").encode("latin-1"))
    raw = read_rtf(path)
    [para] = [b for b in raw.blocks if b.anchors]
    assert "served." in para.text and "served1" not in para.text
    sections = split_sections(raw, "d")
    assert "Tudor Hart" not in sections[0].text
    document, enriched = enrich(Document(id="d", title="D"), sections, ())
    assert [r.authors for r in document.references] == [("Marmot M",)]
    first = enriched[0].evidence[0]
    assert first.text == "Care varies with the need for it in the population served."
    [source] = first.sources
    assert (source.kind, source.cited_as) == ("note", "1")
    assert source.reference is not None and source.reference.year == "1971"
    again = Section.from_dict(enriched[0].to_dict())
    assert again == enriched[0]
    assert Document.from_dict(document.to_dict()) == document


def test_notes_in_a_libreoffice_rtf_are_linked() -> None:
    raw = read_rtf(PROJECT_ROOT / "tests" / "fixtures" / "notes" / "libreoffice_notes.rtf")
    document, sections = enrich(Document(id="lo", title="LO"), split_sections(raw, "lo"), ())
    statements = [e for s in sections for e in s.evidence]
    assert [
        (e.text.split()[-1], [(s.kind, s.cited_as) for s in e.sources]) for e in statements
    ] == [
        ("served.", [("note", "1")]),
        ("practice.", [("note", "2")]),
        ("2010).", [("author-year", "Marmot, 2010")]),
    ]
    assert all(s.resolved for e in statements for s in e.sources)
    assert not any("Tudor Hart" in s.text for s in sections)
    assert [r.title for r in document.references] == ["Fair Society, Healthy Lives"]


def test_a_work_cited_by_its_popular_name_and_a_note_that_repeats_the_list() -> None:
    dhss = "Department of Health and Social Security (1980) Inequalities in Health"
    listed = parse_entry(f"{dhss} (the Black Report). London: DHSS.")
    noted = parse_entry(f"{dhss}. London: DHSS.", "1")
    assert resolve(mentions("As Black (1980) showed.")[0], [listed, noted]) == [listed]
    cited = mentions("A gradient (Department of Health and Social Security, 1980).")[0]
    assert resolve(cited, [listed, noted]) == [listed], "one work, one source: the list's entry"


def test_a_sentence_cut_by_a_page_break_is_one_statement() -> None:
    text = "Frank Field reported in December 2010\n\nunder the title The Foundation Years (Field,\n\n2010). Next."  # noqa: E501
    [statement] = find_evidence(section(text))
    assert statement.text.startswith("Frank Field reported in December 2010 under the title")
    assert statement.text.endswith("The Foundation Years (Field, 2010).")
