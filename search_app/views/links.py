"""Links to pages, remembered per process.

``url_for`` costs about 65 us a call; a results page builds two links per hit plus the
navigation, the API a few per hit, and the same links recur across requests. Options such as
``_external`` and unhashable values (lists of ids) go straight to ``url_for``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import request, url_for


def link(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)``, remembered."""
    if any(k.startswith("_") for k in values) or not all(
        isinstance(v, str | int | None) for v in values.values()
    ):
        return url_for(endpoint, **values)
    return _built(request.script_root, endpoint, tuple(values.items()))


@lru_cache(maxsize=8192)
def _built(script_root: str, endpoint: str, values: tuple[tuple[str, Any], ...]) -> str:
    # script_root is only part of the key: url_for reads it from the request being served
    return url_for(endpoint, **dict(values))
