"""Speed of fr-search against plain Whoosh, on one corpus and one set of queries.

Measures, in one run:

* build: paragraphs per second and peak memory, each build in a child
  process (the summed RSS of its process tree, sampled from ``/proc``, and
  the kernel's maximum RSS of its largest process);
* query latency p50/p95/p99, top 10 with snippets, for the 150
  natural-language queries of ``../shared/eval-dev/dev.tsv`` and for 200 short
  queries of 1-3 words drawn (seeded) from the corpus vocabulary, after a
  warm-up on other queries;
* the web server (project only) on ``seeds/`` and on the corpus: start-up
  time to the first ``/healthz`` answer, then a bounded concurrent load of
  ``/api/search`` over both kinds of queries (see ``bench/load.py``):
  requests/s, p50/p99 latency, errors, server RSS after the load.

Engines:

* ``project``: ``indexer.build_index`` and ``indexer.open_index(dir).search(q, limit=10)``;
* ``baseline``: plain Whoosh used as its tutorial shows: the default
  ``StandardAnalyzer`` schema (a ``TEXT`` field for the paragraph, stored id
  and number), a single-process writer, the index opened once and
  ``with ix.searcher() as s: s.search(q, limit=10)`` per query with the
  default ``QueryParser`` in OR mode, snippets from ``hit.highlights()``;
* ``tantivy`` (native reference, when installed): tantivy-py with a French
  stemming analyzer, its lenient parser, ``SnippetGenerator`` snippets.

All engines index the same paragraphs (read by the project's corpus reader).
Ratios are project / baseline: above 1 is more throughput, below 1 less latency.

Usage::

    python bench/speed.py [--corpus DIR] [--work DIR] [--json FILE] [--skip-build]
                          [--only build,queries,web] [--engines project,baseline,tantivy]
                          [--duration SECONDS] [--connections N] [--server-args "ARGS"]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import indexer  # noqa: E402
from indexer.corpus import SkippedFile, read_corpus  # noqa: E402
from load import PeakRss, percentile, run_load, start_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NATURAL_QUERIES = ROOT.parent / "shared" / "eval-dev" / "dev.tsv"
DEFAULT_CORPUS = Path("/tmp/frsearch-bench/corpus")
DEFAULT_WORK = Path("/tmp/frsearch-bench")
ENGINES = ("project", "baseline", "tantivy")
MEASUREMENTS = ("build", "queries", "web")
LIMIT = 10
SEED = 5
SHORT_QUERIES = 200
# Short-query words: 4+ letters, frequent enough to match, rare enough to mean something.
SHORT_WORD_COUNTS = (5, 5000)
# seeds/ is two articles: few words occur 5 times there.
SEEDS_WORD_COUNTS = (2, 5000)
# Warm-up queries are drawn with another seed: a cache of repeated queries gains nothing from them.
WARMUP_SHORT, WARMUP_LONG, WARMUP_LONG_WORDS = 20, 10, 8
# A load average above this share of the cores means other work skewed the figures.
BUSY_LOAD = 0.5
WEB_CONNECTIONS = 8
WEB_SECONDS = 20.0
MB = 1024 * 1024
_WORD = re.compile(r"[^\W\d_]{4,}")

# (label, figure path, comparison, limit): the targets of issue 5, on the large corpus.
TARGETS: list[tuple[str, tuple[str, ...], str, float]] = [
    ("build paragraphs/s, project / baseline", ("build", "ratio"), ">=", 2.0),
    ("build peak RSS (MB)", ("build", "project", "peak_rss_mb"), "<=", 1024),
    ("natural queries p50 (ms)", ("queries", "natural", "project", "p50_ms"), "<=", 25),
    ("natural queries p95 (ms)", ("queries", "natural", "project", "p95_ms"), "<=", 100),
    ("short queries p95 (ms)", ("queries", "short", "project", "p95_ms"), "<=", 20),
    ("web seeds requests/s", ("web", "seeds", "requests_per_s"), ">=", 200),
    ("web seeds p99 (ms)", ("web", "seeds", "p99_ms"), "<=", 300),
    ("web seeds errors", ("web", "seeds", "errors"), "<=", 0),
    ("web corpus requests/s", ("web", "corpus", "requests_per_s"), ">=", 60),
    ("web corpus p99 (ms)", ("web", "corpus", "p99_ms"), "<=", 300),
    ("web corpus errors", ("web", "corpus", "errors"), "<=", 0),
    ("server ready, seeds (s)", ("web", "seeds", "startup_s"), "<=", 1.0),
    ("server ready, corpus (s)", ("web", "corpus", "startup_s"), "<=", 1.0),
    ("server RSS per process, corpus (MB)", ("web", "corpus", "rss_largest_mb"), "<=", 300),
]


# -- corpus and queries ------------------------------------------------------

def paragraphs(corpus: Path) -> Iterator[tuple[str, int, str]]:
    """Yield (document id, paragraph number, text) for every paragraph the project indexes."""
    for document in read_corpus(corpus):
        if not isinstance(document, SkippedFile):
            for paragraph in document.paragraphs:
                yield document.doc_id, paragraph.number, paragraph.text


def natural_queries() -> list[str]:
    lines = NATURAL_QUERIES.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in lines if line.strip()]


def word_counts(corpus: Path) -> tuple[Counter[str], int]:
    """Return the corpus's words of 4+ letters (lowercased) with their counts, and its paragraph count."""
    counts: Counter[str] = Counter()
    total = 0
    for _, _, text in paragraphs(corpus):
        counts.update(_WORD.findall(text.lower()))
        total += 1
    return counts, total


