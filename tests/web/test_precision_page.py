"""Issue 12 on the search page: what was excluded, unknown words, stop words only, no needless correction."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "search"))
from precision_corpus import build_precision_index  # noqa: E402


@pytest.fixture(scope="module")
def precision_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    base = tmp_path_factory.mktemp("precision-web")
    build_precision_index(base)
    return create_app({"TESTING": True, "INDEX_DIR": str(base / "index"), "CORPUS_DIR": str(base / "corpus")})


@pytest.fixture
def page(precision_app: Flask) -> Iterator[FlaskClient]:
    with precision_app.test_client() as client:
        yield client


def text_of(client: FlaskClient, query: str) -> str:
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def test_the_results_line_says_what_was_excluded(page: FlaskClient) -> None:
    body = text_of(page, "tar -xvf")
    assert "sans&nbsp;: xvf" in body
    assert "sans&nbsp;:" not in text_of(page, "tar")


def test_an_unknown_word_is_said_unknown(page: FlaskClient) -> None:
    assert "xyzzyqwert&nbsp;: mot inconnu du corpus" in text_of(page, "xyzzyqwert imprimantte")


def test_stop_words_only_get_their_own_message(page: FlaskClient) -> None:
    body = text_of(page, "le la les")
    assert "ne contient que des mots vides" in body and "Aucun paragraphe ne correspond" not in body
    assert "Aucun paragraphe ne correspond" in text_of(page, "xyzzyqwert")


def test_no_correction_when_the_query_finds_plenty(page: FlaskClient) -> None:
    assert "Vouliez-vous dire" not in text_of(page, "paquet imprimantte sécurité réseau")
    assert "Vouliez-vous dire <a" in text_of(page, "imprimantte")
    assert "Vouliez-vous dire" not in text_of(page, "sécur*")


def test_field_names_are_not_words_of_the_searched_line(page: FlaskClient) -> None:
    body = text_of(page, "title:sauvegarde")
    assert "titl" not in body.split("Recherché", 1)[1].split("</p>", 1)[0]
