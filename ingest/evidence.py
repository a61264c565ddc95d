"""Evidence statements: the sentences of a section that carry a figure, a trend or a source.

Analysts cite the sentence that holds the evidence, with its page. A sentence qualifies when it
makes a quantitative claim (per cent, pounds, millions, years of life, rates per 100,000,
counts of people, ratios such as "twice as likely"), compares or tracks figures, or cites a
source ("(Marmot, 2010)", "Marmot et al. (2010)", "Department of Health 2008").

Numbers that are not evidence are masked first: section and chapter numbers, objective
numbers, page references, list numbering, dates and years on their own, ages in definitions
and Acts of Parliament. What is left is matched against the quantity patterns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any

from ingest import nlp
from ingest.model import NOTE, EvidenceStatement, Reference, Section, Source
from ingest.references import is_reference_heading, looks_like_entry
from ingest.sources import cited_sources, text_sources
from ingest.table_evidence import row_statements

log = logging.getLogger(__name__)

# The kinds an analyst sorts by: a figure, a figure compared with another, a figure over time,
# and a finding the document credits to a source.
FIGURE = "figure"
COMPARISON = "comparison"
TREND = "trend"
CITED = "cited finding"
KINDS = (FIGURE, COMPARISON, TREND, CITED)

_NUM_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|seventeen"
    r"|twenty|thirty|forty|fifty|a hundred|several)"
)
_NUM = r"\d[\d,]*(?:\.\d+)?"
_YEAR = r"(?:19|20)\d{2}"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_NAME = r"[A-Z][A-Za-z'’\-]+"
_AUTHOR = _NAME + r"(?:\s+[A-Z]{1,3}(?:\s[A-Z])?\b)?"  # "Syme S L", "Marmot M"

# Sources: "(Marmot, 2010)", "(Marmot, 2010; Dahlgren and Whitehead, 1991)", "(NICE, 2008)",
# "Marmot et al. (2010)", "Dahlgren and Whitehead (1991)", "Marmot M (2010)",
# "Department of Health 2008", "Department of Health (2008)".
_CITATION = re.compile(
    rf"\((?:[A-Z][^()]*?,\s*{_YEAR}[a-z]?)(?:\s*;\s*[^()]*?{_YEAR}[a-z]?)*\)"
    rf"|{_AUTHOR}(?:(?:,|\s+and|\s+&)\s+{_AUTHOR})*(?:\s+et al\.?)?\s+\({_YEAR}[a-z]?\)"
    # A bare year in brackets after a title or a body's name: "GLA Economics' paper (2011)".
    rf"|\(\s*{_YEAR}[a-z]?\s*\)"
    rf"|\b(?:Department (?:of|for) [A-Z][A-Za-z]*(?:\s+(?:and\s+)?[A-Z][A-Za-z]*)*|Office for"
    rf" National Statistics|ONS|NICE|London Health Observatory|GLA Economics|Cabinet Office"
    rf"|HM Treasury|World Health Organization|Public Health England|Marmot Review),?"
    rf"\s+\(?{_YEAR}\)?(?!\s*[-–]\s*\d)"
)

# Masked before looking for quantities. Order matters: references before bare numbers.
_MASKS = [
    # "Chapter 3", "section 2.3", "Table 1", "Objective 3", "pages 12-14", "p. 23", "No. 5"
    re.compile(
        r"\b(?:Chapters?|Sections?|Tables?|Figures?|Fig\.|Box|Boxes|Objectives?|Annex|Appendix"
        r"|Part|Parts|pages?|p\.|pp\.|paras?\.?|paragraphs?|Recommendations?|Indicators?|No\.|"
        r"Step|Stage|Phase|Level|Key Stage|ss?\.)\s*\d+[A-Za-z]?(?:\.\d+)*"
        r"(?:\s*(?:to|and|-|–)\s*\d+(?:\.\d+)*)?",
        re.IGNORECASE,
    ),
    re.compile(r"\bAct\s+(?:of\s+)?" + _YEAR),  # "GLA Act 1999"
    re.compile(rf"\b(?:\d{{1,2}}\s+)?{_MONTH}\s+{_YEAR}\b"),  # "14 January 2011", "April 2010"
    re.compile(rf"\b{_YEAR}\s*[-–/]\s*(?:{_YEAR}|\d{{2}})\b"),  # "2015-18", "2015-2018"
    re.compile(r"\b(?:aged?|ages)\s+\d+(?:\s*(?:-|–|to|and)\s*\d+)?(?:\s+and\s+(?:over|under))?"),
    re.compile(r"\bover[- ]\d+s\b|\b\d+s\b"),  # "over-65s", "1990s"
    re.compile(r"(?:^|(?<=\n))\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\d+(?:\.\d+)+)\s+"),  # numbering
    re.compile(rf"\b{_YEAR}\b"),  # a year on its own is a date, not a quantity
]

_QUANTITY = re.compile(
    rf"{_NUM}\s*(?:%|per\s?cent\b|percentage points?\b)"
    rf"|[£$€]\s?{_NUM}|{_NUM}\s*(?:pounds|pence)\b"
    rf"|{_NUM}\s*(?:million|billion|thousand|bn\b|m\b)"
    r"|\bper\s+(?:1,?000|10,?000|100,?000|thousand|hundred thousand|head|capita)\b"
    rf"|\b(?:{_NUM}|{_NUM_WORDS})\s+(?:more\s+|fewer\s+|extra\s+|additional\s+)?years?\s+"
    r"(?:earlier|later|longer|shorter|less|more|of (?:healthy\s+)?life|in life|lower|higher"
    r"|of life expectancy|between)"
    rf"|\bgap of (?:almost |about |around |over |nearly |more than )?(?:{_NUM}|{_NUM_WORDS})\b"
    rf"|\b(?:one|{_NUM}) in (?:{_NUM_WORDS}|{_NUM})\b"
    r"|\b(?:twice|three times|four times|five times|half|double|treble)\s+(?:as|the)\s+"
    r"(?:likely|high|many|much|rate|risk|number|level)"
    r"|\b(?:a|one|two) (?:third|quarter|fifth|tenth)s? of\b|\btwo-thirds of|three-quarters of"
    r"|\b(?:one|two|three|four)-(?:thirds?|quarters?|fifths?|tenths?)\b"
    r"|\b(?:odds ratio|relative risk|hazard ratio)\b"
    r"|\((?:an? )?(?:sample|illustrative) figures?\)"  # the sample editions flag made-up figures so
    r"|\bby (?:a|one) (?:third|quarter|half|fifth|tenth)\b|\b(?:fifth|tenth|quintile|decile)s? of\b"
    rf"|\b(?:more than|over|about|around|nearly|almost|at least|some|up to|fewer than|roughly)"
    rf" (?:{_NUM}\b|(?:a|one) (?:third|quarter|half|fifth|tenth)\b|{_NUM_WORDS} years\b)"
    rf"|\b{_NUM}\s+(?:[a-z\-]+\s+){{0,3}}?(?:people|persons|Londoners|children|adults|residents"
    r"|deaths|households|families|workers|employees|organisations|pupils|patients|men|women"
    r"|babies|births|cases|homes|jobs|visits|admissions|pensioners|boroughs|wards"
    r"|schools|employers|volunteers|participants|places|sessions)\b"
    rf"|\b\d+\.\d+\b|\b\d{{1,3}}(?:,\d{{3}})+\b",
    re.IGNORECASE,
)

_COMPARISON = re.compile(
    r"\b(?:higher|lower|more likely|less likely|compared with|compared to|than|gap|earlier"
    r"|later|longer|shorter|fewer|likely|twice|times|highest|lowest|worse|better|between)\b",
    re.IGNORECASE,
)
_TREND = re.compile(
    r"\b(?:rose|risen|rising|fell|fallen|falling|increas\w*|decreas\w*|doubled|halved|declin\w*"
    r"|reduc\w*|grew|grown|growth|trend\w*|since|over time|over the (?:last|past)|improv\w*"
    r"|widen\w*|narrow\w*|from \S+ (?:in \d{4} )?to)\b",
    re.IGNORECASE,
)
# A reference list entry or a note that is one, wherever it ends up in the text:
# "6 Tudor Hart J (1971) The inverse care law." or "Black C (2008) Working for ...".
# A narrative citation is followed by a verb ("Marmot (2010) found"), an entry by a title.
_ENTRY = re.compile(
    r"^\s*(?:[•\-–]\s*)?(?:\[?\d{1,3}[.\]]?\s+)?(?P<authors>[A-Z][^()]{0,150}?)\s*"
    r"\((?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}[a-z]?\)\.?\s+[“\"'‘A-Z0-9]"
)
_NOTE_START = re.compile(r"^\s*\[?\d{1,3}[.\]]?\s+[A-Z]")


# Cheap gates in front of the expensive patterns: most sentences hold no year and no number,
# and the citation pattern backtracks at every capital letter.
_HAS_YEAR = re.compile(_YEAR)
_HAS_NUMBER = re.compile(
    r"\d|%|£|\$|€|\b(?:" + _NUM_WORDS[3:-1] + r"|twice|half|double|treble|third|quarter"
    r"|fifth|tenth|quintile|decile|odds|relative risk|hazard|hundred|thousand|million)",
    re.IGNORECASE,
)


def _masked(sentence: str) -> str:
    for mask in _MASKS:
        sentence = mask.sub(" ", sentence)
    return sentence


def is_reference_entry(sentence: str) -> bool:
    """True for a reference list entry or a note that cites a work: never evidence itself."""
    if not _HAS_YEAR.search(sentence):
        return False
    entry = _ENTRY.match(sentence)
    # Authors hold no sentence break once initials ("R. G.") are set aside.
    if entry and not re.search(r"[.;:!?]\s", re.sub(r"\b[A-Z]\.", "", entry.group("authors"))):
        return True
    return bool(_NOTE_START.match(sentence)) and looks_like_entry(sentence)


# A table cell that holds a value: "£5.80", "21%", "1,234", "7.1 years", "-3.2".
_VALUE_CELL = re.compile(
    r"^[^\w£$€]*[<>≈~]?\s?[£$€]?\s?-?\d[\d,.]*\s*(?:%|per ?cent|[mkb]n?|million|billion|years?"
    r"|pence|p)?[^\w]*$",
    re.IGNORECASE,
)


def is_header_row(sentence: str) -> bool:
    """A table row (cells joined by " | ") none of whose cells is a value: column headings."""
    cells = [c.strip() for c in sentence.split(" | ")]
    return len(cells) > 1 and not any(
        _VALUE_CELL.match(re.sub(r"\([^()]*\)", "", c)) for c in cells
    )


def classify(sentence: str) -> tuple[str, ...]:
    """The kinds of evidence ``sentence`` carries; empty when it carries none."""
    if is_reference_entry(sentence):
        return ()
    kinds: list[str] = []
    header = " | " in sentence and is_header_row(sentence)
    masked = _masked(sentence) if _HAS_NUMBER.search(sentence) and not header else ""
    if masked and _HAS_NUMBER.search(masked) and _QUANTITY.search(masked):
        kinds.append(FIGURE)
        if _COMPARISON.search(masked):
            kinds.append(COMPARISON)
        if _TREND.search(masked):
            kinds.append(TREND)
    if _HAS_YEAR.search(sentence) and _CITATION.search(sentence):
        kinds.append(CITED)
    return tuple(kinds)


def is_evidence(sentence: str) -> bool:
    """True when ``sentence`` carries a figure or cites a source."""
    return bool(classify(sentence))


def iter_evidence(text: str) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(offset, sentence, kinds) for each evidence sentence of ``text``."""
    for start, end in nlp.sentence_spans(text):
        sentence = text[start:end]
        # A heading-like fragment or a lone table cell is too short to cite as a statement.
        if len(sentence) < 20:
            continue
        kinds = classify(sentence)
        if kinds:
            yield start, " ".join(sentence.split()), kinds


