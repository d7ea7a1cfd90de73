"""Open generations are counted by the searches reading them: no file descriptor outlives its use.

Each test counts the process's open file descriptors (``/proc/self/fd``)
around real searches on real indexes built in temporary folders, while the
index is updated or rebuilt under them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_writing import write_corpus
from memory_tmp import memory_tmp_dir

import indexer
from indexer.search.generations import MAX_OPEN_GENERATIONS
from indexer.search.generation import MAX_IDLE_SEARCHERS

ROOT = Path(__file__).resolve().parent.parent
FD_DIR = Path("/proc/self/fd")
CORPUS = {
    "climat.txt": (
        "Le climat en Asie-Pacifique\n\n"
        "Les pays d’Asie-Pacifique coopèrent sur l'adaptation au changement climatique.\n\n"
        "Les océans se réchauffent et les côtes reculent.\n"
    ),
    "cuisine.md": (
        "# Recettes de cuisine\n\n"
        "Le bœuf bourguignon mijote lentement ; il est peut-être meilleur le lendemain.\n"
    ),
}
UPDATES = 200
SEARCH_THREADS = 4
SHORT_LIVED_THREADS = 3000
# At most this many short-lived threads run at once.
THREAD_WAVE = 8
# Descriptors a process may gain over its start: at most MAX_OPEN_GENERATIONS
# generations, each with its pin and a searcher per concurrent search (about
# 7 files each on these one-segment indexes), so about 120.  Never one set
# per update or per thread: that grew by thousands.
FD_MARGIN = 150


def open_fds() -> int:
    return len(os.listdir(FD_DIR))


def fds_under(folder: Path) -> list[str]:
    """Return the targets of this process's descriptors that lie in *folder*."""
    targets = []
    for name in os.listdir(FD_DIR):
        try:
            target = os.readlink(FD_DIR / name)
        except OSError:
            continue  # closed since the listing
        if target.startswith(str(folder.resolve()) + os.sep):
            targets.append(target)
    return targets


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A temporary folder in memory: updates there cost no disk syncs."""
    with memory_tmp_dir(tmp_path) as path:
        yield path


@pytest.fixture
def corpus(folder: Path) -> Path:
    return write_corpus(folder / "corpus", dict(CORPUS))


def change(corpus: Path, number: int) -> None:
    (corpus / "journal.txt").write_text(
        f"Journal {number}\n\nLe registre numéro {number} parle encore du climat.\n", encoding="utf-8"
    )


def search_until(index: indexer.SearchIndex, stop: threading.Event, errors: list[BaseException]) -> None:
    while not stop.is_set():
        try:
            result = index.search("climat")
            assert result.total >= 1, result
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
            return


# Run in another process, as a watcher or a cron job would: update the
# index UPDATES times, changing one file before each, and say when each is done.
UPDATER = """
import sys
from pathlib import Path
import indexer
corpus, index_dir, updates = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for number in range(updates):
    (corpus / "journal.txt").write_text(
        f"Journal {number}\\n\\nLe registre numéro {number} parle encore du climat.\\n", encoding="utf-8"
    )
    indexer.update_index(corpus, index_dir)
    print(number, flush=True)
