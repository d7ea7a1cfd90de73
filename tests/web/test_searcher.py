"""The shared index: opened once per app, following rebuilds without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

import indexer
import webui.searcher
from webui import create_app
from webui.searcher import get_index


def write_corpus(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_index_is_opened_once_and_shared(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = create_app({"TESTING": True, "INDEX_DIR": app.config["INDEX_DIR"]})
    opened: list[str] = []
    real_open = indexer.open_index

    def counting_open(index_dir: str) -> indexer.SearchIndex:
        opened.append(index_dir)
        return real_open(index_dir)

    monkeypatch.setattr(webui.searcher.indexer, "open_index", counting_open)
    client = fresh.test_client()
    for url in ("/?q=paix", "/?q=sécurité", "/api/search?q=paix", "/healthz", "/"):
        assert client.get(url).status_code == 200
    assert opened == [app.config["INDEX_DIR"]]
    with fresh.app_context():
        first = get_index()
    with fresh.app_context():
        assert get_index() is first


def test_a_rebuild_is_served_by_the_next_request(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    before = write_corpus(tmp_path / "avant", {"verger.txt": "Le verger\n\nLes pommiers fleurissent en avril.\n"})
    after = write_corpus(tmp_path / "apres", {"potager.txt": "Le potager\n\nLes courgettes mûrissent en août.\n"})
    indexer.build_index(before, index_dir)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=pommiers").get_json()["total"] == 1
    assert client.get("/api/search?q=courgettes").get_json()["total"] == 0

    indexer.build_index(after, index_dir)

    assert client.get("/api/search?q=courgettes").get_json()["total"] == 1
    assert client.get("/api/search?q=pommiers").get_json()["total"] == 0
    page = client.get("/?q=courgettes").get_data(as_text=True)
    assert "<mark>courgettes</mark>" in page
    assert client.get("/doc/potager.txt").status_code == 200
    assert client.get("/doc/verger.txt").status_code == 404
    assert client.get("/healthz").get_json() == {"status": "ok", "documents": 1, "paragraphs": 2}
