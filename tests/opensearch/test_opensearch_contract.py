"""One contract, two engines: the Whoosh index in a folder and the OpenSearch index behind an alias.

Each test runs against both, built from the same corpus (the seeds and a
text full of HTML); the OpenSearch ones need the test node (NODE_URL).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.search.filters import SearchFilters

from opensearch_support import ENGINES, copy_seeds, open_engine  # type: ignore[import-not-found]

SEED_000 = "000_230c5f8ffb408245.txt"
SEED_003 = "003_f1f74f28f6e10c66.txt"
MARKUP = "balises.txt"
MARKUP_TEXT = (
    "Balises & sécurité\n\n"
    "Le filtre <script>alert('x')</script> & la sécurité des pages : AT&T écrit <b>gras</b>.\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = copy_seeds(tmp_path_factory.mktemp("contract-corpus"))
    (directory / MARKUP).write_text(MARKUP_TEXT, encoding="utf-8")
    return directory


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    index = open_engine(request, corpus, tmp_path_factory, "contract")
    yield index
    index.close()


def _plain(snippet: str) -> str:
    return re.sub(r"<[^>]+>", "", snippet)


def test_securite_commune_globale_finds_seed_000_marked(engine: Any) -> None:
    result = engine.search("securite commune globale")
    assert result.hits[0].source == SEED_000
    assert "<mark>sécurité</mark>" in result.hits[0].snippet
    # Paragraphs holding all three words come before those holding fewer.
    best = result.hits[0].text.lower()
    assert all(word in best for word in ("sécurité", "commune", "globale"))


def test_query_without_accents_finds_what_the_accented_one_finds(engine: Any) -> None:
    plain = engine.search("cooperation regionale", limit=20)
    accented = engine.search("coopération régionale", limit=20)
    assert plain.total == accented.total > 0
    assert [(h.source, h.paragraph) for h in plain.hits] == [(h.source, h.paragraph) for h in accented.hits]
    assert plain.expansions[0][0] == "cooperation" and "coopération" in plain.expansions[0][1]


def test_elided_word_is_found_and_marked(engine: Any) -> None:
    elided, bare = engine.search("l'ONU", limit=50), engine.search("ONU", limit=50)
    assert elided.total == bare.total > 0
    assert "ONU</mark>" in elided.hits[0].snippet


def test_phrase_matches_adjacent_words_only(engine: Any) -> None:
    phrase = engine.search('"sécurité commune"', limit=50)
    words = engine.search("sécurité commune", limit=50)
    assert 0 < phrase.total < words.total
    assert all("sécurité commune" in hit.text.lower() for hit in phrase.hits)


def test_phrase_with_stop_words_keeps_their_place(engine: Any) -> None:
    result = engine.search('"la sécurité de la Chine"')
    assert [hit.paragraph for hit in result.hits if hit.source == SEED_000][:1] == [3]


def test_excluded_word_leaves_its_paragraphs_out(engine: Any) -> None:
    kept = engine.search("paix -guerre", limit=100)
    everything = engine.search("paix", limit=100)
    assert 0 < kept.total < everything.total
    assert not any("guerre" in hit.text.lower() for hit in kept.hits)


def test_grouped_results_list_the_other_paragraphs(engine: Any) -> None:
    result = engine.search("sécurité", group=True, limit=10)
    sources = [hit.source for hit in result.hits]
    assert result.grouped and result.total == len(sources) == len(set(sources)) == 3
    seed = next(hit for hit in result.hits if hit.source == SEED_000)
    assert len(seed.other_paragraphs) > 5
    assert seed.paragraph not in seed.other_paragraphs
    assert list(seed.other_paragraphs) == sorted(seed.other_paragraphs)


def test_snippet_escapes_markup_and_marks_words(engine: Any) -> None:
    hit = next(h for h in engine.search("sécurité filtre", limit=20).hits if h.source == MARKUP)
    assert "<script>" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "&amp;" in hit.snippet
    assert "<mark>sécurité</mark>" in hit.snippet
    assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0
    assert "<" in hit.text  # the text itself stays as written


def test_highlight_many_escapes_and_marks(engine: Any) -> None:
    marked = engine.highlight_many(["a <script> & sécurité", "rien"], "securite")
    assert marked == ["a &lt;script&gt; &amp; <mark>sécurité</mark>", "rien"]


def test_typo_is_found_and_corrected(engine: Any) -> None:
    result = engine.search("securte")
    assert result.total > 0 and result.suggestion == "sécurité"
    assert "<mark>sécurité</mark>" in result.hits[0].snippet


def test_source_restriction(engine: Any) -> None:
    result = engine.search(f"paix source:{SEED_003}", limit=100)
    assert result.total > 0 and {hit.source for hit in result.hits} == {SEED_003}


def test_document_returns_every_paragraph_in_order(engine: Any, corpus: Path) -> None:
    document = engine.document(SEED_003)
    assert document is not None and document.title.startswith("Renforcer la coopération")
    assert [p.number for p in document.paragraphs] == list(range(1, len(document.paragraphs) + 1))
    assert engine.document("absent.txt") is None
    page = engine.document_page(SEED_003, start=2, count=3)
    assert [p.number for p in page.paragraphs] == [2, 3, 4]
    assert page.paragraph_count == len(document.paragraphs)


def test_stats_and_counts(engine: Any) -> None:
    stats = engine.stats()
    assert (stats.documents, stats.paragraphs) == engine.counts() == (3, 78)
    assert stats.terms > 800 and stats.size_bytes > 0 and stats.built_at
    assert engine.sources() == sorted([SEED_000, SEED_003, MARKUP])


def test_paging_and_limits(engine: Any) -> None:
    first, second = engine.search("sécurité", limit=5), engine.search("sécurité", limit=5, page=2)
    assert first.total == second.total and len(second.hits) == 5
    assert not {(h.source, h.paragraph) for h in first.hits} & {(h.source, h.paragraph) for h in second.hits}
    assert engine.search("  ").total == 0
    with pytest.raises(ValueError):
        engine.search("paix", limit=0)


# -- filters, facets and the sort by date --------------------------------------

DAY = 86_400
# Document id -> (text, age in days): two folders deep, two formats, one per date range.
NARROWED = {
    "racine.txt": ("Racine\n\nLa sécurité à la racine du partage.\n", 1),
    "guides/reseau/wifi.md": ("# Wifi\n\nLa sécurité du réseau sans fil.\n", 2),
    "guides/reseau/vpn.txt": ("VPN\n\nLa sécurité du tunnel chiffré.\n", 20),
    "guides/poste.txt": ("Poste\n\nLa sécurité du poste de travail.\n", 200),
    "archives/ancien.txt": ("Ancien\n\nUne vieille note sur la sécurité.\n", 800),
}


@pytest.fixture(scope="module", params=ENGINES)
def narrowed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Both engines over :data:`NARROWED`, each file dated its age before now."""
    directory = tmp_path_factory.mktemp("narrowed-corpus")
    now = time.time()
    for name, (text, age) in NARROWED.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (now - age * DAY, now - age * DAY))
    index = open_engine(request, directory, tmp_path_factory, "narrowed")
    yield index
    index.close()


