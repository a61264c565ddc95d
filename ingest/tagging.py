"""Objective tagging: which of the strategy's objectives a section serves, and why.

The framework (objectives, their vocabulary, heading cues) is data, loaded from
``corpus/objectives.toml``. The default tagger is a vocabulary scorer: stemmed terms and phrases
found in the text, normalised for section length, plus a bonus when the heading or an ancestor
heading names the objective. Every tag carries the reasons that produced its score, so an
analyst can see why a section was tagged and correct it in ``corpus/overrides.toml``.
"""

from __future__ import annotations

import logging
import math
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest import nlp
from ingest.model import Objective, ObjectiveTag, Section

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.85
# A section is also tagged with a second objective only when that objective scores at least
# this share of the best one: analysts want the objectives a section is about, not every
# objective whose vocabulary it brushes against.
DEFAULT_RELATIVE = 0.3
HEADING_CUE_BONUS = 0.5  # cue in the section's own heading
PATH_CUE_BONUS = 0.5  # cue in an ancestor heading ("2.3 Objective Three: ...")
HEADING_TERM_FACTOR = 0.15  # a vocabulary term in a heading, per unit of term weight
TEXT_SCALE = 0.25  # maps weighted term density (per 100 words) onto the score scale
LENGTH_SMOOTHING = 60  # words added to every section so a 20-word box does not score like 2000


@dataclass(frozen=True)
class Framework:
    """The contents of an objectives file."""

    name: str
    objectives: tuple[Objective, ...]
    cross_cutting: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    relative: float = DEFAULT_RELATIVE


def load_framework(path: Path | str) -> Framework:
    """Read an objectives file (see ``corpus/objectives.toml`` for the layout)."""
    with Path(path).open("rb") as fh:
        data = tomllib.load(fh)
    objectives = []
    for entry in data.get("objective", []):
        try:
            objectives.append(
                Objective(
                    number=int(entry["number"]),
                    title=str(entry["title"]),
                    short_title=str(entry.get("short_title", entry["title"])),
                    terms=tuple(str(t) for t in entry.get("terms", ())),
                    heading_cues=tuple(str(c) for c in entry.get("heading_cues", ())),
                )
            )
        except KeyError as exc:
            raise ValueError(f"{path}: an [[objective]] lacks {exc.args[0]!r}") from exc
    numbers = [o.number for o in objectives]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"{path}: objective numbers repeat: {numbers}")
    return Framework(
        name=str(data.get("name", "")),
        objectives=tuple(objectives),
        cross_cutting=tuple(str(t) for t in data.get("cross_cutting", ())),
        threshold=float(data.get("threshold", DEFAULT_THRESHOLD)),
        relative=float(data.get("relative", DEFAULT_RELATIVE)),
    )


def load_objectives(path: Path | str) -> list[Objective]:
    """The objectives of an objectives file, in file order."""
    return list(load_framework(path).objectives)


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]
    display: str
    weight: float


@dataclass(frozen=True)
class Lexicon:
    """Objectives compiled for matching: stemmed phrase tables, built once per framework."""

    objectives: tuple[Objective, ...]
    phrases: dict[tuple[str, ...], dict[int, _Term]] = field(default_factory=dict)
    cues: dict[int, tuple[_Term, ...]] = field(default_factory=dict)
    max_n: int = 1


@lru_cache(maxsize=8)
def compile_lexicon(objectives: tuple[Objective, ...]) -> Lexicon:
    """Stem every term and cue. A term shared by k objectives weighs 1/k for each."""
    owners: Counter[tuple[str, ...]] = Counter()
    per_objective: dict[int, dict[tuple[str, ...], str]] = {}
    for obj in objectives:
        seen: dict[tuple[str, ...], str] = {}
        for term in obj.terms:
            key = nlp.phrase_stems(term)
            if key and key not in seen:
                seen[key] = term
        per_objective[obj.number] = seen
        owners.update(seen.keys())
    phrases: dict[tuple[str, ...], dict[int, _Term]] = {}
    for number, seen in per_objective.items():
        for key, display in seen.items():
            # Phrases are more specific than single words; three words rarely mislead.
            base = 1.0 if len(key) == 1 else 1.5 if len(key) == 2 else 2.0
            phrases.setdefault(key, {})[number] = _Term(key, display, base / owners[key])
    cues = {
        obj.number: tuple(
            _Term(nlp.phrase_stems(c), c, 1.0) for c in obj.heading_cues if nlp.phrase_stems(c)
        )
        for obj in objectives
    }
    max_n = max((len(k) for k in phrases), default=1)
    return Lexicon(tuple(objectives), phrases, cues, max_n)


