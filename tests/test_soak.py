"""Soak: a long-running server and library under a stream of updates and rebuilds.

A real ``python -m webui`` on 127.0.0.1 serves a small corpus to eight
client threads while another process updates the index 200 times (one file
changed each time) and rebuilds it 20 times: no request may fail, and the
server's open file descriptors (``/proc/<pid>/fd``) stay bounded.  The key
part is repeated with two worker processes.  Then threads search through the
library while another process rebuilds back to back: no search may raise.

The index lives in memory (see :mod:`memory_tmp`) so that hundreds of
generations fit in well under a minute.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from corpus_writing import SMALL_CORPUS, write_corpus
from memory_tmp import memory_tmp_dir
from web.browser import stop_process

import indexer
from indexer import store
from indexer.search.generations import MAX_OPEN_GENERATIONS
from webui.workers import FOLLOW_SECONDS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 8
UPDATES, REBUILDS = 200, 20
# With two workers, the part that leaked: generations replaced under running searches.
WORKER_UPDATES, WORKER_REBUILDS = 40, 4
# Each process of the server: a few generations' pins and pooled searchers, far
# below select()'s limit of 1024 (one leaked set per update reached 966).
MAX_SERVER_FDS = 200
REQUEST_TIMEOUT_SECONDS = 30.0
SERVER_START_SECONDS = 30.0
SAMPLE_SECONDS = 0.05
RACE_SECONDS = 12.0
RACE_THREADS = 4
TALLY_LOCK = threading.Lock()
# Query -> a document it must find, whatever the writers did.
MUST_FIND = {"climat": "climat.txt", "bœuf": "notes/cuisine.md", "élèves": "notes/archives/ecole.txt"}

# The writer, in its own process as a watcher or cron job would be: before
# each run it rewrites one file; every `every`-th run is a full rebuild.
WRITER = """
import sys, time
from pathlib import Path
import indexer
corpus, index_dir, runs, every = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
seconds = float(sys.argv[5])
started = time.monotonic()
run = 0
while run < runs or time.monotonic() - started < seconds:
    (corpus / "journal.txt").write_text(
        f"Journal {run}\\n\\nLe registre numéro {run} change à chaque passage.\\n", encoding="utf-8"
    )
    if every and run % every == every - 1:
        indexer.build_index(corpus, index_dir)
        print("rebuild", run, flush=True)
    else:
        indexer.update_index(corpus, index_dir)
        print("update", run, flush=True)
    run += 1
