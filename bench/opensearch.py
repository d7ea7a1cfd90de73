"""The OpenSearch engine against the Whoosh engine, in one run: indexing speed, query latency, relevance.

Measures:

* indexing: paragraphs per second of a full build of the bench corpus
  (``bench/corpus.py``) into the Whoosh folder, into the one-node cluster
  given by ``--node``, and into a two-node cluster this script starts with
  ``opensearch/start.sh cluster`` on ports of its own (2 shards, 1 replica)
  and stops at the end; ``--sample-files N`` keeps a seeded sample of the
  corpus's files instead of all of them;
* latency: p50 and p95 of the 150 questions of ``dev.tsv``, one at a time
  through the library (``search(text)``, top 10, grouped per document as the
  web UI searches), on the corpus indexes of both engines, after a warm-up;
* documents (an experiment, not in the default parts): the same figures
  with documents ranked by an index of one entry per document
  (``bench/opensearch_documents.py``);
* relevance: MRR@10 and Recall@10 of the ``dev`` and ``help`` sets, grouped
  per document, through both engines, with the corpora and scoring of
  ``bench/relevance.py``.

Usage::

    python bench/opensearch.py [--node http://127.0.0.1:9200] [--parts indexing,latency,relevance]
                               [--sample-files N] [--no-cluster] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import indexer  # noqa: E402
from bench.locations import BENCH_DIR, CORPUS_DIR  # noqa: E402
from bench.relevance import (  # noqa: E402
    DATASETS, DEFAULT_EVAL_DEV, copy_eval_dev, prepare_corpus, read_tsv, score,
)
from bench.opensearch_documents import build_document_index, ranked_documents  # noqa: E402
from indexer.opensearch import build_opensearch_index  # noqa: E402

DEFAULT_WORK = BENCH_DIR / "opensearch"
ALIAS = "fr-search-bench"
# Ports of the two-node cluster this script starts (HTTP, transport; the second node takes the next ones).
CLUSTER_HTTP_PORT = 9240
CLUSTER_TRANSPORT_PORT = 9340
# Questions run before the timed ones, so that caches and JIT are warm on both engines.
WARM_UP_QUERIES = 20
# Documents ranked per question: all that MRR@10 and Recall@10 read (bench/relevance.py
# goes to 100 for its Recall@100, ten times the requests).
RANKED_DOCUMENTS = 10
# Factors of the all-words tiers' bonus tried with the document-level ranking (1: as the engine sends them).
TIER_FACTORS = (1.0, 0.003, 0.0)
# Seed of the file sample, so that two runs index the same files.
SAMPLE_SEED = 15


def sample_corpus(corpus: Path, work: Path, files: int | None) -> Path:
    """Return *corpus*, or a folder of links to a seeded sample of *files* of its files."""
    if files is None:
        return corpus
    every = sorted(path for path in corpus.rglob("*") if path.is_file())
    chosen = random.Random(SAMPLE_SEED).sample(every, min(files, len(every)))
    sample = work / f"sample-{files}"
    shutil.rmtree(sample, ignore_errors=True)
    for path in chosen:
        target = sample / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return sample


def timed_builds(corpus: Path, work: Path, node: str, cluster: str | None) -> dict[str, dict[str, float]]:
    """Build *corpus* into each engine; return paragraphs, seconds and paragraphs/s of each build."""
    builds: dict[str, Any] = {"whoosh": lambda: indexer.build_index(corpus, work / "index-corpus")}
    builds["opensearch 1 node"] = lambda: build_opensearch_index(corpus, f"{node}/{ALIAS}")
    if cluster is not None:
        builds["opensearch 2 nodes"] = lambda: build_opensearch_index(corpus, f"{cluster}/{ALIAS}",
                                                                     shards=2, replicas=1)
    figures = {}
    for name, build in builds.items():
        started = time.perf_counter()
        report = build()
        seconds = time.perf_counter() - started
        figures[name] = {"paragraphs": report.paragraphs, "seconds": seconds, "per_second": report.paragraphs / seconds}
        print(f"build {name:<20}{report.paragraphs:>9} paragraphs {seconds:>8.1f} s "
              f"{report.paragraphs / seconds:>9.0f}/s", flush=True)
    return figures


def latency(index: Any, questions: list[str]) -> dict[str, float]:
    """Return p50 and p95 in milliseconds of *questions* run one at a time on *index*."""
    for text in questions[-WARM_UP_QUERIES:]:
        index.search(text, group=True)
    times = []
    for text in questions:
        started = time.perf_counter()
        index.search(text, group=True)
        times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return {"p50_ms": statistics.median(times), "p95_ms": cuts[94]}


def top_documents(index: Any, text: str) -> list[str]:
    """Return the first :data:`RANKED_DOCUMENTS` documents of the grouped results for *text*."""
    return [hit.source for hit in index.search(text, limit=RANKED_DOCUMENTS, group=True).hits]


def relevance(work: Path, node: str, documents: bool = False) -> dict[str, dict[str, float]]:
    """Return MRR@10 and R@10 of every query set of dev and help through both engines (grouped)."""
    eval_copy = copy_eval_dev(DEFAULT_EVAL_DEV, work)
    figures: dict[str, dict[str, float]] = {}
    for dataset, (_, query_sets) in DATASETS.items():
        corpus = prepare_corpus(eval_copy, work, dataset)
        qrels: dict[str, set[str]] = {}
        for qid, name in read_tsv(eval_copy / f"{dataset}.qrels.tsv"):
            qrels.setdefault(qid, set()).add(name)
        folder = work / f"index-{dataset}"
        indexer.build_index(corpus, folder)
        location = f"{node}/{ALIAS}-{dataset}"
        build_opensearch_index(corpus, location)
        for engine, place in (("whoosh", str(folder)), ("opensearch", location)):
            index = indexer.open_index(place)
            for query_set in query_sets:
                runs = {qid: top_documents(index, text) for qid, text in read_tsv(eval_copy / f"{query_set}.tsv")}
                found = score(runs, {q: qrels[q] for q in runs})
                del found["r@100"]
                figures[f"{engine} {query_set}"] = found
                print(f"relevance {engine:<11}{query_set:<15}MRR@10 {found['mrr@10']:.3f}  R@10 {found['r@10']:.3f}",
                      flush=True)
            if documents and engine == "opensearch":
                name = f"{ALIAS}-{dataset}-documents"
                build_document_index(corpus, location, name)
                for query_set in query_sets[:1]:  # the accent-free set ranks the same (accents restored)
                    for tiers in TIER_FACTORS:
                        runs = {qid: ranked_documents(index, name, text, tiers)[:RANKED_DOCUMENTS]
                                for qid, text in read_tsv(eval_copy / f"{query_set}.tsv")}
                        found = score(runs, {q: qrels[q] for q in runs})
                        del found["r@100"]
                        figures[f"opensearch-documents tiers×{tiers} {query_set}"] = found
                        print(f"relevance documents, tiers ×{tiers:<6}{query_set:<8}MRR@10 {found['mrr@10']:.3f}  "
                              f"R@10 {found['r@10']:.3f}", flush=True)
            index.close()
    return figures


def start_cluster(work: Path) -> dict[str, str]:
    env = dict(os.environ, OPENSEARCH_DATA=str(work / "cluster"), OPENSEARCH_HTTP_PORT=str(CLUSTER_HTTP_PORT),
               OPENSEARCH_TRANSPORT_PORT=str(CLUSTER_TRANSPORT_PORT))
    subprocess.run([ROOT / "opensearch" / "start.sh", "cluster"], env=env, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--node", default="http://127.0.0.1:9200", help="URL of the one-node cluster")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--parts", default="indexing,latency,relevance")
    parser.add_argument("--sample-files", type=int, help="index a seeded sample of this many files")
    parser.add_argument("--no-cluster", action="store_true", help="skip the two-node cluster")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    node = "opensearch://" + args.node.removeprefix("http://").rstrip("/")
    parts = args.parts.split(",")
    results: dict[str, Any] = {"machine": {"cores": os.cpu_count(), "load": os.getloadavg()}}
    if "indexing" in parts or "latency" in parts:
        corpus = sample_corpus(args.corpus, args.work, args.sample_files)
    env = None
    try:
        if "indexing" in parts:
            if not args.no_cluster:
                env = start_cluster(args.work)
            cluster = None if env is None else f"opensearch://127.0.0.1:{CLUSTER_HTTP_PORT},127.0.0.1:{CLUSTER_HTTP_PORT + 1}"
            results["indexing"] = timed_builds(corpus, args.work, node, cluster)
    finally:
        if env is not None:
            subprocess.run([ROOT / "opensearch" / "stop.sh"], env=env, check=False)
    if "latency" in parts:
        questions = [text for _, text in read_tsv(DEFAULT_EVAL_DEV / "dev.tsv")]
        results["latency"] = {}
        for engine, place in (("whoosh", str(args.work / "index-corpus")), ("opensearch", f"{node}/{ALIAS}")):
            index = indexer.open_index(place)
            results["latency"][engine] = found = latency(index, questions)
            print(f"latency {engine:<11}{len(questions)} questions  p50 {found['p50_ms']:.0f} ms  "
                  f"p95 {found['p95_ms']:.0f} ms", flush=True)
            index.close()
    if "relevance" in parts:
        results["relevance"] = relevance(args.work, node)
    if "documents" in parts:
        results["documents"] = relevance(args.work, node, documents=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
