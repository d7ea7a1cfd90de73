"""The real server keeps answering while the index is rebuilt and updated under it.

Eight client threads query the JSON API of ``python -m webui`` on 127.0.0.1
(queries that must match, and a document page) while ten rebuilds and
updates run one after the other: no request may fail and no answer may be
empty.  Bounded in requests and in time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from web.browser import running_server

import indexer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLIENTS = 8
WRITER_RUNS = 10
# Bounds: each client stops at this many requests, or when the whole test is this old.
MAX_REQUESTS_PER_CLIENT = 3000
DEADLINE_SECONDS = 240.0
REQUEST_TIMEOUT_SECONDS = 30.0
MUST_MATCH = ("sécurité", "securite collective", "paix", "coopération régionale", "ONU", "dialogue")
SEED_DOCUMENT = "000_230c5f8ffb408245.txt"


def _client(base_url: str, number: int, stop: threading.Event, deadline: float, tally: Counter[str],
            problems: list[str], lock: threading.Lock) -> None:
    for request in range(MAX_REQUESTS_PER_CLIENT):
        if stop.is_set() or time.monotonic() > deadline:
            return
        if request % 5 == 4:
            url, kind = f"{base_url}/api/doc/{SEED_DOCUMENT}", "document"
        else:
            query = MUST_MATCH[(number + request) % len(MUST_MATCH)]
            url, kind = f"{base_url}/api/search?q={quote(query)}", "search"
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_SECONDS) as response:
                body = json.load(response)
            empty = not body.get("paragraphs") if kind == "document" else not (body["total"] and body["hits"])
            outcome = "empty" if empty else "ok"
            detail = f"{url}: {body}"
        except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
            outcome, detail = "failed", f"{url}: {error!r}"
        with lock:
            tally[outcome] += 1
            tally[kind] += 1
            if outcome != "ok" and len(problems) < 20:
                problems.append(detail)


def _write(corpus: Path, run: int) -> None:
    """Change the corpus a little before each run, never touching what the queries must find."""
    (corpus / f"ajout-{run}.txt").write_text(
        f"Ajout {run}\n\nUn texte ajouté pendant le test de charge, numéro {run}.\n", encoding="utf-8"
    )
    if run >= 2:
        (corpus / f"ajout-{run - 2}.txt").unlink()


def test_the_server_answers_every_request_during_rebuilds_and_updates(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SEEDS, corpus)
    indexer.build_index(corpus, index_dir)
    tally: Counter[str] = Counter()
    problems: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + DEADLINE_SECONDS
    with running_server(index_dir, tmp_path / "server.log") as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        clients = [
            threading.Thread(target=_client, args=(base_url, number, stop, deadline, tally, problems, lock))
            for number in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        runs: Counter[str] = Counter()
        try:
            for run in range(WRITER_RUNS):
                _write(corpus, run)
                command = "rebuild" if run % 2 == 0 else "update"
                finished = subprocess.run(
                    [sys.executable, "-m", "indexer", command, "--corpus", str(corpus),
                     "--index", str(index_dir), "--wait", "30"],
                    capture_output=True, text=True, cwd=ROOT, timeout=120,
                )
                assert finished.returncode == 0, finished.stderr
                runs[command] += 1
        finally:
            stop.set()
            for client in clients:
                client.join(REQUEST_TIMEOUT_SECONDS + 5)
        final = indexer.open_index(index_dir)
        served = final.sources()
        final.close()
    assert runs == {"rebuild": WRITER_RUNS // 2, "update": WRITER_RUNS - WRITER_RUNS // 2}
    assert f"ajout-{WRITER_RUNS - 1}.txt" in served
    print(f"\nload: {dict(tally)} during {dict(runs)}")
    assert problems == []
    assert tally["failed"] == 0 and tally["empty"] == 0
    assert tally["ok"] >= 100
