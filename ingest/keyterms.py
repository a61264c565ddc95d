"""Key terms: the words and two-word phrases that set a section or document apart.

Candidates are content words (stopwords and numbers removed) and two-word collocations found
by NLTK's ``BigramCollocationFinder`` (likelihood ratio). Each is weighted by tf-idf against
the rest of the corpus, counted on stems, and shown in its commonest written form
("health visitors", not "health visitor").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist

from ingest import nlp
from ingest.model import Section

SECTION_TERMS = 8
DOCUMENT_TERMS = 15
BIGRAM_BOOST = 1.5  # a collocation says more than either of its words

# Phrases never span punctuation: "health, work" is not a phrase.
_CLAUSE = re.compile(r"[.,;:!?()\[\]|•\"“”‘’–—\n]+|\s-\s")


@dataclass(frozen=True)
class Terms:
    """Stem counts of one text, with the written forms seen for each stem.

    ``words`` and ``pairs`` are what the collocation test counts (lower-cased content words,
    and pairs of them within a clause), kept so that the terms of a whole document can be
    summed from its sections' without reading the text again (:func:`combine`).
    """

    unigrams: Counter[str]
    bigrams: Counter[tuple[str, str]]
    collocations: frozenset[tuple[str, str]]
    forms: Mapping[str | tuple[str, str], Counter[str]]
    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def keys(self) -> set[str | tuple[str, str]]:
        return set(self.unigrams) | set(self.bigrams)

    def shown(self, key: str | tuple[str, str]) -> str:
        """How a term is written where it is shown."""
        return _display(self.forms[key])

    def ranked(self) -> Counted:
        """What :func:`rank` needs of these terms, small enough to send between processes:
        the counts, and the written form of only the terms that can be ranked."""
        rankable: list[str | tuple[str, str]] = list(self.unigrams)
        rankable += [pair for pair in self.bigrams if _rankable(self, pair)]
        return Counted(
            self.unigrams,
            self.bigrams,
            self.collocations,
            {key: self.shown(key) for key in rankable},
        )


@dataclass(frozen=True)
class Counted:
    """The counts of :class:`Terms`, with each rankable term's written form."""

    unigrams: Counter[str]
    bigrams: Counter[tuple[str, str]]
    collocations: frozenset[tuple[str, str]]
    written: Mapping[str | tuple[str, str], str]

    @property
    def keys(self) -> set[str | tuple[str, str]]:
        return set(self.unigrams) | set(self.bigrams)

    def shown(self, key: str | tuple[str, str]) -> str:
        return self.written[key]


def _rankable(terms: Terms | Counted, pair: tuple[str, str]) -> bool:
    """A two-word term is weighed when it repeats or is a collocation."""
    return terms.bigrams[pair] >= 2 or pair in terms.collocations


def _clauses(text: str) -> list[list[str]]:
    stop = nlp.load_stopwords()
    out = []
    for clause in _CLAUSE.split(text):
        words = nlp.tokens(clause)
        if words:
            out.append([w if nlp.is_content_word(w, stop) else "" for w in words])
    return out


def extract(text: str, collocations: bool = True) -> Terms:
    """Content-word and bigram counts of ``text`` (stopwords blank out bigram slots).

    ``collocations=False`` skips the likelihood-ratio test, which only pays off on texts long
    enough to repeat a phrase: whole documents, not 200-word sections.
    """
    clauses = _clauses(text)
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    forms: dict[str | tuple[str, str], Counter[str]] = defaultdict(Counter)
    for words in clauses:
        for w in words:
            if w:
                unigrams[nlp.stem(w)] += 1
                forms[nlp.stem(w)][w] += 1
        for a, b in zip(words, words[1:], strict=False):
            if a and b:
                key = (nlp.stem(a), nlp.stem(b))
                bigrams[key] += 1
                forms[key][f"{a} {b}"] += 1
    # What BigramCollocationFinder.from_documents would count, one clause a document.
    words_seen: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for words in clauses:
        kept = [w.lower() for w in words if w]
        words_seen.update(kept)
        pairs.update(zip(kept, kept[1:], strict=False))
    terms = Terms(unigrams, bigrams, frozenset(), forms, words_seen, pairs)
    return _with_collocations(terms) if collocations else terms


def _with_collocations(terms: Terms) -> Terms:
    """``terms`` with the pairs that co-occur more than chance (likelihood ratio)."""
    finder = BigramCollocationFinder(FreqDist(terms.words), FreqDist(terms.pairs))
    finder.apply_freq_filter(2)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    # 3.84: the chi-squared critical value at p = 0.05, one degree of freedom.
    found = frozenset((nlp.stem(a), nlp.stem(b)) for (a, b), s in scored if s > 3.84)
    return replace(terms, collocations=found)


