"""Search benchmark: build time, index size and query latency at x1, x10 and x100 the corpus.

Sections come from the shipped index (``index/``) when it exists, otherwise from synthetic
report-like sections. Copies get distinct ids and shuffled, thinned text so term statistics
stay realistic. Every query goes through ``Engine.search`` (facets, snippets, exact
totals included). Two references run the same queries on the same sections:

- Whoosh's own matchers: the same parsed, synonym-expanded, compiled Whoosh query run through
  ``searcher.search`` (BM25F, top 10, the facet selection as a filter, an exact total), beside
  the engine's core (``engine.search.run``: matching, facet counts, BM25F on cached postings,
  top 10, exact total) on the same compiled queries. This is what reading Whoosh 2.7's
  private block format (``engine/postings.py``, hence ``whoosh-reloaded<2.8``) buys.
- SQLite FTS5 (porter, bm25, snippet, a GROUP BY per facet).

    .venv/bin/python bench/search_bench.py --index /tmp/bench-ix [--scales 1,10,100]
        [--sample 100:120] [--profile 10]

``--index`` is an index built by ``healthsearch ingest --index DIR``; without it (or when it
is missing) ``index/`` is used if present, else synthetic sections. ``--sample`` measures only
N queries (a fixed random subset) at the given scale, to bound the x100 run.
``--profile`` writes a cProfile of the query loop at that scale to bench-output/.

Prints a table and writes bench-output/search.json.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import query as wq  # noqa: E402

from ingest import search_index as si  # noqa: E402
from ingest.model import Document, ObjectiveTag, Section  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from search_app.engine import Engine, close_searchers  # noqa: E402
from search_app.engine.compile import compile_query  # noqa: E402
from search_app.engine.query import Node, parse  # noqa: E402
from search_app.engine.search import run as run_engine  # noqa: E402
from search_app.engine.searchers import Reader, reader_for  # noqa: E402
from search_app.engine.synonyms import expand  # noqa: E402

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


def load_base(index: Path | None) -> tuple[list[Document], list[Section], str]:
    """The x1 corpus: an ingested index (``--index``, else ``index/``), or synthetic sections."""
    for folder in (index, Path("index")):
        if folder is not None and si.index_exists(folder):
            return si.read_documents(folder), si.read_sections(folder), f"index {folder}"
    if index is not None:
        print(f"no index in {index}; using synthetic sections", file=sys.stderr)
    docs, sections = synthetic()
    return docs, sections, "synthetic"


def replicate(docs: list[Document], sections: list[Section], scale: int, cap: int):
    """``scale`` copies of the corpus with distinct ids; each copy's text is reshuffled by
    sentence, thinned and salted with a borough, so term frequencies vary between copies."""
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


STOP = {"a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if"}
STOP |= {"in", "is", "it", "may", "not", "of", "on", "or", "that", "the", "this", "to", "us"}
STOP |= {"we", "when", "will", "with", "yet", "you", "your", "there", "been", "which", "also"}
KINDS = (
    "one word",
    "two words",
    "three words",
    "phrase",
    "fielded objective:",
    "facet filter",
    "heading: OR",
    "facets doc+year",
    "prefix*",
    "fuzzy~",
    "NOT",
    "year range + type",
)


def make_queries(
    docs: list[Document], sections: list[Section], n: int = 240
) -> list[tuple[str, str, dict]]:
    """(kind, query, filters): a fixed mix of what analysts type, from the corpus's own words
    (frequent ones and a mid-frequency band, so postings lengths vary)."""
    rng = random.Random(42)
    counts: dict[str, int] = defaultdict(int)
    bigrams: list[str] = []
    for s in sections[:1000]:
        toks = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", s.text)]
        for w in toks:
            counts[w] += 1
        content = [w for w in toks if w not in STOP]
        bigrams += [f"{a} {b}" for a, b in zip(content, content[1:], strict=False)][:3:2]
    ranked = [w for w in sorted(counts, key=lambda w: (-counts[w], w)) if w not in STOP]
    common, middle = ranked[:200] or VOCAB, ranked[200:1500] or VOCAB

    def word() -> str:
        return rng.choice(common if rng.random() < 0.6 else middle)

    types = sorted({d.doc_type.lower() for d in docs if d.doc_type}) or ["strategy"]
    type_word = types[0].split()[0] if " " not in types[0] else f'"{types[0]}"'
    ids = sorted({d.id for d in docs})[:12]
    years = sorted({d.year for d in docs if d.year}) or [2010]
    queries: list[tuple[str, str, dict]] = []
    while len(queries) < n:
        kind = KINDS[len(queries) % len(KINDS)]
        if kind == "one word":
            q, f = word(), {}
        elif kind == "two words":
            q, f = f"{word()} {word()}", {}
        elif kind == "three words":
            q, f = f"{word()} {word()} {word()}", {}
        elif kind == "phrase":
            q, f = f'"{rng.choice(bigrams or common)}"', {}
        elif kind == "fielded objective:":
            q, f = f"{word()} objective:{rng.randint(1, 10)}", {}
        elif kind == "facet filter":
            q, f = word(), {"objective": [str(rng.randint(1, 10)), str(rng.randint(1, 10))]}
        elif kind == "heading: OR":
            q, f = f"heading:{rng.choice(common)} OR {word()}", {}
        elif kind == "facets doc+year":
            f = {"doc": rng.sample(ids, min(2, len(ids))), "year": [str(rng.choice(years))]}
            q = f"{word()} {word()}"
        elif kind == "prefix*":
            q, f = rng.choice(common)[:4] + "*", {}
        elif kind == "fuzzy~":
            w = rng.choice(common)
            q, f = (w[:2] + w[3:] if len(w) > 5 else w) + "~", {}
        elif kind == "NOT":
            q, f = f"{word()} -{rng.choice(common)}", {}
        else:
            lo = rng.choice(years)
            q, f = f"{word()} year:{lo}..{lo + 3} type:{type_word}", {}
        queries.append((kind, q, f))
    return queries


def fts_build(path: Path, docs: list[Document], sections: list[Section]) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute(
        "CREATE VIRTUAL TABLE s USING fts5(heading, body, sid UNINDEXED, doc UNINDEXED,"
        " obj UNINDEXED, year UNINDEXED, type UNINDEXED, tokenize='porter')"
    )
    by_id = {d.id: d for d in docs}
    rows = []
    for x in sections:
        d = by_id.get(x.doc_id)
        obj = ",".join(str(t.number) for t in x.objectives)
        year, kind = (d.year, d.doc_type) if d else (None, "")
        rows.append((x.heading, x.text, x.id, x.doc_id, obj, year, kind))
    con.executemany("INSERT INTO s VALUES (?,?,?,?,?,?,?)", rows)
    con.commit()
    return con


def fts_query(con: sqlite3.Connection, query: str, filters: dict) -> None:
    """The reference: MATCH, count, top 10 by bm25 with a snippet, and one GROUP BY per facet
    (objective counted in Python from the matching rows' tag lists)."""
    cleaned = re.sub(r"\b(objective|heading|year|type):\S+", " ", query)
    words = [w for w in re.findall(r"[A-Za-z]+", cleaned) if w not in ("OR", "NOT")]
    if not words:
        return
    if query.startswith('"'):
        match = f'"{" ".join(words)}"'
    elif " OR " in query:
        match = " OR ".join(words)
    elif query.endswith("*"):
        match = words[0] + "*"
    else:
        match = " ".join(words[:1] + [f"NOT {w}" if f"-{w}" in query else w for w in words[1:]])
    where = "s MATCH ?"
    args: list = [match]
    if filters.get("objective"):
        where += " AND (',' || obj || ',') LIKE ?"
        args.append(f"%,{filters['objective'][0]},%")
    if filters.get("doc"):
        where += f" AND doc IN ({','.join('?' * len(filters['doc']))})"
        args += filters["doc"]
    con.execute(f"SELECT count(*) FROM s WHERE {where}", args).fetchone()
    con.execute(
        f"SELECT sid, snippet(s, 1, '<mark>', '</mark>', '…', 30) FROM s WHERE {where} "
        "ORDER BY bm25(s, 3.0, 1.0) LIMIT 10",
        args,
    ).fetchall()
    for column in ("doc", "year", "type"):
        con.execute(f"SELECT {column}, count(*) FROM s WHERE {where} GROUP BY 1", args).fetchall()
    objectives: dict[str, int] = defaultdict(int)
    for (obj,) in con.execute(f"SELECT obj FROM s WHERE {where}", args):
        for number in obj.split(","):
            objectives[number] += 1


def whoosh_filter(filters: dict) -> list[wq.Query]:
    """The facet selection as Whoosh clauses (OR within a facet, AND across), sections only.
    ANDed into the query, not passed as ``filter=`` (Whoosh's filtered total still counts
    what the filter removed); each clause scores a constant 1, so the ranking is unchanged."""
    parts: list[wq.Query] = [wq.Term("kind", "section")]
    fields = {"objective": "objectives", "doc": "doc_id", "type": "doc_type"}
    for facet, values in filters.items():
        if facet == "year":
            either = wq.Or([wq.NumericRange("year", int(v), int(v)) for v in values])
        else:
            either = wq.Or([wq.Term(fields[facet], str(v).lower()) for v in values])
        parts.append(wq.ConstantScoreQuery(either))
    return parts


def compiled_queries(
    engine: Engine, reader: Reader, queries: list
) -> list[tuple[Node | None, wq.Query, dict]]:
    """(node, Whoosh query, filters) per query: parsed, synonym-expanded and compiled once, as
    ``Engine.search`` does; exclusions only or no words: every section (``Every``)."""
    thesaurus = engine.thesaurus()
    out = []
    for _kind, q, f in queries:
        node = parse(q).node
        if node is not None:
            node, _added = expand(node, thesaurus)
        compiled = compile_query(reader.postings, node) if node is not None else None
        plan = compiled.query if compiled is not None and compiled.scored else None
        out.append((node, plan if plan is not None else wq.Every(), f))
    return out


def matchers_compared(engine: Engine, folder: Path, measured: list) -> dict:
    """The engine's core against Whoosh's own matchers on the same compiled queries: latency,
    how often the two top 10s hold the same sections, and how often Whoosh's top-10 shortcut
    (block quality) returns a worse top 10 than its own full ranking (not timed) or a total
    other than the exact one."""
    reader = reader_for(folder)
    plans = compiled_queries(engine, reader, measured)
    ours, whoosh, same, lossy, miscounted = [], [], 0, 0, 0
    for node, plan, f in plans:
        query = wq.And([plan, *whoosh_filter(f)])
        t = time.perf_counter()
        ranked = run_engine(reader, node, filters=f, limit=10)
        ours.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        results = reader.searcher.search(query, limit=10)
        total = len(results)  # exact, as the engine's
        top = [(hit["key"], hit.score) for hit in results]
        whoosh.append((time.perf_counter() - t) * 1000)
        miscounted += total != ranked.total and node is not None
        same += sorted(k for k, _ in top) == sorted(si.section_key(s.id) for s, _ in ranked.hits)
        full = reader.searcher.search(query, limit=None)
        best = sorted(round(hit.score, 9) for hit in list(full)[:10])
        lossy += sorted(round(score, 9) for _, score in top) != best
    return {
        "engine_core_ms": {k: round(v, 2) for k, v in percentiles(ours).items()},
        "whoosh_ms": {k: round(v, 2) for k, v in percentiles(whoosh).items()},
        "same_top10": f"{same}/{len(plans)}",
        "whoosh_top10_worse_than_full": f"{lossy}/{len(plans)}",
        "whoosh_total_wrong": f"{miscounted}/{len(plans)}",
    }


def _rounded(p: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 2) for k, v in p.items() if k != "mean"}


