"""Any query text, into the library and the JSON API: a result or a clear 400, never an error, never slow.

Property-based (hypothesis, derandomized so that CI runs the same cases):
arbitrary Unicode with control characters, the query language's own
syntax shuffled (quotes, parentheses, operators, fields, stars, minus
signs), deep nesting and thousands of terms.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexer
from indexer.search.query_fields import FIELD_ALIASES, SOURCE_NAMES
from indexer.schema import build_schema
from webui import create_app

# Each query must be answered within this time (a generous bound for a busy
# 2-core machine; a typical query takes milliseconds).
QUERY_SECONDS = 2.0
# Longest query the JSON API accepts (webui.params.MAX_QUERY_CHARS).
API_MAX_CHARS = 500
EXAMPLES = 250

FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WORDS = ["sécurité", "securite", "paix", "coopération", "ONU", "O.N.U.", "l’ONU", "d'abord", "régionale",
         "securtie", "xylophone", "Asie-Pacifique", "dialogue", "nations", "a", "é", "œuvre", "2023"]
SYNTAX = ['"', "(", ")", "*", "?", "-", "+", "~", "^", ":", "title:", "text:", "source:", "number:",
          "OR", "AND", "NOT", "ANDNOT", "ANDMAYBE", "[", "]", "{", "}", "TO", "\\", "/", "'", "’", "«", "»",
          "\u00a0", "\u202f", "\t", "\n", "\x00", "\x1b", "\u200b", "\ufeff", "\U0001f600"]

tokens = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SYNTAX),
    st.builds(lambda word: word[:3] + "*", st.sampled_from(WORDS)),
    st.text(max_size=8),
)
query_soup = st.lists(tokens, max_size=60).flatmap(
    lambda parts: st.sampled_from([" ", "", "  "]).map(lambda sep: sep.join(parts))
)
nested = st.builds(
    lambda depth, inner, closing: "(" * depth + inner + ")" * closing,
    st.integers(1, 240), st.sampled_from(WORDS + ["", "*", '"']), st.integers(0, 240),
)
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=API_MAX_CHARS)
queries = st.one_of(any_text, query_soup, nested)
cases: Counter[str] = Counter()

PATHOLOGICAL = {
    "lone star": "*",
    "stars": "** * ***",
    "question mark": "?",
    "lone minus": "-",
    "thousands of words": " ".join(WORDS * 200),
    "thousands of prefixes": " ".join(word[:3] + "*" for word in WORDS * 150),
    "one-letter prefixes": " ".join(f"{letter}*" for letter in "abcdefghijklmnopqrstuvwxyz" * 20),
    "deep nesting": "(" * 240 + "paix" + ")" * 240,
    "unclosed parentheses": "(" * 5000 + "paix",
    "unopened parentheses": "paix" + ")" * 5000,
    "odd quotes": '"' * 1001 + "paix",
    "NOT chain": "NOT " * 1000 + "paix",
    "OR chain": " OR ".join(WORDS * 100),
    "field chain": "title:" * 500 + "paix",
    "typo repeated": "securtie " * 200,
    "control characters": "".join(chr(code) for code in range(32)) + "paix",
    "NUL inside": "paix\x00sécurité",
    "lone surrogate": "paix \ud800 sécurité",
    "wildcards inside words": "s*c*r*t* " * 100,
    "boost and slop": 'paix^1000000 sécurité^-1 "paix sécurité"~1000 paix~ securite~10',
    "range": "number:[1 TO 99999999999999999999]",
    "only operators": "AND OR NOT ANDNOT ANDMAYBE",
    "empty phrase": '"" "  " title:""',
    "a 500-letter word": "a" * 500,
}
# Library-only inputs (the API refuses queries over 500 characters) that the
# query code does not yet bound; see the report in test ids.
TOO_SLOW = {
    "a 12 000-letter word": "a" * 12_000,
    "800 unknown words": " ".join(f"terme{number}absent" for number in range(800)),
}


# Every field the index stores, their aliases, and names that are no field.
FIELD_NAMES = sorted(set(build_schema().names()) | set(FIELD_ALIASES) | set(SOURCE_NAMES)) + [
    "NUMBER", "Title", "Source", "inconnu", "*", "http", "10",
]
field_values = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-10**20, 10**20).map(str),
    st.sampled_from(["[1 TO 5]", '"paix durable"', "*", "sécu*", "1*0*0*x", "", "/", "a/b/", '"', "(paix)", "-paix",
                     "x.txt", "seeds/x.md", '"notes d’été/"', "«sécurité»", "title:paix", ":", "::"]),
    st.text(max_size=10),
)
field_clause = st.builds(
    lambda minus, name, value: f"{minus}{name}:{value}", st.sampled_from(["", "-"]), st.sampled_from(FIELD_NAMES),
    field_values,
)
# Fewer cases than FUZZ: each field case searches twice (grouped or not, API and page).
FIELD_FUZZ = settings(FUZZ, max_examples=100)
field_queries = st.lists(st.one_of(field_clause, st.sampled_from(WORDS)), min_size=1, max_size=8).map(" ".join)


def check_result(result: indexer.SearchResult, text: str) -> None:
    assert result.query == text
    assert result.total >= 0 and len(result.hits) <= result.limit
    for hit in result.hits:
        assert hit.paragraph >= 1 and hit.source
        assert "<script" not in hit.snippet


def timed_search(index: indexer.SearchIndex, text: str, limit: int = 10, page: int = 1) -> indexer.SearchResult:
    started = time.perf_counter()
    result = index.search(text, limit=limit, page=page)
    seconds = time.perf_counter() - started
    assert seconds < QUERY_SECONDS, f"{seconds:.2f} s for {text[:80]!r}"
    return result


@given(text=queries, limit=st.integers(1, indexer.MAX_LIMIT), page=st.integers(1, 10_000))
@FUZZ
def test_the_library_answers_any_query(seed_index: indexer.SearchIndex, text: str, limit: int, page: int) -> None:
    cases["library"] += 1
    check_result(timed_search(seed_index, text, limit, page), text)


@given(text=field_queries, group=st.booleans())
@FIELD_FUZZ
def test_the_library_answers_any_field(seed_index: indexer.SearchIndex, text: str, group: bool) -> None:
    cases["fields"] += 1
    started = time.perf_counter()
    check_result(seed_index.search(text, group=group), text)
    assert time.perf_counter() - started < QUERY_SECONDS


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_the_library_answers_pathological_queries(seed_index: indexer.SearchIndex, name: str) -> None:
    cases["pathological"] += 1
    text = PATHOLOGICAL[name]
    check_result(timed_search(seed_index, text, limit=100), text)
    timed_search(seed_index, text, limit=10, page=3)
    seed_index.highlight("La paix et la sécurité collectives.", text)


@pytest.mark.parametrize("name", sorted(TOO_SLOW))
def test_the_library_bounds_huge_queries(seed_index: indexer.SearchIndex, name: str) -> None:
    cases["pathological"] += 1
    check_result(timed_search(seed_index, TOO_SLOW[name]), TOO_SLOW[name])


@pytest.fixture(scope="module")
def api(seed_index_dir: Path) -> Iterator[FlaskClient]:
    app = create_app({"TESTING": True, "INDEX_DIR": str(seed_index_dir), "CORPUS_DIR": "seeds"})
    with app.test_client() as client:
        yield client


def _no_surrogates(text: str) -> bool:
    # A URL carries UTF-8; a lone surrogate cannot be sent at all.
    return not any(0xD800 <= ord(char) <= 0xDFFF for char in text)


number_text = st.one_of(st.none(), st.integers(-10**30, 10**30).map(str), st.text(max_size=12))


@given(
    text=st.one_of(queries, st.text(min_size=API_MAX_CHARS - 5, max_size=API_MAX_CHARS + 20)).filter(_no_surrogates),
    page=number_text, limit=number_text,
    group=st.one_of(st.none(), st.sampled_from(["0", "1"]), st.text(max_size=3)),
)
@FUZZ
def test_the_api_answers_any_query_with_a_result_or_a_400(
    api: FlaskClient, text: str, page: str | None, limit: str | None, group: str | None
) -> None:
    cases["api"] += 1
    given_params = {"page": page, "limit": limit, "group": group}
    params = {"q": text, **{name: value for name, value in given_params.items() if value is not None}}
    started = time.perf_counter()
    response = api.get("/api/search", query_string=params)
    assert time.perf_counter() - started < QUERY_SECONDS
    body = response.get_json()
    assert response.status_code in (200, 400), (response.status_code, body)
    assert response.mimetype == "application/json"
    if response.status_code == 400:
        assert isinstance(body["error"], str) and body["error"]
        return
    assert 0 < len(text.strip()) <= API_MAX_CHARS
    assert set(body) >= {"query", "total", "page", "pages", "limit", "took_ms", "suggestion", "hits"}
    assert body["query"] == text.strip()
    assert 1 <= body["limit"] <= indexer.MAX_LIMIT and len(body["hits"]) <= body["limit"]


@given(text=field_queries.filter(_no_surrogates), group=st.sampled_from(["0", "1"]))
@FIELD_FUZZ
def test_the_api_and_the_page_answer_any_field(api: FlaskClient, text: str, group: str) -> None:
    cases["api fields"] += 1
    response = api.get("/api/search", query_string={"q": text, "group": group})
    assert response.status_code in (200, 400), (response.status_code, response.get_json())
    if response.status_code == 200:
        assert response.get_json()["partial"] in (False, True)
    assert api.get("/", query_string={"q": text}).status_code == 200


@given(text=st.text(max_size=200).filter(_no_surrogates))
@FUZZ
def test_the_search_page_answers_any_query(api: FlaskClient, text: str) -> None:
    cases["page"] += 1
    response = api.get("/", query_string={"q": text})
    assert response.status_code == 200
    assert response.mimetype == "text/html"


def test_zz_cases_run() -> None:
    """Says how many cases ran (shown with ``-s``); always passes."""
    print(f"\nfuzz cases: {dict(cases)}")
