"""Follow-ups: the passages of later documents that report on a commitment.

Every paragraph of every later document (:func:`follows`: by issued date, and by kind when
the dates agree as far as both go) is weighed as a report on each commitment. What counts,
each with a weight from ``ingest/data/commitments.toml`` ([linking]):

- ``terms``: the idf-weighted cosine of the terms the commitment and the paragraph's best
  sentence share (content-word stems, two-word phrases, capitalised programme names);
- ``coverage``: how much of the commitment's term weight that sentence has;
- ``paragraph``: the same cosine against the whole paragraph;
- ``rank``: the paragraph's score relative to the best one in the same document;
- ``place``: 1 / the paragraph's place among those of the same document, ordered by the
  weight of the other features (1 for the best fitting paragraph there);
- ``says``: the sentence reports progress or restates the commitment (see
  :mod:`ingest.followup_status`);
- ``objective``: the sections' objective tags agree (+1) or differ (-1);
- ``heading``: the headings share words ("2.3 Objective Three" / "6.3 Objective Three");
- ``reporting``: the share of the section's sentences that report progress;
- ``meaning`` and ``meaning_paragraph``: when the sentence model is installed
  (:mod:`ingest.meaning`), its cosine with the paragraph's closest sentence and with the
  paragraph as a whole.

The weighted sum goes through a logistic function; a paragraph is linked at
``link_threshold`` or more, at most ``per_document`` per later document. The weights (one set
with the sentence model, one without) are fitted on the hand-labelled Strategy
(tests/golden/commitments.jsonl, split "tune") by ``tools/fit_link_weights.py`` and checked on
First Steps ("heldout"). A commitment that opens by pointing back ("It will be shared ...") is
looked for with the sentence before it. Commitments that say nearly the same thing (cosine at
least ``related``) lend each other their evidence. Every link records its shared terms and
what each feature added. Analysts' judgements (:mod:`ingest.commitment_links`) come last.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest.commitment_links import Judgements
from ingest.commitments import Commitment, extract, load_cues
from ingest.document_order import follows
from ingest.followup_status import date_parts, read_status, status_of
from ingest.link_terms import NAME_WEIGHT, Features, terms_of
from ingest.meaning import meaning_for
from ingest.model import Document, Section
from ingest.passages import Unit, text_hash, units

OBJECTIVE_BONUS = 1.15
OBJECTIVE_PENALTY = 0.8
MIN_WORDS = 5  # "Definition and source." is a run-in heading, not a passage

# "2 GLA Economics (2011) Early Years ...": a reference or footnote, not a report on anything
_REFERENCE = re.compile(r"^(?:\d{1,3}\s+)?[A-Z][^()]{0,160}\((?:19|20)\d\d[a-z]?\)\s")
# A sentence that names its subject by pointing back: "It will", "The paper will", "They are"
_POINTS_BACK = re.compile(
    r"^(?:it|they|this|these|its|their|the (?:paper|group|board|list|partnership|arrangements|"
    r"report|indicators|programme|work|team|review|standard|charter|convention))\b",
    re.I,
)


@dataclass(frozen=True)
class Passage:
    """A sentence or list item of a document, with what the linker needs of it."""

    id: str  # "<doc id>-p<hash of its words>"
    doc_id: str
    issued: str
    section_id: str
    heading: str
    objectives: tuple[int, ...]
    unit: Unit
    restates: str = ""  # the cue, when the passage is itself a commitment of its document

    @property
    def paragraph(self) -> tuple[str, int]:
        return self.section_id, self.unit.block


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
    status: str  # see ingest.followup_status.STATUSES
    status_cue: str  # the words that gave the status; "" when none did
    score: float  # 0-1
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


@dataclass
class _Candidate:
    """A paragraph weighed as a report on one commitment."""

    best: float = 0.0  # best sentence cosine
    best_at: int = -1
    cover: float = -1.0
    cover_at: int = -1
    scores: dict[int, float] = field(default_factory=dict)  # passage index -> cosine


class Linker:
    """Weighs commitments against the paragraphs of later documents."""

    def __init__(
        self,
        documents: Sequence[Document],
        sections: Sequence[Section],
        meaning: bool | None = None,
        vector_cache: Path | None = None,
        commitments: Sequence[Commitment] | None = None,
    ) -> None:
        """``meaning``: weigh closeness in meaning too (None: when the model is installed);
        ``vector_cache``: where the passages' sentence vectors are kept between runs;
        ``commitments``: every commitment of ``documents``, when already extracted."""
        self.documents = {d.id: d for d in documents}
        self.settings = load_cues()["linking"]
        self._cache: dict[str, Features] = {}
        self._later: dict[str, list[bool]] = {}
        self._any_later: dict[str, bool] = {}
        by_doc: dict[str, list[Section]] = defaultdict(list)
        for s in sections:
            by_doc[s.doc_id].append(s)
        extracted: dict[str, list[Commitment]] | None = None
        if commitments is not None:
            extracted = defaultdict(list)
            for c in commitments:
                extracted[c.doc_id].append(c)
        self.passages: list[Passage] = []
        promised_at: dict[tuple[str, int], str] = {}
        raw: list[tuple[list[str], dict[str, str], set[str]]] = []
        df: Counter[str] = Counter()
        for doc_id, secs in by_doc.items():
            document = self.documents.get(doc_id, Document(doc_id, doc_id))
            secs = sorted(secs, key=lambda s: s.ordinal)
            found = extracted.get(doc_id) if extracted is not None else extract(document, secs)
            promised = {(c.section_id, c.offset): c.cue_text for c in found or ()}
            promised_at.update(promised)
            for section in secs:
                for u in units(section):
                    if len(u.text.split()) < MIN_WORDS or _REFERENCE.match(u.text):
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
        self._at = {(p.section_id, p.unit.start): i for i, p in enumerate(self.passages)}
        n = max(len(raw), 1)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.features = [self._features(t) for t in raw]
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, f in enumerate(self.features):
            for term, weight in f.weights.items():
                self._postings[term].append((i, weight))
        self._norms = [f.norm for f in self.features]
        self._paragraphs = self._paragraph_features()
        self._reporting = self._reporting_share()
        self._headings = {p.section_id: self.features_of(p.heading) for p in self.passages}
        self.meaning = None
        if meaning is None or meaning:
            texts = [p.unit.text for p in self.passages]
            paragraphs = [p.paragraph for p in self.passages]
            # Only a passage later than some commitment can be a follow-up: the others (a
            # single report ingested alone, the earliest documents) are never encoded.
            promising = {section_id for section_id, _offset in promised_at}
            makers = {s.doc_id for s in sections if s.id in promising}
            needed = [False] * len(self.passages)
            for doc_id in makers:
                needed = [a or b for a, b in zip(needed, self._later_than(doc_id), strict=True)]
            self.meaning = meaning_for(texts, paragraphs, vector_cache, needed)
        # weights fitted with the sentence model, or without it when it is not installed
        self.model = self.settings["semantic" if self.meaning else "lexical"]

    def _features(self, t: tuple[list[str], dict[str, str], set[str]]) -> Features:
        terms, forms, names = t
        weights = {x: self.idf.get(x, 0.0) for x in set(terms)}
        for name in names:
            weights[name] = weights.get(name, self.idf.get(name, 0.0)) * NAME_WEIGHT
        return Features(weights, forms, frozenset(names))

    def features_of(self, text: str) -> Features:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._features(terms_of(text))
        return found

    def _paragraph_features(self) -> dict[tuple[str, int], Features]:
        merged: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
        for p, f in zip(self.passages, self.features, strict=True):
            merged[p.paragraph].update(f.weights)
        return {k: Features(w) for k, w in merged.items()}

    def _reporting_share(self) -> dict[str, float]:
        total: Counter[str] = Counter()
        says: Counter[str] = Counter()
        for p in self.passages:
            total[p.section_id] += 1
            says[p.section_id] += bool(p.restates or status_of(p.unit.text))
        return {k: says[k] / total[k] for k in total}

    def link(
        self,
        commitment: Commitment,
        judgements: Judgements | None = None,
        related: Sequence[Commitment] = (),
    ) -> list[FollowUp]:
        """The follow-ups of ``commitment``, oldest document first. ``related``: other
        commitments; those that say nearly the same thing lend their evidence."""
        judged = judgements.for_commitment(commitment.id) if judgements else None
        mine = self.features_of(self.query(commitment))
        kept: list[tuple[bool, float, int, dict[str, float], _Candidate]] = []
        for c, values, prob in self.weigh(commitment, judgements, related):
            confirms = [i for i in c.scores if judged and self.passages[i].id in judged.confirm]
            if prob >= self.model["link_threshold"] or confirms:
                shown = confirms[0] if confirms else c.cover_at
                kept.append((bool(confirms), prob, shown, values, c))
        kept.sort(key=lambda x: (not x[0], -x[1]))
        out: list[FollowUp] = []
        per_doc: Counter[str] = Counter()
        for confirmed, prob, shown, values, c in kept:
            p = self.passages[shown]
            if not confirmed and per_doc[p.doc_id] >= self.settings["per_document"]:
                continue
            per_doc[p.doc_id] += 1
            others = sorted((j for j in c.scores if j != shown), key=lambda j: -c.scores[j])
            mark = c.scores.get(shown, 0.0)
            about = [self.passages[j].unit.text for j in others if c.scores[j] >= mark / 2]
            close = [self.passages[j].unit.text for j in others if c.scores[j] >= mark * 0.9]
            follow = self._follow_up(mine, shown, prob, values, about, close)
            if confirmed:
                follow = replace(follow, judged="confirmed")
            if judged and p.id in judged.status:
                follow = replace(follow, status=judged.status[p.id], status_cue="set by an analyst")
            out.append(follow)
        return sorted(out, key=lambda f: (date_parts(f.issued), f.doc_id, -f.score))

    def weigh(
        self,
        commitment: Commitment,
        judgements: Judgements | None = None,
        related: Sequence[Commitment] = (),
    ) -> list[tuple[_Candidate, dict[str, float], float]]:
        """Every paragraph of a later document that shares a term with ``commitment``: the
        candidate, its feature values and its weight (rejected passages left out)."""
        later = self._later_than(commitment.doc_id)
        if not self._any_later[commitment.doc_id]:
            return []  # no later document can report on it (the newest, or a report alone)
        judged = judgements.for_commitment(commitment.id) if judgements else None
        mine = self.features_of(self.query(commitment))
        lenders = [(1.0, mine)]
        for other in related:
            theirs = self.features_of(self.query(other))
            sim = mine.cosine(theirs)
            if other.id != commitment.id and sim >= self.settings["related"]:
                lenders.append((sim, theirs))
        heading = self.features_of(" ".join((*commitment.path[-1:], commitment.heading)))
        cosines: dict[int, float] = {}
        for weight, lender in lenders:
            for i, dot in self._dots(lender).items():
                if later[i]:
                    cos = weight * dot / (lender.norm * self._norms[i])
                    cosines[i] = max(cosines.get(i, 0.0), cos)
        covers = self._covers(mine)
        candidates: dict[tuple[str, int], _Candidate] = defaultdict(_Candidate)
        for i, cos in cosines.items():
            passage = self.passages[i]
            if judged and passage.id in judged.reject:
                continue
            cos *= self._objective_factor(commitment, passage)
            c = candidates[passage.paragraph]
            c.scores[i] = cos
            if cos > c.best:
                c.best, c.best_at = cos, i
            if covers.get(i, 0.0) > c.cover:
                c.cover, c.cover_at = covers[i], i
        closeness = None  # encoded only for a commitment that has candidates
        if self.meaning is not None and candidates:
            closeness = self.meaning.closeness(self.query(commitment))
        best_in_doc: dict[str, float] = defaultdict(float)
        for c in candidates.values():
            doc = self.passages[c.best_at].doc_id
            best_in_doc[doc] = max(best_in_doc[doc], c.best)
        out: list[tuple[_Candidate, dict[str, float]]] = []
        for key, c in candidates.items():
            p = self.passages[c.best_at]
            values = {
                "terms": c.best,
                "coverage": max(c.cover, 0.0),
                "paragraph": mine.cosine(self._paragraphs[key]),
                "rank": c.best / best_in_doc[p.doc_id],
                "says": float(bool(p.restates or status_of(p.unit.text))),
                "objective": float(self._objective_sign(commitment, p)),
                "heading": self._heading_overlap(heading, p.section_id),
                "reporting": self._reporting.get(p.section_id, 0.0),
            }
            if self.meaning is not None and closeness is not None:
                sentences, paragraphs = closeness
                values["meaning"] = self.meaning.best_in(key, sentences)[0]
                values["meaning_paragraph"] = float(paragraphs[self.meaning.row[key]])
            out.append((c, values))
        return [(c, values, self._probability(values)) for c, values in self._placed(out)]

    def _placed(
        self, weighed: list[tuple[_Candidate, dict[str, float]]]
    ) -> list[tuple[_Candidate, dict[str, float]]]:
        """Add ``place`` to each candidate's values: 1 / its place among the candidates of the
        same later document, ordered by the weight of everything else (1 for the best one).
        A relative threshold: the paragraph that fits a commitment best in a document is more
        likely its report there than an equally scored paragraph that a better one outranks."""
        weights = self.model["weights"]
        by_doc: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for n, (c, values) in enumerate(weighed):
            z = sum(weights[k] * v for k, v in values.items())
            by_doc[self.passages[c.best_at].doc_id].append((-z, n))
        place = [0.0] * len(weighed)
        for ranked in by_doc.values():
            for at, (_z, n) in enumerate(sorted(ranked)):
                place[n] = 1 / (at + 1)
        return [(c, values | {"place": place[n]}) for n, (c, values) in enumerate(weighed)]

    def prepare(self, commitments: Sequence[Commitment]) -> None:
        """Ready the sentence vectors of ``commitments`` in one batch, before linking them."""
        if self.meaning is not None and self.meaning.vectors.any():
            self.meaning.prepare([self.query(c) for c in commitments])

    def query(self, commitment: Commitment) -> str:
        """The words a commitment is looked for by: its text, after the sentence before it when
        it opens by pointing back ("It will be shared ...", "The paper will review ...")."""
        if not _POINTS_BACK.match(commitment.text):
            return commitment.text
        at = self._at.get((commitment.section_id, commitment.offset))
        if at is None or at == 0 or self.passages[at - 1].section_id != commitment.section_id:
            return commitment.text
        return self.passages[at - 1].unit.text + " " + commitment.text

    def _later_than(self, doc_id: str) -> list[bool]:
        """For each passage: is its document later than ``doc_id``?"""
        found = self._later.get(doc_id)
        if found is None:
            than = self.documents[doc_id]
            later = {d: follows(self.documents[d], than) for d in {p.doc_id for p in self.passages}}
            found = self._later[doc_id] = [later[p.doc_id] for p in self.passages]
            self._any_later[doc_id] = any(later.values())
        return found

    def _dots(self, mine: Features) -> dict[int, float]:
        """Passage index -> dot product with ``mine``, over the passages sharing a term."""
        dots: dict[int, float] = defaultdict(float)
        for term, weight in mine.weights.items():
            for i, theirs in self._postings.get(term, ()):
                dots[i] += weight * theirs
        return dots

    def _covers(self, mine: Features) -> dict[int, float]:
        """Passage index -> share of ``mine``'s term weight that the passage has."""
        covers: dict[int, float] = defaultdict(float)
        total = mine.norm**2
        for term, weight in mine.weights.items():
            for i, _theirs in self._postings.get(term, ()):
                covers[i] += weight * weight / total
        return covers

    def _heading_overlap(self, heading: Features, section_id: str) -> float:
        shared = heading.weights.keys() & self._headings[section_id].weights.keys()
        return min(len(shared), 6) / 6

    @staticmethod
    def _objective_sign(commitment: Commitment, passage: Passage) -> int:
        if not commitment.objectives or not passage.objectives:
            return 0
        return 1 if set(commitment.objectives) & set(passage.objectives) else -1

    def _objective_factor(self, commitment: Commitment, passage: Passage) -> float:
        sign = self._objective_sign(commitment, passage)
        return OBJECTIVE_BONUS if sign > 0 else OBJECTIVE_PENALTY if sign < 0 else 1.0

    def _probability(self, values: dict[str, float]) -> float:
        weights = self.model["weights"]
        z = weights["bias"] + sum(weights[k] * v for k, v in values.items())
        return 1 / (1 + math.exp(-z))

    def _follow_up(
        self,
        mine: Features,
        index: int,
        prob: float,
        values: dict[str, float],
        about: list[str],
        close: list[str],
    ) -> FollowUp:
        p, theirs = self.passages[index], self.features[index]
        # ties in written order, not set order (which changes from run to run)
        shared = sorted(
            mine.weights.keys() & theirs.weights.keys(), key=lambda t: (-mine.weights[t], t)
        )
        names = tuple(mine.forms.get(t, t) for t in shared if t in mine.names)
        terms = tuple(mine.forms.get(t, t) for t in shared if t not in mine.names)[:6]
        status, cue = read_status(p.unit.text, about, p.restates, close)
        weights = self.model["weights"]
        parts = sorted(((weights[k] * v, k) for k, v in values.items() if v), reverse=True)
        reasons = []
        if names:
            reasons.append("shares the names " + ", ".join(f"“{n}”" for n in names))
        if terms:
            reasons.append("shares the terms " + ", ".join(f"“{t}”" for t in terms))
        if "meaning" in values:
            reasons.append(
                f"close in meaning: {values['meaning']:.2f} for the closest sentence, "
                f"{values['meaning_paragraph']:.2f} for the paragraph"
            )
        reasons.append(
            f"weight {prob:.2f} (links at {self.model['link_threshold']}): "
            + ", ".join(f"{k} {v:+.2f}" for v, k in parts)
        )
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
            score=round(prob, 4),
            terms=terms,
            names=names,
            reasons=tuple(reasons),
        )
