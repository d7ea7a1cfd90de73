"""The report of ``bench/speed.py``: targets checked, and the tables printed.

Figures are one dict (saved as JSON): ``meta``, ``build`` (per engine, and
``ratio``), ``queries`` (per shape, per run: ``project``, ``project grouped``,
``baseline``, ``tantivy``), ``query_sets``, ``web`` (``seeds``, ``corpus``)
and ``targets``.
"""

from __future__ import annotations

from typing import Any

MET, NOT_MET, NOT_RUN = "met", "not met", "not run"
# Issue 16, for every query shape and both project runs: on the large corpus, top 10 with snippets.
SHAPE_P95_MS = 50.0
SHAPE_MAX_MS = 200.0
PROJECT_RUNS = ("project", "project grouped")
RUNS = (*PROJECT_RUNS, "baseline", "tantivy")
# A load average above this share of the cores means other work skewed the figures.
BUSY_LOAD = 0.5
# The targets are set for the large corpus.
LARGE_CORPUS_PARAGRAPHS = 150_000
SLOWEST_CHARS = 60

Target = tuple[str, tuple[str, ...], str, float]
# (label, figure path, comparison, limit): issue 16's build and web targets.
TARGETS: list[Target] = [
    ("build paragraphs/s, project / plain Whoosh", ("build", "ratio"), ">=", 2.0),
    ("build peak RSS, project (MB)", ("build", "project", "peak_rss_mb"), "<=", 1024),
    ("web corpus p99, 8 connections (ms)", ("web", "corpus", "p99_ms"), "<=", 300),
    ("web seeds requests/s", ("web", "seeds", "requests_per_s"), ">=", 200),
]
# Issue 5's targets that issue 16 does not replace.
EARLIER_TARGETS: list[Target] = [
    ("natural questions p50 (ms)", ("queries", "natural", "project", "p50_ms"), "<=", 25),
    ("natural questions p95 (ms)", ("queries", "natural", "project", "p95_ms"), "<=", 100),
    ("plain words p95 (ms)", ("queries", "plain", "project", "p95_ms"), "<=", 20),
    ("web seeds p99 (ms)", ("web", "seeds", "p99_ms"), "<=", 300),
    ("web seeds errors", ("web", "seeds", "errors"), "<=", 0),
    ("web corpus requests/s", ("web", "corpus", "requests_per_s"), ">=", 60),
    ("web corpus errors", ("web", "corpus", "errors"), "<=", 0),
    ("server ready, seeds (s)", ("web", "seeds", "startup_s"), "<=", 1.0),
    ("server ready, corpus (s)", ("web", "corpus", "startup_s"), "<=", 1.0),
    ("server RSS per process, corpus (MB)", ("web", "corpus", "rss_largest_mb"), "<=", 300),
]
ENGINE_ROWS = [("paragraphs_per_s", "build paragraphs/s"), ("seconds", "build seconds"),
               ("peak_rss_mb", "build peak RSS MB (all processes)"), ("index_mb", "index size MB")]
WEB_ROWS = [("startup_s", "start-up to first /healthz, s"), ("requests_per_s", "requests/s"),
            ("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"), ("errors", "errors (non-2xx + socket)"),
            ("requests", "requests"), ("rss_total_mb", "server RSS MB, all processes"),
            ("pss_total_mb", "server PSS MB, all processes"),
            ("rss_largest_mb", "server RSS MB, largest process"), ("processes", "server processes")]


def figure(figures: dict[str, Any], path: tuple[str, ...]) -> Any:
    """Return the figure at *path* in *figures*, or None when it was not measured."""
    node: Any = figures
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def status(value: float | None, comparison: str, limit: float) -> str:
    """Return ``met``, ``not met`` or ``not run`` for *value* against ``comparison limit``."""
    if value is None:
        return NOT_RUN
    return MET if (value >= limit if comparison == ">=" else value <= limit) else NOT_MET


