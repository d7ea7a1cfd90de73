"""The index directory: it removes only what it made, refuses unsafe layouts, and honours readers' pins."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

import indexer
from indexer import build as build_module
from indexer import store
from indexer.cli import cli
from indexer.errors import GenerationGoneError, IndexCorruptError, IndexWriteError, UnsafeLayoutError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# How long a helper process may take to start and pin a generation.
HELPER_TIMEOUT_SECONDS = 30


def listing(root: Path) -> dict[str, str]:
    """Every file under *root* (relative path -> SHA-256), links and all."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def copy_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize(
    ("corpus_name", "index_name", "refusal"),
    [("d/gen-textes", "d", "contains the corpus folder"), ("c2", "c2", "is the corpus folder")],
    ids=["index-contains-corpus", "index-is-corpus"],
)
@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_an_index_holding_the_corpus_is_refused_and_nothing_is_removed(
    tmp_path: Path, corpus_name: str, index_name: str, refusal: str, command: str
) -> None:
    corpus = copy_seeds(tmp_path / corpus_name)
    (tmp_path / "c2" / "gen-2023").mkdir(parents=True, exist_ok=True)
    (tmp_path / "c2" / "gen-2023" / "notes.txt").write_text("Notes\n\nRien.", encoding="utf-8")
    before = listing(tmp_path)
    code, lines = run(command, "--corpus", str(corpus), "--index", str(tmp_path / index_name))
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("error: the index directory") and refusal in lines[0]
    assert "pass an --index folder of its own" in lines[0]
    assert listing(tmp_path) == before
    with pytest.raises(UnsafeLayoutError):
        indexer.build_index(corpus, tmp_path / index_name)