def draw_queries(counts: Counter[str], bounds: tuple[int, int], number: int, seed: int,
                 sizes: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """Return *number* queries of *sizes* words drawn with *seed* from the words counted within *bounds*."""
    low, high = bounds
    words = sorted(word for word, count in counts.items() if low <= count <= high)
    rng = random.Random(seed)
    return [" ".join(rng.sample(words, rng.choice(sizes))) for _ in range(number)]


# -- engines -----------------------------------------------------------------

def build_project(corpus: Path, index: Path) -> int:
    return indexer.build_index(corpus, index).paragraphs


def build_baseline(corpus: Path, index: Path) -> int:
    from whoosh import fields, index as whoosh_index

    shutil.rmtree(index, ignore_errors=True)
    index.mkdir(parents=True)
    schema = fields.Schema(source=fields.ID(stored=True), number=fields.STORED, text=fields.TEXT(stored=True))
    writer = whoosh_index.create_in(str(index), schema).writer()
    count = 0
    for source, number, text in paragraphs(corpus):
        writer.add_document(source=source, number=number, text=text)
        count += 1
    writer.commit()
    return count


def _tantivy_index(index: Path, create: bool) -> Any:
    import tantivy

    if create:
        shutil.rmtree(index, ignore_errors=True)
        index.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_integer_field("number", stored=True)
    builder.add_text_field("text", stored=True, tokenizer_name="french")
    opened = tantivy.Index(builder.build(), path=str(index), reuse=not create)
    french = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
              .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("french"))
              .filter(tantivy.Filter.ascii_fold()).build())
    opened.register_tokenizer("french", french)
    return opened


def build_tantivy(corpus: Path, index: Path) -> int:
    import tantivy

    writer = _tantivy_index(index, create=True).writer()
    count = 0
    for source, number, text in paragraphs(corpus):
        writer.add_document(tantivy.Document(source=source, number=number, text=text))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


BUILDERS: dict[str, Callable[[Path, Path], int]] = {
    "project": build_project, "baseline": build_baseline, "tantivy": build_tantivy,
}


