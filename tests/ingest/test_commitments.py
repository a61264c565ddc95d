"""Commitment extraction: which sentences and list items are promises, and what each records."""

from __future__ import annotations

from ingest.commitments import extract
from ingest.model import Document, ObjectiveTag, Section
from ingest.passages import text_hash, units

STRATEGY = Document("his-2010", "Strategy", issued="2010-04", author="Greater London Authority")


def section(text: str, heading: str = "2.3 Income", **kw: object) -> Section:
    values: dict[str, object] = {
        "id": "his-2010-s001",
        "doc_id": "his-2010",
        "ordinal": 1,
        "heading": heading,
        "level": 2,
        "path": ("Part Two",),
        "text": text,
        "page_start": 18,
        "page_end": 19,
        "objectives": (ObjectiveTag(3, 0.9),),
    }
    values.update(kw)
    return Section(**values)  # type: ignore[arg-type]


def found(text: str) -> list[str]:
    return [c.text for c in extract(STRATEGY, [section(text)])]


def test_a_mayoral_promise_is_a_commitment_with_actor_action_cue_and_objective() -> None:
    [c] = extract(
        STRATEGY,
        [
            section(
                "Pay matters. The Mayor will go on publishing the London Living Wage every year."
            )
        ],
    )
    assert c.actor == "the Mayor"
    assert c.action == "publishing the London Living Wage every year"
    assert c.cue == "actor will" and c.cue_text == "The Mayor will go on publishing"
    assert c.date == "every year"
    assert c.objectives == (3,) and c.heading == "2.3 Income" and c.page == 18


def test_list_items_under_a_promising_lead_in_are_commitments_each() -> None:
    text = (
        "The Mayor will:\n\n• promote benefit take-up among older people;\n"
        "• encourage money advice in health settings;\n"
        "• through the London Delivery Board, improve links with primary care."
    )
    items = extract(STRATEGY, [section(text)])
    assert [c.text for c in items] == [
        "promote benefit take-up among older people;",
        "encourage money advice in health settings;",
        "through the London Delivery Board, improve links with primary care.",
    ]
    assert {c.cue for c in items} == {"list"} and {c.actor for c in items} == {"the Mayor"}
    assert items[0].lead_in == "The Mayor will:"


def test_a_list_of_partners_or_determinants_is_not_a_list_of_commitments() -> None:
    text = (
        "The Mayor will work with a wide range of partners, including:\n\n"
        "• NHS London and the primary care trusts;\n• the London boroughs;\n\n"
        "It then names the determinants:\n\n• housing, transport and public safety;"
    )
    assert found(text) == ["The Mayor will work with a wide range of partners, including:"]


def test_reported_past_hypotheses_questions_and_others_policies_are_left_out() -> None:
    assert (
        found(
            "The strategy committed the Mayor to building the capacity of communities. "
            "The national strategy committed £372 million to tackling obesity. "
            "If funding allows, the GLA will extend the scheme. "
            "Will the Mayor publish a report? "
            "Some are actions that the Mayor and the GLA group will take directly. "
            "The London 2012 Games will create an opportunity for volunteering. "
            "I hope the boroughs will join me."
        )
        == []
    )


def test_targets_intentions_and_passive_promises_count() -> None:
    text = (
        "The Mayor has committed to ending rough sleeping in London by 2012. "
        "The Mayor intends to learn from its findings. "
        "The list is provisional and will be refined with partners. "
        "The paper is expected to be published early in 2011."
    )
    cs = extract(STRATEGY, [section(text)])
    assert [c.cue for c in cs] == ["committed", "intends", "passive will", "scheduled"]
    assert cs[0].date == "by 2012" and cs[3].date == "early in 2011"


def test_it_after_a_promise_continues_it() -> None:
    cs = extract(
        STRATEGY,
        [section("The GLA will support community groups. It will also share lessons widely.")],
    )
    assert [c.cue for c in cs] == ["actor will", "continues"]
    assert cs[1].actor == "the GLA"


def test_a_sentence_split_by_a_page_break_is_joined_and_paged() -> None:
    text = "The Mayor will\n\nalso work with partners to improve access for carers."
    s = section(text, page_offsets=((16, 19),))
    [u] = units(s)
    assert u.text == "The Mayor will also work with partners to improve access for carers."
    [c] = extract(STRATEGY, [s])
    assert c.page == 18  # where the sentence starts


def test_ids_survive_changes_of_layout_but_not_of_words() -> None:
    a = "Changes in life ex-pectancy take many years; the Mayor will follow measures."
    b = "Changes in life expectancy take many years;  the Mayor will follow  measures."
    assert text_hash(a) == text_hash(b)
    assert text_hash(a) != text_hash(a.replace("follow", "publish"))
    [c] = extract(STRATEGY, [section(a)])
    assert c.id == f"his-2010-c{text_hash(a)}"
