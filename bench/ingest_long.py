"""One long report on both cores: raw pdfplumber, ingest with 1 worker, ingest with 2 workers.

    .venv/bin/python bench/ingest_bench.py --long [--runs 3]      (or: ./run bench --long)

Side by side in one run, interleaved (raw, 1 worker, 2 workers; then again), so that drift in
the machine's load hits every column alike; each figure is the median of ``--runs`` runs. Every
measurement is a fresh process, as a user would meet it:

- raw: ``pdfplumber.open`` and ``page.extract_words()`` on every page (closing each page), one
  process: the floor that the ingest's reading is held against;
- ingest: ``healthsearch ingest FILE --workers N`` into a new index folder: reading, sectioning,
  tagging and writing the index, start-up included.

Files: ``../shared/realworld/unstructured/DA-619p.pdf`` (619 pages) when ``../shared`` is
beside the repository, and the generated 300-page report (``bench/make_report.py``). Targets
(issue 17): 2 workers at least 1.8x as fast as 1 worker; 1 worker at most 25% over raw.

Wall-clock figures only mean something on an idle machine: the load average is printed at the
start and before every measurement, with a warning above 1.5 (the machine has 2 cores). CPU
seconds (user + sys of the whole process tree) are printed beside them; they move much less
with other load. Peak memory: the largest resident size seen of the ingest process and of each
parse worker (sampled every 50 ms with psutil). Writes bench-output/ingest-long.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DA619 = ROOT.parent / "shared" / "realworld" / "unstructured" / "DA-619p.pdf"
OUT = ROOT / "bench-output"
BUSY = 1.5

RAW = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_words()
        page.close()
"""


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    load: float
    peak_mb: dict[str, float] = field(default_factory=dict)  # process role -> MB


def load_average() -> float:
    return os.getloadavg()[0]


def _sample(process: psutil.Process, peaks: dict[int, tuple[str, float]], done: threading.Event):
    """Largest RSS seen per process of the tree (the ingest itself, then its parse workers)."""
    while not done.is_set():
        try:
            tree = [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for proc in tree:
            try:
                rss = proc.memory_info().rss / 2**20
            except psutil.Error:
                continue
            role = "ingest" if proc.pid == process.pid else "worker"
            peaks[proc.pid] = (role, max(rss, peaks.get(proc.pid, (role, 0.0))[1]))
        done.wait(0.05)


def measure(command: list[str]) -> Run:
    """Run ``command`` to completion: wall seconds, CPU seconds of its tree, peak memory."""
    load = load_average()
    before = os.times()
    started = time.perf_counter()
    popen = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peaks: dict[int, tuple[str, float]] = {}
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(popen, peaks, done), daemon=True)
    sampler.start()
    out, err = popen.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = os.times()
    if popen.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{out.decode()[-2000:]}{err.decode()[-2000:]}"
        )
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    workers = sorted((mb for role, mb in peaks.values() if role == "worker"), reverse=True)
    peak = {"ingest": round(max((mb for r, mb in peaks.values() if r == "ingest"), default=0), 1)}
    peak |= {f"worker {i + 1}": round(mb, 1) for i, mb in enumerate(workers)}
    return Run(round(wall, 2), round(cpu, 2), round(load, 2), peak)


def commands(pdf: Path, index: Path) -> dict[str, list[str]]:
    cli = str(Path(sys.executable).parent / "healthsearch")
    ingest = [cli, "ingest", str(pdf), "--index", str(index), "--corpus", str(ROOT / "corpus")]
    return {
        "raw pdfplumber": [sys.executable, "-c", RAW, str(pdf)],
        "ingest, 1 worker": [*ingest, "--workers", "1", "--json"],
        "ingest, 2 workers": [*ingest, "--workers", "2", "--json"],
    }


