"""Question words and filler: the words of a natural question that say nothing about its topic.

"whats the mayor doing on rough sleeping" is about rough sleeping and the Mayor; "whats",
"the", "doing" and "on" are the way people ask. Requiring every typed word to match (the
query language's plain-words rule) sinks such questions, so the plain words of a query are
split into content words, which must match, and filler, which is ignored. The list is general
English only: no word an analyst would search for in this corpus belongs here (never "health",
"care", "work", "access" or "public"; see ``ingest/data/stopwords.txt`` for the same rule).
"""

from __future__ import annotations

from collections.abc import Sequence

FILLER = frozenset(
    """
    what whats how hows why when where who whom whose which
    does do did doing done is are was were be been being am has have had having
    can could should would will shall may might must
    really actually exactly just very quite basically please anything something everything
    any some i me my we our you your they them their it its he she his her
    the a an this that these those there here
    say says said saying tell tells told show shows find know mean means explain describe
    mention mentions mentioned talk talks think
    about of in on for to and or at by with from as into onto near around between among across
    over under within than then so if but also still ever
    thing things stuff info information lot lots much many get gets got getting
    happen happens happened happening latest current currently now today nowadays recently
    versus vs like
    instead rather whether because since although though however even yet already otherwise
    perhaps else etc anyone someone everyone anybody somebody everybody ok okay
    see sees seeing seen saw go goes going went come comes coming came
    want wants wanted try tries trying tried able up
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Phrasal filler: "end" is a topic ("end rough sleeping"), "end up" is the way people ask.
FILLER_PHRASES = frozenset({("end", "up"), ("ends", "up"), ("ended", "up"), ("ending", "up")})


def is_filler(word: str) -> bool:
    return _key(word) in FILLER


def _key(word: str) -> str:
    return word.lower().replace("’", "'").replace("'", "")


def filler_at(words: Sequence[str]) -> list[bool]:
    """For each word: is it filler here (alone, or inside a filler phrase)?"""
    keys = [_key(w) for w in words]
    out = [k in FILLER for k in keys]
    for phrase in FILLER_PHRASES:
        n = len(phrase)
        for i in range(len(keys) - n + 1):
            if tuple(keys[i : i + n]) == phrase:
                out[i : i + n] = [True] * n
    return out


def split_filler(words: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(content words, ignored filler) of a query's plain words, in order. When every word is
    filler ("what is it"), nothing is ignored: the words are all the query has."""
    flags = filler_at(words)
    content = tuple(w for w, f in zip(words, flags, strict=True) if not f)
    if not content:
        return tuple(words), ()
    return content, tuple(w for w, f in zip(words, flags, strict=True) if f)
