"""Fit the follow-up link weights of ingest/data/commitments.toml ([linking.*]) on "tune".

Every paragraph the linker weighs for a labelled commitment of the "tune" split (the Strategy)
is one example: positive when it lies in a labelled follow-up paragraph. A logistic regression
(L2 penalty 1, Newton steps, numpy) gives the weights; the threshold is then chosen by running
the linker as the ingest does (per-document cap included) on "tune" only: lowered from 0.70 in
steps of 0.01 while the link precision stays at least ``--precision`` (0.80, the target). The
held-out split is never read.

    .venv/bin/python -m tools.fit_link_weights --index /tmp/lx/index [--lexical]

prints the TOML tables to paste into ingest/data/commitments.toml. ``--trial NAME`` (repeatable)
fits with a candidate feature of :mod:`tools.link_trials` added and prints the link figures of
both splits: a feature is worth building into the linker only if it helps on both.
"""

from __future__ import annotations

import argparse
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ingest import search_index
from ingest.commitment_eval import INSIDE, _pairs, evaluate, inside, load_golden
from ingest.commitment_store import VECTORS, Tracked
from ingest.commitments import extract
from ingest.document_order import follows
from ingest.followup_status import latest_status
from ingest.followups import Linker

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "commitments.jsonl"
SPLIT = "tune"
ROUNDS = 2  # the places settle after one round on the sample corpus


TRIALS = {
    "gap": "exp(-(the best weight in the document - this paragraph's)): place by score gap",
    "neighbour": "the best probability of the paragraphs before and after it in its section",
    "meaning_relative": "its meaning closeness / the best in the document",
    "section_meaning": "closeness in meaning of the commitment to the section as a whole",
    "window_meaning": "the closest pair of adjacent sentences of the paragraph, in meaning",
    "competition": "1 / (1 + the commitments of the same document that fit the paragraph better)",
}


class TrialLinker(Linker):
    """The linker with candidate features (:data:`TRIALS`) added to each paragraph's values."""

    def __init__(self, *args: Any, trials: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trials = tuple(trials)
        self._claims: dict[tuple[str, Any], list[tuple[float, str]]] = defaultdict(list)
        self._blocks: dict[str, list[int]] = defaultdict(list)
        self._rows: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(self.passages):
            self._rows[p.section_id].append(i)
            if p.unit.block not in self._blocks[p.section_id]:
                self._blocks[p.section_id].append(p.unit.block)

    def claims(self, found: list[tuple[Any, Any]], related: Callable[..., list[Any]]) -> None:
        """For ``competition``: how well every commitment fits every candidate paragraph."""
        if "competition" in self.trials:
            for document, c in found:
                for cand, values, _prob in super().weigh(c, None, related(found, document)):
                    key = (c.doc_id, self.passages[cand.best_at].paragraph)
                    self._claims[key].append((self._z(values), c.id))

    def _z(self, values: dict[str, float]) -> float:
        weights = self.model["weights"]
        return sum(weights.get(k, 0.0) * v for k, v in values.items() if k != "place")

    def _probability(self, values: dict[str, float]) -> float:
        weights = self.model["weights"]
        z = weights["bias"] + sum(weights.get(k, 0.0) * v for k, v in values.items())
        return 1 / (1 + math.exp(-z))

    def weigh(self, commitment: Any, judgements: Any = None, related: Any = ()) -> Any:
        weighed = super().weigh(commitment, judgements, related)
        if not self.trials:
            return weighed
        keys = [self.passages[c.best_at].paragraph for c, _v, _p in weighed]
        docs = [self.passages[c.best_at].doc_id for c, _v, _p in weighed]
        z = [self._z(v) for _c, v, _p in weighed]
        best: dict[str, float] = defaultdict(lambda: -math.inf)
        closest: dict[str, float] = defaultdict(float)
        for n, (_c, values, _p) in enumerate(weighed):
            best[docs[n]] = max(best[docs[n]], z[n])
            closest[docs[n]] = max(closest[docs[n]], values.get("meaning", 0.0))
        prob = dict(zip(keys, (p for _c, _v, p in weighed), strict=True))
        query = self.meaning.vector(self.query(commitment)) if self.meaning else None
        out = []
        for n, (c, values, _p) in enumerate(weighed):
            extra: dict[str, float] = {}
            if "gap" in self.trials:
                extra["gap"] = math.exp(z[n] - best[docs[n]])
            if "neighbour" in self.trials:
                blocks = self._blocks[keys[n][0]]
                at = blocks.index(keys[n][1])
                near = [(keys[n][0], blocks[j]) for j in (at - 1, at + 1) if 0 <= j < len(blocks)]
                extra["neighbour"] = max((prob.get(k, 0.0) for k in near), default=0.0)
            if "meaning_relative" in self.trials and closest[docs[n]] > 0:
                extra["meaning_relative"] = values.get("meaning", 0.0) / closest[docs[n]]
            if self.meaning is not None and query is not None:
                extra |= self._closeness(keys[n], query)
            if "competition" in self.trials:
                rivals = self._claims.get((commitment.doc_id, keys[n]), [])
                above = sum(1 for zo, cid in rivals if cid != commitment.id and zo > z[n])
                extra["competition"] = 1 / (1 + above)
            values = values | extra
            out.append((c, values, self._probability(values)))
        return out

    def _closeness(self, key: Any, query: Any) -> dict[str, float]:
        assert self.meaning is not None
        vectors = self.meaning.vectors
        v = query / max(float(np.linalg.norm(query)), 1e-12)
        out: dict[str, float] = {}
        if "section_meaning" in self.trials:
            mean = vectors[self._rows[key[0]]].mean(axis=0)
            out["section_meaning"] = float(mean @ v / max(float(np.linalg.norm(mean)), 1e-12))
        if "window_meaning" in self.trials:
            members = self.meaning.members[key]
            pairs = [vectors[a] + vectors[b] for a, b in zip(members, members[1:], strict=False)]
            pairs += [vectors[a] for a in members]
            out["window_meaning"] = max(
                float(w @ v / max(float(np.linalg.norm(w)), 1e-12)) for w in pairs
            )
        return out


def _found(linker: Linker, docs: list[Any], sections: list[Any]) -> list[tuple[Any, Any]]:
    by_doc: dict[str, list[Any]] = {}
    for s in sections:
        by_doc.setdefault(s.doc_id, []).append(s)
    found = []
    for d in sorted(docs, key=lambda d: (d.issued, d.id)):
        ordered = sorted(by_doc.get(d.id, ()), key=lambda s: s.ordinal)
        found += [(d, c) for c in extract(d, ordered)]
    return found


def _related(found: list[tuple[Any, Any]], document: Any) -> list[Any]:
    return [c for d, c in found if not follows(d, document)]


def examples(
    linker: Linker, golden: list[dict[str, Any]], found: list[tuple[Any, Any]]
) -> tuple[list[str], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """(feature names, X, y) over the candidates of the labelled "tune" commitments."""
    tracked = [Tracked(c, (), "") for _d, c in found]
    rows: list[list[float]] = []
    labels: list[float] = []
    names: list[str] = []
    for gi, ti in _pairs(golden, tracked).items():
        document, commitment = found[ti]
        followups = golden[gi].get("followups", [])
        for candidate, values, _prob in linker.weigh(commitment, None, _related(found, document)):
            names = list(values)
            doc = linker.passages[candidate.best_at].doc_id
            paragraphs = [g["paragraph"] for g in followups if g["doc"] == doc]
            hit = any(
                inside(linker.passages[i].unit.text, para) >= INSIDE
                for i in candidate.scores
                for para in paragraphs
            )
            rows.append([values[k] for k in names])
            labels.append(float(hit))
    return names, np.array(rows), np.array(labels)


def fit(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], l2: float = 1.0) -> Any:
    """Logistic regression weights, bias first, by Newton's method."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(xb.shape[1] - 1)])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xb @ w)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def link_figures(
    linker: Linker, golden: list[dict[str, Any]], found: list[tuple[Any, Any]], docs: list[Any]
) -> dict[str, Any]:
    """Links precision and recall over the commitments of ``golden``'s documents, linked as
    the ingest links them."""
    tune_docs = {g["doc"] for g in golden}
    tracked = []
    for document, commitment in found:
        if document.id in tune_docs:
            followups = tuple(linker.link(commitment, None, _related(found, document)))
            tracked.append(Tracked(commitment, followups, latest_status(followups)[0]))
    figures: dict[str, Any] = evaluate(golden, tracked, {d.id: d.issued for d in docs})["all"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--golden", type=Path, default=GOLDEN)
    parser.add_argument("--lexical", action="store_true", help="fit without the sentence model")
    parser.add_argument("--precision", type=float, default=0.80)
    parser.add_argument("--trial", action="append", default=[], choices=sorted(TRIALS))
    args = parser.parse_args()
    docs = search_index.read_documents(args.index)
    sections = search_index.read_sections(args.index)
    labelled = load_golden(args.golden)
    golden = [g for g in labelled if g.get("split") == SPLIT]
    cache = args.index / VECTORS  # the ingest's sentence vectors, when it kept them
    linker = TrialLinker(
        docs,
        sections,
        meaning=not args.lexical,
        vector_cache=cache if cache.is_file() else None,
        trials=args.trial,
    )
    if not args.lexical and linker.meaning is None:
        raise SystemExit("no sentence model installed (see ingest/embeddings.py): use --lexical")
    found = _found(linker, docs, sections)
    linker.prepare([c for _d, c in found])
    linker.claims(found, _related)
    # ``place`` orders a document's candidates by the weight of the other features, so the
    # fit is repeated: each round places the candidates by the weights of the round before.
    weights = dict(linker.model["weights"]) | {"place": 0.0}
    for _round in range(ROUNDS):
        linker.model = {"link_threshold": 0.5, "weights": weights}
        names, x, y = examples(linker, golden, found)
        w = fit(x, y)
        weights = {"bias": round(float(w[0]), 2)} | {
            k: round(float(v), 2) for k, v in zip(names, w[1:], strict=True)
        }
        print(f"# round {_round + 1}: {weights}")
    linker.model = {"link_threshold": 0.5, "weights": weights}
    chosen = (0.5, None)
    for threshold in np.arange(0.70, 0.19, -0.01):
        linker.model["link_threshold"] = round(float(threshold), 2)
        links = link_figures(linker, golden, found, docs)["links"]
        print(f"# threshold {threshold:.2f}: {links['precision']=} {links['recall']=}")
        if links["precision"] is None or links["precision"] < args.precision:
            break
        chosen = (round(float(threshold), 2), links)
    if args.trial:  # a trial: the held-out figures decide, nothing to paste
        heldout = [g for g in labelled if g.get("split") == "heldout"]
        linker.model["link_threshold"] = chosen[0]
        print(f"# trial {args.trial} at {chosen[0]}: tune {chosen[1]}")
        print(f"# heldout {link_figures(linker, heldout, found, docs)['links']}")
        return
    table = "lexical" if args.lexical else "semantic"
    print(f"# {len(y)} candidates, {int(y.sum())} positive; on {SPLIT}: {chosen[1]}")
    print(f"[linking.{table}]\nlink_threshold = {chosen[0]}\n\n[linking.{table}.weights]")
    for k, v in weights.items():
        print(f"{k} = {v}")


if __name__ == "__main__":
    main()
