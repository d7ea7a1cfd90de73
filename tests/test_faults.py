"""Never a half-written index, never a wedged one: rebuilds and updates killed with SIGKILL.

The corpus switches between two states, A and B, that differ in a hundred
files (changed, removed, added).  Each round starts ``python -m indexer
rebuild`` or ``update`` towards the other state and kills it after a random
delay (seeded).  Afterwards the index must open and answer exactly as the
old state or exactly as the new one — every reference query, the manifest,
the vocabulary and the paragraphs stored agreeing on the same state — and
the next run must succeed without any cleanup by hand.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import indexer
from indexer import store
from indexer.writing import PARALLEL_BUILD_FROM_BYTES

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = 20240611
KILLS = 30
# Every this many rounds, a run is left to finish: it must succeed and reach its state.
FINISH_EVERY = 6
GENERATED_FILES = 110
CHANGED = range(0, 35)
REMOVED = range(95, 110)
ADDED = range(110, 125)
QUERIES = ("ornithorynque", "tamanoir", "kinkajou", "sécurité", "paix durable", "coopération régionale")
# A run that takes longer than this has hung.
RUN_TIMEOUT_SECONDS = 60.0


def _sentences() -> list[str]:
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    found = re.findall(r"[A-ZÀ-Ý][^.!?\n]{30,200}[.!?]", text)
    assert len(found) > 100
    return found


def _generated(number: int, version: str, sentences: list[str]) -> str:
    rng = random.Random(f"{number}-{version}")
    paragraphs = [f"Document {number}"]
    for _ in range(rng.randint(3, 6)):
        paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))))
    marker = {"A": "ornithorynque", "B": "tamanoir", "new": "kinkajou"}[version]
    if version != "A" or number in CHANGED or number in REMOVED:
        paragraphs[2] = f"Un {marker} passe. " + paragraphs[2]
    return "\n\n".join(paragraphs) + "\n"


def _state_files(state: str, sentences: list[str]) -> dict[str, str]:
    files = {}
    for number in range(GENERATED_FILES):
        if state == "B" and number in REMOVED:
            continue
        version = "B" if state == "B" and number in CHANGED else "A"
        files[f"lot/{number:03d}.txt"] = _generated(number, version, sentences)
    if state == "B":
        for number in ADDED:
            files[f"lot/{number:03d}.txt"] = _generated(number, "new", sentences)
    return files


def switch_corpus(corpus: Path, state: str, states: dict[str, dict[str, str]]) -> None:
    """Make the generated part of *corpus* hold *state*'s files (the seeds stay)."""
    wanted = states[state]
    for path in (corpus / "lot").glob("*.txt"):
        if f"lot/{path.name}" not in wanted:
            path.unlink()
    for name, text in wanted.items():
        path = corpus / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Answers:
    """Everything a reader can see of an index, to compare with a reference."""

    queries: tuple[tuple[str, int, frozenset[tuple[str, int]]], ...]
    vocabulary: dict[str, int]
    files: dict[str, int]
    stored: dict[str, int]


def answers(index_dir: Path) -> Answers:
    idx = indexer.open_index(index_dir)
    queries = []
    try:
        for query in QUERIES:
            result = idx.search(query, limit=100)
            hits = frozenset((hit.source, hit.paragraph) for hit in result.hits) if result.total <= 100 else frozenset()
            queries.append((query, result.total, hits))
    finally:
        idx.close()
    generation = store.require_current_generation(index_dir)
    vocabulary = json.loads((generation / "vocabulary.json").read_text(encoding="utf-8"))["counts"]
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    files = {doc_id: entry["paragraphs"] for doc_id, entry in manifest["files"].items()}
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        stored = Counter(fields["source"] for fields in searcher.all_stored_fields())
    return Answers(tuple(queries), vocabulary, files, dict(stored))


@dataclass
class Setup:
    corpus: Path
    index_dir: Path
    states: dict[str, dict[str, str]]
    expected: dict[str, Answers]


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, str]], dict[str, Answers]]:
    """Both corpus states, and what an index of each answers (built in-process, once)."""
    sentences = _sentences()
    states = {state: _state_files(state, sentences) for state in ("A", "B")}
    expected = {}
    for state in ("A", "B"):
        base = tmp_path_factory.mktemp(f"reference-{state}")
        corpus = base / "corpus"
        corpus.mkdir()
        for path in SEEDS.glob("*.txt"):
            (corpus / path.name).write_bytes(path.read_bytes())
        (corpus / "lot").mkdir()
        switch_corpus(corpus, state, states)
        indexer.build_index(corpus, base / "index")
        expected[state] = answers(base / "index")
    assert expected["A"].queries != expected["B"].queries
    return states, expected