def open_engine(engine: str, index: Path, group: bool = False) -> Callable[[str], int]:
    """Return a function that runs one query, top 10 with snippets, and returns the number of hits.

    :param group: for the project, results grouped per document (the web UI's default).
    """
    if engine == "project":
        opened = indexer.open_index(index)
        return lambda text: len(opened.search(text, limit=LIMIT, group=group).hits)
    if engine == "baseline":
        from whoosh import index as whoosh_index
        from whoosh.qparser import OrGroup, QueryParser

        ix = whoosh_index.open_dir(str(index))
        parser = QueryParser("text", ix.schema, group=OrGroup)

        def baseline(text: str) -> int:
            query = parser.parse(text)
            with ix.searcher() as searcher:
                results = searcher.search(query, limit=LIMIT)
                return len([(hit["source"], hit["number"], hit.highlights("text")) for hit in results])

        return baseline
    import tantivy

    ti = _tantivy_index(index, create=False)
    ti.reload()
    searcher = ti.searcher()

    def native(text: str) -> int:
        query, _ = ti.parse_query_lenient(text, ["text"])
        found = searcher.search(query, LIMIT, count=True)
        snippets = tantivy.SnippetGenerator.create(searcher, query, ti.schema, "text")
        docs = [searcher.doc(address) for _, address in found.hits]
        return len([(doc["source"], snippets.snippet_from_doc(doc).to_html()) for doc in docs])

    return native


# -- measurements ------------------------------------------------------------

def _size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / MB


def measure_build(engine: str, corpus: Path, index: Path) -> dict[str, Any]:
    """Build *engine*'s index of *corpus* in a child process; return its speed and memory."""
    command = [sys.executable, __file__, "--child-build", engine, str(corpus), str(index)]
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


def measure_queries(search: Callable[[str], int], queries: list[str], warmup: list[str]) -> dict[str, Any]:
    for text in warmup:
        search(text)
    latencies, answered, hits = [], 0, 0
    for text in queries:
        started = time.perf_counter()
        found = search(text)
        latencies.append((time.perf_counter() - started) * 1000)
        answered += found > 0
        hits += found
    return {
        "queries": len(queries), "answered": answered, "mean_hits": round(hits / len(queries), 2),
        **{f"p{q}_ms": round(percentile(latencies, q), 2) for q in (50, 95, 99)},
        "mean_ms": round(sum(latencies) / len(latencies), 2), "total_s": round(sum(latencies) / 1000, 2),
    }


def server_args(override: str | None) -> list[str]:
    """Return the extra ``python -m webui`` options: one worker per core when the server has ``--workers``."""
    if override is not None:
        return shlex.split(override)
    usage = subprocess.run([sys.executable, "-m", "webui", "--help"], cwd=ROOT, capture_output=True, text=True)
    return ["--workers", str(os.cpu_count() or 1)] if "--workers" in usage.stdout else []


def measure_web(index: Path, queries: list[str], warmup: list[str], args: argparse.Namespace) -> dict[str, Any]:
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
        "distinct_urls": len(set(queries)), "processes": len(sizes), "rss_total_mb": round(total / MB, 1),
        "rss_largest_mb": round(max(sizes, default=0) / MB, 1), "pss_total_mb": round(pss / MB, 1),
    }


def _api_path(text: str) -> str:
    return f"/api/search?q={quote(text, safe='')}"


def interleave(first: list[str], second: list[str]) -> list[str]:
    mixed = []
    for index in range(max(len(first), len(second))):
        mixed += first[index : index + 1] + second[index : index + 1]
    return mixed


# -- report ------------------------------------------------------------------

