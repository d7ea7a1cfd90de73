"""Update speed: a full rebuild against ``update`` after one file changed.

Copies the corpus into a work folder (the original is never touched),
builds it once in full, then changes one file at a time (a paragraph
appended, a different file each round) and times ``indexer.update_index``.
Prints both times and their ratio; the target is an update under 2 s and at
least 20 times faster than a rebuild on the large corpus.

Corpus, first found of: ``--corpus``; the large benchmark corpus made by
``bench/corpus.py`` (``/tmp/frsearch-bench/corpus``); the relevance dev
corpus (``/tmp/rel/corpus``); else a corpus generated here from the seeds'
sentences (``--generate`` files).

Usage::

    python bench/update_speed.py [--corpus DIR] [--work DIR] [--rounds 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

import indexer

ROOT = Path(__file__).resolve().parent.parent
CANDIDATE_CORPORA = (Path("/tmp/frsearch-bench/corpus"), Path("/tmp/rel/corpus"))
DEFAULT_WORK = Path("/tmp/frsearch-bench/update-speed")
TARGET_UPDATE_SECONDS = 2.0
TARGET_SPEEDUP = 20.0
GENERATED_FILES = 2000
APPENDED = "\n\nUn paragraphe ajouté pour mesurer la mise à jour, numéro {round}.\n"


def generate_corpus(target: Path, files: int) -> None:
    """Write *files* French texts made of the seeds' sentences into *target*."""
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt")))
    sentences = re.findall(r"[A-ZÀ-Ý][^.!?\n]{30,200}[.!?]", text)
    rng = random.Random(1)
    target.mkdir(parents=True)
    for number in range(files):
        paragraphs = [f"Document {number}"] + [
            " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 25))
        ]
        (target / f"{number:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def prepare(corpus: Path | None, work: Path, generated: int) -> tuple[Path, str]:
    """Copy the corpus to measure into *work*; return the copy and where it came from."""
    copy = work / "corpus"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = corpus or next((path for path in CANDIDATE_CORPORA if path.is_dir() and any(path.iterdir())), None)
    if source is None:
        generate_corpus(copy, generated)
        return copy, f"generated ({generated} files from the seeds' sentences)"
    shutil.copytree(source, copy, symlinks=True)
    return copy, str(source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="corpus to measure on (copied first)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work folder, wiped")
    parser.add_argument("--rounds", type=int, default=5, help="updates to time, one changed file each")
    parser.add_argument("--generate", type=int, default=GENERATED_FILES,
                        help="files to generate when no corpus is found")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    corpus, origin = prepare(args.corpus, args.work, args.generate)
    index_dir = args.work / "index"
    print(f"corpus: {origin}", flush=True)

    started = time.perf_counter()
    built = indexer.build_index(corpus, index_dir)
    rebuild_seconds = time.perf_counter() - started
    print(f"rebuild: {built.documents} documents, {built.paragraphs} paragraphs in {rebuild_seconds:.2f} s",
          flush=True)

    files = sorted(path for path in corpus.rglob("*") if path.suffix in (".txt", ".md") and path.is_file())
    rng = random.Random(2)
    update_seconds = []
    for round_number in range(args.rounds):
        changed = rng.choice(files)
        with open(changed, "a", encoding="utf-8") as out:
            out.write(APPENDED.format(round=round_number))
        started = time.perf_counter()
        report = indexer.update_index(corpus, index_dir)
        update_seconds.append(time.perf_counter() - started)
        assert report.changed == (changed.relative_to(corpus).as_posix(),), report.changed
        print(f"update {round_number + 1}: {report.changed[0]} in {update_seconds[-1]:.3f} s", flush=True)

    median = statistics.median(update_seconds)
    speedup = rebuild_seconds / median
    met = max(update_seconds) < TARGET_UPDATE_SECONDS and speedup >= TARGET_SPEEDUP
    print(f"\nrebuild {rebuild_seconds:.2f} s; update after one changed file: median {median:.3f} s, "
          f"max {max(update_seconds):.3f} s; update is {speedup:.0f}x faster")
    print(f"target (update < {TARGET_UPDATE_SECONDS:g} s, >= {TARGET_SPEEDUP:g}x faster): "
          f"{'met' if met else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps({
            "corpus": origin, "documents": built.documents, "paragraphs": built.paragraphs,
            "rebuild_seconds": rebuild_seconds, "update_seconds": update_seconds,
            "update_median_seconds": median, "speedup": speedup, "target_met": met,
        }, indent=2) + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
