"""A time limit on one search, so that no query holds a web worker for long.

``search`` opens a limit for the query; the loops whose cost grows with the index (phrase
position checks, decoding the postings of many expanded terms, the phrase rerank, snippets and
"did you mean") ask ``expired()`` as they go and, once it says yes, stop with what they have:
the matches confirmed so far, plain snippets, no suggestion. The result then carries the
notice ``TIMED_OUT``. The limit lives in a context variable, so the loops need no extra
parameter and a search outside any limit (the CLI's own tools, tests) is never cut short.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

TIMED_OUT = "timed out: partial results"


@dataclass
class Deadline:
    ends: float  # time.monotonic() value
    hit: bool = field(default=False)  # True once a loop stopped early because of it


_current: ContextVar[Deadline | None] = ContextVar("search_deadline", default=None)


@contextmanager
def limit(milliseconds: float) -> Iterator[Deadline]:
    """A deadline ``milliseconds`` from now for what runs inside (0 or less: none)."""
    ends = time.monotonic() + milliseconds / 1000 if milliseconds > 0 else float("inf")
    deadline = Deadline(ends)
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


def expired() -> bool:
    """True when the current search is past its limit (and remembers that it was cut)."""
    deadline = _current.get()
    if deadline is None or time.monotonic() < deadline.ends:
        return False
    deadline.hit = True
    return True
