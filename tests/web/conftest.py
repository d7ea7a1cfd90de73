"""Web fixtures: the real seeds plus a hostile file, indexed once, and the real app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

import indexer
from webui import create_app

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_IDS = sorted(path.name for path in SEEDS.iterdir() if path.suffix in (".txt", ".md"))

# A document whose title and text hold markup, in a folder whose name has a
# space and accents: ids like this must survive URLs and stay text in pages.
XSS_ID = "notes d'été/piège.txt"
XSS_TITLE = "Une page piégée <script>alert(1)</script>"
XSS_TEXT = (
    f"{XSS_TITLE}\n\n"
    "Cette balise <script>alert(1)</script> doit rester du texte dans toutes les pages.\n\n"
    "Le second paragraphe parle de jardins, de tomates et de courgettes.\n"
)
XSS_QUERY = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="session")
def web_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus plus :data:`XSS_ID`."""
    corpus = tmp_path_factory.mktemp("web-corpus")
    for path in SEEDS.iterdir():
        shutil.copy(path, corpus / path.name)
    hostile = corpus / XSS_ID
    hostile.parent.mkdir(parents=True)
    hostile.write_text(XSS_TEXT, encoding="utf-8")
    return corpus


@pytest.fixture(scope="session")
def web_build(web_corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> indexer.BuildReport:
    """The report of the one build of :func:`web_corpus_dir`."""
    return indexer.build_index(web_corpus_dir, tmp_path_factory.mktemp("web-index"))


@pytest.fixture(scope="session")
def web_index_dir(web_build: indexer.BuildReport) -> Path:
    return Path(web_build.index_dir)


@pytest.fixture(scope="session")
def app(web_index_dir: Path, web_corpus_dir: Path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir), "CORPUS_DIR": str(web_corpus_dir)})


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture(scope="session")
def index(app: Flask) -> indexer.SearchIndex:
    """The app's own shared index, to compare pages with what the library says."""
    from webui.searcher import get_index

    with app.app_context():
        return get_index()


# The access token of :func:`secured_server` (long enough to be accepted).
TOKEN = "jeton-de-test-assez-long-0123456789"
# A name the secured server is told to answer to besides its address.
ALLOWED_NAME = "recherche.example"
# Its idle timeout: short, so that a test sees an idle connection closed.
IDLE_TIMEOUT = 2


@pytest.fixture(scope="session")
def secured_server(web_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server on 127.0.0.1 with an access token, one more allowed name and a short idle timeout."""
    from .browser import running_server

    log = tmp_path_factory.mktemp("secured") / "server.log"
    extra = ("--token", TOKEN, "--allowed-host", ALLOWED_NAME, "--idle-timeout", str(IDLE_TIMEOUT))
    with running_server(web_index_dir, log, extra_args=extra) as url:
        yield url
