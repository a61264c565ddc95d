"""Full-text search as an analyst sees it: query language, ranking, synonyms, facets, snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import search_index as si
from ingest.model import Document, ObjectiveTag, Section
from ingest.settings import PROJECT_ROOT, Settings
from search_app.engine import Engine, SearchResult, close_searchers
from search_app.engine import highlight as highlighting
from search_app.engine.analysis import analyze
from search_app.engine.highlight import snippet

CORPUS = PROJECT_ROOT / "corpus"  # its synonyms.toml


def search(index: Path, query: str, **kw) -> SearchResult:
    return Engine(Settings(corpus_dir=CORPUS, index_dir=index)).search(query, **kw)


DOCS = [
    Document(
        id="his-2010", title="Health Inequalities Strategy", issued="2010-04", doc_type="strategy"
    ),
    Document(id="plan-2012", title="Delivery Plan", issued="2012", doc_type="delivery plan"),
    Document(
        id="review-2015", title="Evidence Review", issued="2015-06", doc_type="evidence review"
    ),
]
TEXTS = [  # doc, heading, text, objectives
    (
        "his-2010",
        "Childhood obesity",
        "Childhood obesity is rising in London. Children in deprived "
        "areas are more likely to be overweight than their peers.",
        (3,),
    ),
    (
        "his-2010",
        "Air quality",
        "Air pollution harms health. Poor air quality near busy roads "
        "affects <script>alert(1)</script> children & older people.",
        (4,),
    ),
    (
        "his-2010",
        "Primary care",
        "Access to general practice varies across boroughs; registration is low among migrants.",
        (2,),
    ),
    (
        "his-2010",
        "Income",
        "Pollution of rivers is not discussed. Air travel and the quality of "
        "jobs matter for income.",
        (1,),
    ),
    (
        "plan-2012",
        "Vaccination",
        "Vaccination rates for measles fell. Immunisation programmes "
        "target children in deprived boroughs.",
        (2, 3),
    ),
    (
        "plan-2012",
        "Employment",
        "Worklessness and poverty drive health inequalities in London.",
        (1,),
    ),
    (
        "review-2015",
        "Obesity evidence",
        "Excess weight among adults; the obesity rate among children doubled.",
        (3,),
    ),
    (
        "review-2015",
        "Vaccines",
        "Vaccine uptake and vaccinations among older people in primary schools.",
        (2,),
    ),
]


def _sections(texts=TEXTS) -> list[Section]:
    return [
        Section(
            id=f"{doc}-{i}",
            doc_id=doc,
            ordinal=i,
            heading=heading,
            level=1,
            path=("Part one",),
            text=text,
            page_start=10 + i,
            page_end=10 + i,
            objectives=tuple(ObjectiveTag(n, 0.9 - 0.05 * i) for n in objectives),
        )
        for i, (doc, heading, text, objectives) in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One read-only index for the module (building one costs ~0.25 s)."""
    folder = tmp_path_factory.mktemp("index")
    si.write_index(folder, DOCS, _sections(), rebuild=True)
    yield folder
    close_searchers()


def ids(index: Path, query: str, **kw) -> list[str]:
    return [h.section.id for h in search(index, query, per_page=50, **kw).hits]


def test_plain_words_need_all_words_and_headings_rank_first(index: Path) -> None:
    assert set(ids(index, "children deprived", synonyms=False)) == {"his-2010-0", "plan-2012-4"}
    assert ids(index, "obesity", synonyms=False)[0] in {"his-2010-0", "review-2015-6"}
    # "primary" is in the heading of one section and the body of another
    assert ids(index, "primary", synonyms=False) == ["his-2010-2", "review-2015-7"]


def test_phrase_matches_adjacent_words_only(index: Path) -> None:
    assert ids(index, '"air pollution"', synonyms=False) == ["his-2010-1"]
    # scattered words also match, but the section with the phrase ranks first
    assert ids(index, "air pollution", synonyms=False) == ["his-2010-1", "his-2010-3"]


def test_or_not_and_minus(index: Path) -> None:
    assert set(ids(index, "measles OR migrants")) == {"plan-2012-4", "his-2010-2"}
    assert ids(index, "children -obesity", synonyms=False) == ids(
        index, "children NOT obesity", synonyms=False
    )
    assert "his-2010-0" not in ids(index, "children -obesity", synonyms=False)
    assert len(ids(index, "-london")) == len(TEXTS) - 2  # only an exclusion: everything else