"""


def run_writer(corpus: Path, index_dir: Path, runs: int, every: int, seconds: float = 0.0) -> Counter[str]:
    """Run the writer to the end and return how many updates and rebuilds it made."""
    finished = subprocess.run(
        [sys.executable, "-c", WRITER, str(corpus), str(index_dir), str(runs), str(every), str(seconds)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    return Counter(line.split()[0] for line in finished.stdout.splitlines())


@contextmanager
def serving(index_dir: Path, log_path: Path, workers: int) -> Iterator[tuple[str, int]]:
    """Run ``python -m webui`` on a free port of 127.0.0.1; yield its URL and pid."""
    command = [sys.executable, "-m", "webui", "--host", "127.0.0.1", "--port", "0", "--index", str(index_dir),
               "--workers", str(workers), "--threads", "4"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        url = None
        while url is None and time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"Serving on (http://\S+)", log_path.read_text(errors="replace"))
            url = found.group(1) if found else None
            time.sleep(SAMPLE_SECONDS)
        assert url is not None, log_path.read_text(errors="replace")
        yield url, process.pid
    finally:
        stop_process(process)


def server_fds(pid: int) -> list[int]:
    """Return the open descriptor counts of *pid* and of each of its children."""
    pids = [pid]
    try:
        pids += [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    counts = []
    for each in pids:
        try:
            counts.append(len(list(Path(f"/proc/{each}/fd").iterdir())))
        except OSError:
            pass  # a worker being restarted
    return counts


def client(base_url: str, number: int, stop: threading.Event, tally: Counter[str], problems: list[str]) -> None:
    """Search *base_url* until *stop*, counting answers that find what they must in *tally*."""
    queries = list(MUST_FIND)
    request = 0
    while not stop.is_set():
        query = queries[(number + request) % len(queries)]
        request += 1
        url = f"{base_url}/api/search?q={urllib.request.quote(query)}&group=0"
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_SECONDS) as response:
                body = json.load(response)
            ok = MUST_FIND[query] in {hit["source"] for hit in body["hits"]}
            detail = f"{url}: {body}"
        except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
            ok, detail = False, f"{url}: {error!r}"
        with TALLY_LOCK:
            tally["ok" if ok else "failed"] += 1
            if not ok and len(problems) < 20:
                problems.append(detail)


def soak(folder: Path, workers: int, updates: int, rebuilds: int) -> None:
    """Serve with *workers* processes through *updates* and *rebuilds*; check every answer and the fds."""
    corpus, index_dir = write_corpus(folder / "corpus", dict(SMALL_CORPUS)), folder / "index"
    indexer.build_index(corpus, index_dir)
    first = store.current_generation(index_dir)
    assert first is not None
    tally: Counter[str] = Counter()
    problems: list[str] = []
    stop = threading.Event()
    peak: list[int] = []
    with serving(index_dir, folder / "server.log", workers) as (url, pid):
        def watch_fds() -> None:
            while not stop.is_set():
                peak.append(max(server_fds(pid), default=0))
                time.sleep(SAMPLE_SECONDS)

        threads = [threading.Thread(target=client, args=(url, n, stop, tally, problems)) for n in range(CLIENTS)]
        threads.append(threading.Thread(target=watch_fds))
        for thread in threads:
            thread.start()
        try:
            runs = run_writer(corpus, index_dir, updates + rebuilds, (updates + rebuilds) // rebuilds)
            # A worker that gets no request follows rebuilds once every FOLLOW_SECONDS
            # (the writer's whole run can be shorter): give it that long, then one
            # more update prunes every generation nobody reads any more.
            time.sleep(2 * FOLLOW_SECONDS + 0.5)
            runs += run_writer(corpus, index_dir, 1, 0)
        finally:
            stop.set()
            for thread in threads:
                thread.join(REQUEST_TIMEOUT_SECONDS + 5)
        at_rest = server_fds(pid)
    generations = sorted(index_dir.glob("gen-*"))
    print(f"\n{workers} worker(s): {dict(tally)} during {dict(runs)}; server fds peak {max(peak)}, "
          f"{at_rest} at the end; {len(generations)} generations on disk")
    assert runs == {"update": updates + 1, "rebuild": rebuilds}
    assert problems == [] and tally["failed"] == 0 and tally["ok"] >= 100
    assert max(peak) < MAX_SERVER_FDS
    # No process pins a generation forever: the first one is gone.
    assert not first.exists()
    assert len(generations) <= 2 + MAX_OPEN_GENERATIONS * workers


def test_one_server_process_through_200_updates_and_20_rebuilds(tmp_path: Path) -> None:
    with memory_tmp_dir(tmp_path) as folder:
        soak(folder, 1, UPDATES, REBUILDS)


def test_two_worker_processes_through_updates_and_rebuilds(tmp_path: Path) -> None:
    with memory_tmp_dir(tmp_path) as folder:
        soak(folder, 2, WORKER_UPDATES, WORKER_REBUILDS)


def test_library_searches_while_another_process_rebuilds_back_to_back(tmp_path: Path) -> None:
    with memory_tmp_dir(tmp_path) as folder:
        # A small corpus rebuilds in milliseconds: many generations replaced under the searches.
        corpus, index_dir = write_corpus(folder / "corpus", dict(SMALL_CORPUS)), folder / "index"
        indexer.build_index(corpus, index_dir)
        index = indexer.open_index(index_dir)
        errors: list[BaseException] = []
        searches = Counter[str]()
        stop = threading.Event()

        def search() -> None:
            while not stop.is_set():
                try:
                    for query, source in MUST_FIND.items():
                        result = index.search(query, limit=20)
                        assert source in {hit.source for hit in result.hits}, result
                        assert index.search("changement climatique", group=True).total >= 1
                        with TALLY_LOCK:
                            searches["done"] += 2
                except BaseException as error:  # noqa: BLE001 - reported below
                    errors.append(error)
                    return

        threads = [threading.Thread(target=search) for _ in range(RACE_THREADS)]
        for thread in threads:
            thread.start()
        try:
            runs = run_writer(corpus, index_dir, 0, 1, RACE_SECONDS)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        index.close()
    print(f"\nrace: {searches['done']} searches during {runs['rebuild']} rebuilds")
    assert errors == []
    assert runs["rebuild"] >= 20 and searches["done"] >= 100
