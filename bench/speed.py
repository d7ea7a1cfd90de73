"""Speed of fr-search against plain Whoosh, on one corpus, for every query shape.

Measures, in one run:

* build: paragraphs per second and peak memory, each build in a child
  process (the summed RSS of its process tree, sampled from ``/proc``, and
  the kernel's maximum RSS of its largest process); the ratio project /
  plain Whoosh;
* query latency per query shape (``bench/query_sets.py``: plain words,
  natural questions, questions holding compounds, quoted phrases, prefixes,
  exclusions, ``OR``, ``title:`` fields), top 10 with snippets, one query at
  a time after a warm-up on other queries; the project ungrouped and grouped
  per document (as the web UI searches): p50, p95, p99, max and the slowest
  query of each shape;
* the web server (project only) on ``seeds/`` and on the corpus: start-up
  time to the first ``/healthz`` answer, then a bounded concurrent load of
  ``/api/search`` over natural questions and plain words (``bench/load.py``):
  requests/s, p50/p99 latency, errors, server RSS after the load.

Engines are in ``bench/engines.py``, the report and the targets in
``bench/report.py``.

Usage::

    python bench/speed.py [--corpus DIR] [--work DIR] [--json FILE] [--skip-build]
                          [--only build,queries,web] [--shapes compound,phrase]
                          [--engines project,baseline,tantivy]
                          [--duration SECONDS] [--connections N] [--server-args "ARGS"]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import indexer  # noqa: E402
from indexer.search import postings as postings_module  # noqa: E402
from indexer.search import trees as trees_module  # noqa: E402
from engines import BUILDERS, ENGINES, documents, open_engine  # noqa: E402
from measure import interleave, loadavg, measure_build, measure_queries, measure_web  # noqa: E402
from query_sets import SHAPES, WORD_COUNTS, CorpusSample, build_query_sets, draw_queries, sample_corpus  # noqa: E402
from report import check_targets, print_report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval-dev"
# The natural questions: the dev set's section titles and questions, the help set's task descriptions.
NATURAL_FILES = ("dev.tsv", "help.tsv")
DEFAULT_CORPUS = Path("/tmp/frsearch-bench/corpus")
DEFAULT_WORK = Path("/tmp/frsearch-bench")
MEASUREMENTS = ("build", "queries", "web")
SEED = 5
# Warm-up queries are drawn with other seeds: a cache of repeated queries gains nothing from them.
# A few of each drawn shape load what that shape needs first (the vocabulary for prefixes).
WARMUP_PLAIN, WARMUP_LONG, WARMUP_LONG_WORDS, WARMUP_PER_SHAPE = 20, 10, 8, 3
# seeds/ is two articles: few words occur 5 times there.
SEEDS_WORD_COUNTS = (2, 5000)
WEB_PLAIN_QUERIES = 200
WEB_CONNECTIONS = 8
WEB_SECONDS = 20.0


def natural_queries(names: tuple[str, ...] = NATURAL_FILES) -> list[str]:
    """Return the questions (second column) of the eval sets *names*, in order."""
    queries = []
    for name in names:
        lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
        queries += [line.split("\t")[1] for line in lines if line.strip()]
    return queries


def query_runs(engine: str, index: Path) -> list[tuple[str, Callable[[str], int]]]:
    """Return the (run name, search function) pairs of *engine*: the project's ungrouped and grouped."""
    if engine != "project":
        return [(engine, open_engine(engine, index))]
    # Two opened indexes: the grouped run meets none of the ungrouped run's cached parses.
    return [("project", open_engine(engine, index)), ("project grouped", open_engine(engine, index, group=True))]


def forget_decoded_postings() -> None:
    """Empty the process's caches of decoded postings and phrases, so that each run starts as cold as the first.

    They are shared by every opened index of the same segments: without
    this, the grouped run would meet the postings the ungrouped run read.
    """
    postings_module._CACHE = postings_module._PostingsCache(postings_module.CACHED_POSTINGS)
    trees_module._PHRASES = trees_module._PhraseCache(trees_module.CACHED_PHRASE_PARAGRAPHS)


