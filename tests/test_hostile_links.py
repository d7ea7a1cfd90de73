"""Symbolic links out of the corpus: skipped with their reason and never served, unless links are followed."""

from __future__ import annotations

import threading
from pathlib import Path

from click.testing import CliRunner

import indexer
from indexer.cli import cli
from indexer.corpus_files import OUTSIDE_FILE_LINK, OUTSIDE_FOLDER_LINK
from webui import create_app

PUBLIC_TEXT = "Sécurité régionale\n\nLa coopération entre États progresse.\n"
SECRET = "Secret\n\nLe mot de passe du coffre est sous la pile de livres.\n"
LEAKS = {"x.txt": OUTSIDE_FILE_LINK, "zéros.txt": OUTSIDE_FILE_LINK, "dehors/": OUTSIDE_FOLDER_LINK}


def _leaky_corpus(base: Path) -> Path:
    """Return a corpus with links to a file and a folder outside it, and to a device."""
    outside = base / "dehors"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "public.txt").write_text(PUBLIC_TEXT, encoding="utf-8")
    (corpus / "x.txt").symlink_to(outside / "secret.txt")
    (corpus / "zéros.txt").symlink_to("/dev/zero")
    (corpus / "dehors").symlink_to(outside, target_is_directory=True)
    return corpus


def test_links_out_of_the_corpus_are_neither_indexed_nor_served(tmp_path: Path) -> None:
    corpus, index_dir = _leaky_corpus(tmp_path), tmp_path / "index"
    report = indexer.build_index(corpus, index_dir)
    assert {item.doc_id: item.reason for item in report.skipped} == LEAKS
    assert report.documents == 1
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus)})
    with app.test_client() as client:
        assert client.get("/api/doc/x.txt").status_code == 404
        assert client.get("/api/doc/dehors/secret.txt").status_code == 404
        assert client.get("/api/search", query_string={"q": "coffre"}).get_json()["total"] == 0
    updated = indexer.update_index(corpus, index_dir)
    assert updated.changes == 0 and {item.doc_id: item.reason for item in updated.skipped} == LEAKS


def test_follow_links_indexes_them_from_the_cli(tmp_path: Path) -> None:
    corpus, index_dir = _leaky_corpus(tmp_path), str(tmp_path / "index")
    runner = CliRunner()
    built = runner.invoke(cli, ["rebuild", "--follow-links", "--corpus", str(corpus), "--index", index_dir])
    assert built.exit_code == 0, built.output
    assert "indexed 3 documents" in built.output and "  zéros.txt: pas un fichier ordinaire" in built.output
    idx = indexer.open_index(index_dir)
    assert idx.sources() == ["dehors/secret.txt", "public.txt", "x.txt"]
    idx.close()
    kept = runner.invoke(cli, ["update", "--follow-links", "--corpus", str(corpus), "--index", index_dir])
    assert "is up to date" in kept.output, kept.output
    dropped = runner.invoke(cli, ["update", "--corpus", str(corpus), "--index", index_dir])
    assert dropped.exit_code == 0 and "2 removed" in dropped.output
    assert f"  x.txt: {OUTSIDE_FILE_LINK}" in dropped.output and f"  dehors/: {OUTSIDE_FOLDER_LINK}" in dropped.output
    for command in ("rebuild", "update", "watch"):
        assert "--follow-links" in runner.invoke(cli, [command, "--help"]).output


def test_the_watcher_follows_links_when_asked(tmp_path: Path) -> None:
    corpus, index_dir = _leaky_corpus(tmp_path), tmp_path / "index"
    reports: list[indexer.UpdateReport] = []
    done = threading.Event()

    def on_update(report: indexer.UpdateReport) -> None:
        reports.append(report)
        done.set()

    with indexer.CorpusWatcher(corpus, index_dir, on_update=on_update, follow_links=True):
        assert done.wait(30), "no first update"
    assert reports[0].documents == 3 and [item.doc_id for item in reports[0].skipped] == ["zéros.txt"]
