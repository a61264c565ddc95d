"""Key terms: distinctive words and phrases, shown as written, without stopwords."""

from __future__ import annotations

from ingest.keyterms import (
    CorpusStats,
    combine,
    document_key_terms,
    extract,
    section_key_terms,
    section_terms,
)
from ingest.model import Section
from ingest.nlp import load_stopwords

WAGE = (
    "The London Living Wage is set above the national minimum wage. Employers paying the "
    "London Living Wage report lower staff turnover. The living wage campaign has grown, and "
    "more living wage employers sign up each year."
)
HOUSING = (
    "Overcrowded housing harms health. Overcrowding is common in social housing, and housing "
    "costs push families into temporary accommodation."
)
TRANSPORT = "Walking and cycling improve health. Safer streets encourage walking and cycling."


def _section(doc: str, n: int, text: str) -> Section:
    return Section(id=f"{doc}-s{n:03d}", doc_id=doc, ordinal=n, heading="", level=1, path=(),
                   text=text)  # fmt: skip


def test_section_terms_are_distinctive_phrases_in_written_form() -> None:
    sections = [_section("a", 0, WAGE), _section("a", 1, HOUSING), _section("b", 0, TRANSPORT)]
    stats = CorpusStats.from_sections(sections)
    wage_terms = section_key_terms(sections[0], stats)
    assert "living wage" in [t.lower() for t in wage_terms]
    assert "live wage" not in [t.lower() for t in wage_terms]  # display form, not the stem
    assert not set(t.lower() for t in wage_terms) & load_stopwords()
    assert "housing" in section_key_terms(sections[1], stats)


def test_document_terms_are_measured_against_other_documents() -> None:
    sections = [_section("a", 0, WAGE), _section("a", 1, HOUSING), _section("b", 0, TRANSPORT)]
    stats = CorpusStats.from_sections(sections)
    terms = document_key_terms([s for s in sections if s.doc_id == "b"], stats)
    assert "walking" in " ".join(terms).lower()
    assert "health" not in terms  # in every document, so not distinctive


def test_a_document_summed_from_its_sections_reads_as_the_joined_text() -> None:
    """The document's terms are summed from its sections' (each section is read once); the sum
    must be what reading the whole text gives, collocations included."""
    texts = [WAGE, HOUSING, TRANSPORT, WAGE + " " + HOUSING]
    joined = extract("\n".join(texts))
    summed = combine(extract(t, collocations=False) for t in texts)
    assert summed.unigrams == joined.unigrams
    assert summed.bigrams == joined.bigrams
    assert summed.collocations == joined.collocations
    assert ("live", "wage") in summed.collocations
    assert {k: dict(v) for k, v in summed.forms.items()} == {
        k: dict(v) for k, v in joined.forms.items()
    }


def test_section_terms_sent_between_processes_rank_as_the_full_terms() -> None:
    sections = [_section("a", 0, WAGE), _section("a", 1, HOUSING), _section("b", 0, TRANSPORT)]
    stats = CorpusStats.from_sections(sections)
    for section in sections:
        full = section_terms(section)
        assert section_key_terms(section, stats, terms=full.ranked()) == section_key_terms(
            section, stats, terms=full
        )
