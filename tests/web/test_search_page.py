"""The search page's HTML and JSON through the test client: examples from the index, twin titles, the way back, the contents."""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask.testing import FlaskClient

import indexer
from webui import create_app

from .conftest import XSS_QUERY
from .pages import hit_links
from .ui_corpus import LONG_DOCUMENT, TWIN_TITLE, write_ui_corpus

SEED_EXAMPLES = ("paix sécurité", "Chine OR Vietnam", "title:histoire")


@pytest.fixture(scope="module")
def ui_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    base = tmp_path_factory.mktemp("ui-pages")
    corpus = write_ui_corpus(base / "corpus")
    indexer.build_index(corpus, base / "index")
    app = create_app({"TESTING": True, "INDEX_DIR": str(base / "index"), "CORPUS_DIR": str(corpus)})
    return app.test_client()


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_home_examples_are_links_made_from_this_index(ui_client: FlaskClient) -> None:
    page = _text(ui_client, "/")
    examples = [unescape(query) for query in re.findall(r'class="example-link" href="/\?q=([^"]+)"', page)]
    assert len(examples) >= 4
    assert not any(seed in page for seed in SEED_EXAMPLES)
    for href in re.findall(r'class="example-link" href="([^"]+)"', page):
        assert hit_links(_text(ui_client, unescape(href))), href


def test_no_results_page_offers_the_examples(ui_client: FlaskClient) -> None:
    page = _text(ui_client, "/?q=xylophonique")
    assert "Aucun paragraphe ne correspond" in page
    assert 'class="example-link"' in page


def test_only_the_empty_page_puts_the_focus_in_the_box(ui_client: FlaskClient) -> None:
    assert re.search(r'<input[^>]*id="q"[^>]*autofocus', _text(ui_client, "/"))
    assert not re.search(r'<input[^>]*id="q"[^>]*autofocus', _text(ui_client, "/?q=reseau"))


def test_twin_titles_get_what_tells_them_apart(ui_client: FlaskClient) -> None:
    page = _text(ui_client, "/?q=avertissement")
    twins = re.findall(r'<span class="hit-twin"> — ([^<]+)</span>', page)
    assert len(twins) >= 3 and len(set(twins)) == len(twins)
    assert "reseau/avertissement.txt" in twins
    assert page.count(f"<mark>{TWIN_TITLE}</mark>") >= 3
    # Unique titles get no such label.
    assert 'class="hit-twin"' not in _text(ui_client, "/?q=stagiaires")


def test_api_hits_carry_the_marked_title_folder_and_twin(ui_client: FlaskClient) -> None:
    body = ui_client.get("/api/search?q=avertissement&group=1").get_json()
    hit = next(h for h in body["hits"] if h["source"] == "guides/reseau/avertissement.txt")
    assert hit["title_html"] == f"<mark>{TWIN_TITLE}</mark>"
    assert hit["folder"] == "guides › reseau"
    assert hit["twin"] == "reseau/avertissement.txt"


def test_api_title_html_is_escaped(client: FlaskClient) -> None:
    body = client.get("/api/search?q=" + quote("page piégée")).get_json()
    titles = [hit["title_html"] for hit in body["hits"]]
    assert any("&lt;script&gt;" in title for title in titles)
    assert not any("<script>" in title for title in titles)
    assert client.get("/api/search?q=" + quote(XSS_QUERY)).status_code == 200


def test_document_links_and_back_link_keep_the_page_and_view(ui_client: FlaskClient) -> None:
    links = hit_links(_text(ui_client, "/?q=reseau&tous=1&page=2"))
    assert links
    query = parse_qs(urlsplit(links[0]).query)
    assert query["tous"] == ["1"] and query["rpage"] == ["2"]
    back = re.search(r'<a class="back-link" href="([^"]+)">', _text(ui_client, links[0].split("#")[0]))
    assert back is not None
    assert parse_qs(urlsplit(unescape(back.group(1))).query) == {"q": ["reseau"], "tous": ["1"], "page": ["2"]}
    # From the first page of the default view, links stay as they were.
    first = hit_links(_text(ui_client, "/?q=reseau"))[0]
    assert set(parse_qs(urlsplit(first).query)) == {"q", "p"}


