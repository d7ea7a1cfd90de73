"""Incremental updates: what changed, stable paragraph numbers, same answers as a rebuild, safety."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import store
from indexer import update as update_module
from indexer.cli import cli
from indexer.errors import CorpusNotFoundError, IndexLockedError, IndexWriteError

from corpus_writing import SMALL_CORPUS, write_corpus
from update_checks import CLIMAT_V2, NEW_FILE, file_hashes, hit_set, opened, saved, snapshot


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", dict(SMALL_CORPUS))


def test_without_an_index_update_builds_it(corpus: Path, tmp_path: Path) -> None:
    report = indexer.update_index(corpus, tmp_path / "index")
    assert report.rebuilt
    assert report.added == ("climat.txt", "notes/archives/ecole.txt", "notes/cuisine.md")
    assert (report.documents, report.paragraphs) == (3, 9)
    assert hit_set(tmp_path / "index", "crêpes") == {("notes/cuisine.md", 3)}


def test_added_changed_removed_and_unchanged(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    (corpus / "climat.txt").write_text(CLIMAT_V2, encoding="utf-8")
    (corpus / "notes" / "cuisine.md").unlink()
    (corpus / "animaux.txt").write_text(NEW_FILE, encoding="utf-8")
    report = indexer.update_index(corpus, index_dir)
    assert (report.added, report.changed, report.removed, report.unchanged) == (
        ("animaux.txt",), ("climat.txt",), ("notes/cuisine.md",), 1,
    )
    assert not report.rebuilt and report.seconds > 0
    assert (report.documents, report.paragraphs) == (3, 8)
    assert hit_set(index_dir, "ornithorynque") == {("climat.txt", 2)}
    assert hit_set(index_dir, "tamanoir") == {("animaux.txt", 1), ("animaux.txt", 2)}
    assert hit_set(index_dir, "crêpes") == set()
    assert hit_set(index_dir, "océans") == set()  # the old text of the changed file is gone


def test_a_new_date_alone_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    generation = store.current_generation(index_dir)
    later = time.time() + 3600
    os.utime(corpus / "climat.txt", (later, later))
    report = indexer.update_index(corpus, index_dir)
    assert report.changes == 0 and report.unchanged == 3
    # Nothing changed: no new generation was written.
    assert store.current_generation(index_dir) == generation
    assert report.summary()[0] == f"{index_dir} is up to date with {corpus} (3 documents, 9 paragraphs)"


def test_unchanged_documents_keep_their_paragraph_numbers(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    before = snapshot(index_dir)
    (corpus / "climat.txt").write_text("Nouveau titre\n\n" + CLIMAT_V2, encoding="utf-8")
    indexer.update_index(corpus, index_dir)
    after = snapshot(index_dir)
    for doc_id in ("notes/cuisine.md", "notes/archives/ecole.txt"):
        assert after[doc_id] == before[doc_id]
    assert after["climat.txt"][0] == "Nouveau titre"
    assert hit_set(index_dir, "crêpes farine") == {("notes/cuisine.md", 3)}


def test_a_series_of_updates_answers_like_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    updated, rebuilt = tmp_path / "updated", tmp_path / "rebuilt"
    indexer.build_index(corpus, updated)
    edits = [
        ("climat.txt", CLIMAT_V2),
        ("animaux.txt", NEW_FILE),
        ("notes/cuisine.md", None),
        ("Été 2023/carnet de route.md", "# Carnet\n\nNous avons traversé les Cévennes à vélo.\n"),
        ("animaux.txt", NEW_FILE + "\nLe tamanoir dort le jour.\n"),
        ("notes/cuisine.md", SMALL_CORPUS["notes/cuisine.md"]),
    ]
    for name, text in edits:
        path = corpus / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        indexer.update_index(corpus, updated)
    indexer.build_index(corpus, rebuilt)

    assert snapshot(updated) == snapshot(rebuilt)
    assert saved(updated, "manifest.json")["files"] == saved(rebuilt, "manifest.json")["files"]
    # The vocabulary (accents, prefixes, typos) ends up the same, word for word.
    assert saved(updated, "vocabulary.json") == saved(rebuilt, "vocabulary.json")
    for query in ("tamanoir", "cevennes", "climat", "secheresse", "crepes", "velo", "tamanoi*", "ornitorynques"):
        assert hit_set(updated, query) == hit_set(rebuilt, query), query


def test_the_previous_generation_stays_byte_identical(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    with opened(index_dir) as served:
        assert served.search("océans").total == 1
        previous = store.require_current_generation(index_dir)
        before = file_hashes(previous)

        (corpus / "climat.txt").write_text(CLIMAT_V2, encoding="utf-8")
        (corpus / "notes" / "cuisine.md").unlink()
        indexer.update_index(corpus, index_dir)

        current = store.require_current_generation(index_dir)
        assert current != previous and previous.is_dir()
        assert file_hashes(previous) == before
        # The old segment's files are shared: each is one file with two names, not a copy.
        shared = [path.name for path in previous.glob("MAIN_*") if (current / path.name).exists()]
        shared.remove("MAIN_WRITELOCK")
        assert shared
        assert all((previous / name).stat().st_ino == (current / name).stat().st_ino for name in shared)
        assert (previous / "MAIN_WRITELOCK").stat().st_ino != (current / "MAIN_WRITELOCK").stat().st_ino
        # A reader of the old generation sees the old index, whole.
        from whoosh import index as whoosh_index

        with whoosh_index.open_dir(str(previous)).searcher() as old:
            assert old.doc_count() == 9
        # The shared index follows the new one by itself.
        assert served.search("océans").total == 0
        assert served.search("ornithorynques").total == 1


def test_a_failed_update_leaves_the_previous_index_serving(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    generation = store.current_generation(index_dir)
    (corpus / "climat.txt").write_text(CLIMAT_V2, encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(update_module, "add_document", fail)
    with pytest.raises(IndexWriteError, match="disk full"):
        indexer.update_index(corpus, index_dir)
    assert store.current_generation(index_dir) == generation
    assert [path.name for path in index_dir.glob("gen-*")] == [generation.name]  # type: ignore[union-attr]
    assert hit_set(index_dir, "océans") == {("climat.txt", 2)}

    monkeypatch.undo()
    assert indexer.update_index(corpus, index_dir).changed == ("climat.txt",)
    assert hit_set(index_dir, "ornithorynques") == {("climat.txt", 2)}


def test_a_file_that_can_no_longer_be_read_leaves_the_index(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    (corpus / "climat.txt").write_bytes(b"\x00binary now")
    report = indexer.update_index(corpus, index_dir)
    assert report.removed == ("climat.txt",)
    assert [(item.doc_id, item.reason) for item in report.skipped] == [("climat.txt", "fichier binaire (octets NUL)")]
    assert saved(index_dir, "manifest.json")["skipped"] == {"climat.txt": "fichier binaire (octets NUL)"}
    assert hit_set(index_dir, "océans") == set()


def test_an_index_without_digests_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    manifest = store.require_current_generation(index_dir) / "manifest.json"
    manifest.write_text("{}", encoding="utf-8")
    report = indexer.update_index(corpus, index_dir)
    assert report.rebuilt and len(report.added) == 3


def test_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="absent"):
        indexer.update_index(tmp_path / "absent", tmp_path / "index")


def test_one_writer_at_a_time(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    (corpus / "animaux.txt").write_text(NEW_FILE, encoding="utf-8")
    with store.writer_lock(index_dir):
        with pytest.raises(IndexLockedError, match="another rebuild or update is writing"):
            indexer.update_index(corpus, index_dir)
    # Waiting: the update goes ahead as soon as the other writer is done.
    released = threading.Event()

    def hold_the_lock() -> None:
        with store.writer_lock(index_dir):
            released.wait(5)
            time.sleep(0.3)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    time.sleep(0.1)
    released.set()
    started = time.monotonic()
    report = indexer.update_index(corpus, index_dir, lock_wait=10)
    holder.join()
    assert report.added == ("animaux.txt",)
    assert time.monotonic() - started >= 0.15


def test_cli_update_prints_what_changed(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    index_dir = str(tmp_path / "index")
    args = ["update", "--corpus", str(corpus), "--index", index_dir]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.output.startswith(f"no index in {index_dir} yet: built it from {corpus} in ")

    (corpus / "climat.txt").write_text(CLIMAT_V2, encoding="utf-8")
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    (corpus / "animaux.txt").write_text(NEW_FILE, encoding="utf-8")
    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    lines = second.output.splitlines()
    assert lines[0].startswith(f"updated {index_dir} from {corpus} in ")
    assert lines[0].endswith("1 added, 1 changed, 0 removed, 2 unchanged (4 documents, 11 paragraphs)")
    assert lines[1:] == [
        "  added: animaux.txt", "  changed: climat.txt", "skipped 1 files:", "  vide.txt: document vide (aucun texte)",
    ]


def test_cli_update_refused_or_waiting_while_another_writer_runs(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    index_dir = tmp_path / "index"
    with store.writer_lock(index_dir):
        for command in ("update", "rebuild"):
            result = runner.invoke(cli, [command, "--corpus", str(corpus), "--index", str(index_dir)])
            assert result.exit_code == 1
            assert result.output.splitlines() == [
                f"error: another rebuild or update is writing {index_dir}; wait for it to finish "
                "and run the command again, or pass --wait SECONDS"
            ]
    # The lock was released with its holder: nothing is left to clean.
    waited = runner.invoke(cli, ["update", "--wait", "5", "--corpus", str(corpus), "--index", str(index_dir)])
    assert waited.exit_code == 0, waited.output


@pytest.mark.parametrize("command", ["update", "watch"], ids=["update", "watch"])
def test_new_commands_have_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--corpus" in result.output and "--index" in result.output


def test_an_index_of_another_layout_is_rebuilt(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.fields import ID, TEXT, Schema

    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    # As if a newer version had added a field: new documents would not fit the old segments.
    monkeypatch.setattr(update_module, "build_schema", lambda *args: Schema(source=ID(stored=True), text=TEXT()))
    report = indexer.update_index(corpus, index_dir)
    assert report.rebuilt
