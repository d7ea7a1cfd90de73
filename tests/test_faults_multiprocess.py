"""Killed rebuilds on the multiprocess writer: no indexing process outlives it, no lost document is published."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

import indexer
from indexer import store
from indexer.writing import PARALLEL_BUILD_FROM_BYTES

from killed_runs import RUN_TIMEOUT_SECONDS, SEED, SEEDS, seed_sentences, start_run

pytestmark = pytest.mark.slow

# A corpus this large is indexed by Whoosh's multiprocess writer.
LARGE_CORPUS_BYTES = PARALLEL_BUILD_FROM_BYTES + 500_000
# How long the indexing processes may take to die after their parent.
ORPHAN_GRACE_SECONDS = 5.0


def _write_large_corpus(folder: Path, sentences: list[str]) -> int:
    """Write some 2.5 MB of French paragraphs made of the seeds' sentences; return the bytes written."""
    folder.mkdir(parents=True)
    rng = random.Random(SEED)
    total = number = 0
    while total < LARGE_CORPUS_BYTES:
        paragraphs = [f"Document {number}"]
        paragraphs += [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5))) for _ in range(40)]
        data = ("\n\n".join(paragraphs) + "\n").encode("utf-8")
        (folder / f"{number:03d}.txt").write_bytes(data)
        total += len(data)
        number += 1
    return total


def _children(pid: int) -> set[int]:
    """Return the live processes whose parent is *pid*."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: builds never use the multiprocess writer")
def test_a_killed_multiprocess_rebuild_leaves_no_process_and_no_lock(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for path in SEEDS.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    indexer.build_index(corpus, index_dir)
    served = indexer.open_index(index_dir)
    before = served.search("sécurité").total
    served.close()
    assert _write_large_corpus(corpus / "lot", seed_sentences()) >= PARALLEL_BUILD_FROM_BYTES

    log = tmp_path / "run.log"
    process = start_run("rebuild", corpus, index_dir, log)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
        while not workers and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            time.sleep(0.05)
        assert workers, f"the rebuild started no indexing process: {log.read_text(errors='replace')}"
        time.sleep(1.0)  # the workers are busy indexing
        workers |= _children(process.pid)
        process.kill()
        process.wait()
        deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "indexing processes outlived their killed parent"
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)

    served = indexer.open_index(index_dir)
    try:
        assert served.search("sécurité").total == before
    finally:
        served.close()
    # At once: no waiting for a lock.
    report = indexer.build_index(corpus, index_dir, lock_wait=0)
    assert report.documents == 2 + len(list((corpus / "lot").glob("*.txt")))


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: builds never use the multiprocess writer")
def test_a_rebuild_whose_indexing_process_dies_is_not_published(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for path in SEEDS.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    indexer.build_index(corpus, index_dir)
    serving = store.require_current_generation(index_dir)
    _write_large_corpus(corpus / "lot", seed_sentences())

    log = tmp_path / "run.log"
    process = start_run("rebuild", corpus, index_dir, log)
    workers: set[int] = set()
    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.05)
    assert workers, f"the rebuild started no indexing process: {log.read_text(errors='replace')}"
    time.sleep(1.0)  # the worker holds documents it has not written yet
    os.kill(min(workers), signal.SIGKILL)
    # Whoosh's writer goes on without the lost documents: the build must notice and refuse to publish.
    assert process.wait(timeout=RUN_TIMEOUT_SECONDS) == 1
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: the new index in {index_dir} is incomplete (")
    assert store.require_current_generation(index_dir) == serving
