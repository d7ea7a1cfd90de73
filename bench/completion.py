"""Speed of word completion: ``SearchIndex.complete`` and a real server's ``/api/suggest``, on the large bench corpus.

Prefixes are the first 2 to 6 letters of corpus words drawn at random (fixed
seed), typed without accents as people do; each is asked once after a
warm-up.  Reports p50, p95, p99 and max in milliseconds for the library and
for HTTP round trips to ``python -m webui`` on 127.0.0.1 (one at a time).
The target: p95 of ``/api/suggest`` at most 10 ms.

Usage::

    python bench/completion.py [--corpus /tmp/frsearch-bench/corpus] [--work /tmp/frsearch-bench/completion]
                               [--prefixes 2000] [--json FILE]
"""

from __future__ import annotations

import random
import sys
import time
import urllib.request
from functools import partial
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import indexer  # noqa: E402
from bench.locations import BENCH_DIR, CORPUS_DIR  # noqa: E402
from bench.latency import emit_report, percentile, report_parser, require, time_each  # noqa: E402
from indexer.analysis import fold_accents  # noqa: E402
from indexer.vocabulary import Vocabulary  # noqa: E402
from tests.web.browser import running_server  # noqa: E402

DEFAULT_WORK = BENCH_DIR / "completion"
TARGET_P95_MS = 10.0
SEED = 13
WARM_UP = 50


def percentiles(values: list[float]) -> dict[str, float]:
    """Return p50, p95, p99 and max of *values* (milliseconds), rounded to 0.01."""
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "max": round(max(values), 2)}


def prefixes(generation: Path, count: int) -> list[str]:
    """Return *count* accent-free prefixes of 2 to 6 letters of words drawn from the vocabulary in *generation*."""
    words = sorted(word for word in Vocabulary.load(generation).counts if word.isalpha() and len(word) >= 3)
    rng = random.Random(SEED)
    drawn = [rng.choice(words) for _ in range(count)]
    return [fold_accents(word[: rng.randint(2, min(6, len(word)))]) for word in drawn]


def ask_server(url: str, prefix: str) -> None:
    """Ask the server at *url* for the completions of *prefix*, reading the whole answer."""
    with urllib.request.urlopen(f"{url}/api/suggest?q={quote(prefix)}", timeout=10) as response:
        response.read()


def main() -> None:
    parser = report_parser(__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus folder (bench/corpus.py)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="folder of the index and the server log")
    parser.add_argument("--prefixes", type=int, default=2000, help="how many prefixes to complete")
    args = parser.parse_args()
    require(args.corpus.is_dir(), f"no corpus in {args.corpus}; run python bench/corpus.py first")
    index_dir = args.work / "index"
    if not index_dir.exists():
        started = time.perf_counter()
        indexer.build_index(args.corpus, index_dir)
        print(f"built {index_dir} in {time.perf_counter() - started:.0f} s")
    opened = indexer.open_index(index_dir)
    assert isinstance(opened, indexer.SearchIndex)
    opened.warm_up()
    # The serving generation's folder holds the vocabulary the completions come from.
    asked = prefixes(opened.open_generations()[-1], args.prefixes)
    report = {"prefixes": len(asked), "library_ms": percentiles(time_each(opened.complete, asked, WARM_UP))}
    opened.close()
    with running_server(index_dir, args.work / "server.log") as url:
        report["server_ms"] = percentiles(time_each(partial(ask_server, url), asked, WARM_UP))
    report["target_p95_ms"] = TARGET_P95_MS
    report["met"] = report["server_ms"]["p95"] <= TARGET_P95_MS
    emit_report(report, args.json)


if __name__ == "__main__":
    main()
