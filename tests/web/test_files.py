"""``/file/<id>``: the original of an indexed document, and nothing else, with safe headers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import indexer
from webui import create_app

from formats_corpus import make_pdf_manual

HTML = b"<html><head><title>Page</title><script>alert(document.cookie)</script></head><body><p>Bonjour.</p></body></html>"


@pytest.fixture(scope="module")
def corpus_and_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("files")
    corpus, outside = base / "corpus", base / "dehors"
    (corpus / "manuel").mkdir(parents=True)
    outside.mkdir()
    (corpus / "manuel" / "guide.pdf").write_bytes(make_pdf_manual())
    (corpus / "page piégée.html").write_bytes(HTML)
    (corpus / "Été.txt").write_text("Notes d'été\n\nLa plage.\n", encoding="utf-8")
    (corpus / "à retirer.txt").write_text("Brouillon\n\nÀ jeter.\n", encoding="utf-8")
    (outside / "secret.txt").write_text("Secret\n\nLe code du coffre.\n", encoding="utf-8")
    (corpus / "lien.txt").symlink_to(outside / "secret.txt")
    # Indexed with --follow-links, so the index holds it: it must still not be served.
    indexer.build_index(corpus, base / "index", follow_links=True)
    return corpus, base / "index", outside


@dataclass(frozen=True)
class Answer:
    """A response read whole and closed (a served file stays open until then)."""

    status: int
    mimetype: str
    headers: dict[str, str]
    data: bytes


def fetch(client: FlaskClient, path: str) -> Answer:
    response = client.get(path, follow_redirects=True)
    try:
        return Answer(response.status_code, response.mimetype or "", dict(response.headers), response.get_data())
    finally:
        response.close()


@pytest.fixture
def client(corpus_and_index: tuple[Path, Path, Path]) -> Iterator[FlaskClient]:
    corpus, index_dir, _ = corpus_and_index
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus)})
    with app.test_client() as test_client:
        yield test_client


def test_a_pdf_is_served_inline_with_its_type(client: FlaskClient, corpus_and_index: tuple[Path, Path, Path]) -> None:
    response = fetch(client, "/file/manuel/guide.pdf")
    assert response.status == 200
    assert response.data == (corpus_and_index[0] / "manuel" / "guide.pdf").read_bytes()
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == 'inline; filename="guide.pdf"'
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_an_html_original_is_sandboxed_and_downloaded(client: FlaskClient) -> None:
    response = fetch(client, "/file/page piégée.html")
    assert response.status == 200 and response.data == HTML
    assert response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="page pi?g?e.html"')
    assert disposition.endswith("filename*=UTF-8''page%20pi%C3%A9g%C3%A9e.html")


def test_a_text_keeps_its_name_with_accents(client: FlaskClient) -> None:
    response = fetch(client, "/file/%C3%89t%C3%A9.txt")
    assert response.status == 200 and response.mimetype == "text/plain"
    assert "filename*=UTF-8''%C3%89t%C3%A9.txt" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "path",
    [
        "/file/inconnu.pdf",
        "/file/../dehors/secret.txt",
        "/file/%2e%2e/dehors/secret.txt",
        "/file/manuel/../../dehors/secret.txt",
        "/file//etc/passwd",
        "/file/lien.txt",
        "/file/manuel",
    ],
    ids=["unknown", "dot-dot", "encoded-dot-dot", "inner-dot-dot", "absolute", "link-out-of-corpus", "folder"],
)
def test_anything_but_an_indexed_file_inside_the_corpus_is_404(client: FlaskClient, path: str) -> None:
    response = fetch(client, path)
    assert response.status == 404
    assert b"Le code du coffre" not in response.data


def test_a_file_removed_since_the_build_is_404(client: FlaskClient, corpus_and_index: tuple[Path, Path, Path]) -> None:
    assert fetch(client, "/file/à retirer.txt").status == 200
    (corpus_and_index[0] / "à retirer.txt").unlink()
    response = fetch(client, "/file/à retirer.txt")
    assert response.status == 404
    assert "Aucun fichier d&#39;origine pour « à retirer.txt »" in response.data.decode("utf-8")


def test_the_document_page_marks_pages_sections_and_links_to_the_original(client: FlaskClient) -> None:
    html = client.get("/doc/manuel/guide.pdf?q=messagerie&p=3").get_data(as_text=True)
    assert "— page 3 —" in html and "— page 2 —" in html
    assert '<h2 class="doc-section">2 Configuration › 2.1 Réseau</h2>' in html
    assert 'href="/file/manuel/guide.pdf#page=3"' in html
    assert 'href="/file/manuel/guide.pdf"' in html


def test_a_pdf_hit_shows_its_page_section_and_format(client: FlaskClient) -> None:
    html = client.get("/?q=messagerie+electronique").get_data(as_text=True)
    assert '<span class="hit-page">p.&nbsp;3</span>' in html
    assert '<span class="hit-section">2 Configuration › 2.1 Réseau</span>' in html
    assert ">PDF</span>" in html
    assert "/doc/manuel/guide.pdf?q=messagerie+electronique&amp;p=3#p3" in html