def match_terms(lexicon: Lexicon, stems: Sequence[str]) -> Counter[tuple[str, ...]]:
    """Vocabulary phrases found in ``stems``: greedy longest match, no overlaps.

    Longest match first means "London Living Wage" is counted once as that phrase, not also
    as "living wage" or "wage".
    """
    found: Counter[tuple[str, ...]] = Counter()
    i, n_stems = 0, len(stems)
    while i < n_stems:
        for n in range(min(lexicon.max_n, n_stems - i), 0, -1):
            key = tuple(stems[i : i + n])
            if key in lexicon.phrases:
                found[key] += 1
                i += n
                break
        else:
            i += 1
    return found


def _contains(haystack: Sequence[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(tuple(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class Scored:
    """An objective's score for one section, with the contributions behind it."""

    number: int
    score: float
    reasons: tuple[str, ...]


def score_section(lexicon: Lexicon, section: Section) -> list[Scored]:
    """Score every objective for ``section``; highest first."""
    text_stems = nlp.stems(section.text)
    length = len(text_stems)
    in_text = match_terms(lexicon, text_stems)
    in_heading = match_terms(lexicon, nlp.stems(section.heading))
    heading_stems = nlp.stems(section.heading)
    path_stems = [(p, nlp.stems(p)) for p in reversed(section.path)]
    results = []
    for obj in lexicon.objectives:
        parts: list[tuple[float, str]] = []
        density = 100.0 / (length + LENGTH_SMOOTHING)
        for key, count in in_text.items():
            term = lexicon.phrases[key].get(obj.number)
            if term:
                # log damping: the tenth "community" says less than the first.
                gain = TEXT_SCALE * term.weight * (1 + math.log(count)) * density
                parts.append((gain, f"'{term.display}' x{count} (+{gain:.2f})"))
        for key, count in in_heading.items():
            term = lexicon.phrases[key].get(obj.number)
            if term:
                gain = HEADING_TERM_FACTOR * term.weight * count
                parts.append((gain, f"heading term '{term.display}' (+{gain:.2f})"))
        cue = next((c for c in lexicon.cues[obj.number] if _contains(heading_stems, c.stems)), None)
        if cue:
            parts.append(
                (HEADING_CUE_BONUS, f"heading '{section.heading}' names '{cue.display}' (+0.5)")
            )
        else:
            for raw, p_stems in path_stems:
                if any(_contains(p_stems, c.stems) for c in lexicon.cues[obj.number]):
                    parts.append((PATH_CUE_BONUS, f"heading path '{raw}' (+{PATH_CUE_BONUS})"))
                    break
        parts.sort(key=lambda p: -p[0])
        total = sum(p[0] for p in parts)
        results.append(Scored(obj.number, round(total, 4), tuple(r for _, r in parts)))
    results.sort(key=lambda s: -s.score)
    return results


def select(
    scored: Sequence[Scored],
    threshold: float = DEFAULT_THRESHOLD,
    relative: float = DEFAULT_RELATIVE,
) -> list[Scored]:
    """The objectives that clear the threshold and come near enough to the best one."""
    if not scored:
        return []
    best = max(s.score for s in scored)
    return [s for s in scored if s.score >= threshold and s.score >= relative * best]


def tag_section(
    section: Section,
    objectives: Sequence[Objective],
    threshold: float = DEFAULT_THRESHOLD,
    relative: float = DEFAULT_RELATIVE,
) -> tuple[ObjectiveTag, ...]:
    """Objective tags for one section, best first (score capped at 1.0 for display)."""
    lexicon = compile_lexicon(tuple(objectives))
    chosen = select(score_section(lexicon, section), threshold, relative)
    return tuple(ObjectiveTag(s.number, round(min(s.score, 1.0), 3), s.reasons) for s in chosen)


# --- Learned alternative and evaluation ----------------------------------------------------
# The learned model is kept for comparison only: it needs labelled sections, which a user's
# corpus does not have, so the runtime default is the vocabulary scorer (see evaluate()).

Labelled = tuple[Section, frozenset[int]]
NB_FEATURES = 600


def nb_features(section: Section) -> dict[str, bool]:
    """Presence features for the Naive Bayes tagger: content stems of text, heading, path."""
    stop = nlp.load_stopwords()
    feats = {nlp.stem(w): True for w in nlp.tokens(section.text) if nlp.is_content_word(w, stop)}
    feats.update({"h:" + nlp.stem(w): True for w in nlp.tokens(section.heading)})
    for part in section.path:
        feats.update({"p:" + nlp.stem(w): True for w in nlp.tokens(part)})
    return feats


class NaiveBayesTagger:
    """One NLTK NaiveBayesClassifier per objective (one-vs-rest), Bernoulli features.

    Every feature of the training vocabulary is given as True or False. NLTK skips features
    missing from a featureset, and presence-only features then favour the rarer (positive)
    class for any long section.
    """

    def __init__(self, labelled: Sequence[Labelled], numbers: Sequence[int]) -> None:
        from nltk.classify import NaiveBayesClassifier

        feats = [nb_features(s) for s, _ in labelled]
        df = Counter(f for fs in feats for f in fs)
        # The 600 most widespread features: enough to separate five objectives, and small
        # enough that NLTK (pure Python) trains and classifies in well under a second.
        self.vocabulary = sorted(f for f, n in df.most_common(NB_FEATURES) if n >= 2)
        rows = [self._full(f) for f in feats]
        self.models = {
            n: NaiveBayesClassifier.train(
                [(r, n in lab) for r, (_, lab) in zip(rows, labelled, strict=True)]
            )
            for n in numbers
        }

    def _full(self, present: dict[str, bool]) -> dict[str, bool]:
        return {f: f in present for f in self.vocabulary}

    def probabilities(self, section: Section) -> dict[int, float]:
        row = self._full(nb_features(section))
        return {n: m.prob_classify(row).prob(True) for n, m in self.models.items()}


def _prf(
    gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]], numbers: Sequence[int]
) -> dict[str, Any]:
    per: dict[int, dict[str, float]] = {}
    for n in numbers:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if n in g and n in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if n not in g and n in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if n in g and n not in p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[n] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    macro = {k: sum(p[k] for p in per.values()) / len(per) for k in ("precision", "recall", "f1")}
    return {"per_objective": per, "macro": macro}


_THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(21)]
_RELATIVES = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]


