"""What facets cost a search: the dev questions searched as the web UI does, without and with facets.

Each question is searched grouped by document (the results page's default),
top 10 with snippets, once without filters (no facets computed) and once
with empty filters (facets counted by folder, format and date), the two
interleaved so that load on the machine weighs on both alike; a warm-up
round first.  Reports p50 and p95 in milliseconds and the p95 ratio
(target: at most 1.10).  Also times completions of prefixes of the
questions' words (``SearchIndex.complete``).

Usage::

    python bench/facets.py [--index /tmp/frsearch-bench/relevance/index-dev-project]
                           [--questions /tmp/frsearch-bench/relevance/eval-dev/dev.tsv] [--rounds 3] [--json FILE]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import indexer  # noqa: E402
from bench.locations import BENCH_DIR  # noqa: E402
from bench.latency import elapsed_ms, emit_report, percentile, report_parser, require, time_each  # noqa: E402

# Made by bench/relevance.py.
DEFAULT_INDEX = BENCH_DIR / "relevance" / "index-dev-project"
DEFAULT_QUESTIONS = BENCH_DIR / "relevance" / "eval-dev" / "dev.tsv"
TARGET_RATIO = 1.10
PREFIX_LETTERS = 4


def questions(path: Path) -> list[str]:
    """Return the questions of a ``id<TAB>question`` file."""
    return [line.split("\t", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]


def timed(index: indexer.SearchIndex, question: str, filters: indexer.SearchFilters | None) -> float:
    """Return how long *index* takes to search *question* as the results page does, in milliseconds."""
    return elapsed_ms(lambda text: index.search(text, limit=10, group=True, filters=filters), question)


def main() -> None:
    parser = report_parser(__doc__)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index to search (bench/relevance.py)")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="id<TAB>question file")
    parser.add_argument("--rounds", type=int, default=3, help="how many times each question is timed")
    args = parser.parse_args()
    require(args.questions.is_file(), f"no questions in {args.questions}; run python bench/relevance.py first")
    index = indexer.open_index(args.index)
    asked = questions(args.questions)
    for question in asked:
        index.search(question, limit=10, group=True, filters=indexer.SearchFilters())
    plain: list[float] = []
    faceted: list[float] = []
    for _ in range(args.rounds):
        for question in asked:
            plain.append(timed(index, question, None))
            faceted.append(timed(index, question, indexer.SearchFilters()))
    prefixes = [word[:PREFIX_LETTERS] for question in asked for word in re.findall(r"\w{5,}", question)]
    completions = time_each(index.complete, prefixes)
    report = {
        "questions": len(asked), "rounds": args.rounds,
        "without_facets_ms": {"p50": percentile(plain, 50), "p95": percentile(plain, 95)},
        "with_facets_ms": {"p50": percentile(faceted, 50), "p95": percentile(faceted, 95)},
        "completion_ms": {"prefixes": len(prefixes), "p50": percentile(completions, 50),
                          "p95": percentile(completions, 95)},
    }
    report["p95_ratio"] = round(report["with_facets_ms"]["p95"] / report["without_facets_ms"]["p95"], 3)
    report["met"] = report["p95_ratio"] <= TARGET_RATIO
    emit_report(report, args.json)


if __name__ == "__main__":
    main()
