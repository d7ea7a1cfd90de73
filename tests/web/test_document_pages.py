"""Long documents: shown a page at a time, links landing on their paragraph, highlighting capped."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

import indexer
from webui import create_app
from webui.reading import MAX_HIGHLIGHTED_CHARS, PARAGRAPHS_PER_PAGE

from .conftest import SEEDS
from .pages import hit_links, marked_words, paragraphs, split_doc_link

LONG_PARAGRAPHS = 250
# The only paragraph of the corpus holding this word.
RARE_WORD = "zanzibarite"
RARE_PARAGRAPH = 180
MANY_PARAGRAPHS = 3000
# One line, cut at indexing into paragraphs of about 20 000 characters.
ONE_LINE_CHARS = 400_000


def _sentences() -> list[str]:
    text = " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in sorted(SEEDS.glob("*.txt")))
    return [s.strip() + "." for s in text.split(". ") if len(s.strip()) > 30]


@pytest.fixture(scope="module")
def long_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sentences = _sentences()
    corpus = tmp_path_factory.mktemp("long-corpus")
    long_paragraphs = [f"Paragraphe {n} : {sentences[n % len(sentences)]}" for n in range(1, LONG_PARAGRAPHS + 1)]
    long_paragraphs[RARE_PARAGRAPH - 1] += f" Le mot {RARE_WORD} n'apparaît qu'ici."
    (corpus / "long.txt").write_text("Un long document\n\n" + "\n\n".join(long_paragraphs[1:]) + "\n",
                                     encoding="utf-8")
    line = []
    while sum(len(s) + 1 for s in line) < ONE_LINE_CHARS:
        line.append(sentences[len(line) % len(sentences)] + " La paix revient.")
    (corpus / "ligne.txt").write_text("Une seule ligne\n\n" + " ".join(line) + "\n", encoding="utf-8")
    many = [f"Note {n} sur la paix." for n in range(MANY_PARAGRAPHS - 1)]
    (corpus / "notes.txt").write_text("Des milliers de notes\n\n" + "\n\n".join(many) + "\n", encoding="utf-8")
    return Path(indexer.build_index(corpus, tmp_path_factory.mktemp("long-index")).index_dir)


@pytest.fixture(scope="module")
def long_client(long_index_dir: Path) -> FlaskClient:
    return create_app({"TESTING": True, "INDEX_DIR": str(long_index_dir)}).test_client()


def _page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    return response.get_data(as_text=True)


def test_a_long_document_is_shown_a_page_at_a_time(long_client: FlaskClient) -> None:
    first = _page(long_client, "/doc/long.txt")
    assert sorted(paragraphs(first)) == list(range(1, PARAGRAPHS_PER_PAGE + 1))
    assert f"{LONG_PARAGRAPHS} paragraphes" in first
    assert "paragraphes 1 à 100 (page 1 sur 3)" in first
    assert 'rel="next" href="/doc/long.txt?page=2"' in first
    last = _page(long_client, "/doc/long.txt?page=3")
    assert sorted(paragraphs(last)) == list(range(201, LONG_PARAGRAPHS + 1))
    assert 'rel="prev" href="/doc/long.txt?page=2"' in last and 'rel="next"' not in last


@pytest.mark.parametrize(("p", "first"), [(1, 1), (100, 1), (101, 101), (250, 201), (9999, 201)],
                         ids=["first", "end-of-page", "next-page", "last", "past-the-end"])
def test_p_opens_the_page_holding_the_paragraph(long_client: FlaskClient, p: int, first: int) -> None:
    numbers = sorted(paragraphs(_page(long_client, f"/doc/long.txt?p={p}")))
    assert numbers[0] == first
    assert p in numbers or p > LONG_PARAGRAPHS


def test_a_result_link_lands_on_the_page_of_its_paragraph(long_client: FlaskClient) -> None:
    (link,) = hit_links(_page(long_client, f"/?q={RARE_WORD}"))
    doc_id, query, number = split_doc_link(link)
    assert (doc_id, query, number) == ("long.txt", RARE_WORD, RARE_PARAGRAPH)
    target = paragraphs(_page(long_client, link.split("#")[0]))[RARE_PARAGRAPH]
    assert marked_words(target) == [RARE_WORD]


def test_a_page_past_the_end_is_a_404_and_bad_numbers_a_400(long_client: FlaskClient) -> None:
    assert "n'a que 3 pages" in _page(long_client, "/doc/long.txt?page=4", status=404).replace("&#39;", "'")
    for value in ("0", "deux", "%D9%A2", "1_0", "+1"):
        _page(long_client, f"/doc/long.txt?page={value}", status=400)
        _page(long_client, f"/doc/long.txt?p={value}", status=400)


def test_highlighting_stops_at_its_budget_and_the_page_says_so(long_client: FlaskClient) -> None:
    page = _page(long_client, "/doc/ligne.txt?q=paix")
    shown = paragraphs(page)
    assert len(shown) > 10
    marked = [number for number, html in shown.items() if "<mark>" in html]
    # Paragraph 1 is the title; every other holds "paix": those past the
    # budget are shown, escaped, unmarked.
    unmarked = [number for number, html in shown.items() if "<mark>" not in html and number > 1]
    assert marked and unmarked
    assert sum(len(html) for number, html in shown.items() if number in marked) < MAX_HIGHLIGHTED_CHARS * 1.5
    assert all("La paix revient." in shown[number] for number in unmarked)
    assert "le surlignage s'arrête à 100\u202f000 caractères" in page
    # The paragraph a link points to is marked first, wherever it is on the page.
    last = max(shown)
    assert "<mark>" in paragraphs(_page(long_client, f"/doc/ligne.txt?q=paix&p={last}"))[last]
    # A short page is marked whole and says nothing.
    assert "surlignage s'arrête" not in _page(long_client, "/doc/long.txt?q=paix")


def test_the_api_pages_documents_too(long_client: FlaskClient) -> None:
    body = long_client.get("/api/doc/long.txt?page=2").get_json()
    assert (body["paragraph_count"], body["page"], body["pages"]) == (LONG_PARAGRAPHS, 2, 3)
    assert [p["number"] for p in body["paragraphs"]] == list(range(101, 201))
    assert long_client.get(f"/api/doc/long.txt?p={RARE_PARAGRAPH}").get_json()["page"] == 2
    assert long_client.get("/api/doc/long.txt?page=4").status_code == 404
    bad = long_client.get("/api/doc/long.txt?page=1_0")
    assert bad.status_code == 400 and "page" in bad.get_json()["error"]


def test_document_page_reads_only_the_page(long_index_dir: Path) -> None:
    index = indexer.open_index(long_index_dir)
    page = index.document_page("notes.txt", start=1001, count=50)
    assert page is not None
    assert (page.source, page.title, page.paragraph_count) == ("notes.txt", "Des milliers de notes", MANY_PARAGRAPHS)
    assert [p.number for p in page.paragraphs] == list(range(1001, 1051))
    assert page.paragraphs[0].text == "Note 999 sur la paix."
    past = index.document_page("notes.txt", start=MANY_PARAGRAPHS + 1)
    assert past is not None and past.paragraphs == () and past.title == "Des milliers de notes"
    assert index.document_page("absent.txt") is None
    with pytest.raises(ValueError, match="at least 1"):
        index.document_page("notes.txt", start=0)
