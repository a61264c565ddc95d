"""Objective tagging: the framework file, reasons analysts can read, and measured accuracy."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.enrich import Enricher, enrich, load_overrides
from ingest.keyterms import CorpusStats
from ingest.model import Document, Section
from ingest.settings import PROJECT_ROOT, load_settings
from ingest.tagging import evaluate, load_framework, load_objectives, tag_section

OBJECTIVES = PROJECT_ROOT / "corpus" / "objectives.toml"
SOURCES = PROJECT_ROOT / "tools" / "corpus" / "src"

_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*\{obj:\s*([-0-9, ]*)\}\s*$")
_INLINE = re.compile(r"\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|\[\^\d+\](?!:)")


def _clean(line: str) -> str:
    line = line.strip().removeprefix(">").strip()
    note = re.match(r"\[\^(\d+)\]:\s*(.*)", line)
    if note:
        line = f"{note.group(1)} {note.group(2)}"
    if line.startswith("- "):
        line = "• " + line[2:]
    if line.startswith("|"):
        line = " | ".join(c.strip() for c in line.strip("|").split("|"))
    return _INLINE.sub("", line)


def source_sections(path: Path) -> list[tuple[Section, frozenset[int]]]:
    """Sections of a sample-edition source file with their golden labels (no PDF needed)."""
    doc_id, out, stack = path.stem, [], []
    current: tuple[int, str, frozenset[int], tuple[str, ...]] | None = None
    body: list[str] = []

    def flush() -> None:
        if current is not None:
            level, heading, labels, ancestors = current
            text = re.sub(r"\n{3,}", "\n\n", "\n".join(body).strip())
            section = Section(
                id=f"{doc_id}-s{len(out):03d}", doc_id=doc_id, ordinal=len(out), heading=heading,
                level=level, path=ancestors, text=text, page_start=1, source="txt",
            )  # fmt: skip
            out.append((section, labels))

    for raw in path.read_text(encoding="utf-8").splitlines():
        match = _HEADING.match(raw)
        if match:
            flush()
            level = len(match.group(1))
            stack = stack[: level - 1]
            labels = frozenset(int(n) for n in re.findall(r"\d", match.group(3)))
            current = (level, match.group(2), labels, tuple(stack))
            stack.append(match.group(2))
            body = []
        elif raw.startswith("@caption"):
            body.append(raw.removeprefix("@caption").strip())
        elif not raw.startswith("@") and current is not None:
            cleaned = _clean(raw)
            if cleaned or (body and body[-1]):
                body.append(cleaned)
    flush()
    return out


def all_source_sections() -> list[tuple[Section, frozenset[int]]]:
    return [pair for p in sorted(SOURCES.glob("*.txt")) for pair in source_sections(p)]


def section(text: str, heading: str = "Notes", path: tuple[str, ...] = (), sid: str = "d-s001"):
    return Section(id=sid, doc_id="d", ordinal=1, heading=heading, level=2, path=path, text=text)


def test_objectives_file_holds_the_five_objectives() -> None:
    framework = load_framework(OBJECTIVES)
    assert framework.name == "London Health Inequalities Strategy 2010"
    assert [o.number for o in framework.objectives] == [1, 2, 3, 4, 5]
    three = framework.objectives[2]
    assert three.title.startswith("To reduce income inequality")
    assert "London Living Wage" in three.terms and "Objective Three" in three.heading_cues
    assert "life expectancy" in framework.cross_cutting


def test_another_framework_is_loaded_from_its_file(tmp_path: Path) -> None:
    marmot = tmp_path / "marmot.toml"
    marmot.write_text(
        'name = "Marmot Review"\n'
        + "".join(
            f'[[objective]]\nnumber = {n}\ntitle = "{t}"\nshort_title = "{t}"\n'
            f"terms = {json.dumps(terms)}\nheading_cues = []\n"
            for n, t, terms in [
                (1, "Give every child the best start in life", ["early years", "parenting"]),
                (2, "Enable all to maximise capabilities", ["capabilities", "lifelong learning"]),
                (3, "Fair employment and good work", ["good work", "employment"]),
                (4, "Healthy standard of living", ["minimum income", "standard of living"]),
                (5, "Healthy and sustainable places", ["sustainable places", "housing"]),
                (6, "Ill-health prevention", ["prevention", "screening"]),
            ]
        ),
        encoding="utf-8",
    )
    objectives = load_objectives(marmot)
    assert len(objectives) == 6
    tags = tag_section(
        section("Parenting support in the early years shapes later health. Early years "
                "services and parenting programmes reach families."),
        objectives,
    )  # fmt: skip
    assert [t.number for t in tags] == [1]


def test_stemmed_terms_and_phrases_give_readable_reasons() -> None:
    objectives = load_objectives(OBJECTIVES)
    tags = tag_section(
        section(
            "Paying the London Living Wage lifts low-paid families. Employers who adopt the "
            "London Living Wage report lower turnover, and benefit take-up advice helps too."
        ),
        objectives,
    )
    assert tags[0].number == 3
    assert any(r.startswith("'London Living Wage' x2 (+") for r in tags[0].reasons)
    empowering = tag_section(
        section("Empowering residents: projects that empower communities to act together."),
        objectives,
    )
    assert any("'empower'" in r for t in empowering for r in t.reasons)


def test_heading_path_names_the_objective() -> None:
    tags = tag_section(
        section("The evidence summarised here is brief.", heading="2.3.1 Why it matters",
                path=("Part Two", "2.3 Objective Three: Income inequality and health")),
        load_objectives(OBJECTIVES),
        threshold=0.4,
    )  # fmt: skip
    assert [t.number for t in tags] == [3]
    assert tags[0].reasons == (
        "heading path '2.3 Objective Three: Income inequality and health' (+0.5)",
    )


def test_long_sections_do_not_win_by_size() -> None:
    objectives = load_objectives(OBJECTIVES)
    dense = "Housing, overcrowding and air quality shape healthy places."
    padding = " The partners met and agreed a timetable for the next report." * 40
    short = tag_section(section(dense), objectives, threshold=0.0)
    long = tag_section(section(dense + padding), objectives, threshold=0.0)
    assert short[0].number == long[0].number == 5
    assert long[0].score < short[0].score / 2


@pytest.mark.slow  # ~12 s alone: Naive Bayes is trained once per held-out document
def test_leave_one_document_out_macro_f1_meets_target() -> None:
    labelled = all_source_sections()
    result = evaluate(labelled, load_objectives(OBJECTIVES))
    assert result["documents"] >= 4
    methods = result["methods"]
    assert set(methods) >= {"vocabulary", "vocabulary_tuned", "naive_bayes"}
    assert set(methods["vocabulary"]["per_objective"]) == {1, 2, 3, 4, 5}
    # The runtime default must be the better method and reach the target.
    assert methods["vocabulary_tuned"]["macro"]["f1"] >= 0.85
    assert methods["vocabulary"]["macro"]["f1"] >= methods["naive_bayes"]["macro"]["f1"]


def _write_overrides(path: Path) -> Path:
    path.write_text(
        '[sections."d-s001"]\nconfirm = [3]\nremove = [5]\nadd = [4]\nnote = "checked"\n',
        encoding="utf-8",
    )
    return path


def test_overrides_survive_retagging(tmp_path: Path) -> None:
    overrides = load_overrides(_write_overrides(tmp_path / "overrides.toml"))
    text = (
        "Low income and relative poverty harm health; the London Living Wage helps. Overcrowded "
        "housing and homelessness, housing costs and poor housing add to the harm."
    )
    _, [tagged] = enrich(Document(id="d", title="D"), [section(text)], load_objectives(OBJECTIVES),
                         overrides)  # fmt: skip
    numbers = {t.number: t for t in tagged.objectives}
    assert 5 not in numbers
    assert numbers[3].confirmed and numbers[4].confirmed
    assert "added by analyst override" in numbers[4].reasons
    assert load_overrides(tmp_path / "missing.toml").sections == {}


def test_enricher_from_settings_reads_the_corpus_files(tmp_path: Path) -> None:
    (tmp_path / "objectives.toml").write_text(OBJECTIVES.read_text("utf-8"), encoding="utf-8")
    _write_overrides(tmp_path / "overrides.toml")
    enricher = Enricher.from_settings(load_settings(corpus_dir=tmp_path))
    assert len(enricher.objectives) == 5 and "d-s001" in enricher.overrides.sections


def test_enrich_fills_every_field() -> None:
    labelled = all_source_sections()
    sections = [s for s, _ in labelled]
    by_doc: dict[str, list[Section]] = {}
    for s in sections:
        by_doc.setdefault(s.doc_id, []).append(s)
    stats = CorpusStats.from_sections(sections)
    objectives = load_objectives(OBJECTIVES)
    out = []
    for doc_id, secs in by_doc.items():
        doc, enriched = enrich(Document(id=doc_id, title=doc_id), secs, objectives, None, stats)
        assert doc.key_terms
        out += enriched
    assert sum(1 for s in out if s.objectives) > len(out) / 3
    assert sum(1 for s in out if s.evidence) > len(out) / 3
    assert all(s.key_terms for s in out if len(s.text) > 200)
    assert out[0] is not sections[0] and sections[0].objectives == ()


def test_tagging_and_evidence_need_no_nltk_data(tmp_path: Path) -> None:
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    script = (
        "from ingest.tagging import load_objectives, tag_section\n"
        "from ingest.evidence import find_evidence\n"
        "from ingest.keyterms import CorpusStats, section_key_terms\n"
        "from ingest.model import Section\n"
        f"objs = load_objectives({str(OBJECTIVES)!r})\n"
        "s = Section(id='d-s1', doc_id='d', ordinal=0, heading='Work', level=1, path=(),\n"
        "    text='Sickness absence costs employers. About 27% of staff (Black, 2008) said so. '\n"
        "    'Employers, e.g. small firms, want healthy workplace support.', page_start=4)\n"
        "print([t.number for t in tag_section(s, objs, threshold=0.3)])\n"
        "print([(e.page, e.kinds) for e in find_evidence(s)])\n"
        "print(section_key_terms(s, CorpusStats.from_sections([s])))\n"
    )
    env = {**os.environ, "NLTK_DATA": str(empty), "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "[4]"
    assert lines[1] == "[(4, ('figure', 'cited finding'))]"


@pytest.mark.parametrize("word", ["health", "public", "research"])
def test_stopwords_keep_domain_words(word: str) -> None:
    from ingest.nlp import load_stopwords

    assert word not in load_stopwords()


def test_tags_are_new_objects() -> None:
    original = section("Housing and overcrowding, homelessness and rough sleeping.")
    tagged = replace(original, objectives=tag_section(original, load_objectives(OBJECTIVES)))
    assert original.objectives == () and tagged.objectives[0].number == 5