def run_queries(figures: dict[str, Any], engines: list[str], work: Path, sets: dict[str, list[str]],
                warmup: list[str]) -> None:
    """Measure every query set on every run of *engines*, into ``figures["queries"]``."""
    for engine in engines:
        for run, search in query_runs(engine, work / engine):
            forget_decoded_postings()
            for text in warmup:
                search(text)
            for shape, queries in sets.items():
                _log(f"{shape} queries, {run} ...")
                result = measure_queries(search, queries)
                figures.setdefault("queries", {}).setdefault(shape, {})[run] = result
                _log("  " + ", ".join(f"{key} {result[key]}" for key in ("p50_ms", "p95_ms", "max_ms", "slowest")))


# -- main --------------------------------------------------------------------

def _meta(corpus: Path, paragraph_count: int) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    files = [path for path in corpus.rglob("*") if path.suffix.lower() in (".txt", ".md") and path.is_file()]
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        memory_kib = int(meminfo.readline().split()[1])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    try:
        tantivy_version = version("tantivy")
    except PackageNotFoundError:
        tantivy_version = None
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": commit.stdout.strip(),
        "corpus": str(corpus), "files": len(files), "paragraphs": paragraph_count,
        "corpus_mb": round(sum(path.stat().st_size for path in files) / 1e6, 1),
        "cpus": os.cpu_count(), "memory_gib": round(memory_kib / 1024**2, 1),
        "load_average_at_start": round(os.getloadavg()[0], 2), "loadavg_start": loadavg(),
        "python": platform.python_version(), "whoosh3": version("whoosh3"), "tantivy": tantivy_version,
    }


