"""Only the server's own names are answered (DNS rebinding), and redirects never name a host."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from webui.hosts import allowed_hosts, host_name, relative_location

from .conftest import ALLOWED_NAME, SEED_IDS, TOKEN


@pytest.mark.parametrize(
    "url", ["/", "/?q=paix", f"/doc/{SEED_IDS[0]}", "/doc//x.txt", "/api/search?q=paix", "/static/style.css"]
)
def test_another_host_is_refused_with_a_french_400(client: FlaskClient, url: str) -> None:
    response = client.get(url, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Location" not in response.headers
    body = response.get_data(as_text=True)
    assert "ne répond pas au nom « evil.example »" in body


def test_the_api_refusal_is_json(client: FlaskClient) -> None:
    response = client.get("/api/doc/" + SEED_IDS[0], headers={"Host": "evil.example:8000"})
    assert response.status_code == 400
    assert list(response.get_json()) == ["error"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]:8000",
                                  "LOCALHOST", "localhost."])
def test_loopback_names_are_answered(client: FlaskClient, host: str) -> None:
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


def test_a_configured_name_is_answered(web_index_dir: object) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir), "ALLOWED_HOSTS": ["Recherche.Example:443"]})
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "recherche.example"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400


def test_redirects_are_relative(client: FlaskClient) -> None:
    response = client.get("/doc//" + SEED_IDS[0])
    assert response.status_code == 308
    assert response.headers["Location"] == "/doc/" + SEED_IDS[0]


def test_a_redirect_never_points_to_another_host(app: Flask) -> None:
    # "//name/x" and "/\\name" would send a browser to another host: one slash is kept.
    with app.test_request_context("/"):
        for location, expected in (("http://evil.example/doc/a", "/doc/a"), ("//evil.example/x", "/x"),
                                   ("/\\evil.example", "/evil.example"), ("/doc/a?q=1#p2", "/doc/a?q=1#p2")):
            response = app.response_class(status=302, headers={"Location": location})
            assert relative_location(response).headers["Location"] == expected


def test_host_names_and_allowed_lists() -> None:
    assert host_name("[::1]") == "::1"
    assert allowed_hosts("127.0.0.1", True) == ["127.0.0.1", "::1", "localhost"]
    assert allowed_hosts("0.0.0.0", True, ["Search.Example:8443"]) == ["127.0.0.1", "::1", "localhost",
                                                                       "search.example"]
    assert allowed_hosts("192.0.2.7", False) == ["192.0.2.7"]


def _raw_get(base_url: str, path: str, host: str) -> tuple[int, str, dict[str, str]]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.putheader("Authorization", f"Bearer {TOKEN}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8"), dict(response.getheaders())
    finally:
        connection.close()


def test_the_real_server_checks_the_host(secured_server: str) -> None:
    port = urlsplit(secured_server).port
    status, body, _ = _raw_get(secured_server, "/api/search?q=paix", "evil.example")
    assert status == 400 and "evil.example" in body
    status, _, headers = _raw_get(secured_server, "/doc//" + SEED_IDS[0], "evil.example")
    assert status == 400 and "evil.example" not in headers.get("Location", "")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", ALLOWED_NAME, f"{ALLOWED_NAME}:443"):
        status, _, _ = _raw_get(secured_server, "/api/search?q=paix", host)
        assert status == 200, host
    status, _, headers = _raw_get(secured_server, "/doc//" + SEED_IDS[0], f"127.0.0.1:{port}")
    assert status == 308 and headers["Location"] == "/doc/" + SEED_IDS[0]
