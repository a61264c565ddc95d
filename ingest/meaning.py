"""How close in meaning a commitment is to the passages of later documents.

Words alone miss reports that say the same thing differently ("promote volunteering" /
"Team London has encouraged Londoners of all ages to give their time"). When the sentence
model of :mod:`ingest.embeddings` is installed, every passage gets a vector (kept in the index
folder, so a later ingest encodes only the passages it has not seen before) and each
commitment one more; the linker then weighs, for a paragraph, the closest of its sentences
(``meaning``) and the paragraph as a whole (``meaning_paragraph``: the mean of its sentences'
vectors). Without the model both are absent and the linker uses its words-only weights.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embeddings import PACKAGE, Encoder, encoder

log = logging.getLogger(__name__)

MODEL = PACKAGE + " 0.1.0 mean-pooled"  # vectors cached under another model are not reused
DIMENSIONS = 384


class Meaning:
    """Sentence vectors of the passages, grouped by paragraph."""

    def __init__(
        self,
        model: Encoder,
        texts: Sequence[str],
        paragraphs: Sequence[Hashable],
        cache: Path | None = None,
        needed: Sequence[bool] | None = None,
    ) -> None:
        """``needed``: the passages that may be weighed; the others get a zero vector and are
        not encoded (encoding costs about 10 ms of CPU a passage)."""
        self.model = model
        self.cache = cache
        wanted = [i for i in range(len(texts)) if needed is None or needed[i]]
        self.vectors = np.zeros((len(texts), DIMENSIONS), np.float32)
        if wanted:
            self.vectors[wanted] = _vectors(model, [texts[i] for i in wanted], cache)
        members: dict[Hashable, list[int]] = defaultdict(list)
        for i, key in enumerate(paragraphs):
            members[key].append(i)
        self.members = dict(members)
        self.keys = list(self.members)
        self.row = {key: n for n, key in enumerate(self.keys)}
        means = np.stack([self.vectors[m].mean(axis=0) for m in self.members.values()])
        norms = np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
        self.paragraph_vectors = means / norms
        self._cache: dict[str, Any] = {}

    def prepare(self, texts: Sequence[str]) -> None:
        """Encode ``texts`` in one batch ahead of :meth:`closeness` (much faster than one by
        one)."""
        new = sorted({t for t in texts if t not in self._cache})
        queries = self.cache.with_name("query-" + self.cache.name) if self.cache else None
        self._cache.update(zip(new, _vectors(self.model, new, queries), strict=True))

    def vector(self, text: str) -> Any:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self.model.encode([text])[0]
        return found

    def closeness(self, text: str) -> tuple[Any, Any]:
        """(cosine of ``text`` with every passage, with every paragraph by :attr:`row`)."""
        v = self.vector(text)
        return self.vectors @ v, self.paragraph_vectors @ v

    def best_in(self, key: Hashable, sentences: Any) -> tuple[float, int]:
        """(cosine, passage index) of the paragraph's sentence closest in meaning."""
        members = self.members[key]
        at = int(np.argmax(sentences[members]))
        return float(sentences[members[at]]), members[at]


def meaning_for(
    texts: Sequence[str],
    paragraphs: Sequence[Hashable],
    cache: Path | None = None,
    needed: Sequence[bool] | None = None,
) -> Meaning | None:
    """A :class:`Meaning` over ``texts``, or None when no sentence model is installed.
    ``cache``: a file of vectors from the last run, so that only new passages are encoded;
    ``needed``: which passages to encode (all when None)."""
    model = encoder()
    return Meaning(model, texts, paragraphs, cache, needed) if model is not None else None


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _vectors(model: Encoder, texts: Sequence[str], cache: Path | None) -> Any:
    """The vectors of ``texts``: those ``cache`` holds, the rest encoded (and the cache
    rewritten with exactly the vectors of ``texts``, so it never grows stale)."""
    known: dict[str, Any] = {}
    if cache is not None and cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as data:
                if str(data["model"]) == MODEL:
                    known = dict(zip((str(k) for k in data["keys"]), data["vectors"], strict=True))
        except (OSError, ValueError, KeyError) as exc:  # a damaged cache is only a cache
            log.warning("sentence vector cache %s unreadable (%s); encoding afresh", cache, exc)
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    started = time.process_time()
    fresh = model.encode([t for _k, t in missing])
    known.update(zip((k for k, _t in missing), fresh, strict=True))
    took = time.process_time() - started
    log.info("sentence vectors: %d from the cache, %d encoded in %.1f s CPU",
             len(set(keys)) - len(missing), len(missing), took)  # fmt: skip
    vectors = np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIMENSIONS), np.float32)
    if cache is not None and missing:
        tmp = cache.with_name(cache.name + ".tmp.npz")
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(tmp, model=np.array(MODEL), keys=np.array(keys), vectors=vectors)
            os.replace(tmp, cache)
        except OSError as exc:
            log.warning("sentence vector cache %s not written (%s)", cache, exc)
    return vectors