def percentiles(samples: list[float]) -> dict[str, float]:
    if len(samples) < 2:
        return {k: samples[0] if samples else 0.0 for k in ("p50", "p95", "p99", "mean")}
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "mean": statistics.fmean(samples)}


def _sample(queries: list, n: int | None) -> list:
    """``n`` of the queries, the same ones every run, every kind represented."""
    if not n or n >= len(queries):
        return queries
    chosen = sorted(random.Random(0).sample(range(len(queries)), n))
    return [queries[i] for i in chosen]


BUILT = "bench-build.json"


def build_once(
    folder: Path, scale: int, base_docs: list[Document], base_secs: list[Section], cap: int
) -> dict:
    """Build the x``scale`` index in ``folder`` unless a finished build of the same sections is
    there already (``--workdir`` keeps builds between runs: x1000 takes the best part of an
    hour). The build runs in a child process, so its peak resident memory is its own."""
    marker = folder / BUILT
    key = {"scale": scale, "base_sections": len(base_secs), "cap": cap}
    if marker.exists():
        recorded = json.loads(marker.read_text())
        if recorded.get("key") == key:
            print(f"x{scale}: reusing the build in {folder}", flush=True)
            return recorded
    shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child builds and exits without running the parent's cleanup
        code = 1
        try:
            docs, sections = replicate(base_docs, base_secs, scale, cap)
            si.write_index(folder, docs, sections, rebuild=True)
            code = 0
        finally:
            os._exit(code)
    _pid, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"building x{scale} failed (exit status {status})")
    recorded = {
        "key": key,
        "build_s": round(time.perf_counter() - t0, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "load_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
    }
    marker.write_text(json.dumps(recorded, indent=1))
    return recorded


def rss_mb() -> float:
    """This process's resident memory now (the searcher, its decoded postings and caches)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run(
    scale: int,
    base_docs: list[Document],
    base_secs: list[Section],
    cap: int,
    workdir: Path,
    sample: int | None,
    profile: bool,
    whoosh_matchers: bool = True,
) -> dict:
    docs, sections = replicate(base_docs, base_secs, scale, cap)
    folder = workdir / f"x{scale}"
    built = build_once(folder, scale, base_docs, base_secs, cap)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    queries = make_queries(docs, sections)
    measured = _sample(queries, sample)
    engine = Engine(Settings(index_dir=folder))
    search = engine.search
    for _kind, q, f in queries[:24]:  # warm the per-thread searcher and caches
        search(q, filters=f)
    load_before = os.getloadavg()[0]
    ours: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what the latency would be on an idle machine
    by_kind: dict[str, list[float]] = defaultdict(list)
    cpu_by_kind: dict[str, list[float]] = defaultdict(list)
    totals = timed_out = 0
    profiler = cProfile.Profile() if profile else None
    for kind, q, f in measured:
        if profiler:
            profiler.enable()
        t, c = time.perf_counter(), time.thread_time()
        result = search(q, filters=f)
        totals += result.total
        timed_out += result.timed_out
        ms = (time.perf_counter() - t) * 1000
        cpu.append((time.thread_time() - c) * 1000)
        if profiler:
            profiler.disable()
        ours.append(ms)
        by_kind[kind].append(ms)
        cpu_by_kind[kind].append(cpu[-1])
    load_after = os.getloadavg()[0]
    if profiler:
        Path("bench-output").mkdir(exist_ok=True)
        profiler.dump_stats(f"bench-output/search-x{scale}.prof")
    searcher_rss = rss_mb()
    matchers = matchers_compared(engine, folder, measured) if whoosh_matchers else {}
    close_searchers()
    db = workdir / f"x{scale}.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    con = fts_build(db, docs, sections)
    fts_build_s = time.perf_counter() - t0
    ref, ref_cpu = [], []
    ref_by_kind: dict[str, list[float]] = defaultdict(list)
    ref_cpu_by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, q, f in measured:
        t, c = time.perf_counter(), time.thread_time()
        fts_query(con, q, f)
        ref.append((time.perf_counter() - t) * 1000)
        ref_cpu.append((time.thread_time() - c) * 1000)
        ref_by_kind[kind].append(ref[-1])
        ref_cpu_by_kind[kind].append(ref_cpu[-1])
    con.close()
    fts_mb = db.stat().st_size / 1e6
    db.unlink()
    ours_p, ref_p = percentiles(ours), percentiles(ref)
    return {
        "scale": scale,
        "sections": len(sections),
        "build_s": built["build_s"],
        "build_peak_rss_mb": built["peak_rss_mb"],
        "build_load_1min": built["load_1min"],
        "index_mb": round(size / 1e6, 2),
        "searcher_rss_mb": searcher_rss,
        "fts5_build_s": round(fts_build_s, 1),
        "fts5_mb": round(fts_mb, 1),
        "queries": len(measured),
        "queries_in_set": len(queries),
        "mean_total": round(totals / len(measured), 1),
        "latency_ms": {k: round(v, 2) for k, v in ours_p.items()},
        "cpu_ms": {k: round(v, 2) for k, v in percentiles(cpu).items()},
        "by_kind_p95_ms": {k: round(percentiles(v)["p95"], 2) for k, v in by_kind.items()},
        "by_kind_ms": {
            k: {
                "engine": _rounded(percentiles(v)),
                "fts5": _rounded(percentiles(ref_by_kind[k])),
                "engine_cpu": _rounded(percentiles(cpu_by_kind[k])),
                "fts5_cpu": _rounded(percentiles(ref_cpu_by_kind[k])),
            }
            for k, v in by_kind.items()
        },
        "timed_out": timed_out,
        "fts5_ms": {k: round(v, 3) for k, v in ref_p.items()},
        "fts5_cpu_ms": {k: round(v, 3) for k, v in percentiles(ref_cpu).items()},
        "ratio_p95": round(ours_p["p95"] / max(ref_p["p95"], 1e-6), 1),
        **matchers,
        "load_1min": [round(load_before, 2), round(load_after, 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, help="ingested index to use as the x1 corpus")
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument(
        "--max-sections",
        type=int,
        default=300_000,
        help="cap on sections per scale (x1000 of the sample corpus is 248,000)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the built indexes here and reuse them in later runs (default: a temporary "
        "folder, removed at the end); put it outside the repository, e.g. /tmp/search-bench",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the scales' indexes, measure nothing"
    )
    parser.add_argument(
        "--no-whoosh-matchers",
        action="store_true",
        help="skip the Whoosh-matchers reference (slow at x1000: it also ranks in full)",
    )
    parser.add_argument(
        "--sample", default="100:120", help="SCALE:N measures N queries at SCALE ('' = all)"
    )
    parser.add_argument("--profile", type=int, help="cProfile the queries at this scale")
    parser.add_argument("--out", type=Path, default=Path("bench-output/search.json"))
    args = parser.parse_args()
    samples = dict((int(a), int(b)) for a, b in (x.split(":") for x in args.sample.split(",") if x))
    docs, sections, source = load_base(args.index)
    print(f"base: {len(sections)} sections, {len(docs)} documents from {source}")
    keep = args.workdir is not None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # The engine's per-query time limit would cut the slowest queries short and flatter p99:
    # measure the full cost (the row counts queries that would have hit the default limit).
    os.environ["HEALTHSEARCH_QUERY_TIMEOUT_MS"] = "0"
    rows = []
    try:
        for scale in (int(s) for s in args.scales.split(",")):
            if args.build_only:
                built = build_once(workdir / f"x{scale}", scale, docs, sections, args.max_sections)
                print(f"x{scale}: built in {built['build_s']} s, peak {built['peak_rss_mb']} MB")
                continue
            row = run(
                scale,
                docs,
                sections,
                args.max_sections,
                workdir,
                samples.get(scale),
                args.profile == scale,
                not args.no_whoosh_matchers,
            )
            rows.append(row)
            lat, ref, cpu = row["latency_ms"], row["fts5_ms"], row["cpu_ms"]
            print(
                f"x{scale:<4} {row['sections']:>7} sections  build {row['build_s']:>7.1f} s  "
                f"{row['index_mb']:>6.1f} MB  {row['queries']:>3} q  p50 {lat['p50']:6.1f}  "
                f"p95 {lat['p95']:6.1f}  p99 {lat['p99']:6.1f} ms (cpu p50 {cpu['p50']:.1f} "
                f"p95 {cpu['p95']:.1f})  fts5 p50 {ref['p50']:.2f} p95 {ref['p95']:.2f} ms  "
                f"ratio(p95) {row['ratio_p95']}x  load {row['load_1min'][0]}->"
                f"{row['load_1min'][1]}",
                flush=True,
            )
            print(
                f"      memory: build peak {row['build_peak_rss_mb']:.0f} MB, searching process "
                f"{row['searcher_rss_mb']:.0f} MB resident; FTS5 build {row['fts5_build_s']} s, "
                f"{row['fts5_mb']} MB; {row['timed_out']} queries hit the time limit"
            )
            if "engine_core_ms" in row:
                core, whoosh = row["engine_core_ms"], row["whoosh_ms"]
                print(
                    f"      same compiled queries: engine core p50 {core['p50']:.1f} p95 "
                    f"{core['p95']:.1f} ms, Whoosh matchers p50 {whoosh['p50']:.1f} p95 "
                    f"{whoosh['p95']:.1f} ms (x{whoosh['p95'] / max(core['p95'], 1e-6):.1f} at "
                    f"p95); same top 10 in {row['same_top10']}; Whoosh's limit=10 shortcut: top "
                    f"10 worse than its own full ranking in "
                    f"{row['whoosh_top10_worse_than_full']}, total wrong in "
                    f"{row['whoosh_total_wrong']}"
                )
            for kind, both in row["by_kind_ms"].items():
                e, r = both["engine"], both["fts5"]
                ec, rc = both["engine_cpu"], both["fts5_cpu"]
                print(
                    f"      {kind:<20} engine p50/p95/p99 {e['p50']:7.1f} {e['p95']:7.1f} "
                    f"{e['p99']:7.1f} ms (cpu {ec['p50']:.1f} {ec['p95']:.1f} {ec['p99']:.1f})"
                    f"   FTS5 {r['p50']:7.1f} {r['p95']:7.1f} {r['p99']:7.1f} ms (cpu "
                    f"{rc['p50']:.1f} {rc['p95']:.1f} {rc['p99']:.1f})"
                )
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.build_only:
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"source": source, "cpus": os.cpu_count(), "runs": rows}
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
