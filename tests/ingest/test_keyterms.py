"""Key terms: distinctive words and phrases, shown as written, without stopwords."""

from __future__ import annotations

from ingest.keyterms import CorpusStats, document_key_terms, section_key_terms
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
