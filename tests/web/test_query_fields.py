"""Every field of the query language through the web app: a page or JSON, never a 500."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from .conftest import XSS_ID

FIELD_QUERIES = [
    "source:piège.txt", "number:1", "number:[1 TO 3]", "title:jardins", "titre:page", "texte:tomates",
    "source:", "dossier:notes", '-source:"notes d\'été" paix', "inconnu:paix", "1*0*0*0*0*0*0*0*0*0*0*0*x",
]


@pytest.mark.parametrize("text", FIELD_QUERIES)
def test_fields_never_fail(client: FlaskClient, text: str) -> None:
    for group in ("0", "1"):
        response = client.get("/api/search", query_string={"q": text, "group": group})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["partial"] in (False, True)
    assert client.get("/", query_string={"q": text}).status_code == 200


def test_source_restricts_the_api_to_a_folder(client: FlaskClient) -> None:
    body = client.get("/api/search", query_string={"q": 'tomates source:"notes d\'été"'}).get_json()
    assert [hit["source"] for hit in body["hits"]] == [XSS_ID]
    body = client.get("/api/search", query_string={"q": "paix -dossier:\"notes d'été\""}).get_json()
    assert body["total"] > 0 and XSS_ID not in {hit["source"] for hit in body["hits"]}


def test_a_capped_query_says_it_is_partial(client: FlaskClient) -> None:
    body = client.get("/api/search", query_string={"q": "p" + "*a" * 8}).get_json()
    assert body["partial"] is True
    assert client.get("/api/search", query_string={"q": "paix"}).get_json()["partial"] is False
