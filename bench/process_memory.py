"""Memory of process trees, read from ``/proc``: for ``bench/load.py`` and ``bench/measure.py``.

* :func:`tree_rss` and :func:`tree_pss` sum the resident memory of a process
  and all its descendants (a server with worker processes, a build whose
  writer spawns helpers);
* :class:`PeakRss` samples that sum in a background thread while a child runs.

Linux only (``/proc``).
"""

from __future__ import annotations

import os
import threading

__all__ = ["PeakRss", "tree_pids", "tree_pss", "tree_rss"]

# How often the peak memory of a running child is sampled.
RSS_SAMPLE_SECONDS = 0.05


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                # The command name may hold spaces: the parent pid follows the last ")".
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree_pids(pid: int) -> list[int]:
    """Return *pid* and the pids of all its living descendants."""
    children = _children_map()
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, ()))
    return found


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_rss(pid: int) -> tuple[int, list[int]]:
    """Return the summed resident memory of *pid*'s tree and each process's share, in bytes.

    Pages shared between processes (libraries, the index files mapped by
    several workers) count once per process: the sum is an upper bound.
    """
    sizes = [size for size in map(_rss_bytes, tree_pids(pid)) if size]
    return sum(sizes), sizes


def tree_pss(pid: int) -> int:
    """Return the summed proportional set size of *pid*'s tree, in bytes.

    PSS divides each shared page among the processes (and mappings) that map
    it, so the same index file mapped by several searchers or workers counts
    once in all.
    """
    total = 0
    for member in tree_pids(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) * 1024
        except (OSError, StopIteration, ValueError):
            continue
    return total


class PeakRss:
    """Samples the summed RSS of a process tree until stopped; ``peak`` holds the largest sum."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid)[0])
            self._stop.wait(RSS_SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak
