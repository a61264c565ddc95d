"""Text normalisation shared by every reader: one spelling of each character, repaired hyphens.

Readers call :func:`normalise` on every piece of text they emit so that search, highlighting and
citations see the same characters whatever the source (PDF ligatures, Symbol-font bullets, RTF
non-breaking spaces). :func:`join_hyphenated` repairs words split across printed lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

BULLET = "•"

# Private-use and typographic bullets seen in real PDFs and RTF (Symbol and Wingdings fonts map
# their bullets into the U+F0xx private-use area, which NFKC leaves untouched).
_BULLETS = (
    "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"  # Symbol / Wingdings private-use bullets
    "\u2022\u2023\u2043\u2219\u25aa\u25ab\u25cf\u25e6\u25a0\u25a1\u25c6\u25c7\u27a2\u00b7\u2027"
)
_BULLET_TABLE = {ord(c): BULLET for c in _BULLETS}
# NFKC already decomposes the Latin ligatures U+FB00..FB06; these are the leftovers that fonts
# with broken ToUnicode maps produce.
_EXTRA = {
    ord("\u00ad"): None,  # soft hyphen: a line-break hint, never part of the word
    ord("\u200b"): None,  # zero-width space
    ord("\u200c"): None,
    ord("\u200d"): None,
    ord("\ufeff"): None,  # byte-order mark inside text
    ord("\u00a0"): " ",
    ord("\u202f"): " ",
    ord("\u2007"): " ",
    ord("\t"): " ",
    ord("\u0152"): "OE",
    ord("\u0153"): "oe",
    ord("\ua732"): "AA",
}
_TABLE = {**_BULLET_TABLE, **_EXTRA}
_SPACES = re.compile(r"[ \u2000-\u200a\u3000]+")
_LINE_SPACES = re.compile(r" *\n *")


def normalise(text: str) -> str:
    """Return ``text`` in the one spelling the index uses.

    NFKC (which also splits the ``ﬁ``/``ﬂ`` ligatures and full-width forms), every bullet
    glyph as "•", soft hyphens and zero-width characters removed, non-breaking and other
    spaces as a plain space, runs of spaces collapsed, and the ends stripped. Newlines are
    kept (trailing spaces around them removed) so callers can keep paragraph structure.
    """
    if not text:
        return ""
    # Translate first: NFKC would turn U+00B7 and NBSP into other forms we then miss.
    text = text.translate(_TABLE)
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = _LINE_SPACES.sub("\n", text)
    return text.strip()


# Compounds that keep their hyphen when split at it, whatever else the document says.
KNOWN_COMPOUNDS = frozenset(
    {
        "well-being",
        "long-term",
        "short-term",
        "mid-term",
        "medium-term",
        "low-income",
        "high-income",
        "middle-income",
        "cost-effective",
        "cost-effectiveness",
        "evidence-based",
        "community-based",
        "school-based",
        "place-based",
        "age-related",
        "alcohol-related",
        "smoking-related",
        "work-related",
        "health-related",
        "follow-up",
        "one-off",
        "decision-making",
        "policy-making",
        "young-people",
        "full-time",
        "part-time",
        "up-to-date",
        "front-line",
        "face-to-face",
        "life-course",
        "sub-regional",
        "pan-london",
        "e-mail",
        "co-ordinate",
        "co-ordinated",
        "co-ordination",
        "co-operation",
        "co-production",
        "re-offending",
    }
)
# A split right after one of these prefixes keeps its hyphen ("self-" + "harm").
KEEP_PREFIXES = frozenset(
    {"self", "well", "cross", "non", "ex", "multi", "all", "half", "anti", "co"}
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_TAIL = re.compile(r"([^\W_]+(?:-[^\W_]+)*)-$")
_HEAD = re.compile(r"^([^\W_][\w]*)")


def word_forms(texts: Iterable[str]) -> set[str]:
    """Lower-cased words (hyphenated compounds kept whole) occurring in ``texts``.

    Pass the whole document's lines to :func:`join_hyphenated` as ``vocabulary`` so a split is
    judged against how the document spells the word elsewhere.
    """
    forms: set[str] = set()
    for text in texts:
        forms.update(m.group(0).lower() for m in _WORD.finditer(text))
    return forms


def keep_hyphen(first: str, second: str, vocabulary: Collection[str] = ()) -> bool:
    """Decide whether a line-end split ``first-`` / ``second`` is a real hyphen.

    The rule, in order:

    1. ``second`` starts with an upper-case letter or a digit: keep ("Anglo-" / "Saxon",
       "COVID-" / "19", "2010-" / "2011").
    2. ``first-second`` is a known compound or ``first`` (its last part) a keep-prefix such as
       "self", "non" or "cross": keep ("well-" / "being", "self-" / "harm").
    3. The document elsewhere spells the hyphenated form but never the joined one: keep;
       it spells the joined form: join.
    4. Otherwise join: a hyphen at a line end is, in running prose, almost always the
       typesetter's ("inequal-" / "ities").
    """
    if not second or not first:
        return True
    if second[0].isupper() or second[0].isdigit():
        return True
    last = first.rsplit("-", 1)[-1].lower()
    hyphenated = f"{first}-{second}".lower()
    if hyphenated in KNOWN_COMPOUNDS or last in KEEP_PREFIXES:
        return True
    joined = f"{first}{second}".lower()
    if vocabulary:
        if joined in vocabulary:
            return False
        if hyphenated in vocabulary:
            return True
    return False


def join_hyphenated(lines: list[str], vocabulary: Collection[str] | None = None) -> str:
    """Join printed ``lines`` into one string with single spaces, repairing line-end hyphens.

    A line ending in ``letter-`` followed by a line starting with a letter is either a word the
    typesetter split ("inequal-" + "ities" -> "inequalities") or a real compound broken at its
    hyphen ("well-" + "being" -> "well-being"); :func:`keep_hyphen` documents the rule.
    ``vocabulary`` (lower-cased word forms, see :func:`word_forms`) defaults to the words of
    ``lines`` themselves; pass the whole document's words for better judgement.
    """
    parts = [line.strip() for line in lines]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    vocab: Collection[str] = word_forms(parts) if vocabulary is None else vocabulary
    out = parts[0]
    for nxt in parts[1:]:
        tail = _TAIL.search(out) if out.endswith("-") else None
        head = _HEAD.match(nxt) if tail else None
        if tail and head:
            keep = keep_hyphen(tail.group(1), head.group(1), vocab)
            out = out + nxt if keep else out[:-1] + nxt
        else:
            out = f"{out} {nxt}"
    return out
