"""Relevance on the two French dev sets: MRR@10, Recall@10 and Recall@100 per variant.

The sets (see ``../shared/eval-dev/README.md``): ``dev``, headings of the
Debian Reference searched for their section, and ``help``, GNOME help tasks
described in the user's words searched for their page.  Each corpus is built
with its own script (``build_dev.py``, ``build_help.py``; a copy of the
eval-dev folder is made in the work directory, since the scripts write their
query files next to themselves), indexed through the public library API, and
every query of the set is run as typed, with and without accents, and scored
at document level.  By default results are grouped per document, as the web UI
shows them; ``--paragraphs`` ranks files by their best paragraph in the
ungrouped results instead.

Variants, so that each choice of the chain is justified by a number:

* ``no-stemming``: accents folded, no stemmer;
* ``stemming-no-accents``: Snowball on the words as typed, no accent handling;
* ``project``: the default chain (stem the accented word, fold the stem,
  restore the accents of queries from the corpus vocabulary), and the default
  ranking;
* ``no-cross-references``: the project with the words of cross-references
  weighing as much as any other;
* ``no-pair-bonus``: the project without the bonus for query words found
  together in one paragraph.

Usage::

    python bench/relevance.py [--eval-dev DIR] [--work DIR] [--sets dev,help]
                              [--variants project,...] [--json FILE]

Run files (``qid<TAB>file``) are written to the work directory, so the
figures can be checked with ``build_dev.py score``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import indexer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
DEFAULT_WORK = Path("/tmp/frsearch-bench/relevance")
# Each set: the script that builds its corpus, and its query files (qrels: <set>.qrels.tsv).
DATASETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dev": ("build_dev.py", ("dev", "dev-noaccent")),
    "help": ("build_help.py", ("help", "help-noaccent")),
}
# Paragraph hits fetched per query: enough to reach 100 distinct files.
PARAGRAPHS_PER_PAGE = 100
MAX_PAGES = 10

# Each variant is the settings its index is built with (and so searched with: they are saved in its manifest).
VARIANTS: dict[str, indexer.IndexSettings] = {
    "no-stemming": indexer.IndexSettings(indexer.AnalysisSettings(stemming=False)),
    "stemming-no-accents": indexer.IndexSettings(indexer.AnalysisSettings(accent_folding=False)),
    "project": indexer.IndexSettings(),
    "no-cross-references": indexer.IndexSettings(indexer.AnalysisSettings(cross_reference_weight=1.0)),
    "no-pair-bonus": indexer.IndexSettings(ranking=indexer.RankingSettings(cooccurrence_weight=0.0)),
}


def copy_eval_dev(eval_dev: Path, work: Path) -> Path:
    """Copy the eval-dev folder into *work* (its scripts write next to themselves); return the copy."""
    copy = work / "eval-dev"
    if not copy.is_dir():
        shutil.copytree(eval_dev, copy)
        for path in copy.iterdir():
            path.chmod(0o644)
    return copy


def prepare_corpus(eval_copy: Path, work: Path, dataset: str) -> Path:
    """Build the corpus of *dataset* under *work* unless it is there already; return its folder."""
    corpus = work / ("corpus" if dataset == "dev" else f"corpus-{dataset}")
    if not (corpus.is_dir() and any(corpus.iterdir())):
        script = eval_copy / DATASETS[dataset][0]
        subprocess.run([sys.executable, str(script), "build", "--out", str(corpus)], check=True)
    return corpus


def read_tsv(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            first, second = line.split("\t")[:2]
            rows.append((first, second))
    return rows


def ranked_files(index: indexer.SearchIndex, query: str, group: bool, depth: int = 100) -> list[str]:
    """Return the files of the hits for *query*, best rank first, at most *depth*.

    :param group: search with results grouped per document (what the web UI
        shows by default) rather than by paragraph.
    """
    files: list[str] = []
    for page in range(1, MAX_PAGES + 1):
        result = index.search(query, limit=PARAGRAPHS_PER_PAGE, page=page, group=group)
        for hit in result.hits:
            if hit.source not in files:
                files.append(hit.source)
        if len(files) >= depth or page * PARAGRAPHS_PER_PAGE >= result.total:
            break
    return files[:depth]


def score(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """Return MRR@10, Recall@10 and Recall@100 of *runs* (qid -> ranked files)."""
    mrr = r10 = r100 = 0.0
    for qid, relevant in qrels.items():
        files = runs.get(qid, [])
        mrr += next((1 / rank for rank, f in enumerate(files[:10], 1) if f in relevant), 0.0)
        r10 += len(relevant & set(files[:10])) / len(relevant)
        r100 += len(relevant & set(files[:100])) / len(relevant)
    n = len(qrels)
    return {"mrr@10": mrr / n, "r@10": r10 / n, "r@100": r100 / n}


def evaluate(
    variant: str, dataset: str, corpus: Path, eval_copy: Path, work: Path, group: bool
) -> dict[str, dict[str, float]]:
    """Build *variant*'s index of *dataset* and score every query set of it."""
    index_dir = work / f"index-{dataset}-{variant}"
    shutil.rmtree(index_dir, ignore_errors=True)
    indexer.build_index(corpus, index_dir, settings=VARIANTS[variant])
    index = indexer.open_index(index_dir)
    qrels: dict[str, set[str]] = {}
    for qid, name in read_tsv(eval_copy / f"{dataset}.qrels.tsv"):
        qrels.setdefault(qid, set()).add(name)
    figures = {}
    for query_set in DATASETS[dataset][1]:
        started = time.perf_counter()
        queries = read_tsv(eval_copy / f"{query_set}.tsv")
        runs = {qid: ranked_files(index, text, group) for qid, text in queries}
        seconds = time.perf_counter() - started
        with open(work / f"run-{variant}-{query_set}.tsv", "w", encoding="utf-8") as out:
            for qid, files in runs.items():
                out.writelines(f"{qid}\t{name}\n" for name in files)
        figures[query_set] = score(runs, {q: qrels[q] for q in runs}) | {"seconds": seconds}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dev", type=Path, default=DEFAULT_EVAL_DEV)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--sets", default=",".join(DATASETS), help="dev sets to measure, comma-separated")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--paragraphs", action="store_true",
        help="rank files by their best paragraph in ungrouped results instead of grouped results",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    eval_copy = copy_eval_dev(args.eval_dev, args.work)
    datasets = args.sets.split(",")
    corpora = {dataset: prepare_corpus(eval_copy, args.work, dataset) for dataset in datasets}
    results: dict[str, dict[str, dict[str, float]]] = {}
    print(f"{'variant':<22}{'set':<15}{'MRR@10':>8}{'R@10':>8}{'R@100':>8}{'s':>7}")
    for variant in args.variants.split(","):
        results[variant] = {}
        for dataset in datasets:
            figures_of_sets = evaluate(
                variant, dataset, corpora[dataset], eval_copy, args.work, group=not args.paragraphs
            )
            results[variant].update(figures_of_sets)
            for query_set, figures in figures_of_sets.items():
                print(
                    f"{variant:<22}{query_set:<15}{figures['mrr@10']:>8.3f}{figures['r@10']:>8.3f}"
                    f"{figures['r@100']:>8.3f}{figures['seconds']:>7.1f}",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
