"""Error pages and JSON errors: 404, 405, 500 and the 503 of a missing index."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

import indexer
from webui import create_app
from webui.searcher import get_index

from .conftest import SEED_IDS

SECRET = "détail interne à ne jamais montrer"


def test_unknown_page_is_a_french_404(client: FlaskClient) -> None:
    response = client.get("/nulle/part")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page introuvable" in page
    assert "Cette page n&#39;existe pas" in page
    assert '<html lang="fr">' in page


def test_unknown_document_is_a_french_404(client: FlaskClient) -> None:
    response = client.get("/doc/absent.txt?q=paix")
    assert response.status_code == 404
    assert "Aucun document « absent.txt » dans l&#39;index." in response.get_data(as_text=True)


def test_wrong_method_is_a_french_405(client: FlaskClient) -> None:
    response = client.post("/")
    assert response.status_code == 405
    assert "Méthode non autorisée" in response.get_data(as_text=True)
    assert "GET" in response.headers["Allow"]


@pytest.fixture
def failing_app(web_index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app (not in testing mode, as in production) whose searches fail unexpectedly."""
    app = create_app({"INDEX_DIR": str(web_index_dir)})

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(SECRET)

    with app.app_context():
        monkeypatch.setattr(get_index(), "search", broken)
        monkeypatch.setattr(get_index(), "document_page", broken)
    # Flask logs the exception with its traceback: that is for the operator.
    monkeypatch.setattr(app.logger, "disabled", True)
    return app


@pytest.mark.parametrize("url", ["/?q=paix", f"/doc/{SEED_IDS[0]}"])
def test_unexpected_error_is_a_french_500_without_details(failing_app: Flask, url: str) -> None:
    response = failing_app.test_client().get(url)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Erreur interne" in page
    assert SECRET not in page and "Traceback" not in page and "RuntimeError" not in page


@pytest.mark.parametrize("url", ["/api/search?q=paix", f"/api/doc/{SEED_IDS[0]}"])
def test_unexpected_api_error_is_a_json_500_without_details(failing_app: Flask, url: str) -> None:
    response = failing_app.test_client().get(url)
    assert response.status_code == 500
    assert response.get_json() == {"error": "Une erreur inattendue s'est produite. Réessayez dans un instant."}
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_missing_index_is_a_503_naming_the_rebuild_command(tmp_path: Path, web_corpus_dir: Path) -> None:
    index_dir = tmp_path / "index vide"
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(web_corpus_dir)})
    client = app.test_client()
    command = f"python -m indexer rebuild --corpus {web_corpus_dir} --index '{index_dir}'"

    for url in ("/", "/?q=paix", f"/doc/{SEED_IDS[0]}"):
        response = client.get(url)
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert "Service indisponible" in page
        assert command.replace("'", "&#39;") in page
    for url in ("/api/search?q=paix", "/healthz"):
        response = client.get(url)
        assert response.status_code == 503
        assert command in response.get_json()["error"]

    # Once built, the index serves without a restart.
    indexer.build_index(web_corpus_dir, index_dir)
    assert client.get("/?q=paix").status_code == 200
    assert client.get("/healthz").get_json()["status"] == "ok"
