"""What the small latency benchmarks (completion, facets) share: timing, percentiles, the report.

Times are in milliseconds; percentiles are those of ``statistics.quantiles``
(exclusive method, 100 cuts), rounded to 0.01 ms.  Each script prints its
report as JSON and writes it to ``--json FILE`` when asked.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

Item = TypeVar("Item")
MS_PER_SECOND = 1000


def elapsed_ms(call: Callable[[Item], object], item: Item) -> float:
    """Return how long ``call(item)`` took, in milliseconds."""
    started = time.perf_counter()
    call(item)
    return (time.perf_counter() - started) * MS_PER_SECOND


def time_each(call: Callable[[Item], object], items: Sequence[Item], warm_up: int = 0) -> list[float]:
    """Call ``call`` on the first ``warm_up`` items untimed, then time it once on every item.

    :param warm_up: how many of the items are asked first, so that caches are warm.
    """
    for item in items[:warm_up]:
        call(item)
    return [elapsed_ms(call, item) for item in items]


def percentile(values: list[float], share: int) -> float:
    """Return the *share*-th percentile of *values*, rounded to 0.01.

    :raises statistics.StatisticsError: with fewer than two values.
    """
    return round(statistics.quantiles(sorted(values), n=100)[share - 1], 2)


def report_parser(doc: str) -> argparse.ArgumentParser:
    """Return a command line parser described by the first line of *doc*, with the ``--json FILE`` option."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    return parser


def require(present: bool, message: str) -> None:
    """Exit with ``error: <message>`` unless *present* (an input the benchmark reads is there)."""
    if not present:
        sys.exit(f"error: {message}")


def emit_report(report: dict[str, Any], json_path: Path | None) -> None:
    """Print *report* as indented JSON, and write it to *json_path* too when given."""
    text = json.dumps(report, indent=2)
    print(text)
    if json_path:
        json_path.write_text(text + "\n", encoding="utf-8")
