"""Fit the follow-up link weights of ingest/data/commitments.toml ([linking.*]) on "tune".

Every paragraph the linker weighs for a labelled commitment of the "tune" split (the Strategy)
is one example: positive when it lies in a labelled follow-up paragraph. A logistic regression
(L2 penalty 1, Newton steps, numpy) gives the weights; the threshold is then chosen by running
the linker as the ingest does (per-document cap included) on "tune" only: lowered from 0.70 in
steps of 0.01 while the link precision stays at least ``--precision`` (0.80, the target). The
held-out split is never read.

    .venv/bin/python -m tools.fit_link_weights --index /tmp/lx/index [--lexical]

prints the TOML tables to paste into ingest/data/commitments.toml.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from ingest import search_index
from ingest.commitment_eval import INSIDE, _pairs, evaluate, inside, load_golden
from ingest.commitment_store import Tracked
from ingest.commitments import extract
from ingest.document_order import follows
from ingest.followup_status import latest_status
from ingest.followups import Linker

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "commitments.jsonl"
SPLIT = "tune"
ROUNDS = 2  # the places settle after one round on the sample corpus


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
    args = parser.parse_args()
    docs = search_index.read_documents(args.index)
    sections = search_index.read_sections(args.index)
    golden = [g for g in load_golden(args.golden) if g.get("split") == SPLIT]
    linker = Linker(docs, sections, meaning=not args.lexical)
    if not args.lexical and linker.meaning is None:
        raise SystemExit("no sentence model installed (see ingest/embeddings.py): use --lexical")
    found = _found(linker, docs, sections)
    linker.prepare([c for _d, c in found])
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
    table = "lexical" if args.lexical else "semantic"
    print(f"# {len(y)} candidates, {int(y.sum())} positive; on {SPLIT}: {chosen[1]}")
    print(f"[linking.{table}]\nlink_threshold = {chosen[0]}\n\n[linking.{table}.weights]")
    for k, v in weights.items():
        print(f"{k} = {v}")


if __name__ == "__main__":
    main()