def _tune(scores: Sequence[list[Scored]], gold: Sequence[frozenset[int]], numbers: Sequence[int]):
    def f1(t: float, r: float) -> float:
        pred = [frozenset(s.number for s in select(sc, t, r)) for sc in scores]
        return float(_prf(gold, pred, numbers)["macro"]["f1"])

    return max(((t, r) for t in _THRESHOLDS for r in _RELATIVES), key=lambda tr: f1(*tr))


METHODS = ("vocabulary", "vocabulary_tuned", "naive_bayes", "combined")


def evaluate(
    labelled: Sequence[Labelled],
    objectives: Sequence[Objective],
    methods: Sequence[str] = METHODS,
) -> dict[str, Any]:
    """Leave-one-document-out precision, recall and F1 per objective, for each method.

    ``labelled`` pairs sections with their golden objective numbers (empty = cross-cutting,
    a negative for every objective). Methods: ``vocabulary`` (the runtime default, fixed
    threshold from the objectives file), ``vocabulary_tuned`` (threshold and relative cut
    chosen on the other documents), ``naive_bayes`` (trained on the other documents) and
    ``combined`` (vocabulary tags, plus Naive Bayes where it is confident and the vocabulary
    score is at least half the threshold).
    """
    numbers = [o.number for o in objectives]
    lexicon = compile_lexicon(tuple(objectives))
    gold = [frozenset(labels) for _, labels in labelled]
    scores = [score_section(lexicon, s) for s, _ in labelled]
    docs = sorted({s.doc_id for s, _ in labelled})
    preds: dict[str, list[frozenset[int]]] = {m: [frozenset()] * len(labelled) for m in METHODS}
    learned = bool({"naive_bayes", "combined"} & set(methods))
    tuned: dict[str, tuple[float, float]] = {}
    for doc in docs:
        test = [i for i, (s, _) in enumerate(labelled) if s.doc_id == doc]
        train = [i for i, (s, _) in enumerate(labelled) if s.doc_id != doc]
        t, r = (
            _tune([scores[i] for i in train], [gold[i] for i in train], numbers)
            if "vocabulary_tuned" in methods
            else (DEFAULT_THRESHOLD, DEFAULT_RELATIVE)
        )
        tuned[doc] = (t, r)
        # Naive Bayes training is the slow part (pure-Python NLTK): only when asked for.
        model = (
            NaiveBayesTagger([labelled[i] for i in train], numbers) if train and learned else None
        )
        for i in test:
            vocab = frozenset(s.number for s in select(scores[i]))
            preds["vocabulary"][i] = vocab
            preds["vocabulary_tuned"][i] = frozenset(s.number for s in select(scores[i], t, r))
            prob = model.probabilities(labelled[i][0]) if model else {}
            preds["naive_bayes"][i] = frozenset(n for n, p in prob.items() if p >= 0.5)
            by_number = {s.number: s.score for s in scores[i]}
            preds["combined"][i] = vocab | frozenset(
                n for n, p in prob.items() if p >= 0.9 and by_number[n] >= DEFAULT_THRESHOLD / 2
            )
    result: dict[str, Any] = {
        "sections": len(labelled),
        "documents": len(docs),
        "cross_cutting": sum(1 for g in gold if not g),
        "methods": {m: _prf(gold, p, numbers) for m, p in preds.items() if m in methods},
        "tuned_thresholds": {d: {"threshold": t, "relative": r} for d, (t, r) in tuned.items()},
    }
    return result
