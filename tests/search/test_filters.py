"""Filters, facets and the sort by date, on a real index of French files with set dates and formats."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import indexer
from indexer import FacetCount, SearchFilters

DAY = 86_400
NOW = time.time()
# (path, text, age in days)
FILES = [
    ("guides/reseau/wifi.txt", "Le réseau sans fil\n\nLe réseau sans fil couvre la maison.\n", 2),
    ("guides/reseau/cables.md", "# Câbles\n\nUn câble réseau par poste, et le réseau tient.\n", 20),
    ("guides/sauvegarde/disque.txt", "Sauvegarde\n\nLa sauvegarde passe par le réseau la nuit.\n", 200),
    ("archives/vieux.txt", "Ancien réseau\n\nL'ancien réseau de l'atelier a été démonté.\n", 900),
    ("notes.txt", "Notes\n\nAucune note sur le jardin.\n", 1),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    base = tmp_path_factory.mktemp("filters")
    for name, text, age in FILES:
        path = base / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (NOW - age * DAY, NOW - age * DAY))
    indexer.build_index(base / "corpus", base / "index")
    opened = indexer.open_index(base / "index")
    assert isinstance(opened, indexer.SearchIndex)
    return opened


def _sources(result: indexer.SearchResult) -> set[str]:
    return {hit.source for hit in result.hits}


@pytest.mark.parametrize("group", [True, False], ids=["documents", "paragraphs"])
@pytest.mark.parametrize("query", ["reseau", '"le réseau"', "reseau -jardin"], ids=["plain", "phrase", "exclusion"])
def test_filters_keep_only_the_documents_they_allow(index: indexer.SearchIndex, query: str, group: bool) -> None:
    everything = index.search(query, group=group, filters=SearchFilters())
    assert _sources(everything) == {name for name, text, _ in FILES if "réseau" in text}
    under = index.search(query, group=group, filters=SearchFilters(folder="guides/reseau/"))
    assert _sources(under) == {"guides/reseau/wifi.txt", "guides/reseau/cables.md"}
    markdown = index.search(query, group=group, filters=SearchFilters(kinds=("md",)))
    assert _sources(markdown) == {"guides/reseau/cables.md"}
    recent = index.search(query, group=group, filters=SearchFilters(after=int(NOW - 30 * DAY)))
    assert _sources(recent) == {"guides/reseau/wifi.txt", "guides/reseau/cables.md"}
    old = index.search(query, group=group, filters=SearchFilters(before=int(NOW - 365 * DAY)))
    assert _sources(old) == {"archives/vieux.txt"}
    assert index.search(query, group=group, filters=SearchFilters(folder="guides", kinds=("pdf",))).total == 0


def test_facets_count_the_matching_documents(index: indexer.SearchIndex) -> None:
    facets = index.search("reseau", group=True, filters=SearchFilters()).facets
    assert facets is not None
    assert facets.folders == (FacetCount("guides", 3), FacetCount("archives", 1))
    assert facets.kinds == (FacetCount("txt", 3), FacetCount("md", 1))
    assert dict((f.value, f.count) for f in facets.dates) == {"semaine": 1, "mois": 2, "annee": 3, "ancien": 1}
    # Folders drill down; formats still count every format under the folder.
    chosen = index.search("reseau", filters=SearchFilters(folder="guides", kinds=("md",))).facets
    assert chosen is not None
    assert chosen.folders == (FacetCount("guides/reseau", 1),)
    assert chosen.kinds == (FacetCount("txt", 2), FacetCount("md", 1))
    # Without filters nothing extra is computed.
    assert index.search("reseau").facets is None


def test_sort_by_date_puts_the_newest_first(index: indexer.SearchIndex) -> None:
    for group in (True, False):
        hits = index.search("reseau", group=group, sort="date").hits
        assert [hit.source for hit in hits][:1] == ["guides/reseau/wifi.txt"]
        assert [hit.mtime for hit in hits] == sorted((hit.mtime for hit in hits), reverse=True)
    with pytest.raises(ValueError, match="sort"):
        index.search("reseau", sort="taille")


def test_date_bounds_by_name() -> None:
    assert indexer.date_bounds("mois", now=100 * DAY) == (70 * DAY, None)
    with pytest.raises(ValueError, match="date range"):
        indexer.date_bounds("siècle")
