"""Commitments: sentences and list items that commit the author's side to an action.

Rules, not a model, so that every commitment can say why it is one. A unit (see
:mod:`ingest.passages`) is a commitment when one of these cues matches, tried in order:

- ``actor will``: an actor of the author's side starts a clause and "will"/"shall" follows
  with an action verb ("The Mayor will work with ...", "Across London, the GLA will ...");
- ``committed``: "is committed to", "has committed to", "has promised to", "has decided to";
- ``intends``: an actor "intends/aims/plans/proposes to" do something;
- ``instrument will``: a plan, paper, programme or group of the author "will include ...";
- ``continues``: "It/They/The group will ..." right after a commitment in the same paragraph;
- ``passive will``: "progress will be reported", "the list will be refined";
- ``scheduled``: "is expected to be published early in 2011";
- ``summary``: "The Mayor's commitments under Objective One are to ...", "a commitment to ...";
- ``list``: an item of a list whose lead-in commits ("The Mayor will:", "Initial actions:")
  and which starts with a verb.

Left out: questions, clauses starting "If"/"Unless", "would/could/may" clauses, predictions
("the Games will create ..."), clauses embedded under "that/which/how/what" ("the actions that
the Mayor will take"), reported past action ("the strategy committed the Mayor to ...") and
others' policies ("the national strategy committed £372 million"), none of which match.
The vocabulary lives in ``ingest/data/commitments.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.model import Document, Section
from ingest.passages import Unit, text_hash, units

CUES_FILE = Path(__file__).resolve().parent / "data" / "commitments.toml"

_ADV = (
    r"(?:also|therefore|then|now|further|still|again|itself|jointly|directly|continue to|go on|"
    r"in turn|in future|as a priority|over time|in particular|,)"
)
_LINKERS = {
    "and", "so", "but", "then", "therefore", "also", "while", "first", "second", "third",
    "finally", "thus", "hence", "meanwhile", "instead", "together", "now", "today",
}  # fmt: skip
_EMBEDDERS = {"that", "which", "who", "whom", "what", "how", "whether", "why", "whose"}
_PREPOSITIONS = {
    "in", "within", "across", "from", "over", "by", "during", "after", "before", "through",
    "for", "at", "on", "under", "with", "alongside", "beyond", "throughout", "to", "as",
}  # fmt: skip
_NON_VERBS = {
    "the", "a", "an", "their", "its", "our", "his", "her", "all", "each", "every", "some",
    "many", "more", "most", "new", "other", "those", "these", "this", "that", "which", "who",
}  # fmt: skip
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(
    rf"\b(?:(?:by|before|until|from|in|during|over|within|after|early in|late in|by the end of|"
    rf"the end of|end of)\s+(?:(?:early|late|mid|spring|summer|autumn|winter)[- ]?)?"
    rf"(?:(?:{_MONTHS})\s+)?(?:19|20)\d\d(?:[–/-](?:19|20)?\d\d)?(?!\s*(?:Games|Olympic|Paralympic))|"
    rf"(?:19|20)\d\d[–/-](?:19|20)?\d\d|(?:each|every) year|annually|one year (?:after|on)[^,;.]*|"
    rf"within (?:the next )?(?:one|two|three|four|five|\d+)"
    rf"(?: (?:to|or) (?:two|three|\d+))? years?|"
    rf"in the coming year|over the next (?:\w+ )?years?)",
    re.I,
)
_TARGET = re.compile(
    r"(?:\b(?:by|to|of)\s+(?:at least\s+)?\d+(?:\.\d+)?\s*(?:%|per cent)|"
    r"£[\d,.]+\s*(?:million|m|bn|billion)?|"
    r"\b(?:at least|more than|up to)\s+[\d,]+\s+[a-z]+)",
    re.I,
)


@dataclass(frozen=True)
class Commitment:
    """One commitment, where it stands and why the rules took it for one."""

    id: str  # "<doc id>-c<hash of its words>": survives re-ingest and re-sectioning
    doc_id: str
    section_id: str
    heading: str
    path: tuple[str, ...]
    page: int | None
    objectives: tuple[int, ...]
    text: str
    actor: str
    action: str
    cue: str  # which rule matched: "actor will", "list", ...
    cue_text: str  # the words that matched ("the Mayor will", "Initial actions:")
    kind: str = "sentence"  # "sentence" | "item"
    date: str = ""
    target: str = ""
    lead_in: str = ""
    offset: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            **{k: getattr(self, k) for k in self.__dataclass_fields__},
            "path": list(self.path),
            "objectives": list(self.objectives),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Commitment:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["path"] = tuple(values.get("path", ()))
        values["objectives"] = tuple(values.get("objectives", ()))
        return cls(**values)


@dataclass(frozen=True)
class Cue:
    name: str
    text: str  # the matched words
    actor: str
    action: str


@lru_cache(maxsize=2)
def load_cues(path: Path = CUES_FILE) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _alternation(words: Sequence[str]) -> str:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        if w == "i":
            parts.append("(?-i:I)")
        else:
            parts.append(r"\s+".join(re.escape(p).replace("'", "['’]") for p in w.split()))
    return "|".join(parts)


@lru_cache(maxsize=2)
def _patterns(path: Path = CUES_FILE) -> dict[str, re.Pattern[str]]:
    cues = load_cues(path)
    actors = _alternation(cues["actors"])
    cont = _alternation(cues["continuing_subjects"])
    paren = r"(?:,\s+(?:including|which|who|as)\b[^;:]{0,160}?,)?"
    advs = rf"(?:\s+{_ADV})*"
    return {
        "actor will": re.compile(
            rf"\b(?P<actor>{actors}){paren}{advs}\s+(?P<modal>will|shall){advs}\s+(?:not\s+)?"
            rf"(?P<verb>[a-z][a-z-]*)",
            re.I,
        ),
        "lead-in": re.compile(
            rf"\b(?P<actor>{actors}){advs}\s+(?:will|shall){advs}\s*:$|"
            r"\b(?:actions?|steps?|priorities|commitments|measures|we will)\b[^:]*:$",
            re.I,
        ),
        "committed": re.compile(
            rf"\b(?P<actor>{actors}){paren}{advs}\s+(?:(?:is|are|remains?|has been|have been)\s+"
            r"(?:firmly\s+|fully\s+|also\s+)?committed\s+to|(?:has|have)\s+(?:also\s+|now\s+)?"
            r"(?:committed|promised|pledged|undertaken|decided|chosen|agreed|resolved)\s+"
            r"(?:not\s+)?to)\b\s*(?P<verb>[a-z][a-z-]*)",
            re.I,
        ),
        "intends": re.compile(
            rf"\b(?P<actor>{actors}){paren}{advs}\s+(?:commits|commit|pledges|pledge|undertakes|"
            r"undertake|intends|intend|aims|aim|plans|plan|proposes|propose|expects|expect|"
            r"is determined|are determined|is going|are going)\s+to\s+(?P<verb>[a-z][a-z-]*)",
            re.I,
        ),
        "continues": re.compile(
            rf"\b(?P<actor>{cont}){advs}\s+(?:will|shall){advs}\s+(?P<verb>[a-z][a-z-]*)", re.I
        ),
        "future": re.compile(rf"\b(?P<modal>will|shall){advs}\s+(?P<verb>[a-z][a-z-]*)", re.I),
        "passive will": re.compile(
            rf"\b(?:will|shall){advs}\s+be\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b", re.I
        ),
        "scheduled": re.compile(
            r"\b(?:is|are)\s+(?:expected|due|scheduled|planned|intended)\s+to\s+be\s+"
            r"(?P<verb>[a-z]+)\b",
            re.I,
        ),
        "summary": re.compile(
            r"^(?:The|Our|These|Its)\s+(?:(?P<actor>Mayor|GLA)['’]s\s+)?commitments\b[^.;]*?\b"
            r"(?:are to|is to|aim to|centre on|center on|focus on|include)\b|"
            r"\b(?:a|with a|new|and|our|firm)\s+commitments?\s+to\s+(?P<verb>[a-z]+)",
            re.I,
        ),
    }


def _actor_name(words: str) -> str:
    """ "The Mayor" and "the Mayor" are one actor."""
    words = " ".join(words.split())
    return "the " + words[4:] if words.startswith("The ") else words


def _clause_start(prefix: str) -> bool:
    """True when the words before a subject leave it at the start of a main clause."""
    prefix = prefix.rstrip()
    if not prefix or prefix[-1] in ",;:(–—":
        return True
    words = re.findall(r"[\w'’]+", prefix.casefold())
    if not words:
        return True
    if words[-1] in _LINKERS:
        return True
    if words[-1] in _EMBEDDERS:
        return False
    # "In the coming year the Mayor will ...": a short opening phrase without a verb
    return words[0] in _PREPOSITIONS and len(words) <= 6 and "," not in prefix


def _clause_subject(text: str, at: int) -> tuple[str, str]:
    """(words of the clause before position ``at``, the word before the clause)."""
    head = text[:at]
    cut = max(head.rfind(c) for c in ",;:–—(")
    and_cut = max(head.rfind(" and "), head.rfind(" but "))
    cut = max(cut, and_cut + 4 if and_cut >= 0 else -1)
    clause = head[cut + 1 :].strip() if cut >= 0 else head.strip()
    return clause, head[: max(cut, 0)]


def _hedged(clause: str, hedges: Sequence[str]) -> bool:
    words = set(re.findall(r"[a-z]+", clause.casefold()))
    return bool(words & set(hedges)) or bool(words & _EMBEDDERS)


def _action(text: str, start: int) -> str:
    return text[start:].strip().rstrip(".;:,").removesuffix(" and").strip()


def match_cue(text: str, previous: Cue | None, default_actor: str) -> Cue | None:
    """The first rule that makes ``text`` a commitment, or None."""
    if text.rstrip().endswith("?") or re.match(r"(?:if|unless|should|were)\b", text, re.I):
        return None
    cues = load_cues()
    pats = _patterns()
    not_actions = set(cues["not_actions"])
    for name in ("actor will", "committed", "intends"):
        for m in pats[name].finditer(text):
            if not _clause_start(text[: m.start()]):
                continue
            verb = m.group("verb").casefold()
            if name == "actor will" and verb in not_actions:
                continue
            actor = _actor_name(m.group("actor"))
            return Cue(name, " ".join(m.group(0).split()), actor, _action(text, m.start("verb")))
    if previous is not None:
        for m in pats["continues"].finditer(text):
            if _clause_start(text[: m.start()]) and m.group("verb").casefold() not in not_actions:
                actor, verb_at = previous.actor, m.start("verb")
                return Cue("continues", " ".join(m.group(0).split()), actor, _action(text, verb_at))
    for m in pats["future"].finditer(text):
        clause, _before = _clause_subject(text, m.start())
        words = re.findall(r"[a-z]+", clause.casefold())
        if (
            words
            and words[-1] in set(cues["instruments"])
            and not _hedged(clause, cues["hedges"])
            and m.group("verb").casefold() not in not_actions
        ):
            actor = previous.actor if previous else default_actor
            return Cue(
                "instrument will", clause + " " + m.group(0), actor, _action(text, m.start())
            )
    passives = set(cues["passive_actions"])
    for name in ("passive will", "scheduled"):
        for m in pats[name].finditer(text):
            clause, _before = _clause_subject(text, m.start())
            if m.group("verb").casefold() in passives and not _hedged(clause, cues["hedges"]):
                actor = previous.actor if previous else default_actor
                return Cue(name, " ".join(m.group(0).split()), actor, text.rstrip(".;"))
    summary = pats["summary"].search(text)
    if summary and not re.search(r"['’]s\s*$", text[: summary.start()]):
        named = summary.group("actor")
        actor = f"the {named}" if named else default_actor
        return Cue("summary", " ".join(summary.group(0).split()), actor, text.rstrip(".;"))
    return None


def _lead_in_cue(lead_in: str, default_actor: str) -> Cue | None:
    if not lead_in:
        return None
    m = _patterns()["lead-in"].search(lead_in)
    if m:
        return Cue("list", lead_in, _actor_name(m.group("actor") or default_actor), "")
    cue = match_cue(lead_in, None, default_actor)
    return Cue("list", lead_in, cue.actor, "") if cue else None


def _starts_with_verb(item: str, lead_in: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", item)
    if words[:1] == ["to"]:
        words = words[1:]
    if not words:
        return False
    first = words[0]
    verbs = set(load_cues()["item_verbs"])
    if first.casefold() in verbs and first[0].islower():
        return True
    if first.casefold() in _PREPOSITIONS and "," in item:
        # "through the London Delivery Board on rough sleeping, improve links ..."
        after = re.findall(r"[A-Za-z][\w'’-]*", item.split(",", 1)[1])
        return bool(after) and after[0] in verbs
    # after "The Mayor will:" any lower-case word that is not a determiner starts an action
    loose = re.search(r"\b(?:will|shall|to)(?:\s+\w+)?\s*:$", lead_in, re.I)
    return bool(loose) and first[0].islower() and first.casefold() not in _NON_VERBS


def _date(text: str) -> str:
    m = _DATE.search(text)
    return " ".join(m.group(0).split()) if m else ""


def _target(text: str) -> str:
    m = _TARGET.search(text)
    return " ".join(m.group(0).split()) if m else ""


def extract(document: Document, sections: Sequence[Section]) -> list[Commitment]:
    """Every commitment in ``document``, in reading order."""
    default_actor = document.author or "the author"
    out: list[Commitment] = []
    seen: dict[str, int] = {}
    for section in sections:
        objectives = tuple(t.number for t in section.objectives)
        prev_cue: Cue | None = None
        prev_block = -1
        for unit in units(section):
            previous = prev_cue if unit.block == prev_block else None
            cue = _unit_cue(unit, previous, default_actor)
            prev_cue, prev_block = cue, unit.block
            if cue is None:
                continue
            out.append(_commitment(document, section, unit, cue, objectives, seen))
    return out


def _unit_cue(unit: Unit, previous: Cue | None, default_actor: str) -> Cue | None:
    if unit.kind == "item":
        lead = _lead_in_cue(unit.lead_in, default_actor)
        if lead and _starts_with_verb(unit.text, unit.lead_in):
            action = re.sub(r"^to\s+", "", unit.text).rstrip(".;,").removesuffix(" and")
            return Cue("list", lead.text, lead.actor, action.strip())
        return match_cue(unit.text, None, default_actor)
    if unit.text.endswith(":") and _patterns()["lead-in"].search(unit.text):
        return None  # "The Mayor will:" introduces commitments; it is not one
    return match_cue(unit.text, previous, default_actor)


def _commitment(
    document: Document,
    section: Section,
    unit: Unit,
    cue: Cue,
    objectives: tuple[int, ...],
    seen: dict[str, int],
) -> Commitment:
    base = f"{document.id}-c{text_hash(unit.text)}"
    seen[base] = seen.get(base, 0) + 1
    ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return Commitment(
        id=ident,
        doc_id=document.id,
        section_id=section.id,
        heading=section.heading,
        path=section.path,
        page=unit.page,
        objectives=objectives,
        text=unit.text,
        actor=cue.actor,
        action=cue.action or unit.text,
        cue=cue.name,
        cue_text=cue.text,
        kind=unit.kind,
        date=_date(unit.text),
        target=_target(unit.text),
        lead_in=unit.lead_in,
        offset=unit.start,
    )
