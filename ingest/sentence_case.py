"""Sentence case for titles (APA 7): capitals only where a sentence would keep them.

"The London Health Inequalities Strategy" -> "The London health inequalities strategy". The
first word, the first word after a colon, acronyms ("NHS", "COVID-19") and proper nouns keep
their capitals. A word counts as a proper noun when the document's own text never prints it
in lower case but does print it capitalised inside a sentence ("London", "Marmot"); without
the text, only words of the names given (author, publisher, place) and a few place names keep
theirs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Capitalised in any English sentence; the few a UK health report's title is likely to hold.
_ALWAYS = frozenset(
    {
        "London", "Londoners", "England", "English", "Britain", "British", "UK", "Scotland",
        "Scottish", "Wales", "Welsh", "Ireland", "Irish", "Europe", "European", "Mayor's",
        "Mayor’s",
    }
)  # fmt: skip


def word_usage(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """(lower-case uses, capitalised uses inside a sentence) of each word, keyed in lower case."""
    lower: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0)
            if word.islower():
                lower[word] += 1
            elif word[0].isupper() and not _sentence_start(text, match.start()):
                inner[word.lower()] += 1
    return lower, inner


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 3) : at].rstrip(" \"'‘“(")
    return not before or before[-1] in ".!?:\n•"


def sentence_case(title: str, names: Iterable[str] = (), texts: Iterable[str] | None = None) -> str:
    """``title`` in sentence case; ``texts`` (the document's text) decide its proper nouns,
    else the words of ``names`` are kept as they are."""
    if texts is None:
        keep = {w for name in names for w in _WORD.findall(name)} | _ALWAYS
        lower, inner = Counter[str](), Counter[str]()
    else:
        keep = set(_ALWAYS)
        lower, inner = word_usage(texts)
    out = []
    first = True
    for token in re.split(r"(\s+)", title):
        word = token.strip("\"'‘’“”()[],:;.?!")
        if not word or token.isspace():
            out.append(token)
            continue
        if not first and _lower_it(word, keep, lower, inner):
            token = token.replace(word, word[0].lower() + word[1:], 1)
        out.append(token)
        first = token.endswith((":", "?", "!", "–", "—")) or token in ("–", "—", "-")
    return "".join(out)


def _lower_it(word: str, keep: set[str], lower: Counter[str], inner: Counter[str]) -> bool:
    if not word[0].isupper() or any(c.isupper() or c.isdigit() for c in word[1:]):
        return False  # already lower, or an acronym ("NHS", "COVID-19", "McKinsey")
    if word in keep or word.rstrip("'’s") in keep:
        return False
    key = word.lower()
    return not (inner[key] and not lower[key])