def shape_targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Return issue 16's query targets: p95 and max of every shape, ungrouped and grouped."""
    checked = []
    for shape, runs in figures.get("queries", {}).items():
        for run in PROJECT_RUNS:
            for key, limit in (("p95_ms", SHAPE_P95_MS), ("max_ms", SHAPE_MAX_MS)):
                value = figure(runs, (run, key))
                checked.append({"target": f"{shape}, {run}: {key[:-3]} (ms)", "value": value, "shape": shape,
                                "limit": f"<= {limit:g}", "status": status(value, "<=", limit), "issue": 16})
    return checked


def check_targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every target with its measured value (None when not run), its limit and its status."""
    checked = shape_targets(figures)
    for issue, targets in ((16, TARGETS), (5, EARLIER_TARGETS)):
        for label, path, comparison, limit in targets:
            value = figure(figures, path)
            checked.append({"target": label, "value": value, "limit": f"{comparison} {limit:g}",
                            "status": status(value, comparison, limit), "issue": issue})
    return checked


def cell(value: Any) -> str:
    """Return *value* as a table cell: ``-`` when missing, few digits for small numbers."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _short(text: str) -> str:
    return text if len(text) <= SLOWEST_CHARS else text[: SLOWEST_CHARS - 1] + "…"


def print_shapes(figures: dict[str, Any]) -> None:
    """Print per shape and run: p50, p95, p99, max, the targets' status and the slowest query."""
    print(f"\nquery shapes, top 10 with snippets; targets (issue 16, project): "
          f"p95 <= {SHAPE_P95_MS:g} ms, max <= {SHAPE_MAX_MS:g} ms")
    header = (f"{'shape':<10}{'queries':>8}  {'run':<16}{'p50':>7}{'p95':>8}{'p99':>8}{'max':>8}"
              f"  {'p95':<8}{'max':<8}  slowest query")
    print(header + "\n" + "-" * (len(header) + 30))
    for shape, runs in figures.get("queries", {}).items():
        label, count = shape, cell(len(figures.get("query_sets", {}).get(shape, [])))
        for run in [run for run in RUNS if run in runs]:
            row = runs[run]
            marks = (status(row["p95_ms"], "<=", SHAPE_P95_MS), status(row["max_ms"], "<=", SHAPE_MAX_MS)) \
                if run in PROJECT_RUNS else ("", "")
            print(f"{label:<10}{count:>8}  {run:<16}" + "".join(
                f"{cell(row[key]):>{width}}" for key, width in (("p50_ms", 7), ("p95_ms", 8), ("p99_ms", 8),
                                                                ("max_ms", 8)))
                  + f"  {marks[0]:<8}{marks[1]:<8}  {_short(row['slowest'])}")
            label, count = "", ""
    print("ms per query, one at a time; baseline and tantivy ungrouped (no grouping of their own).")


def print_headline(figures: dict[str, Any]) -> None:
    """Print the build ratio and the two web figures of issue 16 against their targets."""
    build, web = figures.get("build", {}), figures.get("web", {})
    ratio, rss = build.get("ratio"), figure(build, ("project", "peak_rss_mb"))
    if ratio is not None:
        print(f"\nbuild: project {cell(build['project']['paragraphs_per_s'])} paragraphs/s / plain Whoosh "
              f"{cell(build['baseline']['paragraphs_per_s'])} = {ratio:.2f}x (target >= 2x): "
              f"{status(ratio, '>=', 2.0)}; peak RSS {cell(rss)} MB (target <= 1 GB): {status(rss, '<=', 1024)}")
    elif rss is not None:
        print(f"\nbuild: peak RSS {cell(rss)} MB (target <= 1 GB): {status(rss, '<=', 1024)}; "
              "no ratio (build the baseline too)")
    p99, rate = figure(web, ("corpus", "p99_ms")), figure(web, ("seeds", "requests_per_s"))
    if p99 is not None or rate is not None:
        print(f"web: corpus p99 at {figure(web, ('corpus', 'connections')) or '-'} connections {cell(p99)} ms "
              f"(target <= 300): {status(p99, '<=', 300)}; seeds {cell(rate)} requests/s (target >= 200): "
              f"{status(rate, '>=', 200)}")