"""


@pytest.mark.slow
def test_fd_count_stays_bounded_over_200_updates_with_searching_threads(folder: Path, corpus: Path) -> None:
    index_dir = folder / "index"
    indexer.build_index(corpus, index_dir)
    index = indexer.open_index(index_dir)
    index.search("climat")
    baseline = open_fds()
    stop = threading.Event()
    errors: list[BaseException] = []
    threads = [threading.Thread(target=search_until, args=(index, stop, errors)) for _ in range(SEARCH_THREADS)]
    for thread in threads:
        thread.start()
    peak, generations, done = baseline, 0, 0
    try:
        with subprocess.Popen(
            [sys.executable, "-c", UPDATER, str(corpus), str(index_dir), str(UPDATES)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        ) as updater:
            assert updater.stdout is not None
            for _ in updater.stdout:
                done += 1
                peak = max(peak, open_fds())
                generations = max(generations, len(index.open_generations()))
            assert updater.wait(timeout=60) == 0
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    print(f"\nfds: {baseline} at start, peak {peak} over {done} updates, {open_fds()} at the end; "
          f"at most {generations} generations open")
    assert done == UPDATES and errors == []
    assert generations <= MAX_OPEN_GENERATIONS
    assert peak - baseline < FD_MARGIN
    assert index.search(f"registre {UPDATES - 1}").total >= 1
    index.close()


@pytest.mark.slow
def test_short_lived_searching_threads_leave_no_descriptors(folder: Path, corpus: Path) -> None:
    indexer.build_index(corpus, folder / "index")
    index = indexer.open_index(folder / "index")
    index.search("climat")
    baseline = open_fds()
    errors: list[BaseException] = []

    def one_search() -> None:
        try:
            assert index.search("bourguignon").total == 1
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    started = time.monotonic()
    for _ in range(SHORT_LIVED_THREADS // THREAD_WAVE):
        wave = [threading.Thread(target=one_search) for _ in range(THREAD_WAVE)]
        for thread in wave:
            thread.start()
        for thread in wave:
            thread.join()
    after = open_fds()
    print(f"\nfds: {baseline} before, {after} after {SHORT_LIVED_THREADS} threads "
          f"({time.monotonic() - started:.1f} s)")
    assert errors == []
    assert after - baseline < FD_MARGIN
    assert len(index.open_generations()) == 1
    index.close()


def test_the_searcher_pool_holds_no_more_than_the_concurrent_searches(seed_index_dir: Path) -> None:
    index = indexer.open_index(seed_index_dir)
    with index.reading() as (generation, first):
        with index.reading() as (same, second):
            assert same is generation and second is not first
            assert generation.open_searchers == 2
        # Given back, then lent again: one searcher serves searches one after the other.
        for _ in range(5):
            index.search("paix")
        assert generation.open_searchers == 2
    index.close()
    assert generation.closed and generation.open_searchers == 0
    assert MAX_IDLE_SEARCHERS >= 4  # a server's default threads never reopen one


def test_a_retired_generation_closes_when_its_last_search_ends(folder: Path, corpus: Path) -> None:
    index_dir = folder / "index"
    indexer.build_index(corpus, index_dir)
    index = indexer.open_index(index_dir)
    first = index.open_generations()[-1]
    with index.reading() as (held, searcher):
        assert held.path == first
        change(corpus, 1)
        indexer.build_index(corpus, index_dir)
        # A new search switches to the new generation; the held one stays open and readable.
        assert index.search("registre").total == 1
        second = index.open_generations()[-1]
        assert index.open_generations() == [first, second]
        assert fds_under(first)
        assert searcher.stored_fields(0)["source"] in CORPUS
    assert index.open_generations() == [second]
    assert fds_under(first) == []
    # With no search in flight, the switch closes the replaced generation at once.
    change(corpus, 2)
    indexer.build_index(corpus, index_dir)
    assert index.search("registre").total == 1
    third = index.open_generations()[-1]
    assert index.open_generations() == [third] and fds_under(second) == []
    index.close()
    assert index.open_generations() == [] and fds_under(index_dir) == []


def test_close_waits_for_the_search_in_flight(folder: Path, corpus: Path) -> None:
    index_dir = folder / "index"
    indexer.build_index(corpus, index_dir)
    index = indexer.open_index(index_dir)
    with index.reading() as (held, searcher):
        index.close()
        assert searcher.stored_fields(0)["source"] in CORPUS
        assert not held.closed
    assert held.closed and fds_under(index_dir) == []
    # Searching again reopens the index.
    assert index.search("bourguignon").total == 1
    index.close()