def _figure(figures: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = figures
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def check_targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    checked = []
    for label, path, comparison, limit in TARGETS:
        value = _figure(figures, path)
        if value is None:
            status = "not run"
        else:
            status = "PASS" if (value >= limit if comparison == ">=" else value <= limit) else "FAIL"
        checked.append({"target": label, "value": value, "limit": f"{comparison} {limit:g}", "status": status})
    return checked


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


ENGINE_ROWS = [
    ("build", "paragraphs_per_s", "build paragraphs/s"),
    ("build", "seconds", "build seconds"),
    ("build", "peak_rss_mb", "build peak RSS MB (all processes)"),
    ("build", "index_mb", "index size MB"),
    *[(kind, key, f"{kind} queries {label}") for kind in ("natural", "short", "grouped natural")
      for key, label in (("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"), ("p99_ms", "p99 ms"),
                         ("answered", "with hits"))],
]
WEB_ROWS = [("startup_s", "start-up to first /healthz, s"), ("requests_per_s", "requests/s"),
            ("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"), ("errors", "errors (non-2xx + socket)"),
            ("requests", "requests"), ("rss_total_mb", "server RSS MB, all processes"),
            ("pss_total_mb", "server PSS MB, all processes"),
            ("rss_largest_mb", "server RSS MB, largest process"), ("processes", "server processes")]


def print_report(figures: dict[str, Any]) -> None:
    meta = figures["meta"]
    print(f"corpus {meta['corpus']}: {meta['files']:,} files, {meta['paragraphs']:,} paragraphs, "
          f"{meta['corpus_mb']} MB; {meta['cpus']} CPUs, {meta['memory_gib']} GiB, "
          f"load average {meta['load_average_at_start']} at start; "
          f"queries: {meta['natural_queries']} natural, {meta['short_queries']} short")
    sections = {"build": figures.get("build", {}), **figures.get("queries", {})}
    header = f"{'':<36}{'project':>10}{'baseline':>10}{'p/b':>8}{'tantivy*':>10}"
    print("\n" + header + "\n" + "-" * len(header))
    for section, key, label in ENGINE_ROWS:
        engines = sections.get(section, {})
        project, baseline = (engines.get(e, {}).get(key) for e in ("project", "baseline"))
        ratio = f"{project / baseline:.2f}x" if project is not None and baseline else "-"
        print(f"{label:<36}{_cell(project):>10}{_cell(baseline):>10}{ratio:>8}"
              f"{_cell(engines.get('tantivy', {}).get(key)):>10}")
    print("* tantivy: native (Rust) reference, French stemming; not a target.")
    web = figures.get("web", {})
    if web:
        print(f"\n{'web, project':<36}{'seeds':>10}{'corpus':>10}\n" + "-" * 56)
        for key, label in WEB_ROWS:
            print(f"{label:<36}" + "".join(f"{_cell(web.get(c, {}).get(key)):>10}" for c in ("seeds", "corpus")))
        for name, run in web.items():
            print(f"{name}: {run['command']}; load: {run['tool']}, {run['seconds']:.0f} s, "
                  f"{run['distinct_urls']} distinct queries in rotation")
    print(f"\n{'target (issue 5)':<40}{'measured':>10}{'limit':>10}  status\n" + "-" * 68)
    for target in figures["targets"]:
        print(f"{target['target']:<40}{_cell(target['value']):>10}{target['limit']:>10}  {target['status']}")
    if max(meta["load_average_at_start"], meta["load_average_at_end"]) > BUSY_LOAD * (meta["cpus"] or 1):
        print(f"note: the machine was busy (load average {meta['load_average_at_start']} at start, "
              f"{meta['load_average_at_end']} at end): other processes shared the cores.")
    if meta["paragraphs"] < 150_000:
        print(f"note: the targets are set for the large corpus (150 000+ paragraphs); this one has "
              f"{meta['paragraphs']:,}.")
    print("relevance (MRR@10 may not drop by more than 0.005): make bench-relevance")


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
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "python": platform.python_version(), "whoosh3": version("whoosh3"), "tantivy": tantivy_version,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (bench/corpus.py)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK / "speed", help="folder for the indexes")
    parser.add_argument("--json", type=Path, default=DEFAULT_WORK / "speed.json", help="figures written here")
    parser.add_argument("--skip-build", action="store_true", help="reuse the indexes a previous run built")
    parser.add_argument("--only", default=",".join(MEASUREMENTS), help="measurements: build,queries,web")
    parser.add_argument("--engines", default=",".join(ENGINES), help="engines for build and queries")
    parser.add_argument("--duration", type=float, default=WEB_SECONDS, help="seconds of web load per corpus")
    parser.add_argument("--connections", type=int, default=WEB_CONNECTIONS, help="concurrent web connections")
    parser.add_argument("--server-args", help='extra python -m webui options (default: "--workers <cores>" '
                        "when the server has that option)")
    parser.add_argument("--child-build", nargs=3, help=argparse.SUPPRESS)
    return parser.parse_args()


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
    only = set(args.only.split(",")) & set(MEASUREMENTS)
    engines = [engine for engine in args.engines.split(",") if engine in ENGINES]
    if "tantivy" in engines and not _importable("tantivy"):
        _log("tantivy is not installed (pip install tantivy): left out")
        engines.remove("tantivy")
    work = args.work / re.sub(r"[^\w]+", "-", str(args.corpus.resolve())).strip("-")
    _log(f"reading {args.corpus} ...")
    counts, paragraph_count = word_counts(args.corpus)
    natural = natural_queries()
    short = draw_queries(counts, SHORT_WORD_COUNTS, SHORT_QUERIES, SEED)
    warmup = (draw_queries(counts, SHORT_WORD_COUNTS, WARMUP_SHORT, SEED + 1)
              + draw_queries(counts, SHORT_WORD_COUNTS, WARMUP_LONG, SEED + 2, sizes=(WARMUP_LONG_WORDS,)))
    figures: dict[str, Any] = {"meta": _meta(args.corpus, paragraph_count)}
    figures["meta"] |= {"natural_queries": len(natural), "short_queries": len(short)}
    needed = set(engines if only & {"build", "queries"} else []) | ({"project"} if "web" in only else set())
    for engine in [e for e in ENGINES if e in needed]:
        index = work / engine
        if not (index.is_dir() and any(index.iterdir())) or ("build" in only and not args.skip_build):
            _log(f"building the {engine} index in {index} ...")
            figures.setdefault("build", {})[engine] = measure_build(engine, args.corpus, index)
            _log(f"  {figures['build'][engine]}")
    build = figures.get("build", {})
    if "project" in build and "baseline" in build:
        build["ratio"] = round(build["project"]["paragraphs_per_s"] / build["baseline"]["paragraphs_per_s"], 2)
    if "queries" in only:
        for engine in engines:
            search = open_engine(engine, work / engine)
            runs = [("natural", search, natural), ("short", search, short)]
            if engine == "project":
                runs.append(("grouped natural", open_engine(engine, work / engine, group=True), natural))
            for kind, run, queries in runs:
                _log(f"{kind} queries, {engine} ...")
                result = measure_queries(run, queries, warmup)
                figures.setdefault("queries", {}).setdefault(kind, {})[engine] = result
                _log(f"  {result}")
    if "web" in only:
        seeds_index = work.parent / "seeds" / "project"
        if not (seeds_index / "CURRENT").exists() or not args.skip_build:
            indexer.build_index(ROOT / "seeds", seeds_index)
        seeds_counts, _ = word_counts(ROOT / "seeds")
        seeds_short = draw_queries(seeds_counts, SEEDS_WORD_COUNTS, SHORT_QUERIES, SEED)
        for name, index, mix in (("seeds", seeds_index, interleave(natural, seeds_short)),
                                 ("corpus", work / "project", interleave(natural, short))):
            _log(f"web, {name} ...")
            figures.setdefault("web", {})[name] = measure_web(index, mix, warmup, args)
            _log(f"  {figures['web'][name]}")
    figures["meta"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    figures["targets"] = check_targets(figures)
    print_report(figures)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"figures written to {args.json}")


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


if __name__ == "__main__":
    main()
