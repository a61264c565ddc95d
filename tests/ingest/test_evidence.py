"""Evidence statements: measured against hand labels, and the false positives analysts hate.

Labelling rule used for tests/golden/evidence_labels.jsonl (each sentence read and judged by
hand): a sentence is evidence when it states a figure (per cent, money, counts, rates, years of
life, ratios, fractions, including figures flagged as illustrative), a trend or comparison
backed by figures, or cites a source with a year (author-year, organisation-year).
Qualitative comparisons, section or objective numbers, dates and Acts are not, and neither is a
reference list entry or a footnote that cites a work: it is a source, not a finding (issue 13
relabelled the 24 such sentences that had been marked evidence).
"split": "dev" = the detector was developed on these; "heldout" = first measured blind (P 0.93,
R 0.87), then used for one round of fixes; "heldout2" = never used for tuning (P 0.90, R 0.90)
until issue 13, whose relabelling left it at P 0.86, R 0.86 and whose fixes (table header rows,
"one-third") brought it to 1.0; "heldout-notes" = reference entries in other styles and
look-alike cited findings, written for issue 13 (blind: P 0.80, R 1.0, then fixed);
"heldout3" = 100 sentences sampled from the index (seed 13), labelled blind (P 1.0, R 1.0).
"""

from __future__ import annotations

import json

import pytest

from ingest.evidence import classify, evaluate_detector, find_evidence
from ingest.model import Section
from ingest.nlp import sentences
from ingest.settings import PROJECT_ROOT

LABELS = PROJECT_ROOT / "tests" / "golden" / "evidence_labels.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]


def test_precision_and_recall_on_hand_labels() -> None:
    rows = _rows()
    assert len(rows) >= 150 and sum(r["evidence"] for r in rows) >= 40
    predicted = [bool(classify(r["text"])) for r in rows]
    tp = sum(p and r["evidence"] for p, r in zip(predicted, rows, strict=True))
    fp = sum(p and not r["evidence"] for p, r in zip(predicted, rows, strict=True))
    fn = sum(not p and r["evidence"] for p, r in zip(predicted, rows, strict=True))
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.8


def test_held_out_precision_and_recall_with_sources_counted_as_wrong() -> None:
    rows = [r for r in _rows() if r["split"].startswith("heldout")]
    assert any(not r["evidence"] and r.get("note", "").startswith("reference") for r in rows)
    result = evaluate_detector(rows)["all"]
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9


@pytest.mark.parametrize(
    "sentence",
    [
        "6 Tudor Hart J (1971) The inverse care law.",
        "• Black C (2008) Working for a Healthier Tomorrow.",
        "Marmot, M., Allen, J. and Goldblatt, P. (2010) Fair society, healthy lives.",
        "12. Marmot M. Fair society, healthy lives. London: The Marmot Review; 2010.",
        "[4] P. Goldblatt and J. Allen, “Local action on inequalities,” Public Health, 2014.",
    ],
)
def test_reference_entries_and_notes_are_not_evidence(sentence: str) -> None:
    assert classify(sentence) == ()


def test_a_table_header_row_is_not_evidence_but_a_data_row_is() -> None:
    assert classify("Pay standard | Hourly rate (sample figure) | Weekly pay for 37.5 hours") == ()
    assert "figure" in classify("National minimum wage | £5.80 | £217.50")


@pytest.mark.parametrize(
    "sentence",
    [
        "Chapter 2 sets out the model and section 3.2 returns to it.",
        "Objectives Three and Four concern income and work; see Objective 3 on page 23.",
        "The draft was published for consultation in September 2009.",
        "The Greater London Authority Act 2007 placed a duty on the Mayor.",
        "1. Agree the indicator set with partners by the end of the year.",
        "The plan covers 2015-18 and will be reviewed in 2017.",
        "See pp. 12-14 and Table 2 for the actions under Objective 5.",
    ],
)
def test_numbers_that_are_not_evidence(sentence: str) -> None:
    assert classify(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Physically active workers take 27% fewer sick days.", "comparison"),
        ("The scheme cost £250,000 over two years.", "figure"),
        ("About 14 million working days are lost each year.", "figure"),
        ("People in poor areas die seven years earlier than the rich.", "figure"),
        ("The rate was 45 per 100,000 population.", "figure"),
        ("Smokers were twice as likely to report poor health.", "comparison"),
        ("One in five older residents felt lonely.", "figure"),
        ("Child poverty fell from 41% in 2000 to 37% in 2008.", "trend"),
        ("Obesity rose by 3 percentage points since 2006.", "trend"),
        ("Health follows a social gradient (Marmot, 2010).", "cited finding"),
        ("Marmot et al. (2010) found the same pattern.", "cited finding"),
        ("Department of Health 2008 guidance set the target.", "cited finding"),
    ],
)
def test_kinds_of_evidence(sentence: str, kind: str) -> None:
    assert kind in classify(sentence)


def test_abbreviations_do_not_split_sentences() -> None:
    text = "Some groups, e.g. carers, i.e. unpaid ones, etc. are missed. Dr. Smith agreed."
    assert sentences(text) == [
        "Some groups, e.g. carers, i.e. unpaid ones, etc. are missed.",
        "Dr. Smith agreed.",
    ]


def test_statements_carry_the_page_they_are_printed_on() -> None:
    first = "The strategy sets out five objectives for the Mayor. "
    second = "Around 202,000 premature deaths a year would be avoided (Marmot, 2010)."
    section = Section(
        id="d-s003", doc_id="d", ordinal=3, heading="Evidence", level=2, path=(),
        text=first + second, page_start=11, page_offsets=((len(first), 12),),
    )  # fmt: skip
    [statement] = find_evidence(section)
    assert statement.text == second
    assert statement.page == 12
    assert statement.kinds == ("figure", "cited finding")