@pytest.fixture
def setup(references: tuple[dict[str, dict[str, str]], dict[str, Answers]], tmp_path: Path) -> Setup:
    states, expected = references
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SEEDS.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "lot").mkdir()
    switch_corpus(corpus, "A", states)
    indexer.build_index(corpus, tmp_path / "index")
    return Setup(corpus, tmp_path / "index", states, expected)


def observed_state(setup: Setup) -> str:
    """Return the state the index answers for, failing on anything else (a mix, an error)."""
    seen = answers(setup.index_dir)
    for state, reference in setup.expected.items():
        if seen == reference:
            return state
    pytest.fail(f"the index answers neither as state A nor as state B: {seen.queries}")


def unpublished_generations(index_dir: Path) -> list[Path]:
    """Generations newer than the serving one: what a killed writer left."""
    current = store.require_current_generation(index_dir)
    return [path for path in index_dir.glob("gen-*") if path.name > current.name]


def start(command: str, setup: Setup, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", "indexer", command, "--corpus", str(setup.corpus), "--index", str(setup.index_dir)],
            stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT,
        )


def finish(process: subprocess.Popen[bytes], log: Path) -> None:
    code = process.wait(timeout=RUN_TIMEOUT_SECONDS)
    assert code == 0, f"the run failed ({code}): {log.read_text(errors='replace')}"


@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_killed_runs_never_leave_a_half_written_index(command: str, setup: Setup, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}-{command}")
    log = tmp_path / "run.log"
    state = observed_state(setup)

    # Two undisturbed runs to learn how long a run takes (the first one warms the caches).
    durations = []
    for _ in range(2):
        target = "B" if state == "A" else "A"
        switch_corpus(setup.corpus, target, setup.states)
        started = time.monotonic()
        finish(start(command, setup, log), log)
        durations.append(time.monotonic() - started)
        state = observed_state(setup)
        assert state == target
    duration = min(durations)

    outcomes: Counter[str] = Counter()
    kills = 0
    round_number = 0
    while kills < KILLS:
        round_number += 1
        target = "B" if state == "A" else "A"
        switch_corpus(setup.corpus, target, setup.states)
        process = start(command, setup, log)
        if round_number % FINISH_EVERY == 0:
            finish(process, log)
            state = observed_state(setup)
            assert state == target
            # Leftovers of the killed runs are gone: the serving generation and the previous one.
            assert len(list(setup.index_dir.glob("gen-*"))) <= 2
            outcomes["finished"] += 1
            continue
        delay = rng.uniform(0.2, 1.1) * duration
        try:
            code = process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            kills += 1
        else:
            assert code == 0, f"the run failed ({code}): {log.read_text(errors='replace')}"
            outcomes["done before the kill"] += 1
        new_state = observed_state(setup)
        assert new_state in (state, target)
        if process.returncode != 0:
            outcomes["killed, old index" if new_state == state else "killed, new index"] += 1
            if unpublished_generations(setup.index_dir):
                outcomes["killed while writing its generation"] += 1
        state = new_state

    # And after all that, a last run succeeds with nothing cleaned by hand.
    target = "B" if state == "A" else "A"
    switch_corpus(setup.corpus, target, setup.states)
    finish(start(command, setup, log), log)
    assert observed_state(setup) == target
    print(f"{command}: run {duration:.2f} s; {kills} kills; {dict(outcomes)}")
    assert outcomes["killed while writing its generation"] > KILLS // 3


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
    assert _write_large_corpus(corpus / "lot", _sentences()) >= PARALLEL_BUILD_FROM_BYTES

    log = tmp_path / "run.log"
    process = start("rebuild", Setup(corpus, index_dir, {}, {}), log)
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
    _write_large_corpus(corpus / "lot", _sentences())

    log = tmp_path / "run.log"
    process = start("rebuild", Setup(corpus, index_dir, {}, {}), log)
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
