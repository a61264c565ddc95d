"""The pure rules behind search's rescue, spelling, best bets, grouping and browsing order,
on hand-made inputs (the end-to-end behaviour is tested on the sample corpus elsewhere)."""

from __future__ import annotations

from ingest.model import Document, Objective, ObjectiveTag, Section
from search_app.engine import best_bets, browse, grouping, rescue, spelling
from search_app.engine.filler import split_filler


def test_question_words_and_filler_are_split_from_the_topic() -> None:
    content, ignored = split_filler(["whats", "the", "mayor", "doing", "on", "rough", "sleeping"])
    assert content == ("mayor", "rough", "sleeping")
    assert ignored == ("whats", "the", "doing", "on")
    assert split_filler(["what's", "really", "causes", "it"])[0] == ("causes",)
    assert split_filler(["what", "is", "it"]) == (("what", "is", "it"), ())  # nothing else left


def test_corrections_rank_by_edit_distance_before_frequency() -> None:
    words = {"overcrowded": 50, "overcrowding": 16, "overcrowd": 3}
    assert spelling.best("overcrowdng", words) == "overcrowding"  # 1 edit beats 2, despite 50
    assert spelling.rank("helath", {"health": 200, "heath": 2, "wealth": 90}) == [
        ("health", 1),  # a swapped pair is one edit (Damerau-Levenshtein)
        ("heath", 1),
    ]
    assert spelling.best("rail", {"rain": 5}) == "rain"  # 4 letters: one edit
    assert spelling.best("covid", {"could": 90, "cover": 9}) is None  # two edits: too far
    assert spelling.best("brexit", {"breast": 9}) is None  # two edits need 8 letters
    assert spelling.best("resilliance", {"resilience": 9}) == "resilience"  # 11 letters: two
    assert spelling.best("sanctions", {"sections": 90}) is None  # two edits keep 3 letters
    assert spelling.best("hs2", {"hs1": 3}) is None  # three letters: never guessed
    assert spelling.best("sanctions", {"anctions": 40}) is None  # the first letter is kept


def _words(**sections: set[int]) -> list[rescue.Word]:
    return [rescue.Word(text, frozenset(ids)) for text, ids in sections.items()]


def test_rescue_drops_cheap_words_but_never_a_rare_one() -> None:
    total = 100
    common = set(range(60))  # "help": in 60 of 100 sections
    words = _words(wage={1, 2}, living={1, 2, 3, 4}, help=common - {1})
    assert rescue.closest(words, total) == {1: ("help",)}  # lacks the cheap word only
    # "strategy overcrowding london": 7 has all three, 8 lacks "london" (cheap), 0-49 lack
    # "overcrowding" (rare: most of the query's weight) and so do not qualify.
    rare = _words(strategy=set(range(50)), overcrowding={7, 8}, london=set(range(80)) - {8})
    assert rescue.closest(rare, total) == {8: ("london",)}


def test_rescue_never_relaxes_a_one_word_query_and_respects_filters() -> None:
    assert rescue.allowed_misses(1) == 0 and rescue.allowed_misses(2) == 1
    assert rescue.allowed_misses(3) == 1 and rescue.allowed_misses(8) == 2
    # two equally rare words: lacking either loses half the weight, under two thirds
    assert rescue.closest(_words(a={1}, b={2}), 10) == {}
    words = _words(a={1, 2}, b={1, 2}, c={3}, d={1, 2})
    assert set(rescue.closest(words, 1000)) == {1, 2}
    assert set(rescue.closest(words, 1000, candidates={2})) == {2}


OBJECTIVES = [
    Objective(2, "To improve access to high quality health and social care services",
              "Equitable access to high quality health and social care services",
              heading_cues=("Objective Two", "Objective 2", "Equitable access")),
    Objective(3, "To reduce income inequality and the negative consequences of relative poverty",
              "Income inequality and health", heading_cues=("Objective Three", "poverty")),
    Objective(5, "To develop and promote London as a healthy place for all", "Healthy places",
              heading_cues=("Objective Five", "Healthy places")),
]  # fmt: skip
DOCUMENTS = [
    Document("his-2010", "The London Health Inequalities Strategy", doc_type="strategy"),
    Document("oyo", "Health Inequalities Strategy One Year On", doc_type="progress report"),
    Document(
        "dp", "Health Inequalities Strategy Delivery Plan 2015-2018", doc_type="delivery plan"
    ),
    Document("fs", "First Steps to Delivery", doc_type="delivery plan"),
    Document("ms", "Summary of evidence from the Marmot Review", doc_type="evidence summary"),
]