def bench_file(pdf: Path, runs: int) -> dict:
    results: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="ingest-long-") as tmp:
        for n in range(runs):
            for name, command in commands(pdf, Path(tmp) / f"index-{n}").items():
                index = Path(tmp) / f"index-{n}"
                shutil.rmtree(index, ignore_errors=True)  # every ingest starts from nothing
                run = measure(command)
                results.setdefault(name, []).append(run)
                warn = "  (machine busy)" if run.load > BUSY else ""
                print(
                    f"  run {n + 1} {name:<18} {run.wall_s:7.2f} s wall {run.cpu_s:7.2f} s cpu"
                    f"  load {run.load:.2f}{warn}",
                    flush=True,
                )
    return summarise(pdf, results)


def summarise(pdf: Path, results: dict[str, list[Run]]) -> dict:
    def median(name: str, what: str) -> float:
        return statistics.median(getattr(r, what) for r in results[name])

    raw, one, two = "raw pdfplumber", "ingest, 1 worker", "ingest, 2 workers"
    peaks: dict[str, dict[str, float]] = {}
    for name in (one, two):
        roles = sorted({role for r in results[name] for role in r.peak_mb})
        peaks[name] = {role: max(r.peak_mb.get(role, 0.0) for r in results[name]) for role in roles}
    return {
        "file": pdf.name,
        "runs": {name: [r.__dict__ for r in rs] for name, rs in results.items()},
        "median_wall_s": {name: median(name, "wall_s") for name in results},
        "median_cpu_s": {name: median(name, "cpu_s") for name in results},
        "overhead_1_worker_pct": round(
            100 * (median(one, "wall_s") / median(raw, "wall_s") - 1), 1
        ),
        "speedup_2_workers": round(median(one, "wall_s") / median(two, "wall_s"), 2),
        "cpu_overhead_1_worker_pct": round(
            100 * (median(one, "cpu_s") / median(raw, "cpu_s") - 1), 1
        ),
        "peak_mb": peaks,
        "load": [r.load for rs in results.values() for r in rs],
    }


def report_pdf() -> Path:
    OUT.mkdir(exist_ok=True)
    long_pdf = OUT / "long-300.pdf"
    if not long_pdf.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_report.py"), str(long_pdf)],
            check=True,
            capture_output=True,
        )
    return long_pdf


def main(runs: int = 3) -> None:
    load = load_average()
    print(f"load average at start: {load:.2f} (1 min), {os.cpu_count()} CPUs")
    if load > BUSY:
        print(
            f"WARNING: load average {load:.2f} > {BUSY}: other work shares the cores, so the "
            "wall-clock figures (and the speed-up) will be off; the CPU seconds less so.",
            flush=True,
        )
    files = [DA619] if DA619.exists() else []
    if not files:
        print(f"{DA619} is not here (no ../shared): the generated report only")
    files.append(report_pdf())
    summaries = []
    for pdf in files:
        print(f"{pdf.name}: median of {runs}", flush=True)
        summary = bench_file(pdf, runs)
        summaries.append(summary)
        show(summary)
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest-long.json").write_text(json.dumps(summaries, indent=2) + "\n")
    print(f"wrote {OUT / 'ingest-long.json'}")


def show(s: dict) -> None:
    wall, cpu = s["median_wall_s"], s["median_cpu_s"]
    print(f"  {'':<18} {'wall s':>8} {'cpu s':>8}   peak MB")
    for name in wall:
        peaks = s["peak_mb"].get(name, {})
        peak = ", ".join(f"{role} {mb:.0f}" for role, mb in peaks.items())
        print(f"  {name:<18} {wall[name]:8.2f} {cpu[name]:8.2f}   {peak}")
    over, speed = s["overhead_1_worker_pct"], s["speedup_2_workers"]
    busy = max(s["load"]) > BUSY

    def verdict(met: bool) -> str:
        # On a shared machine 2 workers get a larger share of the cores than 1: no verdict.
        return "not judged: machine busy" if busy else ("met" if met else "NOT met")

    print(
        f"  1 worker over raw: {over:+.1f}% wall, {s['cpu_overhead_1_worker_pct']:+.1f}% cpu "
        f"(target <= 25%: {verdict(over <= 25)}); 2 workers: {speed:.2f}x "
        f"(target >= 1.8x: {verdict(speed >= 1.8)}); load "
        f"{min(s['load']):.2f}-{max(s['load']):.2f}",
        flush=True,
    )
