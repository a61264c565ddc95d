"""Text normalisation: what a search for a word finds must not depend on the source's glyphs."""

from __future__ import annotations

import pytest

from ingest.textnorm import join_hyphenated, keep_hyphen, normalise, word_forms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufb01nance and \ufb02ow", "finance and flow"),  # ligatures
        ("\uf0b7 item", "• item"),  # Symbol-font bullet from Word/RTF
        ("\u25aa item", "• item"),
        ("\u2022item", "•item"),
        ("health\u00adcare", "healthcare"),  # soft hyphen is a break hint only
        ("Mayor\u00a0of\u00a0London", "Mayor of London"),
        ("  a \t  b   c  ", "a b c"),
        ("line one  \n  line two", "line one\nline two"),
        ("\uff21\uff22", "AB"),  # full-width forms
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["reduce health inequal-", "ities in London"], "reduce health inequalities in London"),
        (["mental well-", "being matters"], "mental well-being matters"),
        (["support self-", "help groups"], "support self-help groups"),
        (["the Anglo-", "Saxon model"], "the Anglo-Saxon model"),
        (["the COVID-", "19 pandemic"], "the COVID-19 pandemic"),
        (["from 2010-", "2011 onwards"], "from 2010-2011 onwards"),
        (["no hyphen", "here"], "no hyphen here"),
        (["a dash -", "then text"], "a dash - then text"),
        (["", "  only  ", ""], "only"),
    ],
)
def test_join_hyphenated(lines: list[str], expected: str) -> None:
    assert join_hyphenated(lines) == expected


def test_document_spelling_decides_an_unknown_compound() -> None:
    # The document writes "pre-school" elsewhere and never "preschool": keep the hyphen.
    vocab = word_forms(["pre-school places are scarce"])
    assert join_hyphenated(["more pre-", "school places"], vocab) == "more pre-school places"
    # ...and joins when the document spells the word solid.
    vocab = word_forms(["prevention is better than cure"])
    assert join_hyphenated(["pre-", "vention works"], vocab) == "prevention works"


def test_keep_hyphen_rule_order() -> None:
    assert keep_hyphen("long", "term") is True  # known compound
    assert keep_hyphen("inequal", "ities") is False
    assert keep_hyphen("inequal", "ities", {"inequal-ities"}) is True
    assert keep_hyphen("inequal", "ities", {"inequalities", "inequal-ities"}) is False