def test_fields_and_ranges(index: Path) -> None:
    assert ids(index, "objective:3") == ["his-2010-0", "plan-2012-4", "review-2015-6"]
    assert set(ids(index, "doc:plan-2012")) == {"plan-2012-4", "plan-2012-5"}
    assert set(ids(index, "year:2015")) == {"review-2015-6", "review-2015-7"}
    assert len(ids(index, "year:2011..2015")) == 4
    assert len(ids(index, "year:2012..")) == 4
    assert set(ids(index, 'type:"delivery plan"')) == {"plan-2012-4", "plan-2012-5"}
    assert ids(index, "heading:primary", synonyms=False) == ["his-2010-2"]
    assert ids(index, "children objective:3 year:2015", synonyms=False) == ["review-2015-6"]


def test_wildcard_fuzzy_and_last_word_prefix(index: Path) -> None:
    assert set(ids(index, "vaccin*", synonyms=False)) == {"plan-2012-4", "review-2015-7"}
    assert ids(index, "obesty~", synonyms=False)[:2] == ids(index, "obesity", synonyms=False)[:2]
    # no "*" needed on the last word, and the whole word ranks above completions of it
    assert set(ids(index, "measles vacc", synonyms=False)) == {"plan-2012-4"}
    assert ids(index, "vaccine", synonyms=False)[0] == "review-2015-7"
    assert ids(index, "measles vacc ", synonyms=False) == []  # trailing space: no prefix


@pytest.mark.parametrize(
    "query",
    [
        '"air pollution',
        "(children",
        "children)",
        "OR",
        "NOT",
        "children OR",
        "-",
        "* ~",
        "objective:x",
        "year:20x0",
        "a*",
        '""',
        "((",
        "AND AND",
        ":",
        "heading:",
        "~~~",
    ],
)
def test_malformed_queries_never_fail(index: Path, query: str) -> None:
    result = search(index, query)
    assert result.total >= 0
    if query in ('"air pollution', "(children", "objective:x", "a*"):
        assert result.notices and "plain words" in result.notices[0]
    if query == '"air pollution':
        assert result.hits[0].section.id == "his-2010-1"


def test_synonyms_are_expanded_reported_and_switchable(index: Path) -> None:
    on = search(index, "GP")
    assert [h.section.id for h in on.hits] == ["his-2010-2"]
    assert "general practice" in on.synonyms
    off = search(index, "GP", synonyms=False)
    assert off.total == 0 and off.synonyms == ()
    assert "review-2015-6" in ids(index, "overweight")  # excess weight, obesity
    assert "his-2010-1" in ids(index, "air quality")  # also air pollution


def test_a_misspelling_that_finds_nothing_is_corrected_at_once(index: Path) -> None:
    result = search(index, "obesty")
    assert result.corrected_query == "obesity" and result.total > 0
    assert any("Showing results for “obesity”" in n for n in result.explanations)
    # "search instead for obesty": nothing, and the correction is offered
    typed = search(index, "obesty", spell=False)
    assert typed.total == 0 and typed.suggestion == "obesity" and typed.corrected_query is None
    assert search(index, "obesity").suggestion is None
    within = search(index, "obesty", filters={"doc": ["plan-2012"]})  # nothing there either
    assert within.total == 0 and within.suggestion is None and within.corrected_query is None


def test_facets_count_and_filters_combine(index: Path) -> None:
    result = search(index, "children", synonyms=False)
    counts = {f.value: f.count for f in result.facets["doc"]}
    assert counts == {"his-2010": 2, "plan-2012": 1, "review-2015": 1}
    assert {f.value: f.count for f in result.facets["objective"]}["3"] == 3
    assert [f.label for f in result.facets["objective"]][0] == "Objective 2"
    # OR within a facet, AND across facets; a facet's own choice does not shrink its counts
    both = search(
        index,
        "children",
        filters={"doc": ["his-2010", "review-2015"], "objective": ["3"]},
        synonyms=False,
    )
    assert {h.section.id for h in both.hits} == {"his-2010-0", "review-2015-6"}
    doc_facet = {f.value: (f.count, f.selected) for f in both.facets["doc"]}
    assert doc_facet == {"his-2010": (1, True), "plan-2012": (1, False), "review-2015": (1, True)}
    assert search(index, "children", filters={"type": ["Strategy"]}, synonyms=False).total == 2


def test_empty_query_with_filter_lists_sections(index: Path) -> None:
    result = search(index, "", filters={"objective": ["3"]})
    assert result.total == 3
    assert [h.section.id for h in result.hits] == ["his-2010-0", "plan-2012-4", "review-2015-6"]
    assert search(index, "").total == len(TEXTS)


