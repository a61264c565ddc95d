"""Every real-world RTF reads (with the right characters) or is refused: the vendored files
(tests/fixtures/realworld/rtf) always, the rest of ../shared/realworld/rtf when present.

The files come from striprtf's and other test suites: Word, WordPad, LibreOffice, TextEdit and
TX Text Control output in several code pages, with tables, nested tables, hyperlinks, and a few
damaged files. A new file in the folder fails ``test_every_file_has_an_expectation`` until it
is given one here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest
from striprtf.striprtf import rtf_to_text

from ingest.errors import IngestError
from ingest.readers.rtf import read_rtf
from ingest.textnorm import normalise
from tests.conftest import REALWORLD, realworld_files


class Reads(NamedTuple):
    contains: tuple[str, ...]  # normalised text that must appear in some block
    kinds: dict[str, int] = {}  # at least this many blocks of each kind
    metadata: dict[str, str] = {}


class Refused(NamedTuple):
    error: type[IngestError]


EXPECTED: dict[str, Reads | Refused] = {
    "BVWGT_20241227_W258_2227269_1_00_01.rtf": Reads(
        ("Bundesverwaltungsgericht", "Geschäftszahl", "IM NAMEN DER REPUBLIK!"), {"para": 500}
    ),
    "Example_text.rtf": Reads(
        ("Text here with hyperlink", "Another text size"),
        metadata={"author": "Gattermann, Katjana"},
    ),
    "Speiseplan_KW_32-33_Eybl.rtf": Reads(
        ("Speiseplan", "Gemüserostbraten mit Semmelknödel", "05.08. –09.08.2019"), {"table": 10}
    ),
    "TX_RTF32_18.0.541.501.rtf": Reads(("<= ≤ 8804", ">= ≥ 8805", "Beta β 946", "Up ↑ 8593")),
    "ansicpg1250.rtf": Reads(
        ("Proszę o zapoznanie się z poniższą klauzulą informacyjną.", "w związku z"),
        metadata={"title": "DANE WNIOSKODAWCY"},
    ),
    "bytes.rtf": Reads(("УХВАЛА", "27 грудня 2018 року", "м. Київ", "Верховний Суд")),
    "calcium_score.rtf": Reads(("RCA | 0", "Gesamt Calcium-Score | 0"), {"table": 6}),
    # This file lost the backslashes of its \'hh escapes ("T'd3RAX" is TÓRAX) when it was
    # written; the reader keeps the literal text as striprtf does, rather than guess.
    "encoding.rtf": Reads(
        ("TOMOGRAFIA COMPUTADORIZADA DE T'd3RAX", "Paciente com suspeita de pneumonia viral.")
    ),
    "hello.rtf": Reads(("Hello",), metadata={"author": "joshy"}),
    "hyperlink.rtf": Reads(("google.com",)),
    "hyperlinks.rtf": Reads(("Wikipedia", "Search")),
    "issue_11.rtf": Reads(("测试",), metadata={"company": "99bill", "created": "2020-12-02"}),
    "issue_15.rtf": Reads(("Exotic Costa Rica", "Day 1: San José")),
    "issue_20.rtf": Reads(("Test",)),
    "issue_28.rtf": Reads(("印刷情况反映:", "市政府情况反映:", "022-021-00768 (Multiple)")),
    "issue_29_bad.rtf": Reads(
        ("Таблиця розподілу номерного ресурсу", "Львівська область"), {"table": 300}
    ),
    "issue_29_good.rtf": Reads(("Кіровоградська область",), {"table": 100}),
    "issue_37.rtf": Reads(("≤",)),
    "issue_38.rtf": Reads(("cell 1 | cell 2 | cell 3",), {"table": 1}),
    "issue_55.rtf": Reads(("ü",)),
    "issue_55_1.rtf": Reads(("ü เ ü ü เ",)),  # Thai from a \fcharset222 font, cp874
    "issue_63.rtf": Reads(("10. Trade and other receivables",), {"list": 1}),
    "line_break_textedit_mac.rtf": Reads(("A", "B", "C"), {"para": 3}),
    "mac_textedit_hyperlink.rtf": Reads(("First one is: striprtf.dev (plain)",)),
    "minimal_table.rtf": Reads(("cell 1 | cell 2 | cell 3",), {"table": 1}),
    "nbsp.rtf": Reads(("This is some bold text with non breaking spaces.",)),
    "nested_table.rtf": Reads(
        ("LM | keine Stenose", "geschätztes Coronar-Alter: | 40-44", "Extracardiale Strukturen"),
        {"table": 12},
    ),
    "sample_3.rtf": Reads(("A produto de RTU de bexiga", "uretra prostática", "lesão")),
    "simple_table.rtf": Reads(("foo | bar", "1 | 1"), {"table": 2}),
    "specialchars.rtf": Reads(("Optional hyphenfoo.", "Non breaking hyphen-foo.")),
    "unicode.rtf": Reads(("柔道",)),
}

FILES = realworld_files("rtf", "*.rtf")


@pytest.mark.shared
def test_every_file_has_an_expectation() -> None:
    names = {p.name for p in (REALWORLD / "rtf").glob("*.rtf")}
    assert names, f"no RTF files in {REALWORLD / 'rtf'}"
    assert names == set(EXPECTED)


def test_every_vendored_file_has_an_expectation() -> None:
    vendored = [p.id for p in FILES if not p.marks]
    assert vendored and set(vendored) <= set(EXPECTED)


@pytest.mark.parametrize("path", FILES)
def test_file_reads_or_is_refused(path: Path) -> None:
    expected = EXPECTED[path.name]
    if isinstance(expected, Refused):
        with pytest.raises(expected.error):
            read_rtf(path)
        return
    doc = read_rtf(path)
    texts = [b.text for b in doc.blocks]
    for wanted in expected.contains:
        assert any(wanted in t for t in texts), (wanted, texts[:20])
    kinds = Counter(b.kind for b in doc.blocks)
    for kind, at_least in expected.kinds.items():
        assert kinds[kind] >= at_least, kinds
    for key, value in expected.metadata.items():
        assert doc.metadata.get(key) == value
    assert not any("\ufffd" in t for t in texts)
    assert all(b.page is None for b in doc.blocks)


_WORDS = re.compile(r"\w+")


@pytest.mark.parametrize("path", FILES)
def test_words_agree_with_striprtf(path: Path) -> None:
    """The structure pass decodes exactly the words striprtf decodes (links aside)."""
    reference = rtf_to_text(path.read_bytes().decode("latin-1"), errors="replace")
    reference = re.sub(r'\("[^"]*"\)', "", reference)  # striprtf appends link targets
    doc = read_rtf(path)
    ours = Counter(_WORDS.findall("\n".join(b.text for b in doc.blocks)))
    assert ours == Counter(_WORDS.findall(normalise(reference)))
