"""HTTP benchmark: concurrent clients against the real gunicorn server on 127.0.0.1.

Starts ``python -m search_app.serve`` on a free port (or uses ``--url``), runs N client threads
for a bounded time on a mix of searches, section pages and API calls, then the same on the
trivial ``/healthz`` endpoint as the ceiling, and prints req/s, p50/p95 latency and errors.

    .venv/bin/python bench/http_bench.py --seconds 30 --clients 8 --index index/ --scale 10

``--scale N`` serves the corpus replicated N times (distinct ids, reshuffled text: the same
replication as bench/search_bench.py), built in a temporary folder from ``--index``; without
an index the shipped corpus is ingested first.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "child poverty",
    "health inequalities",
    '"life expectancy"',
    "housing AND overcrowding",
    "employment OR work",
    "obesity NOT adults",
    "community champions",
    "mental health",
    "air quality",
    "smoking",
    "povrty",
    "early years",
]


def kind_of(url: str) -> str:
    """The workload a URL belongs to, for the per-kind latency breakdown."""
    path = urlsplit(url)
    if path.path.startswith("/sections/"):
        return "section page"
    if path.path.startswith("/api/suggest"):
        return "suggest"
    if path.path.startswith("/api/search"):
        return "API search"
    if "objective=" in path.query:
        return "filtered page"
    return "results page" if path.path == "/" else path.path


@dataclass
class Tally:
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # "503", "ReadTimeout", ...
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, outcome: str, kind: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_kind.setdefault(kind, []).append(seconds)
            if outcome != "200":
                self.errors += 1
                self.kinds[outcome] = self.kinds.get(outcome, 0) + 1


def mixed_urls(base: str, section_ids: list[str], seed: int) -> itertools.cycle[str]:
    rng = random.Random(seed)
    urls = []
    for _ in range(200):
        q = requests.utils.quote(rng.choice(QUERIES))
        roll = rng.random()
        if roll < 0.45:
            urls.append(f"{base}/?q={q}")
        elif roll < 0.6:
            urls.append(f"{base}/?q={q}&objective={rng.randint(1, 5)}&sort=date")
        elif roll < 0.75:
            urls.append(f"{base}/api/search?q={q}")
        elif roll < 0.9 and section_ids:
            urls.append(f"{base}/sections/{rng.choice(section_ids)}?q={q}")
        else:
            urls.append(f"{base}/api/suggest?q={q[:3]}")
    return itertools.cycle(urls)


def run(urls_for_client: list[itertools.cycle[str]], seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    stop = time.monotonic() + seconds

    def client(urls: itertools.cycle[str]) -> None:
        # http.client rather than requests: the clients share the server's two cores, and
        # requests spends several times more CPU per call, which the server would then lack.
        while time.monotonic() < stop:
            raw = next(urls)
            url = urlsplit(raw)
            start = time.perf_counter()
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            try:
                connection.request("GET", url.path + ("?" + url.query if url.query else ""))
                response = connection.getresponse()
                response.read()
                outcome = str(response.status)
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
            finally:
                connection.close()
            tally.add(time.perf_counter() - start, outcome, kind_of(raw))

    threads = [threading.Thread(target=client, args=(u,)) for u in urls_for_client]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.monotonic() - began


def summary(name: str, tally: Tally, elapsed: float) -> dict[str, float | int | str]:
    lat = sorted(tally.latencies)
    n = len(lat)
    return {
        "workload": name,
        "requests": n,
        "req_per_s": round(n / elapsed, 1),
        "p50_ms": round(statistics.median(lat) * 1000, 1) if n else 0,
        "p95_ms": round(lat[int(0.95 * (n - 1))] * 1000, 1) if n else 0,
        "errors": tally.errors,
        "error_kinds": ", ".join(f"{k} x{v}" for k, v in sorted(tally.kinds.items())) or "-",
        "p95_ms_by_kind": {
            kind: round(sorted(lat)[int(0.95 * (len(lat) - 1))] * 1000, 1)
            for kind, lat in sorted(tally.by_kind.items())
        },
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    index: Path | None, workers: int, threads: int = 2
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "search_app.serve", "--port", str(port)]
    cmd += ["--workers", str(workers), "--threads", str(threads)]
    if index is not None:
        cmd += ["--index", str(index)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=5).ok:
                return proc, base
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def worker_rss_mb(pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (children of the server process), in MB."""
    import psutil

    children = psutil.Process(pid).children(recursive=True)
    return sorted(round(c.memory_info().rss / 2**20, 1) for c in children)


