"""How close in meaning a commitment is to the passages of later documents.

Words alone miss reports that say the same thing differently ("promote volunteering" /
"Team London has encouraged Londoners of all ages to give their time"). When the sentence
model of :mod:`ingest.embeddings` is installed, every passage gets a vector once per ingest and
each commitment one more; the linker then weighs, for a paragraph, the closest of its sentences
(``meaning``) and the paragraph as a whole (``meaning_paragraph``: the mean of its sentences'
vectors). Without the model both are absent and the linker uses its words-only weights.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from ingest.embeddings import Encoder, encoder

log = logging.getLogger(__name__)


class Meaning:
    """Sentence vectors of the passages, grouped by paragraph."""

    def __init__(
        self, model: Encoder, texts: Sequence[str], paragraphs: Sequence[Hashable]
    ) -> None:
        self.model = model
        started = time.process_time()
        self.vectors = model.encode(texts)
        log.info("sentence vectors for %d passages in %.1f s CPU", len(texts),
                 time.process_time() - started)  # fmt: skip
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


def meaning_for(texts: Sequence[str], paragraphs: Sequence[Hashable]) -> Meaning | None:
    """A :class:`Meaning` over ``texts``, or None when no sentence model is installed."""
    model = encoder()
    return Meaning(model, texts, paragraphs) if model is not None else None