def test_an_index_inside_the_corpus_is_left_out_of_it(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    index_dir = corpus / "index"
    before = listing(corpus)
    first = indexer.build_index(corpus, index_dir)
    # A text file put into the index directory is not part of the corpus.
    (index_dir / "note.txt").write_text("Note\n\nUn ornithorynque.", encoding="utf-8")
    assert indexer.build_index(corpus, index_dir).documents == first.documents == 2
    (corpus / "nouveau.txt").write_text("Nouveau\n\nUn tamanoir.", encoding="utf-8")
    report = indexer.update_index(corpus, index_dir)
    assert report.added == ("nouveau.txt",) and report.documents == 3
    after = listing(corpus)
    assert {name: after[name] for name in before} == before
    idx = indexer.open_index(index_dir)
    try:
        assert idx.search("ornithorynque").total == 0
    finally:
        idx.close()


def test_folders_that_look_like_generations_are_never_removed(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    (index_dir / "gen-2023").mkdir(parents=True)
    (index_dir / "gen-2023" / "photo.jpg").write_bytes(b"\xff\xd8 not really")
    (index_dir / "gen-vide").mkdir()
    indexer.build_index(seeds_copy, index_dir)
    # A generation copied under another name: its marker names the original.
    shutil.copytree(store.require_current_generation(index_dir), index_dir / "gen-copie")
    user_files = {
        name: digest for name, digest in listing(index_dir).items() if name.startswith(("gen-2023/", "gen-copie/"))
    }
    for _ in range(3):
        indexer.build_index(seeds_copy, index_dir)
    (seeds_copy / "nouveau.txt").write_text("Nouveau\n\nUn tamanoir.", encoding="utf-8")
    indexer.update_index(seeds_copy, index_dir)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "add_document", fail)
    with pytest.raises(IndexWriteError):
        indexer.build_index(seeds_copy, index_dir)
    after = listing(index_dir)
    assert {name: after.get(name) for name in user_files} == user_files
    assert (index_dir / "gen-vide").is_dir()
    # Only the indexer's own generations went, and the failed build's: the serving one remains.
    ours = [path for path in index_dir.glob("gen-*") if store.is_generation(path)]
    assert ours == [store.require_current_generation(index_dir)]


def test_a_pinned_generation_is_kept_until_its_pin_is_released(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    first = store.require_current_generation(index_dir)
    with store.pin_generation(first) as pin:
        for _ in range(3):
            indexer.build_index(seeds_copy, index_dir)
        assert first.is_dir() and not pin.closed
        with whoosh_index.open_dir(str(first)).searcher() as searcher:
            assert searcher.doc_count() == 76
    assert pin.closed
    indexer.build_index(seeds_copy, index_dir)
    assert not first.exists()
    with pytest.raises(GenerationGoneError, match="read CURRENT again"):
        store.pin_generation(first)


def test_prune_keeps_the_current_generation_and_the_one_asked_for(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    built = []
    for _ in range(3):
        indexer.build_index(seeds_copy, index_dir)
        built.append(store.require_current_generation(index_dir))
    assert all(path.is_dir() for path in built[1:]) and not built[0].exists()
    with store.writer_lock(index_dir):
        store.prune(index_dir, keep=None)
        assert [path.name for path in index_dir.glob("gen-*")] == [built[2].name]
    spare = store.new_generation(index_dir)
    with store.writer_lock(index_dir):
        store.prune(index_dir, keep=spare)
    assert spare.is_dir() and built[2].is_dir()


PIN_HOLDER = """
import sys
from indexer import store
pin = store.pin_generation(sys.argv[1])
print("pinned", flush=True)
sys.stdin.read()
pin.close()
"""


def test_a_pin_held_by_another_process_keeps_its_generation(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    first = store.require_current_generation(index_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", PIN_HOLDER, str(first)], cwd=ROOT,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "pinned\n"
        for _ in range(3):
            indexer.build_index(seeds_copy, index_dir)
        assert first.is_dir()
        with whoosh_index.open_dir(str(first)).searcher() as searcher:
            assert searcher.doc_count() == 76
    finally:
        holder.communicate("", timeout=HELPER_TIMEOUT_SECONDS)
    assert holder.returncode == 0
    indexer.build_index(seeds_copy, index_dir)
    assert not first.exists()


def test_programs_started_by_a_reader_do_not_hold_its_pin(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    first = store.require_current_generation(index_dir)
    pin = store.pin_generation(first)
    # close_fds=False: only O_CLOEXEC keeps the pin's descriptor out of the program.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], close_fds=False)
    try:
        pin.close()
        indexer.build_index(seeds_copy, index_dir)
        indexer.build_index(seeds_copy, index_dir)
        assert not first.exists()
    finally:
        child.kill()
        child.wait()


def _sleep(started: Any, seconds: float) -> None:
    started.set()
    time.sleep(seconds)


def test_a_child_forked_by_a_writer_does_not_keep_the_lock(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    context = multiprocessing.get_context("fork")
    with store.writer_lock(index_dir):
        started = context.Event()
        child = context.Process(target=_sleep, args=(started, 60))
        child.start()
        # Once the child runs its own code, the fork handler has run in it.
        assert started.wait(HELPER_TIMEOUT_SECONDS)
    try:
        with store.writer_lock(index_dir):
            pass  # the lock is free while the child still lives
        assert child.is_alive()
    finally:
        child.kill()
        child.join()


@pytest.mark.parametrize(
    "current",
    [b"\xff\xfe\x00binaire", b"gen-absent\n", b"gen-x/../../etc\n", b"", None],
    ids=["binary", "missing-generation", "path", "empty", "folder"],
)
def test_rebuild_works_whatever_current_holds(tmp_path: Path, seeds_copy: Path, current: bytes | None) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    (index_dir / "CURRENT").unlink()
    if current is None:
        (index_dir / "CURRENT").mkdir()
        (index_dir / "CURRENT" / "à garder.txt").write_text("ne pas effacer", encoding="utf-8")
    else:
        (index_dir / "CURRENT").write_bytes(current)
    with pytest.raises(IndexCorruptError, match="CURRENT names no generation; run python -m indexer rebuild"):
        indexer.open_index(index_dir)
    code, lines = run("search", "--index", str(index_dir), "paix")
    assert code == 1 and len(lines) == 1 and lines[0].startswith(f"error: the index in {index_dir} is damaged")

    code, lines = run("rebuild", "--corpus", str(seeds_copy), "--index", str(index_dir))
    assert code == 0, lines
    idx = indexer.open_index(index_dir)
    try:
        assert idx.search("sécurité").total > 0
    finally:
        idx.close()
    if current is None:
        moved = list(index_dir.glob("CURRENT.moved-aside-*/à garder.txt"))
        assert [path.read_text(encoding="utf-8") for path in moved] == ["ne pas effacer"]


def test_the_watcher_refuses_an_index_holding_the_corpus(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "d" / "gen-textes")
    before = listing(tmp_path)
    watcher = indexer.CorpusWatcher(corpus, tmp_path / "d")
    with pytest.raises(UnsafeLayoutError, match="contains the corpus folder"):
        watcher.start()
    code, lines = run("watch", "--corpus", str(corpus), "--index", str(tmp_path / "d"))
    assert code == 1 and len(lines) == 1 and "contains the corpus folder" in lines[0]
    assert listing(tmp_path) == before