def find_evidence(
    section: Section, references: Sequence[Reference] = ()
) -> tuple[EvidenceStatement, ...]:
    """The evidence statements of ``section``, each with its page and the sources it cites.

    ``references`` is what the document cites: its reference list, then its notes that read as
    entries. A reference list section has no evidence statements: its entries are sources, not
    findings. A sentence whose only sign of evidence is a call to a note that cites a work is a
    cited finding. A table gives one statement per row, read with its headers.
    """
    if is_reference_heading(section.heading):
        return ()
    # Tables kept whole by the PDF reader (Section.tables once the outline work lands).
    tables = getattr(section, "tables", ())
    spans = [(t.offset, t.offset + len(t.text())) for t in tables]
    found: list[tuple[int, EvidenceStatement]] = [
        (table.offset, statement)
        for table in tables
        for statement in _table_statements(table, references)
    ]
    for start, end in _spans(section.text):
        if any(a <= start < b for a, b in spans):
            continue  # read row by row above
        sentence = section.text[start:end]
        if len(sentence) < 20:  # a heading-like fragment or a lone table cell
            continue
        kinds = classify(sentence)
        sources = cited_sources(section, start, end, references) if kinds or section.notes else ()
        statement = _statement(sentence, kinds, sources, section.page_at(start))
        if statement is not None:
            found.append((start, statement))
    return tuple(statement for _, statement in sorted(found, key=lambda pair: pair[0]))


