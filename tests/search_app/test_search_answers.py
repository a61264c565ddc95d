"""Search answers what analysts type, on the shipped sample corpus: questions with filler,
misspellings, objective and document names, topics the corpus does not cover, and the pages,
API and CLI that show it (issue 12; issue 16 items 5 and 10)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from ingest.settings import PROJECT_ROOT, Settings
from search_app import create_app
from search_app.commands.search import search_command
from search_app.engine import Engine, SearchResult, close_searchers

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def engine(sample_index: Path) -> Iterator[Engine]:
    yield Engine(Settings(corpus_dir=CORPUS, index_dir=sample_index))
    close_searchers()


@pytest.fixture(scope="module")
def client(sample_index: Path) -> FlaskClient:
    return create_app({"INDEX_DIR": sample_index, "CORPUS_DIR": CORPUS}).test_client()


def ids(result: SearchResult) -> list[str]:
    return [h.section.id for h in result.hits]


def test_question_words_do_not_sink_a_question(engine: Engine) -> None:
    result = engine.search("whats the mayor doing on rough sleeping")
    assert result.total > 0 and not result.partial
    assert {"whats", "the", "doing", "on"} <= set(result.ignored_words)
    assert "his-2010-s038" in ids(result)[:3]  # 2.5.1 Housing, overcrowding and homelessness
    assert engine.search("what really causes health inequalities").total > 0


def test_no_section_with_every_word_gives_the_closest_with_what_they_lack(engine: Engine) -> None:
    result = engine.search("how does the london living wage help people near hospitals")
    assert result.partial and result.total > 0
    assert all(hit.missing for hit in result.hits)
    assert any("help" in hit.missing for hit in result.hits)
    assert any("closest matches" in n for n in result.explanations)


@pytest.mark.parametrize(
    "query",
    ["covid vaccine uptake in care homes", "HS2 rail link", "dementia diagnosis rates",
     "brexit impact on nhs staff", "ULEZ expansion"],
)  # fmt: skip
def test_a_topic_the_corpus_does_not_cover_finds_nothing_and_says_why(
    engine: Engine, query: str
) -> None:
    result = engine.search(query)
    assert result.total == 0 and result.corrected_query is None
    assert result.unknown_words, "the answer names the word no section has"
    assert any("No section mentions" in n for n in result.explanations)


def test_the_search_without_the_unknown_word_is_offered(engine: Engine) -> None:
    result = engine.search("covid vaccine uptake in care homes")
    assert result.unknown_words == ("covid",)
    assert result.relaxed_query == "vaccine uptake in care homes"


@pytest.mark.parametrize(
    ("typed", "meant", "section"),
    [
        ("overcrowdng", "overcrowding", "his-2010-s038"),  # 1 edit, though "overcrowded" is 2
        ("helath inequalites", "health inequalities", None),  # a swapped pair is one edit
        ("apprenticeships for young poeple", "apprenticeships for young people", "his-2010-s034"),
        ("obesty", "obesity", None),
    ],
)
def test_a_misspelt_query_is_corrected_at_once(
    engine: Engine, typed: str, meant: str, section: str | None
) -> None:
    result = engine.search(typed)
    assert result.corrected_query == meant and result.total > 0
    if section:
        assert section in ids(result)[:3]
    as_typed = engine.search(typed, spell=False)
    assert as_typed.total == 0 and as_typed.suggestion == meant


@pytest.mark.parametrize(
    ("query", "number", "chapter"),
    [("objective 3", 3, "his-2010-s025"), ("objective two", 2, "his-2010-s020"),
     ("the fifth objective", 5, "his-2010-s037"), ("healthy places", 5, "his-2010-s037"),
     ("income inequality and health", 3, "his-2010-s025")],
)  # fmt: skip
def test_an_objective_named_is_a_best_bet_and_its_strategy_chapter_leads(
    engine: Engine, query: str, number: int, chapter: str
) -> None:
    result = engine.search(query)
    assert [(b.kind, b.value) for b in result.best_bets] == [("objective", str(number))]
    assert ids(result)[0] == chapter


def test_typed_objective_fields_stay_filters(engine: Engine) -> None:
    result = engine.search("housing objective:5")
    assert not result.best_bets and result.total > 0
    assert all(5 in [t.number for t in h.section.objectives] for h in result.hits)


@pytest.mark.parametrize(
    ("query", "doc"),
    [("the strategy", "his-2010"), ("one year on", "one-year-on-2011"),
     ("marmot review", "marmot-summary"), ("delivery plan", "delivery-plan-2015")],
)  # fmt: skip
def test_a_document_named_is_a_best_bet_and_opens_at_its_start(
    engine: Engine, query: str, doc: str
) -> None:
    result = engine.search(query)
    assert doc in [b.value for b in result.best_bets if b.kind == "document"]
    assert result.hits[0].section.id == f"{result.best_bets[0].value}-s000"


def test_one_document_takes_at_most_a_third_of_the_first_page(engine: Engine) -> None:
    result = engine.search("childhood obesity")
    docs = [h.section.doc_id for h in result.hits]
    assert docs.count("hwhl-2008") == 3 and len(docs) == 10
    last = [h for h in result.hits if h.section.doc_id == "hwhl-2008"][-1]
    assert last.more_in_document > 0
    assert "References" not in [h.section.heading for h in result.hits]
    second = engine.search("childhood obesity", page=2)
    everything = ids(result) + ids(second)
    assert len(everything) == len(set(everything))  # pages do not repeat a hit


def test_typed_words_rank_above_synonym_only_matches(engine: Engine) -> None:
    result = engine.search("deprivation", per_page=30)
    typed = ["depriv" in h.snippet_text.lower() or "depriv" in h.section.text.lower()
             for h in result.hits]  # fmt: skip
    assert typed == sorted(typed, reverse=True), "a synonym-only hit outranks a typed one"
    assert "poverty" in result.synonyms


def test_browsing_an_objective_orders_by_a_real_score(engine: Engine, client: FlaskClient) -> None:
    result = engine.search("", filters={"objective": ["2"]}, per_page=20)
    assert ids(result)[0] == "his-2010-s020"  # the Strategy's Objective Two chapter
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    page = client.get("/objectives/2").get_data(as_text=True)
    ranked = re.search(r'<ol class="ranked">(.*?)</ol>', page, re.S)
    assert ranked, "the objective page lists its sections"
    listed = re.findall(r'href="/sections/([\w-]+)', ranked.group(1))
    assert listed[:20] == ids(result)  # the page and the search share one order


def test_long_fuzzy_and_proximity_numbers_are_capped_with_a_notice(engine: Engine) -> None:
    fuzzy = engine.search("obesity~10")
    assert fuzzy.total > 0 and any("obesity~2" in n for n in fuzzy.notices)
    near = engine.search('"health inequalities"~50')
    assert near.total > 0 and any("~20" in n for n in near.notices)
    assert engine.search('"inverse law"~1').total > 0 and engine.search('"inverse law"').total == 0


def test_results_page_shows_bets_corrections_rescue_and_grouping(client: FlaskClient) -> None:
    bets = client.get("/?q=objective+3").get_data(as_text=True)
    assert 'class="best-bets"' in bets and 'href="/objectives/3"' in bets
    assert 'href="/?objective=3"' in bets  # the objective's sections, without the words
    doc = client.get("/?q=the+strategy").get_data(as_text=True)
    assert 'href="/documents/his-2010"' in doc and 'href="/?doc=his-2010"' in doc
    rescued = client.get("/?q=how+does+the+london+living+wage+help+people+near+hospitals")
    html = rescued.get_data(as_text=True)
    assert 'data-testid="partial"' in html and "Missing: <s>help</s>" in html
    unknown = client.get("/?q=covid+vaccine+uptake+in+care+homes").get_data(as_text=True)
    assert "No section mentions <strong>covid</strong>" in unknown
    assert 'href="/?q=vaccine+uptake+in+care+homes"' in unknown
    grouped = client.get("/?q=childhood+obesity").get_data(as_text=True)
    assert re.search(
        r'href="/\?q=childhood\+obesity&amp;doc=hwhl-2008">\d+ more from this', grouped
    )


def test_api_reports_what_the_engine_did(client: FlaskClient) -> None:
    corrected = client.get("/api/search?q=overcrowdng").get_json()
    assert corrected["corrected_query"] == "overcrowding" and corrected["total"] > 0
    assert any("Showing results for" in n for n in corrected["notices"])
    typed = client.get("/api/search?q=overcrowdng&spell=off").get_json()
    assert typed["total"] == 0 and typed["suggestion"] == "overcrowding"
    rescued = client.get("/api/search?q=how+does+the+living+wage+help+hospitals").get_json()
    assert rescued["partial"] and all(h["missing"] for h in rescued["hits"])
    bets = client.get("/api/search?q=objective+two").get_json()["best_bets"]
    assert bets == [{"kind": "objective", "value": "2", "rest": "",
                     "label": "Objective 2: Equitable access to high quality health and social "
                     "care services"}]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [("/api/search?objective=9", 400, "no objective 9"),
     ("/api/search?q=health&doc=nope", 400, "No document has the id 'nope'"),
     ("/?objective=9", 400, "no objective 9"),
     ("/api/cite?id=nope", 404, "None of the requested sections exists"),
     ("/api/search?q=x&spell=maybe", 400, "spell must be on or off")],
)  # fmt: skip
def test_bad_input_is_a_4xx_with_a_message(
    client: FlaskClient, url: str, status: int, says: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert says in response.get_data(as_text=True)


def test_no_index_is_a_503_with_a_message_on_search_and_suggest(tmp_path: Path) -> None:
    app = create_app({"INDEX_DIR": tmp_path / "none", "CORPUS_DIR": CORPUS})
    client = app.test_client()
    for url in ("/?q=health", "/api/search?q=health", "/api/suggest?q=hea", "/api/cite?id=x"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "healthsearch ingest" in response.get_data(as_text=True), url


def test_cli_shows_bets_missing_words_and_corrections(sample_index: Path) -> None:
    run = CliRunner()
    base = ["--index", str(sample_index), "--corpus", str(CORPUS), "--limit", "3"]
    bets = run.invoke(search_command, [*base, "objective", "3"])
    assert bets.exit_code == 0 and "best bet (objective): Objective 3" in bets.output
    fixed = run.invoke(search_command, [*base, "overcrowdng"])
    assert "Showing results for “overcrowding”" in fixed.output and "--no-spell" in fixed.output
    typed = run.invoke(search_command, [*base, "--no-spell", "overcrowdng"])
    assert "did you mean: overcrowding" in typed.output and "no results" in typed.output
    rescued = run.invoke(search_command, [*base, "how does the living wage help hospitals"])
    assert "missing: " in rescued.output
