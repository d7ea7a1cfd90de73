"""The HTML pages: search, results, pagination, suggestion and document view."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from flask.testing import FlaskClient

import indexer
from indexer import fold_accents
from webui import create_app

from .conftest import SEED_IDS, XSS_ID
from .pages import hit_links, hits, marked_words, paragraphs, split_doc_link


def page_text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_home_page_has_a_labelled_autofocused_search_box_and_help(client: FlaskClient) -> None:
    page = page_text(client, "/")
    assert '<html lang="fr">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<label class="search-label" for="q">' in page
    assert re.search(r'<input[^>]*id="q"[^>]*name="q"[^>]*autofocus', page)
    assert '<form class="search-form" action="/" method="get"' in page
    for syntax in ("mots simples", '"phrase exacte"', "-exclu", "OR", "préfixe*", "title:mot"):
        assert syntax in page
    assert "Chercher dans 3 documents" in page


def test_results_show_count_time_and_highlighted_snippets(client: FlaskClient) -> None:
    page = page_text(client, "/?q=securite&tous=1")
    assert re.search(r"<strong>\d+</strong> paragraphes trouvés\s+en [\d,]+ ms", page)
    assert 'value="securite"' in page
    assert len(hits(page)) == 10
    assert all("<mark>" in hit for hit in hits(page))
    assert re.search(r'class="hit-paragraph">§&nbsp;\d+<', page)


@pytest.mark.parametrize(
    "query", ["securite", "SECURITE", "sécurité", "Sécurités"], ids=["no-accent", "upper", "accents", "plural"]
)
def test_query_in_any_spelling_highlights_securite(client: FlaskClient, query: str) -> None:
    words = marked_words(page_text(client, "/?q=" + quote(query)))
    assert words
    assert {fold_accents(word.lower()) for word in words} == {"securite"}
    # The text as written is what is marked, accents included.
    assert "sécurité" in words


def test_every_result_links_to_a_paragraph_holding_the_word(
    client: FlaskClient, index: indexer.SearchIndex
) -> None:
    links = hit_links(page_text(client, "/?q=securite&tous=1"))
    assert len(links) == 10
    for link in links:
        doc_id, query, number = split_doc_link(link)
        assert query == "securite"
        stored = index.document(doc_id)
        assert stored is not None
        assert "sécurité" in stored.paragraphs[number - 1].text.lower()
        assert stored.paragraphs[number - 1].number == number
        # The page the link opens has that paragraph, with the word marked.
        target = paragraphs(page_text(client, link.split("#")[0]))[number]
        assert "sécurité" in [word.lower() for word in marked_words(target)]


def test_results_come_from_both_seed_documents(client: FlaskClient) -> None:
    sources = set()
    for page_number in (1, 2, 3):
        for link in hit_links(page_text(client, f"/?q=securite&tous=1&page={page_number}")):
            sources.add(split_doc_link(link)[0])
    assert set(SEED_IDS) <= sources


def test_results_are_grouped_per_document_by_default(client: FlaskClient, index: indexer.SearchIndex) -> None:
    page = page_text(client, "/?q=securite")
    assert re.search(r"<strong>2</strong> documents trouvés", page)
    links = hit_links(page)
    assert [split_doc_link(link)[0] for link in links] == [h.source for h in index.search("securite", group=True).hits]
    assert set(SEED_IDS) == {split_doc_link(link)[0] for link in links}
    # Each document's other passages are listed, each linking to its paragraph.
    grouped = index.search("securite", group=True)
    best = grouped.hits[0]
    assert len(best.other_paragraphs) > 5
    assert f"{len(best.other_paragraphs)} autres passages" in page
    others = re.findall(r'href="(/doc/[^"]+#p(\d+))">§&nbsp;\d+</a>', page)
    assert {int(number) for _, number in others} >= set(best.other_paragraphs[:8])
    # What the words searched for, and the switch to every paragraph.
    assert '<span class="expansion-word">securite</span> → sécurité' in page
    assert 'href="/?q=securite&amp;tous=1">Voir tous les paragraphes</a>' in page


def test_pagination_links(client: FlaskClient, index: indexer.SearchIndex) -> None:
    pages = index.search("securite").pages
    assert pages >= 3
    first = page_text(client, "/?q=securite&tous=1")
    assert 'rel="next" href="/?q=securite&amp;tous=1&amp;page=2"' in first
    assert 'rel="prev"' not in first
    assert 'aria-current="page" href="/?q=securite&amp;tous=1&amp;page=1"' in first
    assert f'href="/?q=securite&amp;tous=1&amp;page={pages}"' in first

    second = page_text(client, "/?q=securite&tous=1&page=2")
    assert 'rel="prev" href="/?q=securite&amp;tous=1&amp;page=1"' in second
    assert 'rel="next" href="/?q=securite&amp;tous=1&amp;page=3"' in second
    assert '<ol class="hit-list" start="11">' in second
    assert set(hit_links(first)).isdisjoint(hit_links(second))

    last = page_text(client, f"/?q=securite&tous=1&page={pages}")
    assert 'rel="next"' not in last
    assert hit_links(last)


def test_page_past_the_end_says_so(client: FlaskClient) -> None:
    page = page_text(client, "/?q=securite&page=999")
    assert not hit_links(page)
    assert "Cette page de résultats n'existe pas" in page
    assert 'href="/?q=securite"' in page


@pytest.mark.parametrize("value", ["abc", "0", "-3", ""], ids=["text", "zero", "negative", "empty"])
def test_bad_page_number_shows_the_first_page(client: FlaskClient, value: str) -> None:
    page = page_text(client, f"/?q=securite&page={value}")
    assert hit_links(page) == hit_links(page_text(client, "/?q=securite"))


def test_no_results_message(client: FlaskClient) -> None:
    page = page_text(client, "/?q=xylophonique")
    assert "Aucun paragraphe ne correspond à « xylophonique »" in page
    assert not hit_links(page)


def test_misspelled_query_offers_a_suggestion_link(client: FlaskClient) -> None:
    page = page_text(client, "/?q=" + quote("securtié"))
    assert f'Vouliez-vous dire <a href="/?q={quote("sécurité")}">sécurité</a>&nbsp;?' in page
    # The suggestion comes with the results typo tolerance already found.
    assert hit_links(page)


def test_blank_query_shows_the_home_page(client: FlaskClient) -> None:
    page = page_text(client, "/?q=+++")
    assert "Chercher dans" in page
    assert not hit_links(page)


def test_query_of_500_characters_is_searched_and_501_refused(client: FlaskClient) -> None:
    page_text(client, "/?q=" + "a" * 500)
    page = page_text(client, "/?q=" + "a" * 501, status=400)
    assert "La requête est trop longue (501 caractères) : 500 caractères au plus." in page
    assert 'role="alert"' in page


def test_document_page_numbers_every_paragraph(client: FlaskClient, index: indexer.SearchIndex) -> None:
    doc_id = SEED_IDS[1]
    stored = index.document(doc_id)
    assert stored is not None
    page = page_text(client, f"/doc/{doc_id}")
    found = paragraphs(page)
    assert sorted(found) == [p.number for p in stored.paragraphs]
    assert "<mark>" not in page
    assert f"<h1>{stored.title}</h1>" in page
    assert '<a class="back-link" href="/">' in page
    assert '<script src="/static/doc.js" defer></script>' in page


def test_document_page_highlights_the_query_everywhere(client: FlaskClient, index: indexer.SearchIndex) -> None:
    doc_id = SEED_IDS[1]
    stored = index.document(doc_id)
    assert stored is not None
    found = paragraphs(page_text(client, f"/doc/{doc_id}?q=securite"))
    for paragraph in stored.paragraphs:
        has_word = "sécurité" in paragraph.text.lower()
        assert ("<mark>" in found[paragraph.number]) == has_word, paragraph.number


def test_document_page_links_back_to_the_results(client: FlaskClient) -> None:
    page = page_text(client, f"/doc/{SEED_IDS[0]}?q={quote('sécurité collective')}")
    assert f'<a class="back-link" href="/?{urlencode({"q": "sécurité collective"})}">' in page
    assert "Retour aux résultats pour « sécurité collective »" in page


def test_document_id_with_folder_spaces_and_accents(client: FlaskClient) -> None:
    page = page_text(client, "/?q=balise")
    links = hit_links(page)
    assert links
    assert split_doc_link(links[0])[0] == XSS_ID
    assert paragraphs(page_text(client, links[0]))


def test_document_page_refuses_an_overlong_query(client: FlaskClient) -> None:
    page = page_text(client, f"/doc/{SEED_IDS[0]}?q=" + "a" * 501, status=400)
    assert "trop longue" in page


def test_ids_with_url_syntax_round_trip(tmp_path: Path) -> None:
    odd_id = "a b#c/50% sûr?.txt"
    corpus = tmp_path / "corpus"
    (corpus / "a b#c").mkdir(parents=True)
    (corpus / odd_id).write_text("Titre étrange\n\nLes tomates 100 % bio poussent ici.\n", encoding="utf-8")
    indexer.build_index(corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    (link,) = hit_links(page_text(client, "/?q=tomates"))
    assert split_doc_link(link) == (odd_id, "tomates", 2)
    assert "<mark>tomates</mark>" in paragraphs(page_text(client, link.split("#")[0]))[2]