def combine(parts: Iterable[Terms], collocations: bool = True) -> Terms:
    """The terms of texts read one after another (a document from its sections), with the
    collocations of the whole: the same as :func:`extract` on the joined text."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    forms: dict[str | tuple[str, str], Counter[str]] = defaultdict(Counter)
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for part in parts:
        unigrams.update(part.unigrams)
        bigrams.update(part.bigrams)
        words.update(part.words)
        pairs.update(part.pairs)
        for key, seen in part.forms.items():
            forms[key].update(seen)
    terms = Terms(unigrams, bigrams, frozenset(), dict(forms), words, pairs)
    return _with_collocations(terms) if collocations else terms


def section_terms(section: Section) -> Terms:
    """The terms of a section's heading and text (no collocation test: too short to repeat
    a phrase)."""
    return extract(section.heading + "\n" + section.text, collocations=False)


@dataclass(frozen=True)
class CorpusStats:
    """How many sections and documents contain each stem and stem pair (idf background)."""

    n_sections: int = 0
    section_df: Mapping[str | tuple[str, str], int] = field(default_factory=dict)
    n_documents: int = 0
    document_df: Mapping[str | tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def from_sections(cls, sections: Iterable[Section]) -> CorpusStats:
        """Counts over every section given (normally the whole corpus, all documents)."""
        sections = list(sections)
        return cls.from_terms(sections, [section_terms(s) for s in sections])

    @classmethod
    def from_terms(
        cls, sections: Sequence[Section], terms: Sequence[Terms | Counted]
    ) -> CorpusStats:
        """:meth:`from_sections` from terms already read (``terms[i]`` of ``sections[i]``)."""
        section_df: Counter[str | tuple[str, str]] = Counter()
        per_doc: dict[str, set[str | tuple[str, str]]] = defaultdict(set)
        n = 0
        for section, found in zip(sections, terms, strict=True):
            keys = found.keys
            section_df.update(keys)
            per_doc[section.doc_id] |= keys
            n += 1
        document_df: Counter[str | tuple[str, str]] = Counter()
        for keys in per_doc.values():
            document_df.update(keys)
        return cls(n, dict(section_df), len(per_doc), dict(document_df))


def _display(forms: Counter[str]) -> str:
    form = forms.most_common(1)[0][0]
    # Keep capitals only when every occurrence has them (NHS, London Plan), else lower case.
    if all(any(c.isupper() for c in f) for f in forms):
        return form
    return form.lower()


def rank(
    terms: Terms | Counted, df: Mapping[str | tuple[str, str], int], n_units: int, k: int
) -> tuple[str, ...]:
    """Top ``k`` display forms by tf-idf; a word inside a chosen phrase is not repeated."""
    # Raw term frequency, not log: in a 300-word section a word used once is rarely a key
    # term however rare it is in the corpus.
    scores: dict[str | tuple[str, str], float] = {}
    for stem, count in terms.unigrams.items():
        scores[stem] = count * math.log((n_units + 1) / (df.get(stem, 0) + 1))
    for pair, count in terms.bigrams.items():
        if _rankable(terms, pair):
            idf = math.log((n_units + 1) / (df.get(pair, 0) + 1))
            boost = BIGRAM_BOOST if pair in terms.collocations else 1.0
            scores[pair] = count * idf * boost
    chosen: list[str | tuple[str, str]] = []
    candidate: str | tuple[str, str]
    for candidate in sorted(scores, key=lambda c: (-scores[c], str(c))):
        key = candidate
        if scores[key] <= 0 or len(chosen) >= k:
            break
        words = {key} if isinstance(key, str) else set(key)
        pairs = [c for c in chosen if isinstance(c, tuple)]
        if isinstance(key, str) and any(key in c for c in pairs):
            continue  # already shown inside a phrase
        if isinstance(key, tuple):
            if any(words & set(c) for c in pairs):
                continue  # "Healthy Schools" then "Schools London": one is enough
            chosen = [c for c in chosen if not (isinstance(c, str) and c in words)]
        chosen.append(key)
    out: list[str] = []
    for picked in chosen:
        form = terms.shown(picked)
        if form not in out:
            out.append(form)
    return tuple(out)


def section_key_terms(
    section: Section,
    stats: CorpusStats,
    k: int = SECTION_TERMS,
    terms: Terms | Counted | None = None,
) -> tuple[str, ...]:
    """Distinctive terms of one section against every section of the corpus (``terms``: the
    section's, when already read)."""
    terms = terms or section_terms(section)
    return rank(terms, stats.section_df, max(stats.n_sections, 1), k)


def document_key_terms(
    sections: Sequence[Section],
    stats: CorpusStats,
    k: int = DOCUMENT_TERMS,
    terms: Sequence[Terms] | None = None,
) -> tuple[str, ...]:
    """Distinctive terms of a whole document against the other documents of the corpus
    (``terms``: its sections' or runs of its sections', in order, when already read)."""
    whole = combine(terms if terms is not None else map(section_terms, sections))
    if stats.n_documents > 1:
        return rank(whole, stats.document_df, stats.n_documents, k)
    # A corpus of one document: fall back to section-level rarity within it.
    return rank(whole, stats.section_df, max(stats.n_sections, 1), k)
