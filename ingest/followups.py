"""Follow-ups: the passages of later documents that report on a commitment, and what they say.

For each commitment, every sentence and list item of every later document (by issued date) is
scored on what it shares with the commitment:

- distinctive terms: content-word stems and two-word phrases, each weighted by its inverse
  document frequency over all the corpus's sentences, so "London Living Wage" counts and
  "London" hardly does (a cosine of the two weighted term sets);
- programme names: runs of capitalised words ("Well London", "Family Nurse Partnership") and
  acronyms (HIV, NEET) count twice;
- objective and section: a passage in a section tagged with the commitment's objective is
  worth a little more, one tagged only with other objectives a little less.

A passage is linked when its score reaches :data:`THRESHOLD`; one sentence per paragraph and
at most :data:`PER_DOCUMENT` per later document are kept. Each link records the shared terms
and names and the words that gave its status (see :func:`read_status`). Analysts' judgements
(``corpus/commitment_links.toml``, :mod:`ingest.commitment_links`) are applied last: rejected
links go, confirmed ones stay whatever their score.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ingest import nlp
from ingest.commitment_links import Judgements
from ingest.commitments import Commitment, extract, load_cues
from ingest.model import Document, Section
from ingest.passages import Unit, text_hash, units

THRESHOLD = 0.2
PER_DOCUMENT = 3
NAME_WEIGHT = 2.0
OBJECTIVE_BONUS = 1.15
OBJECTIVE_PENALTY = 0.8
STATUSES = ("done", "in progress", "changed", "dropped", "mentioned")
NO_MENTION = "no later mention"

_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*[a-z][\w'’-]*\s+){1,5}[A-Z][\w'’-]*[a-z][\w'’-]*\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}s?\b")
# "2 GLA Economics (2011) Early Years ...": a reference or footnote, not a report on anything
_REFERENCE = re.compile(r"^(?:\d{1,3}\s+)?[A-Z][^()]{0,160}\((?:19|20)\d\d[a-z]?\)\s")
_CLAUSE = re.compile(r"[.,;:!?()\[\]|•\"“”‘’–—]+|\s-\s")


@dataclass(frozen=True)
class Passage:
    """A sentence or list item of a later document, with what the linker needs of it."""

    id: str  # "<doc id>-p<hash of its words>"
    doc_id: str
    issued: str
    section_id: str
    heading: str
    objectives: tuple[int, ...]
    unit: Unit
    restates: str = ""  # the cue, when the passage is itself a commitment of its document


@dataclass(frozen=True)
class FollowUp:
    """One link from a commitment to a passage that reports on it."""

    id: str  # the passage id
    doc_id: str
    issued: str
    section_id: str
    heading: str
    page: int | None
    text: str
    status: str  # one of STATUSES
    status_cue: str  # the words that gave the status; "" when none did
    score: float
    terms: tuple[str, ...] = ()  # shared distinctive terms, most distinctive first
    names: tuple[str, ...] = ()  # shared programme names
    reasons: tuple[str, ...] = ()
    judged: str = ""  # "confirmed" when an analyst confirmed the link

    def to_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for key in ("terms", "names", "reasons"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FollowUp:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("terms", "names", "reasons"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


@dataclass(frozen=True)
class Match:
    score: float
    cover: float = 0.0  # share of the commitment's term weight the passage has
    terms: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Features:
    weights: dict[str, float]  # term -> idf
    forms: dict[str, str]  # term -> how it was written
    names: frozenset[str] = field(default_factory=frozenset)

    @property
    def norm(self) -> float:
        return math.sqrt(sum(w * w for w in self.weights.values())) or 1.0


def is_later(issued: str, than: str) -> bool:
    """True when ``issued`` is after ``than`` at the precision both give ("2011" is later
    than "2010-04"; "2010" is not, nor is "2011-01" later than "2011")."""
    a, b = _date_parts(issued), _date_parts(than)
    n = min(len(a), len(b))
    return n > 0 and a[:n] > b[:n]


def _date_parts(issued: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", issued)[:3])


def terms_of(text: str) -> tuple[list[str], dict[str, str], set[str]]:
    """(terms, written form per term, names): stems of content words, adjacent pairs of them
    within a clause ("living wage"), and capitalised names ("well london")."""
    stop = nlp.load_stopwords()
    out: list[str] = []
    forms: dict[str, str] = {}
    for clause in _CLAUSE.split(text):
        words = [w for w in nlp.tokens(clause)]
        prev: tuple[str, str] | None = None
        for w in words:
            if not nlp.is_content_word(w, stop):
                prev = None
                continue
            s = nlp.stem(w)
            out.append(s)
            forms.setdefault(s, w.lower())
            if prev is not None:
                pair = f"{prev[0]} {s}"
                out.append(pair)
                forms.setdefault(pair, f"{prev[1]} {w.lower()}")
            prev = (s, w.lower())
    names = set()
    for m in _NAME.finditer(text):
        words = [w for w in nlp.tokens(m.group(0)) if nlp.is_content_word(w, stop)]
        if len(words) >= 2:
            key = " ".join(nlp.stem(w) for w in words)
            names.add(key)
            forms.setdefault(key, " ".join(words))
    for m in _ACRONYM.finditer(text):
        key = m.group(0).rstrip("s").lower()
        if key not in {"gla", "nhs", "uk"}:
            names.add(key)
            forms.setdefault(key, m.group(0))
    return out, forms, names


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    cues = load_cues()
    return frozenset(cues["linking"]["generic"]) | frozenset(cues["item_verbs"])


class Linker:
    """Scores commitments against the passages of later documents (idf from all of them)."""

    def __init__(self, documents: Sequence[Document], sections: Sequence[Section]) -> None:
        self.documents = {d.id: d for d in documents}
        by_doc: dict[str, list[Section]] = defaultdict(list)
        for s in sections:
            by_doc[s.doc_id].append(s)
        self.passages: list[Passage] = []
        raw: list[tuple[list[str], dict[str, str], set[str]]] = []
        df: Counter[str] = Counter()
        for doc_id, secs in by_doc.items():
            document = self.documents.get(doc_id, Document(doc_id, doc_id))
            secs = sorted(secs, key=lambda s: s.ordinal)
            promised = {(c.section_id, c.offset): c.cue_text for c in extract(document, secs)}
            for section in secs:
                for u in units(section):
                    if _REFERENCE.match(u.text):
                        continue
                    t = terms_of(u.text)
                    raw.append(t)
                    df.update(set(t[0]) | t[2])
                    self.passages.append(
                        Passage(
                            f"{doc_id}-p{text_hash(u.text)}",
                            doc_id,
                            document.issued,
                            section.id,
                            section.heading,
                            tuple(tag.number for tag in section.objectives),
                            u,
                            promised.get((section.id, u.start), ""),
                        )
                    )
        n = max(len(raw), 1)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.features = [self._features(t) for t in raw]

    def _features(self, t: tuple[list[str], dict[str, str], set[str]]) -> Features:
        terms, forms, names = t
        weights = {x: self.idf.get(x, 0.0) for x in set(terms)}
        for name in names:
            weights[name] = weights.get(name, self.idf.get(name, 0.0)) * NAME_WEIGHT
        return Features(weights, forms, frozenset(names))

    def link(self, commitment: Commitment, judgements: Judgements | None = None) -> list[FollowUp]:
        """The follow-ups of ``commitment``, oldest document first: the best sentence of each
        paragraph of a later document that scores at least :data:`THRESHOLD`."""
        judged = judgements.for_commitment(commitment.id) if judgements else None
        issued = self.documents[commitment.doc_id].issued
        mine = self._features(terms_of(commitment.text))
        paragraphs: dict[tuple[str, int], list[tuple[float, int, Match]]] = defaultdict(list)
        for i, passage in enumerate(self.passages):
            if not is_later(passage.issued, issued):
                continue
            if judged and passage.id in judged.reject:
                continue
            match = self._score(mine, self.features[i], commitment, passage)
            if match.score > 0 or (judged and passage.id in judged.confirm):
                paragraphs[(passage.section_id, passage.unit.block)].append((match.score, i, match))
        candidates = []
        for scored in paragraphs.values():
            # the paragraph qualifies on its best sentence; it is quoted by the sentence that
            # covers most of the commitment, and the others that share much are read too
            best = max(sc for sc, _i, _m in scored)
            scored.sort(key=lambda x: (-x[2].cover, -x[0]))
            _sc, i, match = scored[0]
            confirmed = [x for x in scored if judged and self.passages[x[1]].id in judged.confirm]
            if confirmed:
                _sc, i, match = confirmed[0]
            if best < THRESHOLD and not confirmed:
                continue
            about = [
                self.passages[j].unit.text
                for _s, j, m in scored
                if j != i and m.cover >= match.cover / 2
            ]
            candidates.append((bool(confirmed), best, i, match, about))
        candidates.sort(key=lambda x: (not x[0], -x[1]))
        kept: list[FollowUp] = []
        per_doc: Counter[str] = Counter()
        for confirmed, score, i, match, about in candidates:
            p = self.passages[i]
            if not confirmed and per_doc[p.doc_id] >= PER_DOCUMENT:
                continue
            per_doc[p.doc_id] += 1
            follow = self._follow_up(p, score, match, about)
            if confirmed:
                follow = replace(follow, judged="confirmed")
            if judged and p.id in judged.status:
                follow = replace(follow, status=judged.status[p.id], status_cue="set by an analyst")
            kept.append(follow)
        return sorted(kept, key=lambda f: (_date_parts(f.issued), f.doc_id, -f.score))

    def _score(
        self, mine: Features, theirs: Features, commitment: Commitment, passage: Passage
    ) -> Match:
        shared = mine.weights.keys() & theirs.weights.keys()
        if not shared:
            return Match(0.0)
        dot = sum(mine.weights[t] * theirs.weights[t] for t in shared)
        score = dot / (mine.norm * theirs.norm)
        cover = sum(mine.weights[t] ** 2 for t in shared) / mine.norm**2
        if commitment.objectives and passage.objectives:
            if set(commitment.objectives) & set(passage.objectives):
                score *= OBJECTIVE_BONUS
            else:
                score *= OBJECTIVE_PENALTY
        best = sorted(shared, key=lambda t: -mine.weights[t])
        names = tuple(mine.forms.get(t, t) for t in best if t in mine.names)
        words = tuple(mine.forms.get(t, t) for t in best if t not in mine.names)[:6]
        return Match(score, cover, words, names)

    def _follow_up(self, p: Passage, score: float, match: Match, about: list[str]) -> FollowUp:
        status, cue = read_status(p.unit.text, about, p.restates)
        reasons = []
        if match.names:
            reasons.append("shares the names " + ", ".join(f"“{n}”" for n in match.names))
        if match.terms:
            reasons.append("shares the terms " + ", ".join(f"“{t}”" for t in match.terms))
        reasons.append(f"score {score:.2f} (threshold {THRESHOLD})")
        if cue and cue == p.restates:
            reasons.append(f"restated as a commitment (“{cue}”): in progress")
        elif cue:
            reasons.append(f"{status}: the passage says “{cue}”")
        else:
            reasons.append("no wording about progress: mentioned only")
        return FollowUp(
            id=p.id,
            doc_id=p.doc_id,
            issued=p.issued,
            section_id=p.section_id,
            heading=p.heading,
            page=p.unit.page,
            text=p.unit.text,
            status=status,
            status_cue=cue,
            score=round(score, 4),
            terms=match.terms,
            names=match.names,
            reasons=tuple(reasons),
        )


def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"\b", re.I)


_NEGATED = re.compile(r"(?:rather than|not|never|instead of)\s+(?:\w+\s+){0,1}$", re.I)
_PERFECT = re.compile(
    r"\b(?:has|have|had)\s+(?:(?:also|now|already|since|then|just|recently|largely|not)\s+)*"
    r"(?:been\s+)?(?P<verb>[a-z]+)\b|\b(?:was|were)\s+(?:(?:also|now|already|then|duly)\s+)?"
    r"(?P<past>[a-z]+(?:ed|en)|set|held|met|built|made|put|run|written|chosen|drawn|begun)\b",
    re.I,
)
_STATIVE = frozenset({"remained", "seemed", "appeared", "been", "had"})
# "In January 2011 GLA Economics published ...", "the strategy, published in December 2010"
_SIMPLE_PAST = re.compile(
    r"(?<!\bbe )(?<!\bto )(?<!\bwill )(?<!\bbeing )(?<!\bbeen )\b(?:published|launched|opened|"
    r"completed|delivered|introduced|established|achieved|accompanied)\b",
    re.I,
)


def _cues_in(text: str, phrases: Iterable[str]) -> list[tuple[int, str]]:
    found = []
    for phrase in phrases:
        for m in _phrase_re(phrase).finditer(text):
            if not _NEGATED.search(text[: m.start()]):
                found.append((m.start(), m.group(0)))
    return sorted(found)


def _tense_cues(
    text: str, completed: frozenset[str], irregular: frozenset[str]
) -> list[tuple[int, str, str]]:
    """(position, status, words) for each perfect or passive past: of a completing verb
    ("has been published") done, of any other verb ("has worked") in progress."""
    out = []
    for m in _PERFECT.finditer(text):
        verb = (m.group("verb") or m.group("past") or "").casefold()
        if verb in _STATIVE:
            continue
        if verb in completed:
            out.append((m.start(), "done", m.group(0)))
        elif verb.endswith("ed") or verb in irregular:
            out.append((m.start(), "in progress", m.group(0)))
    for m in _SIMPLE_PAST.finditer(text):
        out.append((m.start(), "done", m.group(0)))
    return out


def status_of(text: str) -> tuple[str, str] | None:
    """(status, words) that the wording of ``text`` gives, or None: "dropped" or "changed"
    wording anywhere wins, otherwise the first "done" or "in progress" wording."""
    table = load_cues()["status"]
    for status in ("dropped", "changed"):
        found = _cues_in(text, table[status])
        if found:
            return status, found[0][1]
    ordered = sorted(
        [(at, "done", w) for at, w in _cues_in(text, table["done"])]
        + [(at, "in progress", w) for at, w in _cues_in(text, table["in_progress"])]
        + _tense_cues(text, frozenset(table["completed"]), frozenset(table["irregular"]))
    )
    return (ordered[0][1], ordered[0][2]) if ordered else None


def read_status(sentence: str, about: Sequence[str] = (), restates: str = "") -> tuple[str, str]:
    """(status, the words that gave it) of a follow-up.

    ``sentence`` is the linked sentence; ``about`` the other sentences of its paragraph that
    share terms with the commitment, best first. "dropped" or "changed" in any of them wins;
    otherwise the linked sentence's own wording, then the others'. A passage that is itself a
    commitment of its document (``restates``: "The GLA will continue ...") is in progress.
    Failing all that, "mentioned".
    """
    found = [status_of(t) for t in (sentence, *about)]
    for status in ("dropped", "changed"):
        for f in found:
            if f is not None and f[0] == status:
                return f
    for f in found:
        if f is not None:
            return f
    if restates:
        return "in progress", restates
    return "mentioned", ""


def latest_status(followups: Sequence[FollowUp]) -> tuple[str, str]:
    """(status, issued) of the newest follow-up that says something; "no later mention"."""
    if not followups:
        return NO_MENTION, ""
    ordered = sorted(followups, key=lambda f: _date_parts(f.issued))
    telling = [f for f in ordered if f.status != "mentioned"] or ordered
    newest = _date_parts(telling[-1].issued)
    same = [f for f in telling if _date_parts(f.issued) == newest]
    rank = {s: i for i, s in enumerate(("dropped", "changed", "done", "in progress", "mentioned"))}
    best = min(same, key=lambda f: rank.get(f.status, 9))
    return best.status, best.issued
