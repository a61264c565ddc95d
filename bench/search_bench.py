"""Search benchmark: build time, index size and query latency at x1, x10 and x100 the corpus.

Sections come from the shipped index (``index/``) when it exists, otherwise from synthetic
report-like sections. Copies get distinct ids and shuffled, thinned text so term statistics
stay realistic. Every query goes through ``search_app.search.search`` (facets, snippets, exact
totals included). The same sections and queries in SQLite FTS5 (porter, bm25, snippet, a
GROUP BY per facet) are the reference.

    .venv/bin/python bench/search_bench.py [--scales 1,10,100] [--max-sections 30000]

Prints a table and writes bench-output/search.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import search_index as si  # noqa: E402
from ingest.model import Document, ObjectiveTag, Section  # noqa: E402
from search_app.search import search  # noqa: E402

VOCAB = [
    "health",
    "inequalities",
    "london",
    "boroughs",
    "deprivation",
    "poverty",
    "income",
    "employment",
    "housing",
    "children",
    "young",
    "people",
    "obesity",
    "physical",
    "activity",
    "smoking",
    "alcohol",
    "mental",
    "wellbeing",
    "life",
    "expectancy",
    "mortality",
    "cancer",
    "diabetes",
    "vaccination",
    "immunisation",
    "primary",
    "care",
    "general",
    "practice",
    "hospital",
    "emergency",
    "access",
    "services",
    "community",
    "partnership",
    "mayor",
    "strategy",
    "objective",
    "evidence",
    "data",
    "indicators",
    "targets",
    "progress",
    "report",
    "air",
    "quality",
    "pollution",
    "transport",
    "cycling",
    "walking",
    "parks",
    "green",
    "spaces",
    "food",
    "schools",
    "education",
    "skills",
    "training",
    "migrants",
    "ethnic",
    "minority",
    "disability",
    "older",
    "people",
    "carers",
    "social",
    "care",
    "prevention",
    "screening",
    "tuberculosis",
    "sexual",
    "teenage",
    "pregnancy",
    "breastfeeding",
    "nutrition",
    "fuel",
    "warm",
    "homes",
    "overcrowding",
    "homelessness",
]
BOROUGHS = [
    "Hackney",
    "Camden",
    "Newham",
    "Barnet",
    "Ealing",
    "Brent",
    "Lambeth",
    "Southwark",
    "Islington",
    "Harrow",
]


def synthetic(n: int = 400, seed: int = 7) -> tuple[list[Document], list[Section]]:
    rng = random.Random(seed)
    docs = [
        Document(
            id=f"doc{d}",
            title=f"{rng.choice(VOCAB).title()} report {d}",
            issued=str(2009 + d % 7),
            doc_type=["strategy", "delivery plan", "progress report", "evidence review"][d % 4],
        )
        for d in range(10)
    ]
    # Report-like vocabulary: the public-health words first, then a long tail of rarer words,
    # with Zipf frequencies, so most words are in few sections (as in real reports).
    syllables = ["ca", "re", "mo", "ti", "pla", "ver", "son", "den", "gra", "lu", "fi", "nor"]
    tail = sorted({"".join(rng.sample(syllables, 3)) + w[:3] for w in VOCAB for _ in range(40)})
    vocab = VOCAB + tail
    weights = [1 / (i + 1) for i in range(len(vocab))]
    sections = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(4, 12)):
            words = rng.choices(vocab, weights, k=rng.randint(8, 18))
            sentences.append(" ".join(words).capitalize() + ".")
        doc = docs[i % 10]
        sections.append(
            Section(
                id=f"{doc.id}-{i}",
                doc_id=doc.id,
                ordinal=i,
                heading=" ".join(rng.sample(VOCAB, 3)),
                level=1 + i % 3,
                path=("Part",),
                text=" ".join(sentences),
                page_start=1 + i // 3,
                page_end=1 + i // 3,
                objectives=tuple(ObjectiveTag(n, 0.5) for n in rng.sample(range(1, 11), 2)),
            )
        )
    return docs, sections


def load_base() -> tuple[list[Document], list[Section], str]:
    shipped = Path("index")
    if si.index_exists(shipped):
        return si.read_documents(shipped), si.read_sections(shipped), "shipped index/"
    docs, sections = synthetic()
    return docs, sections, "synthetic"


def replicate(docs: list[Document], sections: list[Section], scale: int, cap: int):
    rng = random.Random(scale)
    out_docs, out_secs = list(docs), list(sections)
    for k in range(1, scale):
        for d in docs:
            out_docs.append(replace(d, id=f"{d.id}-r{k}"))
        for s in sections:
            parts = re.split(r"(?<=[.!?])\s+", s.text)
            rng.shuffle(parts)
            keep = [p for p in parts if rng.random() > 0.2] or parts[:1]
            text = " ".join(keep) + f" {rng.choice(BOROUGHS)}."
            out_secs.append(replace(s, id=f"{s.id}-r{k}", doc_id=f"{s.doc_id}-r{k}", text=text))
            if len(out_secs) >= cap:
                return out_docs, out_secs
    return out_docs, out_secs


def make_queries(sections: list[Section], n: int = 240) -> list[tuple[str, dict]]:
    rng = random.Random(42)
    words = [w.lower() for s in sections[:500] for w in re.findall(r"[A-Za-z]{4,}", s.text)]
    common = sorted(set(words), key=words.count, reverse=True)[:150] or VOCAB
    bigrams = []
    for s in sections[:200]:
        toks = re.findall(r"[A-Za-z]{4,}", s.text)
        bigrams += [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)][:3]
    queries: list[tuple[str, dict]] = []
    while len(queries) < n:
        kind = len(queries) % 6
        if kind == 0:
            queries.append((rng.choice(common), {}))
        elif kind == 1:
            queries.append((" ".join(rng.sample(common, rng.randint(2, 3))), {}))
        elif kind == 2:
            queries.append((f'"{rng.choice(bigrams or common)}"', {}))
        elif kind == 3:
            queries.append((f"{rng.choice(common)} objective:{rng.randint(1, 10)}", {}))
        elif kind == 4:
            queries.append((rng.choice(common), {"objective": [str(rng.randint(1, 10))]}))
        else:
            queries.append((f"heading:{rng.choice(common)} OR {rng.choice(common)}", {}))
    return queries


def fts_build(path: Path, docs: list[Document], sections: list[Section]) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute(
        "CREATE VIRTUAL TABLE s USING fts5(heading, body, sid UNINDEXED, doc UNINDEXED,"
        " obj UNINDEXED, tokenize='porter')"
    )
    con.executemany(
        "INSERT INTO s VALUES (?,?,?,?,?)",
        [
            (x.heading, x.text, x.id, x.doc_id, ",".join(str(t.number) for t in x.objectives))
            for x in sections
        ],
    )
    con.commit()
    return con


def fts_query(con: sqlite3.Connection, query: str, filters: dict) -> None:
    cleaned = query.replace("objective", "").replace("heading", "")
    words = [w for w in re.findall(r"[A-Za-z]+", cleaned) if w != "OR"]
    if not words:
        return
    match = f'"{" ".join(words)}"' if query.startswith('"') else " ".join(words)
    if " OR " in query:
        match = " OR ".join(words)
    where = "s MATCH ?"
    args: list = [match]
    if filters.get("objective"):
        where += " AND (',' || obj || ',') LIKE ?"
        args.append(f"%,{filters['objective'][0]},%")
    con.execute(f"SELECT count(*) FROM s WHERE {where}", args).fetchone()
    con.execute(
        f"SELECT sid, snippet(s, 1, '<mark>', '</mark>', '…', 30) FROM s WHERE {where} "
        "ORDER BY bm25(s, 3.0, 1.0) LIMIT 10",
        args,
    ).fetchall()
    con.execute(f"SELECT doc, count(*) FROM s WHERE {where} GROUP BY doc", args).fetchall()


def percentiles(samples: list[float]) -> dict[str, float]:
    q = statistics.quantiles(samples, n=100)
    return {"p50": q[49], "p95": q[94], "p99": q[98], "mean": statistics.fmean(samples)}


def run(scale: int, base_docs, base_secs, cap: int, workdir: Path) -> dict:
    docs, sections = replicate(base_docs, base_secs, scale, cap)
    folder = workdir / f"x{scale}"
    t0 = time.perf_counter()
    si.write_index(folder, docs, sections, rebuild=True)
    build = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    queries = make_queries(sections)
    for q, f in queries[:20]:  # warm the per-thread searcher and caches
        search(folder, q, filters=f)
    ours = []
    totals = 0
    for q, f in queries:
        t = time.perf_counter()
        totals += search(folder, q, filters=f).total
        ours.append((time.perf_counter() - t) * 1000)
    con = fts_build(workdir / f"x{scale}.db", docs, sections)
    ref = []
    for q, f in queries:
        t = time.perf_counter()
        fts_query(con, q, f)
        ref.append((time.perf_counter() - t) * 1000)
    con.close()
    si.close_searchers()
    ours_p, ref_p = percentiles(ours), percentiles(ref)
    return {
        "scale": scale,
        "sections": len(sections),
        "build_s": round(build, 2),
        "index_mb": round(size / 1e6, 2),
        "queries": len(queries),
        "mean_total": totals / len(queries),
        "latency_ms": {k: round(v, 2) for k, v in ours_p.items()},
        "fts5_ms": {k: round(v, 3) for k, v in ref_p.items()},
        "ratio_p95": round(ours_p["p95"] / max(ref_p["p95"], 1e-6), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument(
        "--max-sections",
        type=int,
        default=30000,
        help="cap on sections per scale, to keep x100 to a few minutes",
    )
    args = parser.parse_args()
    docs, sections, source = load_base()
    print(f"base: {len(sections)} sections from {source}")
    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    rows = []
    try:
        for scale in (int(s) for s in args.scales.split(",")):
            row = run(scale, docs, sections, args.max_sections, workdir)
            rows.append(row)
            lat, ref = row["latency_ms"], row["fts5_ms"]
            print(
                f"x{scale:<4} {row['sections']:>7} sections  build {row['build_s']:>7.1f} s  "
                f"{row['index_mb']:>7.1f} MB  p50 {lat['p50']:6.1f}  p95 {lat['p95']:6.1f}  "
                f"p99 {lat['p99']:6.1f} ms   fts5 p95 {ref['p95']:.2f} ms  "
                f"ratio {row['ratio_p95']}x",
                flush=True,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    out = Path("bench-output")
    out.mkdir(exist_ok=True)
    (out / "search.json").write_text(json.dumps({"source": source, "runs": rows}, indent=2))
    print(f"wrote {out / 'search.json'}")


if __name__ == "__main__":
    main()