def print_tables(figures: dict[str, Any]) -> None:
    """Print the build figures per engine and the web figures per corpus."""
    build = figures.get("build", {})
    if any(engine in build for engine in ("project", "baseline", "tantivy")):
        header = f"{'':<36}{'project':>10}{'baseline':>10}{'p/b':>8}{'tantivy*':>10}"
        print("\n" + header + "\n" + "-" * len(header))
        for key, label in ENGINE_ROWS:
            project, baseline = (build.get(e, {}).get(key) for e in ("project", "baseline"))
            ratio = f"{project / baseline:.2f}x" if project is not None and baseline else "-"
            print(f"{label:<36}{cell(project):>10}{cell(baseline):>10}{ratio:>8}"
                  f"{cell(build.get('tantivy', {}).get(key)):>10}")
        print("* tantivy: native (Rust) reference, French stemming; not a target.")
    web = figures.get("web", {})
    if web:
        print(f"\n{'web, project':<36}{'seeds':>10}{'corpus':>10}\n" + "-" * 56)
        for key, label in WEB_ROWS:
            print(f"{label:<36}" + "".join(f"{cell(web.get(c, {}).get(key)):>10}" for c in ("seeds", "corpus")))
        for name, run in web.items():
            print(f"{name}: {run['command']}; load: {run['tool']}, {run['seconds']:.0f} s, "
                  f"{run['distinct_urls']} distinct queries in rotation")


def print_report(figures: dict[str, Any]) -> None:
    """Print the whole report of one run: machine and load, shapes, headline targets, tables, all targets."""
    meta = figures["meta"]
    print(f"corpus {meta['corpus']}: {meta['files']:,} files, {meta['paragraphs']:,} paragraphs, "
          f"{meta['corpus_mb']} MB; {meta['cpus']} CPUs, {meta['memory_gib']} GiB; commit {meta['commit']}")
    print(f"/proc/loadavg at start: {meta['loadavg_start']}; at end: {meta['loadavg_end']}")
    print_shapes(figures)
    print_headline(figures)
    print_tables(figures)
    shapes = [target for target in figures["targets"] if "shape" in target]
    print(f"\n{'target':<44}{'issue':>6}{'measured':>10}{'limit':>10}  status\n" + "-" * 80)
    print(f"{'query shapes p95 and max (table above)':<44}{16:>6}{sum(t['status'] == MET for t in shapes):>10}"
          f"{'of ' + str(len(shapes)):>10}  {MET if all(t['status'] == MET for t in shapes) else NOT_MET}")
    for target in figures["targets"]:
        if target["status"] != NOT_RUN and "shape" not in target:
            print(f"{target['target']:<44}{target['issue']:>6}{cell(target['value']):>10}{target['limit']:>10}"
                  f"  {target['status']}")
    checked = [target for target in figures["targets"] if target["status"] != NOT_RUN]
    print(f"{sum(target['status'] == MET for target in checked)} of {len(checked)} targets met "
          f"({len(figures['targets']) - len(checked)} not run)")
    loads = (meta["load_average_at_start"], meta["load_average_at_end"])
    if max(loads) > BUSY_LOAD * (meta["cpus"] or 1):
        print(f"note: the machine was busy (load average {loads[0]} at start, {loads[1]} at end): "
              "other processes shared the cores.")
    if meta["paragraphs"] < LARGE_CORPUS_PARAGRAPHS:
        print(f"note: the targets are set for the large corpus ({LARGE_CORPUS_PARAGRAPHS:,}+ paragraphs); "
              f"this one has {meta['paragraphs']:,}.")
    print("relevance (MRR@10 may not drop by more than 0.005): make bench-relevance")
