"""Following a corpus folder: real files written in a temp folder, updates seen within bounded waits."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_writing import SMALL_CORPUS, write_corpus
from web.browser import stop_process

import indexer
from indexer import store
from indexer.errors import IndexLockedError

# Generous bounds: an update of the small corpus takes some 50 ms.
REPORT_SECONDS = 15.0
DEBOUNCE = 0.3
ROOT = Path(__file__).resolve().parent.parent


def search(index_dir: Path, query: str) -> indexer.SearchResult:
    idx = indexer.open_index(index_dir)
    try:
        return idx.search(query)
    finally:
        idx.close()


def sources(index_dir: Path) -> list[str]:
    idx = indexer.open_index(index_dir)
    try:
        return idx.sources()
    finally:
        idx.close()


class Recorder:
    """Collects what a watcher reports, to wait for it with a deadline."""

    def __init__(self) -> None:
        self.events: queue.Queue[indexer.UpdateReport | Exception] = queue.Queue()

    def next(self, timeout: float = REPORT_SECONDS) -> indexer.UpdateReport | Exception:
        return self.events.get(timeout=timeout)

    def next_report(self, timeout: float = REPORT_SECONDS) -> indexer.UpdateReport:
        event = self.next(timeout)
        assert isinstance(event, indexer.UpdateReport), event
        return event

    def quiet(self, seconds: float) -> bool:
        try:
            event = self.events.get(timeout=seconds)
        except queue.Empty:
            return True
        pytest.fail(f"unexpected update: {event}")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", dict(SMALL_CORPUS))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def watching(corpus: Path, tmp_path: Path, recorder: Recorder) -> Iterator[indexer.CorpusWatcher]:
    watcher = indexer.CorpusWatcher(
        corpus, tmp_path / "index", on_update=recorder.events.put, on_error=recorder.events.put,
        debounce=DEBOUNCE, lock_wait=0,
    )
    with watcher:
        first = recorder.next_report()
        assert first.rebuilt and first.documents == 3
        yield watcher


def test_added_changed_renamed_and_removed_files_reach_the_index(
    watching: indexer.CorpusWatcher, corpus: Path, recorder: Recorder
) -> None:
    (corpus / "animaux.txt").write_text("Animaux\n\nLe tamanoir mange des fourmis.\n", encoding="utf-8")
    assert recorder.next_report().added == ("animaux.txt",)
    assert search(watching.index_dir, "tamanoir").hits[0].source == "animaux.txt"

    (corpus / "animaux.txt").write_text("Animaux\n\nLe tatou creuse un terrier.\n", encoding="utf-8")
    assert recorder.next_report().changed == ("animaux.txt",)

    (corpus / "notes").rename(corpus / "carnets")
    renamed = recorder.next_report()
    assert renamed.added == ("carnets/archives/ecole.txt", "carnets/cuisine.md")
    assert renamed.removed == ("notes/archives/ecole.txt", "notes/cuisine.md")

    (corpus / "climat.txt").unlink()
    assert recorder.next_report().removed == ("climat.txt",)
    assert sources(watching.index_dir) == ["animaux.txt", "carnets/archives/ecole.txt", "carnets/cuisine.md"]
    assert search(watching.index_dir, "tatou").total == 1 and search(watching.index_dir, "tamanoir").total == 0


def test_a_burst_of_writes_makes_one_update(
    watching: indexer.CorpusWatcher, corpus: Path, recorder: Recorder
) -> None:
    for number in range(10):
        (corpus / f"lot-{number}.txt").write_text(f"Lot {number}\n\nUn paragraphe du lot {number}.\n", encoding="utf-8")
    report = recorder.next_report()
    assert report.added == tuple(f"lot-{number}.txt" for number in range(10))
    recorder.quiet(3 * DEBOUNCE)


def test_reading_and_other_files_wake_nothing(
    watching: indexer.CorpusWatcher, corpus: Path, recorder: Recorder
) -> None:
    # The watcher's own reads (and a search) must not make it update again.
    search(watching.index_dir, "climat")
    (corpus / "climat.txt").read_bytes()
    (corpus / "image.png").write_bytes(b"\x89PNG")
    recorder.quiet(4 * DEBOUNCE)


def test_an_index_inside_the_corpus_does_not_wake_the_watcher(corpus: Path, recorder: Recorder) -> None:
    watcher = indexer.CorpusWatcher(
        corpus, corpus / ".index", on_update=recorder.events.put, on_error=recorder.events.put, debounce=DEBOUNCE,
    )
    with watcher:
        assert recorder.next_report().rebuilt
        recorder.quiet(4 * DEBOUNCE)
        (corpus / "neuf.md").write_text("# Neuf\n\nUn texte neuf.\n", encoding="utf-8")
        assert recorder.next_report().added == ("neuf.md",)
        recorder.quiet(4 * DEBOUNCE)


def test_a_failed_update_is_reported_and_watching_goes_on(
    watching: indexer.CorpusWatcher, corpus: Path, recorder: Recorder
) -> None:
    with store.writer_lock(watching.index_dir):
        (corpus / "un.txt").write_text("Un\n\nPremier texte.\n", encoding="utf-8")
        error = recorder.next()
        assert isinstance(error, IndexLockedError)
    (corpus / "deux.txt").write_text("Deux\n\nSecond texte.\n", encoding="utf-8")
    # The next update catches up with both files.
    assert recorder.next_report().added == ("deux.txt", "un.txt")


def test_stop_is_prompt(corpus: Path, tmp_path: Path, recorder: Recorder) -> None:
    watcher = indexer.CorpusWatcher(corpus, tmp_path / "index", on_update=recorder.events.put)
    watcher.start()
    recorder.next_report()
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 5


def test_missing_corpus_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(indexer.CorpusNotFoundError, match="absent"):
        indexer.CorpusWatcher(tmp_path / "absent", tmp_path / "index").start()
    with pytest.raises(ValueError, match="debounce"):
        indexer.CorpusWatcher(tmp_path, tmp_path / "index", debounce=-1)


def _read_until(process: subprocess.Popen[str], needle: str, lines: list[str]) -> None:
    deadline = time.monotonic() + REPORT_SECONDS
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if needle in line:
            return
    pytest.fail(f"{needle!r} not printed; got {lines}")


def _ctrl_c_as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_cli_watch_prints_updates_and_stops_on_ctrl_c(corpus: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "indexer", "watch", "--corpus", str(corpus),
               "--index", str(tmp_path / "index"), "--debounce", str(DEBOUNCE)]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # As from a terminal: a run started in the background of a script inherits
    # SIGINT ignored, and Python then never turns it into KeyboardInterrupt.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               cwd=ROOT, env=environment, preexec_fn=_ctrl_c_as_from_a_terminal)
    lines: list[str] = []
    try:
        # The first update (a build: there is no index yet) and the greeting, in either order.
        for needle in ("watching", "yet: built it from"):
            if not any(needle in line for line in lines):
                _read_until(process, needle, lines)
        (corpus / "animaux.txt").write_text("Animaux\n\nLe tamanoir.\n", encoding="utf-8")
        _read_until(process, "added: animaux.txt", lines)
        process.send_signal(signal.SIGINT)
        _read_until(process, "stopped", lines)
        assert process.wait(timeout=REPORT_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()
    assert not any("Traceback" in line for line in lines), lines


def test_cli_watch_of_a_missing_corpus_is_one_error_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from indexer.cli import cli

    result = CliRunner().invoke(cli, ["watch", "--corpus", str(tmp_path / "absent"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 1
    assert result.output.startswith("error: corpus directory")


def test_the_web_server_with_watch_serves_new_files(corpus: Path, tmp_path: Path) -> None:
    """``python -m webui --watch``: a file saved in the corpus is found by the running server."""
    import json
    import re
    import urllib.request
    from urllib.parse import quote

    command = [sys.executable, "-m", "webui", "--watch", "--host", "127.0.0.1", "--port", "0",
               "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               cwd=ROOT, env=environment)
    lines: list[str] = []
    try:
        _read_until(process, "Serving on", lines)
        match = re.search(r"Serving on (http://\S+)", lines[-1])
        assert match is not None and match.group(1).startswith("http://127.0.0.1:")
        base_url = match.group(1)
        assert any(line.startswith("watching ") for line in lines), lines
        (corpus / "animaux.txt").write_text("Animaux\n\nLe kinkajou dort dans les arbres.\n", encoding="utf-8")
        _read_until(process, "added: animaux.txt", lines)
        with urllib.request.urlopen(f"{base_url}/api/search?q={quote('kinkajou')}", timeout=10) as response:
            hits = json.load(response)["hits"]
        assert [(hit["source"], hit["paragraph"]) for hit in hits] == [("animaux.txt", 2)]
    finally:
        stop_process(process)
        assert process.stdout is not None
        process.stdout.close()
    assert not any("Traceback" in line for line in lines), lines