def _choice(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    """Return the comma-separated names of *value*, in *allowed*'s order; exit with one line for an unknown one."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        sys.exit(f"error: unknown {what} {', '.join(unknown) or repr(value)}; choose among {','.join(allowed)}")
    return [name for name in allowed if name in names]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (bench/corpus.py)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK / "speed", help="folder for the indexes")
    parser.add_argument("--json", type=Path, default=DEFAULT_WORK / "speed.json", help="figures written here")
    parser.add_argument("--skip-build", action="store_true", help="reuse the indexes a previous run built")
    parser.add_argument("--only", default=",".join(MEASUREMENTS), help="measurements: build,queries,web")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"query shapes: {','.join(SHAPES)}")
    parser.add_argument("--engines", default=",".join(ENGINES), help="engines for build and queries")
    parser.add_argument("--duration", type=float, default=WEB_SECONDS, help="seconds of web load per corpus")
    parser.add_argument("--connections", type=int, default=WEB_CONNECTIONS, help="concurrent web connections")
    parser.add_argument("--server-args", help='extra python -m webui options (default: "--workers <cores>" '
                        "when the server has that option)")
    parser.add_argument("--child-build", nargs=3, help=argparse.SUPPRESS)
    return parser.parse_args()


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


def build_indexes(figures: dict[str, Any], needed: set[str], work: Path, args: argparse.Namespace,
                  build: bool) -> None:
    """Build the index of each engine of *needed* that has none, or every one when *build*."""
    for engine in [e for e in ENGINES if e in needed]:
        index = work / engine
        if not (index.is_dir() and any(index.iterdir())) or build:
            _log(f"building the {engine} index in {index} ...")
            figures.setdefault("build", {})[engine] = measure_build(engine, args.corpus, index)
            _log(f"  {figures['build'][engine]}")
    built = figures.get("build", {})
    if "project" in built and "baseline" in built:
        built["ratio"] = round(built["project"]["paragraphs_per_s"] / built["baseline"]["paragraphs_per_s"], 2)


def query_sets(sample: CorpusSample, shapes: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Return the measured query sets of *shapes* and the warm-up queries (drawn with other seeds)."""
    sets = build_query_sets(sample, natural_queries(), SEED, shapes)
    warmup = (draw_queries(sample.words, WORD_COUNTS, WARMUP_PLAIN, SEED + 1)
              + draw_queries(sample.words, WORD_COUNTS, WARMUP_LONG, SEED + 2, sizes=(WARMUP_LONG_WORDS,)))
    others = build_query_sets(sample, [], SEED + 3, [shape for shape in shapes if shape != "natural"])
    warmup += [text for texts in others.values() for text in texts[:WARMUP_PER_SHAPE]]
    measured = {text for texts in sets.values() for text in texts}
    return sets, [text for text in warmup if text not in measured]


def run_web(figures: dict[str, Any], sample: CorpusSample, work: Path, warmup: list[str],
            args: argparse.Namespace) -> None:
    """Load the server on ``seeds/`` and on the corpus with the dev questions and plain words."""
    seeds_index = work.parent / "seeds" / "project"
    if not (seeds_index / "CURRENT").exists() or not args.skip_build:
        indexer.build_index(ROOT / "seeds", seeds_index)
    seeds_sample = sample_corpus(documents(ROOT / "seeds"))
    # The same mix as earlier runs, so that the web figures stay comparable.
    dev = natural_queries(NATURAL_FILES[:1])
    seeds_plain = draw_queries(seeds_sample.words, SEEDS_WORD_COUNTS, WEB_PLAIN_QUERIES, SEED)
    plain = draw_queries(sample.words, WORD_COUNTS, WEB_PLAIN_QUERIES, SEED)
    for name, index, mix in (("seeds", seeds_index, interleave(dev, seeds_plain)),
                             ("corpus", work / "project", interleave(dev, plain))):
        _log(f"web, {name} ...")
        figures.setdefault("web", {})[name] = measure_web(index, mix, warmup, args)
        _log(f"  {figures['web'][name]}")


def main() -> None:
    args = parse_args()
    if args.child_build:
        engine, corpus, index = args.child_build
        started = time.perf_counter()
        count = BUILDERS[engine](Path(corpus), Path(index))
        print(json.dumps({"paragraphs": count, "seconds": time.perf_counter() - started}))
        return
    if not args.corpus.is_dir():
        sys.exit(f"error: no corpus in {args.corpus}; build it first with: .venv/bin/python bench/corpus.py")
    only = set(_choice(args.only, MEASUREMENTS, "measurement"))
    shapes = _choice(args.shapes, SHAPES, "query shape")
    engines = _choice(args.engines, ENGINES, "engine")
    if "tantivy" in engines and not _importable("tantivy"):
        _log("tantivy is not installed (pip install tantivy): left out")
        engines.remove("tantivy")
    work = args.work / re.sub(r"[^\w]+", "-", str(args.corpus.resolve())).strip("-")
    _log(f"reading {args.corpus} ...")
    sample = sample_corpus(documents(args.corpus))
    figures: dict[str, Any] = {"meta": _meta(args.corpus, sample.paragraphs)}
    sets, warmup = query_sets(sample, shapes)
    figures["meta"] |= {"shapes": {shape: len(texts) for shape, texts in sets.items()}, "warmup_queries": len(warmup)}
    needed = set(engines if only & {"build", "queries"} else []) | ({"project"} if "web" in only else set())
    build_indexes(figures, needed, work, args, "build" in only and not args.skip_build)
    if "queries" in only:
        figures["query_sets"] = sets
        run_queries(figures, engines, work, sets, warmup)
    if "web" in only:
        run_web(figures, sample, work, warmup, args)
    figures["meta"] |= {"load_average_at_end": round(os.getloadavg()[0], 2), "loadavg_end": loadavg()}
    figures["targets"] = check_targets(figures)
    print_report(figures)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