def _counts(values: Any) -> list[tuple[str, int]]:
    return [(value.value, value.count) for value in values]


def test_facets_count_documents_only_when_asked(narrowed: Any) -> None:
    assert narrowed.search("sécurité").facets is None
    facets = narrowed.search("sécurité", filters=SearchFilters()).facets
    assert _counts(facets.folders) == [("guides", 3), ("archives", 1)]
    assert _counts(facets.kinds) == [("txt", 4), ("md", 1)]
    assert _counts(facets.dates) == [("semaine", 2), ("mois", 3), ("annee", 4), ("ancien", 1)]
    # Counted over what the query matches: a word of one file counts that file alone.
    assert _counts(narrowed.search("tunnel", filters=SearchFilters()).facets.folders) == [("guides", 1)]


def test_folder_filter_keeps_its_documents_and_drills_down(narrowed: Any) -> None:
    result = narrowed.search("sécurité", filters=SearchFilters(folder="guides/"), limit=20)
    assert result.total == 3
    assert {hit.source for hit in result.hits} == {"guides/reseau/wifi.md", "guides/reseau/vpn.txt", "guides/poste.txt"}
    assert _counts(result.facets.folders) == [("guides/reseau", 2)]
    # The other dimensions count within the folder.
    assert _counts(result.facets.kinds) == [("txt", 2), ("md", 1)]


def test_kind_and_date_filters_leave_their_own_facet_whole(narrowed: Any) -> None:
    kind = narrowed.search("sécurité", filters=SearchFilters(kinds=("md",)))
    assert [hit.source for hit in kind.hits] == ["guides/reseau/wifi.md"]
    assert _counts(kind.facets.kinds) == [("txt", 4), ("md", 1)]
    assert _counts(kind.facets.dates) == [("semaine", 1), ("mois", 1), ("annee", 1), ("ancien", 0)]
    after, _ = kind.facets.date_bounds["mois"]
    recent = narrowed.search("sécurité", filters=SearchFilters(after=after), group=True)
    assert recent.total == 3 and {hit.source for hit in recent.hits} == {
        "racine.txt", "guides/reseau/wifi.md", "guides/reseau/vpn.txt"}
    assert _counts(recent.facets.kinds) == [("txt", 2), ("md", 1)]
    assert _counts(recent.facets.dates) == [("semaine", 2), ("mois", 3), ("annee", 4), ("ancien", 1)]
    _, before = kind.facets.date_bounds["ancien"]
    old = narrowed.search("sécurité", filters=SearchFilters(before=before))
    assert [hit.source for hit in old.hits] == ["archives/ancien.txt"] and old.total == 1


def test_sort_by_date_puts_the_newest_first(narrowed: Any) -> None:
    newest_first = sorted(NARROWED, key=lambda name: NARROWED[name][1])
    for group in (False, True):
        result = narrowed.search("sécurité", sort="date", group=group)
        assert [hit.source for hit in result.hits] == newest_first and result.facets is not None
    filtered = narrowed.search("sécurité", sort="date", filters=SearchFilters(folder="guides"), limit=2, page=2)
    assert [hit.source for hit in filtered.hits] == ["guides/poste.txt"] and filtered.total == 3
    with pytest.raises(ValueError):
        narrowed.search("sécurité", sort="taille")
