"""What a follow-up passage says became of a commitment: done, in progress, changed, dropped.

Read from the wording, with the phrase lists of ``ingest/data/commitments.toml`` ([status]):
"dropped" or "changed" wording wins ("no longer", "has been replaced", "carried forward");
otherwise the first "done" or "in progress" wording in reading order decides. Tense counts: a
perfect or passive past of a completing verb ("has been published", "were chosen") is done,
of any other verb ("has worked", "have been promoted") in progress. A passage that is itself
a commitment of its own document ("The GLA will continue to ...") is in progress. Anything
else is only "mentioned".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from ingest.commitments import load_cues

STATUSES = ("done", "in progress", "changed", "dropped", "mentioned")
NO_MENTION = "no later mention"


class Dated(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def issued(self) -> str: ...


def date_parts(issued: str) -> tuple[int, ...]:
    """(year, month, day) as far as ``issued`` gives them."""
    return tuple(int(p) for p in re.findall(r"\d+", issued)[:3])


@lru_cache(maxsize=16)
def _phrases(group: str) -> re.Pattern[str]:
    """One pattern matching any phrase of a [status] group, on whole words."""
    words = sorted(load_cues()["status"][group], key=len, reverse=True)
    alternatives = (r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in words)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


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


def _cues_in(text: str, group: str) -> list[tuple[int, str]]:
    return [
        (m.start(), m.group(0))
        for m in _phrases(group).finditer(text)
        if not _NEGATED.search(text[: m.start()])
    ]


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


@lru_cache(maxsize=65536)
def status_of(text: str) -> tuple[str, str] | None:
    """(status, words) that the wording of ``text`` gives, or None: "dropped" or "changed"
    wording anywhere wins, otherwise the first "done" or "in progress" wording."""
    table = load_cues()["status"]
    for status in ("dropped", "changed"):
        found = _cues_in(text, status)
        if found:
            return status, found[0][1]
    ordered = sorted(
        [(at, "done", w) for at, w in _cues_in(text, "done")]
        + [(at, "in progress", w) for at, w in _cues_in(text, "in_progress")]
        + _tense_cues(text, frozenset(table["completed"]), frozenset(table["irregular"]))
    )
    return (ordered[0][1], ordered[0][2]) if ordered else None


def read_status(
    sentence: str, about: Sequence[str] = (), restates: str = "", close: Sequence[str] = ()
) -> tuple[str, str]:
    """(status, the words that gave it) of a follow-up.

    ``sentence`` is the linked sentence; ``about`` the other sentences of its paragraph that
    share terms with the commitment, best first, and ``close`` those of them that match it
    about as well as the linked one. "dropped" or "changed" wording in the sentence or a close
    one wins; otherwise the sentence's own wording, then the others'. A passage that is itself
    a commitment of its document (``restates``: "The GLA will continue ...") is in progress.
    Failing all that, "mentioned".
    """
    own = status_of(sentence)
    for status in ("dropped", "changed"):
        for found in (own, *(status_of(t) for t in close)):
            if found is not None and found[0] == status:
                return found
    for found in (own, *(status_of(t) for t in about)):
        if found is not None and found[0] not in ("dropped", "changed"):
            return found
    if restates:
        return "in progress", restates
    return "mentioned", ""


def latest_status(followups: Sequence[Dated]) -> tuple[str, str]:
    """(status, issued) of the newest follow-up that says something; "no later mention"."""
    if not followups:
        return NO_MENTION, ""
    ordered = sorted(followups, key=lambda f: date_parts(f.issued))
    telling = [f for f in ordered if f.status != "mentioned"] or ordered
    newest = date_parts(telling[-1].issued)
    same = [f for f in telling if date_parts(f.issued) == newest]
    rank = {s: i for i, s in enumerate(("dropped", "changed", "done", "in progress", "mentioned"))}
    best = min(same, key=lambda f: rank.get(f.status, 9))
    return best.status, best.issued