def test_objective_words_numbers_and_names_are_best_bets() -> None:
    for query in (
        "objective 3",
        "Objective Three",
        "obj 3",
        "the third objective",
        "objective no. 3",
    ):
        assert best_bets.find(query, OBJECTIVES, DOCUMENTS).objectives == (3,), query
    assert best_bets.find("income inequality and health", OBJECTIVES, ()).objectives == (3,)
    assert best_bets.find("healthy places near schools", OBJECTIVES, ()).objectives == (5,)
    assert best_bets.find("equitable access", OBJECTIVES, ()).objectives == (2,)  # a cue, whole
    assert not best_bets.find("objective:3 housing", OBJECTIVES, ())  # a typed field: a filter
    nine = best_bets.find("objective 9", OBJECTIVES, ())
    assert not nine and nine.unknown_objectives == (9,)
    assert not best_bets.find("child poverty rate in london", OBJECTIVES, DOCUMENTS)


def test_document_names_and_types_are_best_bets_topics_are_not() -> None:
    def docs(query: str) -> tuple[str, ...]:
        return best_bets.find(query, OBJECTIVES, DOCUMENTS).documents

    assert docs("the strategy") == ("his-2010",)
    assert docs("one year on") == ("oyo",)
    assert docs("marmot review") == ("ms",)
    assert set(docs("delivery plan")) == {"dp", "fs"}
    assert docs("first steps to delivery") == ("fs",)
    assert docs("health inequalities") == ()  # in every title: a topic
    assert docs("how does the london living wage help health") == ()


def test_one_document_takes_at_most_a_third_of_the_first_page() -> None:
    ranked = [("a", 1), ("a", 2), ("a", 3), ("a", 4), ("a", 5), ("b", 6), ("c", 7), ("b", 8)]
    grouped = grouping.first_page_grouped(ranked, 4, lambda hit: hit[0])
    assert grouping.cap(4) == 1
    # b's second hit is held back as well; the held-back hits keep their order
    assert grouped == [("a", 1), ("b", 6), ("c", 7), ("a", 2), ("a", 3), ("a", 4), ("a", 5),
                       ("b", 8)]  # fmt: skip
    # with too few other documents to fill the page, the capped document fills it
    grouped = grouping.first_page_grouped(ranked, 6, lambda hit: hit[0])
    assert grouped[:6] == [("a", 1), ("a", 2), ("b", 6), ("c", 7), ("b", 8), ("a", 3)]
    assert sorted(grouped) == sorted(ranked)  # nothing lost, nothing twice
    only_a = [("a", i) for i in range(5)]
    assert grouping.first_page_grouped(only_a, 3, lambda hit: hit[0])[:3] == only_a[:3]


def _section(doc: str, n: int, heading: str, path: tuple[str, ...], score: float) -> Section:
    return Section(id=f"{doc}-s{n:03d}", doc_id=doc, ordinal=n, heading=heading, level=2,
                   path=path, text="x", objectives=(ObjectiveTag(3, score),))  # fmt: skip


def test_browsing_an_objective_puts_the_strategy_chapter_first_and_breaks_ties() -> None:
    docs = {d.id: d for d in DOCUMENTS}
    cues = browse.Cues.of(OBJECTIVES[1])
    sections = [
        _section("fs", 1, "2.3 Objective Three: Income inequality and health", (), 1.0),
        _section("his-2010", 25, "2.3 Objective Three: Income inequality and health", (), 1.0),
        _section("his-2010", 27, "2.3.2 The London Living Wage", ("2.3 Objective Three",), 1.0),
        _section("oyo", 4, "1.2 A changing landscape", (), 1.0),
        _section("dp", 9, "2.3 Income and the London Living Wage", (), 1.0),
    ]
    ranked = sorted(sections, key=lambda s: -browse.score(s, docs[s.doc_id], cues))
    # the chapter; then written for it (the Strategy first); then the delivery plan, whose
    # type ranks above a progress report when tag strengths tie
    assert [s.id for s in ranked] == [
        "his-2010-s025", "his-2010-s027", "fs-s001", "dp-s009", "oyo-s004"
    ]  # fmt: skip
    scores = [browse.score(s, docs[s.doc_id], cues) for s in sections]
    assert len(set(scores)) == len(scores)  # no wall of ties
