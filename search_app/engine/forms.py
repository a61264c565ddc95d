"""Forms of one word that the Porter stemmer keeps apart, searched as the word itself.

The index stems with Porter, which joins "inequality" and "inequalities" but not "poor",
"poorer" and "poorest", "child" and "children", or "7" and "seven". People type one form and
documents print another: "difference in life expectancy between rich and poor" meets "die
seven years earlier than those in the richest", "why do poorer children do worse" meets "the
poorest" and "worst". Each plain query word is therefore also searched in these forms, at the
weight of the word typed, when the index has them:

- degrees of an adjective: -er and -est (doubled consonant, y -> i, silent e), and the base of
  a typed comparative or superlative. A word counts as an adjective only when the index has
  its -est form, so "worker", "leader", "sleeper" and "career" stay apart from "work",
  "lead", "sleep" and "care" (agent nouns have no superlative);
- a few irregular forms of general English (worse, worst; children; women; lost);
- a small number typed as digits, in words ("7 years" finds "seven years"; not the other way:
  digits in a document are mostly table cells and section numbers, and "five objectives"
  must not find every "5").

Two ways of typing a number or an abbreviation are rewritten before the query is read:
"£250k", "£372m" and "1.5bn" become "250,000", "372 million" and "1.5 billion", as documents
print them; "A and E" or "A & E" becomes "A&E" when the index or the thesaurus has that word.

Nothing here is about the subject of the corpus; the word lists are general English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

VOWELS = frozenset("aeiou")
IRREGULAR: tuple[tuple[str, ...], ...] = (
    ("bad", "worse", "worst"),
    ("child", "children"),
    ("woman", "women"),
    ("man", "men"),
    ("lose", "lost"),
)
NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUMBER_NAMES = {str(n): w for w, n in NUMBERS.items()}
_IRREGULAR = {form: group for group in IRREGULAR for form in group}
MIN_BASE = 3  # "bigger" -> "big"; shorter bases are never degrees ("er", "est")
_SHORTHAND = re.compile(r"(?<![\w.])£?(\d+(?:\.\d+)?)(k|m|bn)\b", re.IGNORECASE)
_SCALE = {"m": "million", "bn": "billion"}
_INITIALS = re.compile(r"\b([A-Za-z])\s*(?:&|\+|\band\b)\s*([A-Za-z])\b")


def shorthand(query: str) -> str:
    """ "£250k" -> "250,000", "£372m" -> "372 million", "1.5bn" -> "1.5 billion"."""

    def spelt(m: re.Match[str]) -> str:
        number, unit = m.group(1), m.group(2).lower()
        if unit == "k":
            if "." in number:
                return m.group(0)
            return f"{int(number) * 1000:,}"
        return f"{number} {_SCALE[unit]}"

    return _SHORTHAND.sub(spelt, query)


def initials(query: str, known: Callable[[str], bool]) -> str:
    """ "A and E", "A & E", "A+E" -> "A&E" when ``known`` (index or thesaurus) has "a&e"."""

    def joined(m: re.Match[str]) -> str:
        word = f"{m.group(1)}&{m.group(2)}"
        return word if known(word.lower()) else m.group(0)

    return _INITIALS.sub(joined, query)


def forms(word: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """Other forms of ``word`` (lower case) that ``known`` says the index has, ``word``
    itself left out."""
    w = word.lower()
    out: list[str] = []
    if w in _IRREGULAR:
        out += _IRREGULAR[w]
    if w in _NUMBER_NAMES:
        out.append(_NUMBER_NAMES[w])
    elif w.isalpha():
        out += _degrees(w, known)
    return tuple(f for f in dict.fromkeys(out) if f != w and known(f))


def _degrees(w: str, known: Callable[[str], bool]) -> list[str]:
    for base in _bases(w):
        superlative, comparative = _graded(base)
        if known(superlative):
            return [base, comparative, superlative]
    return []


def _bases(w: str) -> Iterable[str]:
    """``w`` itself, and what it would be the comparative or superlative of."""
    yield w
    for ending in ("est", "er"):
        if not w.endswith(ending):
            continue
        stem = w[: -len(ending)]
        if stem.endswith("i"):
            yield stem[:-1] + "y"  # healthier -> healthy
        if len(stem) > MIN_BASE and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            yield stem[:-1]  # bigger -> big
        if len(stem) >= MIN_BASE:
            yield stem  # poorer -> poor
            yield stem + "e"  # later -> late


def _graded(base: str) -> tuple[str, str]:
    """(superlative, comparative) of ``base`` by the regular rules."""
    if base.endswith("e"):
        return base + "st", base + "r"
    if base.endswith("y") and len(base) > 2 and base[-2] not in VOWELS:
        return base[:-1] + "iest", base[:-1] + "ier"
    if _ends_cvc(base):
        return base + base[-1] + "est", base + base[-1] + "er"
    return base + "est", base + "er"


def _ends_cvc(w: str) -> bool:
    """One vowel then one consonant at the end of a short word: "big", "fat", "wet"."""
    return (
        len(w) <= 4
        and len(w) >= 3
        and w[-1] not in VOWELS | {"w", "x", "y"}
        and w[-2] in VOWELS
        and w[-3] not in VOWELS
    )