def test_a_hand_edited_results_page_in_a_document_link_is_ignored(ui_client: FlaskClient) -> None:
    page = _text(ui_client, f"/doc/{LONG_DOCUMENT}?q=reseau&rpage=abc")
    assert '<a class="back-link" href="/?q=reseau">' in page


def test_document_page_has_a_table_of_contents_and_section_anchors(ui_client: FlaskClient) -> None:
    page = _text(ui_client, f"/doc/{LONG_DOCUMENT}?q=reseau")
    entries = re.findall(r'<li class="toc-depth-\d"><a href="#s(\d+)">([^<]+)</a></li>', page)
    assert [title for _, title in entries][:2] == ["1 Installation", "2 Réseau"]
    for first, _ in entries:
        assert f'<div class="section-anchor" id="s{first}"></div>' in page
    assert 'id="occurrences" hidden' in page
    # Without a query there is nothing to step through.
    assert 'id="occurrences"' not in _text(ui_client, f"/doc/{LONG_DOCUMENT}")


def test_one_section_documents_have_no_table_of_contents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "court.md").write_text("# Court\n\n## Seule partie\n\nUn paragraphe sur le jardin.\n", encoding="utf-8")
    indexer.build_index(corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    assert 'class="toc"' not in _text(client, "/doc/court.md")


def test_api_suggest_completes_the_last_word_keeping_the_rest(ui_client: FlaskClient) -> None:
    body = ui_client.get("/api/suggest?q=" + quote('imprimante -sauveg')).get_json()
    assert body == {
        "query": "imprimante -sauveg",
        "prefix": "sauveg",
        "completions": [
            {"word": "sauvegarde", "query": "imprimante -sauvegarde"},
            {"word": "sauvegarder", "query": "imprimante -sauvegarder"},
        ],
    }
    assert ui_client.get("/api/suggest?q=secu&limit=1").get_json()["completions"] == [
        {"word": "sécurité", "query": "sécurité"},
    ]
    # Nothing to complete after a wildcard, or a one-letter word.
    for text in ("sauv*", "s"):
        assert ui_client.get("/api/suggest?q=" + quote(text)).get_json()["completions"] == []


@pytest.mark.parametrize(
    ("url", "word"), [("/api/suggest", "obligatoire"), ("/api/suggest?q=se&limit=21", "au plus 20"),
                      ("/api/suggest?q=se&limit=0", "limit"), ("/api/suggest?q=" + "a" * 501, "trop longue")],
    ids=["missing", "limit-too-high", "limit-zero", "too-long"],
)
def test_api_suggest_refuses_bad_parameters(ui_client: FlaskClient, url: str, word: str) -> None:
    response = ui_client.get(url)
    assert response.status_code == 400
    assert word in response.get_json()["error"]


def test_results_say_when_each_file_changed_and_its_size(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "jardin.txt"
    path.write_text("Le jardin\n\nLes tomates du jardin mûrissent en août.\n" + "Texte. " * 200, encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    indexer.build_index(corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    page = _text(client, "/?q=tomates")
    assert '<span class="hit-date">modifié le 14 novembre 2023</span>' in page
    assert '<span class="hit-size">1,4 Ko</span>' in page
    (hit,) = client.get("/api/search?q=tomates").get_json()["hits"]
    assert (hit["size"], hit["mtime"]) == (path.stat().st_size, 1_700_000_000)


def test_no_results_page_offers_looser_queries_that_find_something(ui_client: FlaskClient) -> None:
    page = _text(ui_client, "/?q=" + quote('"réseau imprimante"'))
    assert "Aucun paragraphe ne correspond" in page
    offered = re.findall(r'<li><a href="(/\?q=[^"]+)">([^<]+)</a>\s*\(([^,]+),', page)
    assert ("réseau imprimante", "sans les guillemets") in [(text, change) for _, text, change in offered]
    for href, _, _ in offered:
        assert hit_links(_text(ui_client, unescape(href)))
    page = _text(ui_client, "/?q=" + quote("sauvegarde -sauvegarde"))
    assert '>sauvegarde</a>\n          (sans exclure « sauvegarde »' in page
    # A query with nothing to loosen offers nothing.
    assert 'class="alternatives"' not in _text(ui_client, "/?q=xylophonique")


def test_filters_in_the_page_address_and_their_links(ui_client: FlaskClient) -> None:
    page = _text(ui_client, "/?q=reseau&tous=1&dossier=guides&format=txt")
    assert re.search(r"<strong>\d+</strong> paragraphes trouvés", page)
    sources = [urlsplit(link).path for link in hit_links(page)]
    assert sources and all(path.startswith("/doc/guides/") for path in sources)
    # Pagination, the view switch and the form keep the filters.
    assert 'rel="next" href="/?q=reseau&amp;tous=1&amp;page=2&amp;dossier=guides&amp;format=txt"' in page
    assert 'href="/?q=reseau&amp;dossier=guides&amp;format=txt">Regrouper par document</a>' in page
    assert '<input type="hidden" name="dossier" value="guides">' in page
    assert '<input type="hidden" name="format" value="txt">' in page
    assert "2 filtres actifs" in page


@pytest.mark.parametrize(
    ("url", "message"),
    [("/?q=reseau&format=xls", "Format inconnu : « xls »"), ("/?q=reseau&date=hier", "Le paramètre date vaut"),
     ("/?q=reseau&tri=taille", "Le paramètre tri vaut pertinence ou date.")],
    ids=["format", "date", "sort"],
)
def test_bad_filters_are_one_french_line_and_a_400(ui_client: FlaskClient, url: str, message: str) -> None:
    response = ui_client.get(url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_api_filters_facets_and_sort(ui_client: FlaskClient) -> None:
    body = ui_client.get("/api/search?q=reseau&group=1&folder=guides&kind=txt&sort=date").get_json()
    assert body["sort"] == "date"
    assert body["total"] and all(hit["source"].startswith("guides/") for hit in body["hits"])
    mtimes = [hit["mtime"] for hit in body["hits"]]
    assert mtimes == sorted(mtimes, reverse=True)
    facets = body["facets"]
    assert {item["value"] for item in facets["folders"]} <= {"guides/reseau", "guides/securite", "guides/sauvegarde"}
    assert facets["kinds"] == [{"value": "txt", "count": body["total"]}]
    assert [item["value"] for item in facets["dates"]] == ["semaine", "mois", "annee", "ancien"]
    everything = ui_client.get("/api/search?q=reseau&group=1").get_json()
    assert {"value": "md", "count": 1} in everything["facets"]["kinds"]
    assert ui_client.get("/api/search?q=reseau&after=2100-01-01&group=1").get_json()["total"] == 0
    for bad in ("after=hier", "kind=xls", "sort=taille", "date=siecle"):
        response = ui_client.get("/api/search?q=reseau&" + bad)
        assert response.status_code == 400, bad


def test_the_way_back_keeps_the_filters_and_sort(ui_client: FlaskClient) -> None:
    links = hit_links(_text(ui_client, "/?q=reseau&tous=1&page=2&dossier=guides&tri=date"))
    assert parse_qs(urlsplit(links[0]).query)["dossier"] == ["guides"]
    back = re.search(r'<a class="back-link" href="([^"]+)">', _text(ui_client, links[0].split("#")[0]))
    assert back is not None
    assert parse_qs(urlsplit(unescape(back.group(1))).query) == {
        "q": ["reseau"], "tous": ["1"], "page": ["2"], "dossier": ["guides"], "tri": ["date"],
    }
    # A bad filter in a hand-edited link leads back to the plain results.
    page = _text(ui_client, f"/doc/{LONG_DOCUMENT}?q=reseau&format=xls")
    assert '<a class="back-link" href="/?q=reseau">' in page
