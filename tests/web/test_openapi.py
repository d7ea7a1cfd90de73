"""The JSON API's OpenAPI description, checked by schemathesis against the live server; hostile URLs.

Schemathesis generates requests from the description the server serves at
``/api/openapi.json`` (valid and invalid parameters, odd document ids) and
checks each answer of the real server on 127.0.0.1: never a server error,
only documented status codes and content types, bodies that match their
schemas, invalid parameters refused.

The description is loaded when this module is imported (it is the same
document the server serves, as the first test checks): schemathesis's lazy
loading from a fixture does not run on pytest 9.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import schemathesis
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from webui.openapi import openapi_document

from .browser import running_server
from .conftest import SEED_IDS, XSS_ID

# Examples per operation: enough to reach every parameter kind, bounded in time.
EXAMPLES = 60
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.fixture(scope="module")
def live_url(web_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(web_index_dir, tmp_path_factory.mktemp("openapi") / "server.log") as url:
        yield url


schema = schemathesis.openapi.from_dict(openapi_document())


def test_the_live_server_serves_the_description_under_test(live_url: str) -> None:
    with urllib.request.urlopen(f"{live_url}/api/openapi.json", timeout=10) as response:
        assert json.load(response) == openapi_document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_live_api_keeps_to_its_description(case: schemathesis.Case, live_url: str) -> None:
    case.call_and_validate(base_url=live_url, checks=CHECKS)


def test_the_description_is_served_and_names_every_endpoint(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/search", "/api/suggest", "/api/doc/{doc_id}", "/healthz"}
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["error"]
    for path, statuses in {"/api/search": {"200", "400", "401", "503"},
                           "/api/doc/{doc_id}": {"200", "400", "401", "404", "503"},
                           "/healthz": {"200", "503"}}.items():
        assert set(document["paths"][path]["get"]["responses"]) == statuses


def test_every_field_the_api_returns_is_described(client: FlaskClient) -> None:
    schemas = openapi_document()["components"]["schemas"]
    for url in ("/api/search?q=securite", "/api/search?q=securite&group=1"):
        body = client.get(url).get_json()
        assert set(body) == set(schemas["SearchResult"]["properties"])
        assert body["hits"] and all(set(hit) == set(schemas["Hit"]["properties"]) for hit in body["hits"])
    document = client.get(f"/api/doc/{quote(SEED_IDS[0])}").get_json()
    assert set(document) == set(schemas["Document"]["properties"])
    assert set(client.get("/healthz").get_json()) == set(schemas["Health"]["properties"])


def test_documented_errors_have_the_error_shape(client: FlaskClient) -> None:
    for url, status in (("/api/search", 400), ("/api/search?q=paix&page=0", 400),
                        ("/api/search?q=paix&group=2", 400), ("/api/doc/nope.txt", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert set(response.get_json()) == {"error"}


def test_no_index_is_a_documented_503(tmp_path: Path) -> None:
    from webui import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none"), "CORPUS_DIR": "seeds"})
    with app.test_client() as client:
        for url in ("/api/search?q=paix", "/api/doc/a.txt", "/healthz"):
            response = client.get(url)
            assert response.status_code == 503
            assert "python -m indexer rebuild" in response.get_json()["error"]


TRAVERSALS = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252fetc%252fpasswd",
    "....//....//etc/passwd",
    "..%5c..%5cetc%5cpasswd",
    "%2fetc%2fpasswd",
    "..%00/etc/passwd",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    f"../{SEED_IDS[0]}",
]
XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
       "</title><svg onload=alert(1)>", "'; alert(1); '"]
ROUTES_WITH_PATHS = ["/doc/", "/api/doc/", "/static/"]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), error.read().decode("utf-8", "replace")


@pytest.mark.parametrize("route", ROUTES_WITH_PATHS)
@pytest.mark.parametrize("path", TRAVERSALS, ids=range(len(TRAVERSALS)))
def test_path_traversal_on_every_route_is_a_404(live_url: str, route: str, path: str) -> None:
    # Sent as typed, through the real server: no client normalises the dots away.
    status, _, body = _get(live_url + route + path)
    assert status == 404, body[:200]
    assert "root:" not in body


@pytest.mark.parametrize("payload", XSS, ids=range(len(XSS)))
def test_markup_in_any_part_of_any_url_comes_back_as_text(live_url: str, payload: str) -> None:
    encoded = quote(payload, safe="")
    for url in (f"/?q={encoded}", f"/doc/{quote(SEED_IDS[0])}?q={encoded}", f"/doc/{encoded}",
                f"/api/search?q={encoded}", f"/api/doc/{encoded}", f"/api/search?q=paix&page={encoded}",
                f"/healthz?x={encoded}", f"/api/openapi.json?x={encoded}", f"/static/{encoded}", f"/{encoded}"):
        status, content_type, body = _get(live_url + url)
        assert status in (200, 400, 404), (url, status)
        if content_type == "application/json":
            json.loads(body)  # data, never markup a browser would run (nosniff is set)
        else:
            # Escaped, the payload is harmless text; what must never appear is its markup.
            for markup in ("<script>alert", "<img src=x", "<svg onload", "</title><svg", 'href="javascript:'):
                assert markup not in body, (url, markup)


def test_a_hostile_document_id_is_escaped_on_its_page(live_url: str) -> None:
    status, _, body = _get(f"{live_url}/doc/{quote(XSS_ID)}")
    assert status == 200
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