def scaled_index(base: Path | None, scale: int, workdir: Path) -> Path:
    """An index of the corpus replicated ``scale`` times, built in ``workdir``."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from search_bench import replicate

    from ingest import search_index
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    if base is None or not search_index.index_exists(base):
        base = workdir / "x1"
        ingest(load_settings(index_dir=base))
    docs, sections = replicate(
        search_index.read_documents(base), search_index.read_sections(base), scale, 10**9
    )
    folder = workdir / f"x{scale}"
    search_index.write_index(folder, docs, sections, rebuild=True)
    print(f"serving x{scale}: {len(docs)} documents, {len(sections)} sections", file=sys.stderr)
    return folder


def cpu_per_request(index: Path, clients: int) -> float:
    """Milliseconds of CPU one request of the mix costs in process (Flask's test client, no
    server, no clients): the service time that bounds throughput on these cores."""
    sys.path.insert(0, str(ROOT))
    from ingest import search_index
    from search_app import create_app

    client = create_app({"INDEX_DIR": index}).test_client()
    docs = {d.id for d in search_index.read_documents(index)[:5]}
    ids = [s.id for s in search_index.read_sections(index) if s.doc_id in docs]
    urls = [
        url.removeprefix("http://x")
        for seed in range(clients)
        for url in itertools.islice(mixed_urls("http://x", ids, seed), 200)
    ]
    for url in urls[:400]:  # warm caches, as a running server would be
        client.get(url)
    started = time.process_time()
    for url in urls:
        client.get(url)
    return (time.process_time() - started) / len(urls) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="per workload (default 30)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="request threads per worker")
    parser.add_argument("--index", type=Path, default=None, help="index folder to serve")
    parser.add_argument("--scale", type=int, default=1, help="replicate the corpus N times")
    parser.add_argument("--url", default=None, help="bench a running server instead")
    parser.add_argument(
        "--cpu", action="store_true", help="only measure CPU per request in process"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    proc = None
    base = args.url
    workdir = tempfile.TemporaryDirectory(prefix="http-bench-")
    index = args.index
    if args.scale > 1 and base is None:
        index = scaled_index(args.index, args.scale, Path(workdir.name))
    if args.cpu:
        ms = cpu_per_request(index or ROOT / "index", args.clients)
        print(f"index {index or ROOT / 'index'} (x{args.scale}): {ms:.2f} ms CPU per request")
        workdir.cleanup()
        return
    if base is None:
        proc, base = start_server(index, args.workers, args.threads)
    try:
        docs = requests.get(base + "/api/documents", timeout=30).json()["documents"]
        section_ids: list[str] = []
        for doc in docs[:5]:
            contents = requests.get(f"{base}/api/documents/{doc['id']}", timeout=30).json()
            section_ids += [s["id"] for s in contents["contents"]]
        mixed = [mixed_urls(base, section_ids, seed) for seed in range(args.clients)]
        for urls in mixed:  # warm every worker's searcher and caches
            requests.get(next(urls), timeout=30)
        results = [summary("mixed", *run(mixed, args.seconds))]
        if proc is not None:
            results[0]["worker_rss_mb"] = worker_rss_mb(proc.pid)
        ceiling = [itertools.cycle([base + "/healthz"]) for _ in range(args.clients)]
        results.append(summary("healthz", *run(ceiling, min(args.seconds, 10.0))))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        workdir.cleanup()
    info = {
        "clients": args.clients,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "scale": args.scale,
    }
    out = ROOT / "bench-output"
    out.mkdir(exist_ok=True)
    (out / f"http-x{args.scale}.json").write_text(
        json.dumps({**info, "results": results}, indent=2)
    )
    if args.json:
        print(json.dumps({**info, "results": results}, indent=2))
        return
    print(
        f"{args.clients} clients, {args.workers} gunicorn workers x {args.threads} threads, "
        f"{info['cpus']} CPUs, "
        f"corpus x{args.scale}"
    )
    for r in results:
        print(
            f"{r['workload']:>8}: {r['req_per_s']:>7} req/s  p50 {r['p50_ms']:>6} ms  "
            f"p95 {r['p95_ms']:>6} ms  {r['requests']} requests, {r['errors']} errors"
            + (f" ({r['error_kinds']})" if r["errors"] else "")
        )
        if r.get("worker_rss_mb"):
            print(f"          worker memory after the run: {r['worker_rss_mb']} MB RSS")
        if len(r["p95_ms_by_kind"]) > 1:
            kinds = ", ".join(f"{k} {v} ms" for k, v in r["p95_ms_by_kind"].items())
            print(f"          p95 by kind: {kinds}")


if __name__ == "__main__":
    main()