def _statement(
    sentence: str, kinds: tuple[str, ...], sources: tuple[Source, ...], page: int | None
) -> EvidenceStatement | None:
    if not kinds and any(s.resolved and (s.kind != NOTE or s.reference) for s in sources):
        kinds = (CITED,)  # its note names a work, or cites one the document lists
    elif kinds and CITED not in kinds and any(s.kind != NOTE for s in sources):
        kinds = (*kinds, CITED)
    if not kinds:
        return None
    return EvidenceStatement(" ".join(sentence.split()), page, kinds, sources)


def _table_statements(table: Any, references: Sequence[Reference]) -> list[EvidenceStatement]:
    out = []
    for row in row_statements(table.rows, table.header_rows):
        sources = tuple(dict.fromkeys(text_sources(row, references)))
        statement = _statement(row, classify(row), sources, table.page)
        if statement is not None:
            out.append(statement)
    return out


def _spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with a sentence that a page or column break cut in two made whole again
    (the part after the break starts in lower case: "... contributes to" / "the gradient")."""
    spans: list[tuple[int, int]] = []
    for start, end in nlp.sentence_spans(text):
        gap = text[spans[-1][1] : start] if spans else ""
        cut = "\n\n" in gap and text[spans[-1][1] - 1 : spans[-1][1]] not in (".", "!", "?", ":")
        if spans and cut and _continues(text[spans[-1][0] : spans[-1][1]], text[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` carries on the sentence ``before`` that a break cut: it starts in
    lower case or with a digit, or ``before`` is a long run of words that is no caption and
    ``after`` ends the sentence."""
    if after[:1].islower() or after[:1].isdigit():
        return True
    ends = after.rstrip().rstrip(")”’'\"")[-1:] in (".", "!", "?")  # lines of a table do not
    return ends and len(before) >= 60 and not _CAPTION.match(before)


_CAPTION = re.compile(r"^\s*(?:Table|Figure|Fig\.|Box|Chart|Map|Source|Note)s?\b", re.IGNORECASE)


def evaluate_detector(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of :func:`classify` on hand-labelled sentences
    (``{"text", "evidence", "split"}``), overall and per split."""

    def score(subset: list[dict[str, Any]]) -> dict[str, Any]:
        predicted = [bool(classify(r["text"])) for r in subset]
        tp = sum(p and r["evidence"] for p, r in zip(predicted, subset, strict=True))
        fp = sum(p and not r["evidence"] for p, r in zip(predicted, subset, strict=True))
        fn = sum(not p and r["evidence"] for p, r in zip(predicted, subset, strict=True))
        return {
            "sentences": len(subset),
            "evidence": sum(bool(r["evidence"]) for r in subset),
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        }

    splits = sorted({str(r.get("split", "")) for r in rows} - {""})
    return {
        "all": score(rows),
        **{split: score([r for r in rows if r.get("split") == split]) for split in splits},
    }
