"""A bounded load run against ``healthsearch serve`` while ingests and rebuilds rewrite the
index: 8 clients, then 64, every request answered, worker memory before and after."""

from __future__ import annotations

import itertools
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.faults.conftest import LONG, Server, cli, record

SECONDS = 30.0 if LONG else 6.0
QUERIES = ["child poverty", "health inequalities", '"healthy weight"', "obesity OR diet", "povrty"]


@dataclass
class Tally:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, error: str | None) -> None:
        with self.lock:
            self.requests += 1
            if error:
                self.errors.append(error)


def urls(base: str, section_ids: list[str], seed: int) -> itertools.cycle[str]:
    rng = random.Random(seed)
    mix = [f"{base}/?q={requests.utils.quote(q)}" for q in QUERIES]
    mix += [f"{base}/api/search?q={requests.utils.quote(q)}&per_page=5" for q in QUERIES]
    mix += [f"{base}/sections/{s}" for s in rng.sample(section_ids, min(8, len(section_ids)))]
    mix += [f"{base}/api/suggest?q=heal", f"{base}/documents", f"{base}/healthz"]
    rng.shuffle(mix)
    return itertools.cycle(mix)


def run_clients(server: Server, clients: int, seconds: float, section_ids: list[str]) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        with requests.Session() as session:
            for url in urls(server.base, section_ids, seed):
                if time.monotonic() > stop:
                    return
                try:
                    response = session.get(url, timeout=60)
                    error = None if response.status_code == 200 else f"{response.status_code} {url}"
                except requests.RequestException as exc:
                    error = f"{type(exc).__name__} {url}"
                tally.add(error)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def ingest_loop(corpus: Path, index: Path, stop: threading.Event, runs: list[int]) -> None:
    """Ingest, alternately incremental and --rebuild, with a changed file each time."""
    target = corpus / "hwhl-2008.rtf"
    original = target.read_bytes()
    n = 0
    while not stop.is_set():
        n += 1
        marker = f"{{\\pard Revision {n} of the action plan.\\par}}}}".encode()
        target.write_bytes(original.rstrip()[:-1] + marker)
        args = ["ingest", "--corpus", str(corpus), "--index", str(index)]
        done = cli(*args, *(["--rebuild"] if n % 2 == 0 else []))
        runs.append(done.returncode)
    target.write_bytes(original)


def test_load_with_8_and_64_clients_under_ingest(
    server: Server, served_index: tuple[Path, Path]
) -> None:
    corpus, index = served_index
    contents = requests.get(server.base + "/api/documents/hwhl-2008", timeout=30).json()
    section_ids = [s["id"] for s in contents["contents"]]
    before = server.worker_rss_mb()
    stop = threading.Event()
    runs: list[int] = []
    ingests = threading.Thread(target=ingest_loop, args=(corpus, index, stop, runs))
    ingests.start()
    try:
        results = {n: run_clients(server, n, SECONDS, section_ids) for n in (8, 64)}
    finally:
        stop.set()
        ingests.join()
    after = server.worker_rss_mb()

    for clients, tally in results.items():
        assert tally.errors == [], f"{clients} clients: {tally.errors[:5]}"
        assert tally.requests > clients
    assert runs and all(code == 0 for code in runs), runs
    served = sum(t.requests for t in results.values())
    record(
        "load under ingest",
        f"{served} requests ({results[8].requests} with 8 clients, {results[64].requests} "
        f"with 64, {SECONDS:g} s each) during {len(runs)} ingests/rebuilds, 0 errors",
    )
    record("worker memory before -> after the load run", f"{before} -> {after} MB RSS")
