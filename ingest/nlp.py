"""Tokens, stems, stopwords and sentences, using only the parts of NLTK that need no data.

NLTK's convenience functions (``word_tokenize``, ``sent_tokenize``, ``stopwords``) load
``nltk_data`` packages that many installations, this one included, cannot download. Everything
here is built from data-free pieces: a regular-expression tokenizer, the Snowball stemmer, a
reviewed stopword file shipped in ``ingest/data/`` and Punkt with hand-set abbreviations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

DATA_DIR = Path(__file__).resolve().parent / "data"
STOPWORDS_FILE = DATA_DIR / "stopwords.txt"

# Words keep inner apostrophes ("London's") but split at hyphens and slashes, so "well-being"
# gives "well" + "being" and the vocabulary phrase "well-being" matches it as a bigram.
# Run by ``re`` directly, not NLTK's RegexpTokenizer: its ``tokenize`` is this same ``findall``
# behind a guard against catastrophic backtracking that costs four times the match here and
# guards nothing (this pattern cannot backtrack); tokenizing was a fifth of tagging's time.
_WORD_FINDALL = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*").findall
_STEMMER = SnowballStemmer("english")

# Punkt learns abbreviations from training text we do not have; these are the ones policy
# documents use before a full stop that does not end the sentence. Stored lower case, without
# the final period, as Punkt expects.
ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "etc", "cf", "viz", "vs", "al", "approx", "c", "ca", "no", "nos", "vol",
        "vols", "pp", "p", "para", "paras", "fig", "figs", "ch", "chap", "sec", "ed", "eds",
        "dr", "mr", "mrs", "ms", "prof", "sir", "st", "rt", "hon", "cllr", "co", "ltd", "inc",
        "dept", "govt", "est", "min", "max", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "ref", "refs", "op", "cit", "ibid", "n.b", "a.m",
        "p.m", "u.k", "u.s", "s", "ss",
    }
)  # fmt: skip


def tokens(text: str) -> list[str]:
    """Word and number tokens of ``text``, in order, case kept."""
    return _WORD_FINDALL(text)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Lower-cased Snowball stem; cached because corpora repeat a small vocabulary."""
    return _STEMMER.stem(word.lower())


def stems(text: str) -> list[str]:
    """Stems of every word token of ``text`` (numbers kept as written)."""
    return [stem(t) for t in tokens(text)]


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """A vocabulary phrase as the stem sequence it matches ("London Living Wage")."""
    return tuple(stem(t) for t in tokens(phrase))


@lru_cache(maxsize=4)
def load_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """The reviewed stopword list: one lower-case word a line, ``#`` starts a comment."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words)


def is_content_word(word: str, stopwords: frozenset[str] | None = None) -> bool:
    """True for words worth counting as terms: not a stopword, not a number, 3+ letters."""
    low = word.lower()
    if len(low) < 3 or not low[0].isalpha():
        return False
    return low not in (stopwords if stopwords is not None else load_stopwords())


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the hand-set abbreviation list; built once."""
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


# Paragraph breaks and bullet or list lines end a sentence whatever the punctuation says:
# a bullet item rarely ends with a full stop, and Punkt would glue it to the next line.
_BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:•|-|\*|\(?[0-9a-z]{1,2}[.)]\s))|\n(?=[^\n]*\|)")


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of paragraph-like blocks: separated by blank lines or starting with a bullet."""
    start = 0
    for match in _BLOCK_BREAK.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed."""
    splitter = sentence_tokenizer()
    spans: list[tuple[int, int]] = []
    for b_start, b_end in blocks(text):
        chunk = text[b_start:b_end]
        for s_start, s_end in splitter.span_tokenize(chunk):
            piece = chunk[s_start:s_end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                spans.append((b_start + s_start + lead, b_start + s_start + trail))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]
