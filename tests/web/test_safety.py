"""Escaping of corpus text and queries, security headers, no inline code, path traversal."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from webui import SECURITY_HEADERS

from .conftest import SEED_IDS, XSS_ID, XSS_QUERY
from .pages import hit_links, hits

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
)
RAW_SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_no_injected_markup(text: str) -> None:
    assert RAW_SCRIPT not in text
    assert "<img src=x" not in text
    assert "onerror=alert(1)>" not in text


def test_markup_in_the_corpus_is_text_in_results(client: FlaskClient) -> None:
    page = client.get("/?q=balise").get_data(as_text=True)
    assert_no_injected_markup(page)
    snippet = hits(page)[0]
    assert ESCAPED_SCRIPT in snippet
    assert "<mark>balise</mark>" in snippet


def test_markup_in_the_corpus_is_text_in_the_document_page(client: FlaskClient) -> None:
    for url in (f"/doc/{quote(XSS_ID)}", f"/doc/{quote(XSS_ID)}?q=balise"):
        page = client.get(url).get_data(as_text=True)
        assert_no_injected_markup(page)
        assert f"<h1>Une page piégée {ESCAPED_SCRIPT}</h1>" in page
        assert f"<title>Une page piégée {ESCAPED_SCRIPT} · fr-search</title>" in page


def test_markup_in_the_corpus_is_escaped_in_json_snippets(client: FlaskClient) -> None:
    body = client.get("/api/search?q=balise").get_json()
    assert body["hits"][0]["source"] == XSS_ID
    assert ESCAPED_SCRIPT in body["hits"][0]["snippet"]
    assert RAW_SCRIPT not in body["hits"][0]["snippet"]


@pytest.mark.parametrize(
    "url",
    ["/?q={q}", "/doc/{doc}?q={q}", "/?q={q}%20securite", "/?q={q}&page=2"],
    ids=["search", "document", "with-results", "paged"],
)
def test_a_hostile_query_is_text_everywhere(client: FlaskClient, url: str) -> None:
    response = client.get(url.format(q=quote(XSS_QUERY), doc=SEED_IDS[0]))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert_no_injected_markup(page)
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_hostile_query_is_data_in_json(client: FlaskClient) -> None:
    body = client.get("/api/search?q=" + quote(XSS_QUERY + " securite")).get_json()
    assert body["query"] == XSS_QUERY + " securite"
    for hit in body["hits"]:
        assert_no_injected_markup(hit["snippet"])
        assert "#p" in hit["url"] and "<" not in hit["url"]


@pytest.mark.parametrize(
    "url",
    ["/", "/?q=securite", f"/doc/{SEED_IDS[0]}", "/doc/nope", "/api/search?q=paix", "/api/search",
     "/healthz", "/static/style.css", "/static/doc.js", "/?q=" + "a" * 501],
)
def test_security_headers_on_every_response(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    # Static files are streamed from an open file: close it.
    response.close()
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert SECURITY_HEADERS["Content-Security-Policy"] == CSP


@pytest.mark.parametrize(
    "url", ["/", "/?q=securite", "/?q=xylophonique", f"/doc/{SEED_IDS[0]}?q=paix", "/doc/nope"]
)
def test_no_inline_script_or_style(client: FlaskClient, url: str) -> None:
    page = client.get(url).get_data(as_text=True)
    # The policy would block them; they must not be needed.
    assert all(' src="/static/' in tag for tag in re.findall(r"<script[^>]*>", page))
    assert "<style" not in page
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)
    # Nothing is loaded from elsewhere: the pages work offline.
    assert not re.search(r'(src|href)="(https?:)?//', page)


@pytest.mark.parametrize(
    "path",
    [
        "../../etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/etc/passwd",
        "%2fetc%2fpasswd",
        "..%5c..%5cwindows%5cwin.ini",
        f"../{SEED_IDS[0]}",
        f"./{SEED_IDS[0]}",
    ],
    ids=["dotdot", "encoded-slash", "encoded-dots", "double-encoded", "absolute", "encoded-absolute",
         "backslash", "dotdot-seed", "dot-seed"],
)
def test_path_traversal_is_a_404_not_a_file(client: FlaskClient, path: str) -> None:
    # A doubled slash is first redirected to the single-slash URL.
    response = client.get("/doc/" + path, follow_redirects=True)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "root:" not in page
    assert "Page introuvable" in page
    assert hit_links(page) == []
