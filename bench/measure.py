"""Measurements of ``bench/speed.py``: a build in a child process, queries one at a time, the web server."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from load import PeakRss, percentile, run_load, start_server

ROOT = Path(__file__).resolve().parent.parent
SPEED = Path(__file__).resolve().with_name("speed.py")
MB = 1024 * 1024


def loadavg() -> str:
    """Return the first three fields of ``/proc/loadavg`` (1, 5 and 15 minutes)."""
    with open("/proc/loadavg", encoding="ascii") as source:
        return " ".join(source.read().split()[:3])


def _size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / MB


def measure_build(engine: str, corpus: Path, index: Path) -> dict[str, Any]:
    """Build *engine*'s index of *corpus* in a child process; return its speed and memory."""
    command = [sys.executable, str(SPEED), "--child-build", engine, str(corpus), str(index)]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    sampler = PeakRss(child.pid)
    assert child.stdout is not None
    output = child.stdout.read()
    # wait4 gives this child's own resource usage, not that of every child so far.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = sampler.stop()
    if child.returncode:
        raise SystemExit(f"the {engine} build failed (exit status {child.returncode})")
    done = json.loads(output.splitlines()[-1])
    return {
        "paragraphs": done["paragraphs"], "seconds": round(done["seconds"], 2),
        "paragraphs_per_s": round(done["paragraphs"] / done["seconds"], 1),
        "peak_rss_mb": round(max(peak, usage.ru_maxrss * 1024) / MB, 1),
        "max_rss_one_process_mb": round(usage.ru_maxrss / 1024, 1),
        "index_mb": round(_size_mb(index), 1),
    }


def measure_queries(search: Callable[[str], int], queries: list[str]) -> dict[str, Any]:
    """Run *queries* one at a time; return their latency percentiles, maximum and slowest query."""
    load = loadavg()
    latencies, answered, hits = [], 0, 0
    for text in queries:
        started = time.perf_counter()
        found = search(text)
        latencies.append((time.perf_counter() - started) * 1000)
        answered += found > 0
        hits += found
    slowest = max(range(len(queries)), key=latencies.__getitem__)
    return {
        "queries": len(queries), "answered": answered, "mean_hits": round(hits / len(queries), 2),
        **{f"p{q}_ms": round(percentile(latencies, q), 2) for q in (50, 95, 99)},
        "max_ms": round(latencies[slowest], 2), "slowest": queries[slowest],
        "mean_ms": round(sum(latencies) / len(latencies), 2), "total_s": round(sum(latencies) / 1000, 2),
        "loadavg": load, "latencies_ms": [round(value, 2) for value in latencies],
    }


def server_args(override: str | None) -> list[str]:
    """Return the extra ``python -m webui`` options: one worker per core when the server has ``--workers``."""
    if override is not None:
        return shlex.split(override)
    usage = subprocess.run([sys.executable, "-m", "webui", "--help"], cwd=ROOT, capture_output=True, text=True)
    return ["--workers", str(os.cpu_count() or 1)] if "--workers" in usage.stdout else []


def measure_web(index: Path, queries: list[str], warmup: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """Start the server on *index*, warm it up, load it with *queries*; return its figures."""
    server = start_server(index, server_args(args.server_args), ROOT)
    try:
        run_load(server.url, [_api_path(text) for text in warmup], args.connections, 2)
        load = run_load(server.url, [_api_path(text) for text in queries], args.connections, args.duration)
        total, sizes = server.rss()
        pss = server.pss()
    finally:
        server.stop()
    return {
        "command": shlex.join(["python", *server.command[1:]]), "startup_s": round(server.startup_seconds, 3),
        **{key: round(value, 2) if isinstance(value, float) else value for key, value in load.items()},
        "connections": args.connections, "distinct_urls": len(set(queries)), "processes": len(sizes), "rss_total_mb": round(total / MB, 1),
        "rss_largest_mb": round(max(sizes, default=0) / MB, 1), "pss_total_mb": round(pss / MB, 1),
    }


def _api_path(text: str) -> str:
    return f"/api/search?q={quote(text, safe='')}"


def interleave(first: list[str], second: list[str]) -> list[str]:
    """Return the items of *first* and *second* alternately (the rest of the longer one at the end)."""
    mixed = []
    for index in range(max(len(first), len(second))):
        mixed += first[index : index + 1] + second[index : index + 1]
    return mixed
