"""Follow-ups: which later passages report on a commitment, what they say, and analysts' say."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.commitment_links import judgement_lines, load_judgements
from ingest.commitment_store import build, load, write
from ingest.commitments import extract
from ingest.document_order import follows, is_later
from ingest.errors import IngestError
from ingest.followup_status import latest_status, read_status
from ingest.followups import FollowUp, Linker
from ingest.model import Document, ObjectiveTag, Section
from ingest.passages import text_hash

DOCS = [
    Document("plan-2010", "Strategy", issued="2010-04", author="Greater London Authority"),
    Document("same-2010", "Companion", issued="2010", author="Greater London Authority"),
    Document("report-2011", "Progress report", issued="2011", author="Greater London Authority"),
]
FILLER = [  # other sentences, so that idf tells common words from distinctive ones
    "Housing costs in London are high and overcrowding is common in rented homes.",
    "Air pollution is worst beside busy roads in the centre of the city.",
    "Children in poor families are more likely to be ill and to do less well at school.",
    "Rough sleepers have very poor health and often miss primary care.",
    "Cycling and walking have grown across the city since the new routes opened.",
]


def sec(doc: str, n: int, text: str, objective: int = 3, heading: str = "Income") -> Section:
    return Section(
        f"{doc}-s{n:03d}",
        doc,
        n,
        heading,
        1,
        (),
        text,
        page_start=n + 1,
        objectives=(ObjectiveTag(objective, 0.9),),
    )


def corpus() -> list[Section]:
    return [
        sec("plan-2010", 1, "The Mayor will publish the London Living Wage every year."),
        sec("plan-2010", 2, " ".join(FILLER), 5, "Places"),
        sec("same-2010", 1, "The London Living Wage rate was published and employers adopted it."),
        sec(
            "report-2011",
            1,
            "The GLA Living Wage Unit has published a new London Living Wage rate.\n\n"
            "Credit unions have been promoted as a source of affordable credit in London.",
        ),
        sec("report-2011", 2, " ".join(FILLER), 5, "Places"),
    ]


def test_a_later_passage_on_the_same_programme_is_linked_with_its_reasons() -> None:
    [tracked] = [t for t in build(DOCS, corpus()) if t.commitment.doc_id == "plan-2010"]
    [link] = tracked.followups
    assert link.doc_id == "report-2011"  # "2010" is not later than "2010-04"
    assert link.text.startswith("The GLA Living Wage Unit has published")
    assert link.status == "done" and link.status_cue == "has published"
    assert "living wage" in " ".join(link.terms).lower() or link.names
    assert any(r.startswith("weight") for r in link.reasons)
    assert tracked.status == "done" and tracked.status_issued == "2011"


def test_the_best_fitting_paragraph_of_a_document_is_placed_first() -> None:
    linker = Linker(DOCS, corpus(), meaning=False)
    [(_d, commitment)] = [
        (d, c) for d in DOCS[:1] for c in extract(d, [s for s in corpus() if s.doc_id == d.id])
    ]
    weighed = linker.weigh(commitment)
    places = {linker.passages[c.best_at].unit.text[:13]: v["place"] for c, v, _p in weighed}
    assert places["The GLA Livin"] == 1.0  # the programme's own paragraph
    assert places["Credit unions"] == 0.5  # outranked in the same document by it
    assert places["Housing costs"] == 1 / 3
    [link] = [f for f in linker.link(commitment) if f.doc_id == "report-2011"]
    assert "place +" in next(r for r in link.reasons if r.startswith("weight"))


def test_analysts_reject_confirm_and_correct_links_by_id(tmp_path: Path) -> None:
    [tracked] = [t for t in build(DOCS, corpus()) if t.commitment.doc_id == "plan-2010"]
    cid, linked = tracked.commitment.id, tracked.followups[0].id
    credit = "report-2011-p" + text_hash(
        "Credit unions have been promoted as a source of affordable credit in London."
    )
    links = tmp_path / "commitment_links.toml"
    links.write_text(
        judgement_lines(cid, linked, "reject")
        + judgement_lines(cid, credit, "confirm", status="changed", note="Checked by hand."),
        encoding="utf-8",
    )
    [judged] = [t for t in build(DOCS, corpus(), load_judgements(links)) if t.commitment.id == cid]
    assert [(f.id, f.judged, f.status, f.status_cue) for f in judged.followups] == [
        (credit, "confirmed", "changed", "set by an analyst")
    ]
    with links.open("a", encoding="utf-8") as fh:  # a later judgement overrides
        fh.write(judgement_lines(cid, linked, "confirm") + judgement_lines(cid, None, "reject"))
    assert cid not in {t.commitment.id for t in build(DOCS, corpus(), load_judgements(links))}
    assert load_judgements(links).commitments[cid].confirm == {credit, linked}


def test_a_broken_links_file_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "commitment_links.toml"
    bad.write_text("[[link]\n", encoding="utf-8")
    with pytest.raises(IngestError, match="commitment_links.toml: not valid TOML"):
        load_judgements(bad)


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Information has been made available in community languages.", "done"),
        ("In January 2011 GLA Economics published the paper.", "done"),
        ("The actions have been carried forward rather than abandoned.", "changed"),
        ("It replaced the single healthy workplace standard proposed in 2010.", "changed"),
        ("Health equity audit is no longer pursued by the GLA.", "dropped"),
        ("Guidance for the boroughs, promised in 2010, was not taken forward.", "dropped"),
        ("The GLA has worked with the boroughs and advice agencies.", "in progress"),
        ("The London Living Wage has continued to gain ground.", "in progress"),
        ("Low pay is a major cause of in-work poverty.", "mentioned"),
    ],
)
def test_status_is_read_from_the_wording(sentence: str, status: str) -> None:
    assert read_status(sentence)[0] == status


def test_a_restated_commitment_is_in_progress_and_says_so() -> None:
    assert read_status("Support will go on.", restates="The GLA will continue") == (
        "in progress",
        "The GLA will continue",
    )


def test_later_means_later_at_the_precision_both_dates_give() -> None:
    assert is_later("2011", "2010-04") and is_later("2015-09", "2015-01")
    assert not is_later("2010", "2010-04") and not is_later("2011-01-14", "2011")
    assert not is_later("", "2010")


def test_a_delivery_plan_dated_by_year_follows_the_strategy_of_that_year() -> None:
    strategy = Document("s", "Strategy", doc_type="strategy", issued="2010-04")
    plan = Document("p", "First steps", doc_type="delivery plan", issued="2010")
    evidence = Document("e", "Evidence", doc_type="evidence review", issued="2010")
    undated_kind = Document("u", "Companion", issued="2010")
    assert follows(plan, strategy) and not follows(strategy, plan)
    assert follows(strategy, evidence) and not follows(evidence, strategy)
    assert not follows(undated_kind, strategy) and not follows(strategy, undated_kind)
    report = Document("r", "Progress report", doc_type="progress report", issued="2011")
    assert follows(report, plan) and not follows(plan, report)  # the dates tell, kinds aside


def test_a_same_year_delivery_plan_restating_a_strategy_commitment_is_its_follow_up() -> None:
    docs = [
        Document("s", "Strategy", doc_type="strategy", issued="2010-04"),
        Document("p", "First steps", doc_type="delivery plan", issued="2010"),
    ]
    sections = [
        sec("s", 1, "The Mayor will publish the London Living Wage every year."),
        sec("s", 2, " ".join(FILLER), 5, "Places"),
        sec("p", 1, "Initial actions:\n\n- publish the annual London Living Wage figure;"),
        sec("p", 2, " ".join(FILLER), 5, "Places"),
    ]
    [tracked] = [t for t in build(docs, sections) if t.commitment.doc_id == "s"]
    [link] = tracked.followups
    assert (link.doc_id, link.text) == ("p", "publish the annual London Living Wage figure;")
    assert link.status == "in progress"  # restated as an action of the plan


def test_latest_status_is_that_of_the_newest_telling_follow_up() -> None:
    def f(issued: str, status: str) -> FollowUp:
        return FollowUp("p", "d", issued, "s", "h", 1, "t", status, "", 0.5)

    assert latest_status([]) == ("no later mention", "")
    assert latest_status([f("2011", "done"), f("2015-09", "mentioned")]) == ("done", "2011")
    assert latest_status([f("2011", "done"), f("2015-09", "dropped")]) == ("dropped", "2015-09")


def test_the_store_keeps_one_file_per_index_generation(tmp_path: Path) -> None:
    [tracked] = build(DOCS, corpus())
    for generation in (1, 2, 3):
        write(tmp_path, generation, [tracked] * generation)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "commitments.2.json",
        "commitments.3.json",
    ]
    assert load(tmp_path, 2) is not None and len(load(tmp_path, 2) or []) == 2
    assert load(tmp_path, 1) is None  # a reader older than every file finds nothing
    assert load(tmp_path) == [tracked] * 3 and load(tmp_path / "missing") is None
