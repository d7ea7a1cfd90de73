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
import random
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import indexer
from indexer import store

from killed_runs import RUN_TIMEOUT_SECONDS, SEED, SEEDS, seed_sentences, start_run

pytestmark = pytest.mark.slow

KILLS = 30
# Every this many rounds, a run is left to finish: it must succeed and reach its state.
FINISH_EVERY = 6
GENERATED_FILES = 110
CHANGED = range(0, 35)
REMOVED = range(95, 110)
ADDED = range(110, 125)
QUERIES = ("ornithorynque", "tamanoir", "kinkajou", "sécurité", "paix durable", "coopération régionale")


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
    sentences = seed_sentences()
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


def kept_generations(index_dir: Path) -> list[Path]:
    """The generations a finished run keeps: the serving one and the one it replaced."""
    current = store.require_current_generation(index_dir)
    older = sorted(path for path in index_dir.glob("gen-*") if path.name < current.name)
    return [current, *older[-1:]]


def unpublished_generations(index_dir: Path) -> list[Path]:
    """Generations newer than the serving one: what a killed writer left."""
    current = store.require_current_generation(index_dir)
    return [path for path in index_dir.glob("gen-*") if path.name > current.name]


def start(command: str, setup: Setup, log: Path) -> subprocess.Popen[bytes]:
    return start_run(command, setup.corpus, setup.index_dir, log)


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
    last_leftovers: set[Path] = set()
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
            # Leftovers of the killed runs are removed by the runs that follow: at most
            # one beyond the serving generation and the previous one (a generation
            # still pinned at that moment), and never the same one twice in a row.
            leftovers = set(setup.index_dir.glob("gen-*")) - set(kept_generations(setup.index_dir))
            assert len(leftovers) <= 1 and not leftovers & last_leftovers, sorted(leftovers)
            last_leftovers = leftovers
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
