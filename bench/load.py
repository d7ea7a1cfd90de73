"""Process measurements for ``bench/speed.py``: server start-up and HTTP load.

* :func:`start_server` starts ``python -m webui`` on 127.0.0.1 and times it
  from process start to the first good ``/healthz`` answer;
* :func:`run_load` drives a bounded concurrent load of rotating URLs with
  ``wrk`` (Debian package ``wrk``; a Lua script rotates the URLs and counts
  every non-2xx answer) or, when ``wrk`` is missing, with a thread-pool client
  from the standard library.

The memory of process trees (:func:`tree_rss`, :func:`tree_pss`,
:class:`PeakRss`) is measured in ``bench/process_memory.py`` and offered here
too.  Linux only (``/proc``).
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from process_memory import PeakRss, tree_pids, tree_pss, tree_rss

__all__ = ["PeakRss", "Server", "percentile", "tree_pids", "tree_pss", "tree_rss", "start_server", "run_load"]

SERVER_START_TIMEOUT = 120.0
# Requests slower than this count as errors (wrk's --timeout).
REQUEST_TIMEOUT_SECONDS = 5
# One wrk thread drives dozens of connections; the others cores stay with the server.
WRK_THREADS = 1

_SERVING = re.compile(r"Serving on (http://\S+)")

# Rotates through the paths listed in a file (one per line, given after "--"),
# each thread from its own offset, and counts non-2xx answers; done() prints
# one JSON line for the caller.
_WRK_SCRIPT = r"""
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do table.insert(paths, line) end
  i = offset
  non2xx = 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "seconds": %f, "p50_ms": %f, "p99_ms": %f, "max_ms": %f, ' ..
    '"non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, bad,
    e.connect + e.read + e.write + e.timeout))
end
"""


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank *q*-th percentile of *values* (NaN when empty)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * q / 100) - 1)]


@dataclass
class Server:
    """A running ``python -m webui``: its process, address and start-up time."""

    process: subprocess.Popen[str]
    url: str
    startup_seconds: float
    command: list[str]
    output: list[str] = field(default_factory=list)

    def rss(self) -> tuple[int, list[int]]:
        return tree_rss(self.process.pid)

    def pss(self) -> int:
        return tree_pss(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def start_server(index_dir: Path, extra_args: list[str], cwd: Path) -> Server:
    """Start the web UI on a free port of 127.0.0.1 and wait for its first good ``/healthz``.

    :raises RuntimeError: when it exits or is not ready within ``SERVER_START_TIMEOUT``.
    """
    command = [sys.executable, "-m", "webui", "--host", "127.0.0.1", "--port", "0",
               "--index", str(index_dir), *extra_args]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    output: list[str] = []
    address: list[str] = []

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line.rstrip("\n"))
            match = _SERVING.search(line)
            if match and not address:
                address.append(match.group(1))

    threading.Thread(target=read_output, daemon=True).start()
    while time.perf_counter() - started < SERVER_START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}: " + " | ".join(output[-5:]))
        if address and _healthy(address[0]):
            return Server(process, address[0], time.perf_counter() - started, command, output)
        time.sleep(0.005)
    process.kill()
    raise RuntimeError(f"the server was not ready after {SERVER_START_TIMEOUT:.0f} s")


def run_load(url: str, paths: list[str], connections: int, seconds: float) -> dict[str, float | int | str]:
    """Request *paths* in rotation over *connections* keep-alive connections for *seconds*.

    Returns requests, requests_per_s, p50_ms, p99_ms, max_ms, non2xx,
    socket_errors, errors (their sum) and the tool used.
    """
    if shutil.which("wrk"):
        figures = _run_wrk(url, paths, connections, seconds)
    else:
        figures = _run_threads(url, paths, connections, seconds)
    figures["errors"] = int(figures["non2xx"]) + int(figures["socket_errors"])
    figures["requests_per_s"] = round(int(figures["requests"]) / float(figures["seconds"]), 1)
    return figures


def _run_wrk(url: str, paths: list[str], connections: int, seconds: float) -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory(prefix="frsearch-wrk-") as folder:
        script, listing = Path(folder, "rotate.lua"), Path(folder, "paths.txt")
        script.write_text(_WRK_SCRIPT, encoding="utf-8")
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        command = ["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{seconds:g}s",
                   "--timeout", f"{REQUEST_TIMEOUT_SECONDS}s", "-s", str(script), url, "--", str(listing)]
        finished = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(line for line in finished.stdout.splitlines() if line.startswith("WRK-RESULT "))
    figures: dict[str, float | int | str] = json.loads(line.removeprefix("WRK-RESULT "))
    figures["tool"] = f"wrk, {WRK_THREADS} thread, {connections} connections"
    return figures


def _run_threads(url: str, paths: list[str], connections: int, seconds: float) -> dict[str, float | int | str]:
    """The fallback client: one thread per connection, each with its own keep-alive connection."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> tuple[list[float], int, int]:
        latencies: list[float] = []
        non2xx = socket_errors = 0
        connection = http.client.HTTPConnection(host, int(port), timeout=REQUEST_TIMEOUT_SECONDS)
        i = offset
        while time.perf_counter() < deadline:
            i += 1
            started = time.perf_counter()
            try:
                connection.request("GET", paths[i % len(paths)])
                answer = connection.getresponse()
                answer.read()
            except (OSError, http.client.HTTPException):
                socket_errors += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=REQUEST_TIMEOUT_SECONDS)
                continue
            latencies.append(time.perf_counter() - started)
            non2xx += not 200 <= answer.status <= 299
        connection.close()
        return latencies, non2xx, socket_errors

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(worker, [n * 7919 for n in range(connections)]))
    elapsed = time.perf_counter() - started
    latencies = [value * 1000 for result in results for value in result[0]]
    return {
        "requests": len(latencies), "seconds": elapsed, "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99), "max_ms": percentile(latencies, 100),
        "non2xx": sum(r[1] for r in results), "socket_errors": sum(r[2] for r in results),
        "tool": f"Python threads (wrk not found), {connections} connections",
    }
