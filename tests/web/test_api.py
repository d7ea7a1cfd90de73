"""The JSON API: /api/search, /api/doc/<id> and /healthz."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

import indexer

from .conftest import SEED_IDS, XSS_ID
from .pages import marked_words, split_doc_link

HIT_KEYS = [
    "source", "title", "paragraph", "score", "snippet", "url", "other_paragraphs", "page", "section", "kind", "file_url",
    "title_html", "folder", "twin", "size", "mtime",
]


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "application/json"
    return response.get_json()


def test_search_returns_a_page_of_hits(client: FlaskClient, index: indexer.SearchIndex) -> None:
    body = get_json(client, "/api/search?q=securite")
    expected = index.search("securite")
    assert list(body) == [
        "query", "total", "page", "pages", "limit", "took_ms", "suggestion", "grouped", "partial", "expansions",
        "hits", "sort", "facets",
    ]
    assert body["query"] == "securite"
    assert body["total"] == expected.total
    assert (body["page"], body["pages"], body["limit"]) == (1, expected.pages, 10)
    assert body["took_ms"] >= 0
    assert body["suggestion"] is None
    assert len(body["hits"]) == 10
    for hit, want in zip(body["hits"], expected.hits):
        assert list(hit) == HIT_KEYS
        assert (hit["source"], hit["paragraph"], hit["snippet"]) == (want.source, want.paragraph, want.snippet)
        assert "sécurité" in [word.lower() for word in marked_words(hit["snippet"])]
        assert split_doc_link(hit["url"]) == (hit["source"], "securite", hit["paragraph"])


def test_search_pages_and_limits(client: FlaskClient) -> None:
    first = get_json(client, "/api/search?q=securite&limit=5")
    second = get_json(client, "/api/search?q=securite&limit=5&page=2")
    assert (len(first["hits"]), len(second["hits"]), second["page"]) == (5, 5, 2)
    assert first["hits"][-1] != second["hits"][0]
    everything = get_json(client, "/api/search?q=securite&limit=100")
    assert everything["hits"][5:10] == second["hits"]


def test_limit_above_the_maximum_is_lowered(client: FlaskClient) -> None:
    body = get_json(client, "/api/search?q=securite&limit=5000")
    assert body["limit"] == 100
    assert len(body["hits"]) == min(100, body["total"])


def test_page_past_the_end_has_no_hits(client: FlaskClient) -> None:
    body = get_json(client, "/api/search?q=securite&page=999")
    assert body["hits"] == []
    assert body["total"] > 0


def test_suggestion(client: FlaskClient) -> None:
    assert get_json(client, "/api/search?q=" + quote("securtié"))["suggestion"] == "sécurité"


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("", "Le paramètre q"),
        ("?q=", "Le paramètre q"),
        ("?q=++", "Le paramètre q"),
        ("?q=paix&page=0", "page"),
        ("?q=paix&page=-1", "page"),
        ("?q=paix&page=deux", "page"),
        ("?q=paix&page=1.5", "page"),
        ("?q=paix&limit=0", "limit"),
        ("?q=paix&limit=abc", "limit"),
        ("?q=" + "a" * 501, "trop longue"),
    ],
    ids=["no-q", "empty-q", "blank-q", "page-0", "page-negative", "page-text", "page-float",
         "limit-0", "limit-text", "too-long"],
)
def test_bad_parameters_are_400_json_errors(client: FlaskClient, query_string: str, message: str) -> None:
    body = get_json(client, "/api/search" + query_string, status=400)
    assert list(body) == ["error"]
    assert message in body["error"]


def test_query_of_500_characters_is_accepted(client: FlaskClient) -> None:
    assert get_json(client, "/api/search?q=" + "a" * 500)["total"] == 0


def test_document(client: FlaskClient, index: indexer.SearchIndex) -> None:
    stored = index.document(SEED_IDS[0])
    assert stored is not None
    body = get_json(client, f"/api/doc/{SEED_IDS[0]}")
    assert body == {
        "source": SEED_IDS[0],
        "title": stored.title,
        "paragraph_count": len(stored.paragraphs),
        "page": 1,
        "pages": 1,
        "kind": "txt",
        "file_url": f"/file/{SEED_IDS[0]}",
        "paragraphs": [
            {"number": p.number, "text": p.text, "page": None, "section": None} for p in stored.paragraphs
        ],
    }


def test_document_with_folder_and_accents_in_its_id(client: FlaskClient) -> None:
    body = get_json(client, "/api/doc/" + quote(XSS_ID))
    assert body["source"] == XSS_ID
    # Plain text in JSON: the markup is data, escaped by whoever renders it.
    assert body["paragraphs"][1]["text"].startswith("Cette balise <script>alert(1)</script>")


@pytest.mark.parametrize(
    "path",
    ["nope.txt", "../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd"],
    ids=["unknown", "traversal", "encoded", "double-encoded"],
)
def test_unknown_document_is_a_404_json_error(client: FlaskClient, path: str) -> None:
    body = get_json(client, "/api/doc/" + path, status=404)
    assert "Aucun document" in body["error"]
    assert "root:" not in str(body)


def test_unknown_api_path_is_a_404_json_error(client: FlaskClient) -> None:
    assert "error" in get_json(client, "/api/nothing", status=404)


def test_healthz_counts_what_was_indexed(client: FlaskClient, web_build: indexer.BuildReport) -> None:
    body = get_json(client, "/healthz")
    assert body == {"status": "ok", "documents": web_build.documents, "paragraphs": web_build.paragraphs}
    assert body["documents"] == len(SEED_IDS) + 1


def test_json_is_utf8_not_escaped(client: FlaskClient) -> None:
    raw = client.get("/api/search?q=securite").get_data(as_text=True)
    assert "sécurité" in raw


def test_search_grouped_per_document_with_expansions(client: FlaskClient) -> None:
    grouped = client.get("/api/search?q=securite&group=1").get_json()
    assert grouped["grouped"] is True and grouped["total"] == 2
    assert len({hit["source"] for hit in grouped["hits"]}) == len(grouped["hits"]) == 2
    assert all(hit["other_paragraphs"] for hit in grouped["hits"])
    assert grouped["expansions"] == [{"word": "securite", "matches": ["sécurité"]}]
    flat = client.get("/api/search?q=securite").get_json()
    assert flat["grouped"] is False and flat["total"] > grouped["total"]
    assert all(hit["other_paragraphs"] == [] for hit in flat["hits"])
    bad = client.get("/api/search?q=securite&group=oui")
    assert bad.status_code == 400 and "group" in bad.get_json()["error"]