def test_snippets_mark_matches_and_escape_document_text(index: Path) -> None:
    hit = search(index, "older children", synonyms=False).hits[0]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>children</mark> &amp; <mark>older</mark>" in hit.snippet_html
    assert "<script>alert(1)</script>" in hit.snippet_text and "<mark>" not in hit.snippet_text
    phrase = search(index, '"air pollution"', synonyms=False).hits[0]
    assert "<mark>Air pollution</mark>" in phrase.snippet_html


def test_long_section_snippet_shows_the_best_passage(tmp_path: Path) -> None:
    filler = "Nothing relevant is said in this sentence at all. " * 60
    text = filler + "Child poverty in Tower Hamlets is the highest in London. " + filler
    section = Section("d-0", "d", 0, "Long", 1, (), text, page_start=1, page_end=3)
    si.write_index(tmp_path, [Document("d", "Long report")], [section], rebuild=True)
    hit = search(tmp_path, '"child poverty" hamlets', synonyms=False).hits[0]
    assert "<mark>Child poverty</mark> in Tower <mark>Hamlets</mark>" in hit.snippet_html
    assert len(hit.snippet_text) < 400 and hit.snippet_text.startswith("…")
    close_searchers()


def test_pagination_has_exact_totals_and_no_cap(tmp_path: Path) -> None:
    texts = [("big", f"Part {i}", f"Health visitor report number {i}.", ()) for i in range(125)]
    si.write_index(tmp_path, [Document("big", "Big")], _sections(texts), rebuild=True)
    pages = [search(tmp_path, "health visitor", page=p, per_page=50) for p in (1, 2, 3, 4)]
    assert [r.total for r in pages] == [125] * 4
    assert [len(r.hits) for r in pages] == [50, 50, 25, 0]
    seen = [h.section.id for r in pages for h in r.hits]
    assert len(set(seen)) == 125
    by_doc = search(tmp_path, "health", sort="document", per_page=3, page=2)
    assert [h.section.ordinal for h in by_doc.hits] == [3, 4, 5]
    close_searchers()


def test_sort_by_date_puts_newest_first(index: Path) -> None:
    result = search(index, "children", sort="date", synonyms=False)
    assert [h.document.year for h in result.hits if h.document] == [2015, 2012, 2010, 2010]


def test_new_index_is_seen_without_restart(tmp_path: Path) -> None:
    index = tmp_path
    si.write_index(index, DOCS, _sections(), rebuild=True)
    assert search(index, "measles").total == 1
    changed = _sections([("plan-2012", "Vaccination", "Measles and mumps. Measles again.", (2,))])
    si.write_index(index, [DOCS[1]], changed)
    assert [h.section.text for h in search(index, "measles").hits] == [changed[0].text]
    assert search(index, "worklessness").total == 0  # the old sections of plan-2012 are gone
    si.write_index(index, DOCS[:1], _sections(TEXTS[:1]), rebuild=True)
    assert search(index, "measles").total == 0 and search(index, "obesity").total == 1


def test_more_like_this_and_suggest(index: Path) -> None:
    engine = Engine(Settings(corpus_dir=CORPUS, index_dir=index))
    similar = [h.section.id for h in engine.more_like_this("his-2010-0", limit=3)]
    assert "his-2010-0" not in similar and "review-2015-6" in similar
    assert engine.more_like_this("no-such-section") == ()
    assert engine.suggest("vacc")[0] in {"vaccination", "vaccine", "vaccinations"}
    assert "Vaccination" in engine.suggest("vacc")
    assert engine.suggest("") == []


def test_snippet_marks_words_whose_stem_changes_their_last_letter() -> None:
    """Only words starting like a query stem are stemmed for highlighting; "pay" is indexed as
    "pai", so the prefix looked for must not include the stem's last letter."""
    html, text = snippet("Low pay, and pays that fall; paid leave. Paint is not marked.", {"pai"})
    assert html.count("<mark>") == 2 and "<mark>pay</mark>" in html and "<mark>pays</mark>" in html
    assert "<mark>" not in text


def test_snippet_marks_agree_with_the_index_analyzer() -> None:
    text = "Vaccinations, A&E and e.g. children’s immunisation; the U.K. figures (2010) rose."
    stems = {term for term, _start, _end in analyze(text)}
    html, _ = snippet(text, stems)
    assert html.count("<mark>") == len(_merged_marks(text, stems))


def _merged_marks(text: str, stems: set[str]) -> list[tuple[int, int]]:
    return highlighting._merge([(a, b) for term, a, b in analyze(text) if term in stems], text)


def test_fuzzy_words_keep_their_first_letter(index: Path) -> None:
    assert set(ids(index, "vaccinne~", synonyms=False)) >= {"plan-2012-4", "review-2015-7"}
    assert ids(index, "baccine~", synonyms=False) == []  # first letter differs: no expansion
