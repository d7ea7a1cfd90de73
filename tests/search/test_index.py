"""End-to-end searches on real French text: inflections, accents, query language, threads."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import indexer
from indexer.analysis import french_analyzer
from indexer.errors import IndexNotFoundError
from indexer.search.query import MAX_WORD_CHARS

SEED_VN = "003_f1f74f28f6e10c66.txt"
SEED_CN = "000_230c5f8ffb408245.txt"


def top(result: indexer.SearchResult) -> tuple[str, int]:
    assert result.hits, f"no hit for {result.query!r}"
    return result.hits[0].source, result.hits[0].paragraph


def paragraph_text(index: indexer.SearchIndex, source: str, number: int) -> str:
    document = index.document(source)
    assert document is not None
    return document.paragraphs[number - 1].text


def test_accent_free_query_finds_the_paragraph(seed_index: indexer.SearchIndex) -> None:
    result = seed_index.search("securite commune globale")
    source, number = top(result)
    assert "sécurité commune, globale, coopérative et durable" in paragraph_text(seed_index, source, number)
    assert "<mark>sécurité</mark> <mark>commune</mark>, <mark>globale</mark>" in result.hits[0].snippet


def test_inflected_query_finds_the_vietnamese_article(seed_index: indexer.SearchIndex) -> None:
    result = seed_index.search("organisations regionales")
    assert result.hits[0].source == SEED_VN
    assert "<mark>organisations</mark> <mark>régionales</mark>" in " ".join(h.snippet for h in result.hits)


@pytest.mark.parametrize(
    ("query", "expected_word"),
    [
        ("sécurité", "sécurité"),
        ("securite", "sécurité"),
        ("SÉCURITÉS", "sécurité"),
        ("l’ONU", "ONU"),
        ("l'onu", "ONU"),
        ("developpements", "développement"),
        ("cooperer", "coopér"),
    ],
    ids=["accented", "accent-free", "upper-plural", "elision-curly", "elision-straight",
         "plural-no-accent", "verb-no-accent"],
)
def test_variants_meet(seed_index: indexer.SearchIndex, query: str, expected_word: str) -> None:
    result = seed_index.search(query)
    assert result.total > 0
    assert expected_word.lower() in result.hits[0].text.lower()
    assert "<mark>" in result.hits[0].snippet


@pytest.mark.parametrize(
    "query",
    [
        "vietnam organisations régionales",
        "paix developpement chine",
        "conseil sécurité asean",
        "la paix et le développement de la Chine",
        "le rôle du Vietnam dans l’ASEAN",
    ],
)
def test_paragraphs_with_all_words_come_first(seed_index: indexer.SearchIndex, query: str) -> None:
    analyzer = french_analyzer()
    wanted = {token.text for token in analyzer(query)}
    result = seed_index.search(query, limit=100)
    has_all = [wanted <= {token.text for token in analyzer(hit.text)} for hit in result.hits]
    assert any(has_all) and not all(has_all)
    assert has_all == sorted(has_all, reverse=True)  # every full match before any partial one


def test_exact_phrase(seed_index: indexer.SearchIndex) -> None:
    phrase = seed_index.search('"fer de lance"')
    assert phrase.total == 1 and "fer de lance" in phrase.hits[0].text
    words = seed_index.search("fer lance")
    assert words.total >= phrase.total


def test_excluded_word(seed_index: indexer.SearchIndex) -> None:
    result = seed_index.search("paix -sécurité", limit=100)
    assert result.total > 0
    assert all("sécurité" not in hit.text.lower() for hit in result.hits)
    assert result.total < seed_index.search("paix").total


def test_or_operator(seed_index: indexer.SearchIndex) -> None:
    both = seed_index.search("Guterres OR Blinken")
    assert {h.source for h in both.hits} == {SEED_VN, SEED_CN}


def test_prefix_on_real_words_with_and_without_accents(seed_index: indexer.SearchIndex) -> None:
    accented = seed_index.search("sécu*", limit=100)
    plain = seed_index.search("secu*", limit=100)
    assert accented.total == plain.total > 0
    assert "<mark>sécurité</mark>" in accented.hits[0].snippet
    # "organisa*" reaches organisation(s) although their stem is "organis".
    assert seed_index.search("organisa*").total >= seed_index.search("organisations").total


def test_title_field(seed_index: indexer.SearchIndex) -> None:
    result = seed_index.search("title:renforcer", limit=100)
    assert {h.source for h in result.hits} == {SEED_VN}


def test_typo_finds_the_word_and_suggests_it(seed_index: indexer.SearchIndex) -> None:
    result = seed_index.search("sécuirté régionnale")
    assert result.total > 0
    assert "<mark>" in result.hits[0].snippet
    # The typed words find nothing by themselves: the correction helps.
    assert result.suggestion == "sécurité régionale"
    assert seed_index.search("sécurité régionale").suggestion is None


def test_hits_are_plain_dataclasses(seed_index: indexer.SearchIndex) -> None:
    result = seed_index.search("paix")
    hit = result.hits[0]
    assert isinstance(result, indexer.SearchResult) and isinstance(hit, indexer.Hit)
    assert (hit.source, hit.title, hit.paragraph) and hit.score > 0
    assert result.took_ms >= 0
    with pytest.raises(AttributeError):
        hit.score = 0  # type: ignore[misc]


def test_paging(seed_index: indexer.SearchIndex) -> None:
    first = seed_index.search("sécurité", limit=5, page=1)
    second = seed_index.search("sécurité", limit=5, page=2)
    assert first.total == second.total > 10 and first.pages == -(-first.total // 5)
    assert not {(h.source, h.paragraph) for h in first.hits} & {(h.source, h.paragraph) for h in second.hits}
    beyond = seed_index.search("sécurité", limit=5, page=1000)
    assert beyond.hits == () and beyond.total == first.total


@pytest.mark.parametrize(("limit", "page"), [(0, 1), (101, 1), (10, 0)], ids=["limit0", "limit101", "page0"])
def test_bad_paging_raises_value_error(seed_index: indexer.SearchIndex, limit: int, page: int) -> None:
    with pytest.raises(ValueError, match="limit|page"):
        seed_index.search("paix", limit=limit, page=page)


@pytest.mark.parametrize(
    "query",
    ["", "   ", "?", "*", "-", '"', '"sécurité', "(((", ")", "AND", "OR OR", "NOT", "title:", ":",
     "a*", "[a TO b]", "^2", "\x00\x01", "é" * 600, "paix " * 500, "l’", "''", "{}", "\\"],
)
def test_no_query_raises(seed_index: indexer.SearchIndex, query: str) -> None:
    result = seed_index.search(query)
    assert result.total >= 0
    if not query.strip(" ?*-\"()'") or query in ("AND", "OR OR"):
        assert result.hits == ()


def test_a_french_question_is_not_a_wildcard(seed_index: indexer.SearchIndex) -> None:
    question = seed_index.search("Quel est le rôle de l’ONU ?")
    assert question.total == seed_index.search("Quel est le rôle de l’ONU").total > 0


def test_script_in_corpus_is_escaped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "piege.txt").write_text(
        "Titre <b>gras</b>\n\nLa sécurité <script>alert(1)</script> d’abord.", encoding="utf-8"
    )
    indexer.build_index(corpus, tmp_path / "index")
    hit = indexer.open_index(tmp_path / "index").search("securite").hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert hit.text.count("<script>") == 1  # the plain text stays as written
    assert hit.title == "Titre <b>gras</b>"


def test_document_and_highlight(seed_index: indexer.SearchIndex) -> None:
    document = seed_index.document(SEED_VN)
    assert document is not None and document.title.startswith("Renforcer")
    assert [p.number for p in document.paragraphs] == list(range(1, len(document.paragraphs) + 1))
    assert seed_index.document("../../etc/passwd") is None
    html = seed_index.highlight(document.paragraphs[1].text, "securite")
    assert "<mark>sécurité</mark>" in html


def test_open_missing_index_names_path_and_fix(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError) as error:
        indexer.open_index(tmp_path / "nowhere")
    assert "nowhere" in str(error.value) and "python -m indexer rebuild" in str(error.value)


def test_new_generation_is_picked_up_without_reopening(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    served = indexer.open_index(index_dir)
    assert served.search("ornithorynque").total == 0
    (seeds_copy / "faune.txt").write_text("Faune\n\nUn ornithorynque nage.", encoding="utf-8")
    indexer.build_index(seeds_copy, index_dir)
    assert served.search("ornithorynque").total == 1


def test_one_index_shared_by_eight_threads(seed_index: indexer.SearchIndex) -> None:
    queries = ["securite commune globale", "organisations regionales", "paix", "l’ONU", "sécu*",
               '"fer de lance"', "développement durable", "cooperation -chine"]
    expected = {q: seed_index.search(q) for q in queries}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(offset: int) -> list[tuple[str, list[tuple[str, int, str]]]]:
        barrier.wait()
        seen = []
        for i in range(200):
            query = queries[(offset + i) % len(queries)]
            result = seed_index.search(query)
            seen.append((query, [(h.source, h.paragraph, h.snippet) for h in result.hits]))
        return seen

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(worker, n) for n in range(8)]
        for future in futures:
            try:
                for query, hits in future.result():
                    assert hits == [(h.source, h.paragraph, h.snippet) for h in expected[query].hits]
            except BaseException as error:  # noqa: BLE001 - collected and reported below
                errors.append(error)
    assert errors == []


def test_overlong_words_are_cut_before_parsing(seed_index: indexer.SearchIndex) -> None:
    """A 12 000-letter "word" is searched as its first MAX_WORD_CHARS letters: bounded work, same answer."""
    with seed_index.reading() as (generation, _):
        queries = generation.queries
    assert repr(queries.parse("x" * 12_000 + " sécurité")) == repr(queries.parse("x" * MAX_WORD_CHARS + " sécurité"))
    result = seed_index.search("sécurité " + "é" * 5_000)
    assert result.hits and "sécurité" in result.hits[0].snippet
