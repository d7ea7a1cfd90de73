"""Grouped results ranked as whole documents, on both engines (the OpenSearch one needs NODE_URL).

The corpus is made so that ranking by best paragraph and ranking whole
documents disagree: ``recueil.txt`` speaks of giraffes and of the savanna
in many paragraphs but never both in one; ``carnet.txt`` names both once,
in one paragraph, among unrelated ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opensearch_support import ENGINES, open_engine  # type: ignore[import-not-found]

SPREAD = "recueil.txt"
SINGLE = "carnet.txt"


def _write_corpus(directory: Path) -> Path:
    spread = [f"La girafe numéro {n} broute les acacias au petit matin." for n in range(6)]
    spread += [f"La savane numéro {n} s'étend sous un ciel sans nuages." for n in range(6)]
    (directory / SPREAD).write_text("Recueil\n\n" + "\n\n".join(spread) + "\n", encoding="utf-8")
    single = [f"Le marché du lundi {n} vend des légumes, du pain et du fromage." for n in range(10)]
    single.insert(4, "Une girafe passe au loin dans la savane.")
    (directory / SINGLE).write_text("Carnet de route\n\n" + "\n\n".join(single) + "\n", encoding="utf-8")
    (directory / "autre.txt").write_text("Autre\n\nRien sur les animaux ici, seulement des montagnes.\n",
                                         encoding="utf-8")
    return directory


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    corpus = _write_corpus(tmp_path_factory.mktemp("grouping-corpus"))
    index = open_engine(request, corpus, tmp_path_factory, "grouping")
    yield index
    index.close()


def test_a_document_matching_as_a_whole_ranks_above_a_single_paragraph(engine: Any) -> None:
    result = engine.search("girafe savane", group=True)
    assert [hit.source for hit in result.hits] == [SPREAD, SINGLE] and result.total == 2
    # Ungrouped, the one paragraph holding both words comes first.
    assert (engine.search("girafe savane").hits[0].source, engine.search("girafe savane").hits[0].paragraph) == (
        SINGLE, 6)


def test_grouped_hit_shows_a_matching_passage_and_the_other_matches(engine: Any) -> None:
    spread, single = engine.search("girafe savane", group=True).hits
    assert spread.paragraph in range(2, 14) and "<mark>" in spread.snippet
    assert sorted((spread.paragraph, *spread.other_paragraphs)) == list(range(2, 14))
    # Only matching paragraphs are listed: the market days of the notebook are not.
    assert (single.paragraph, single.other_paragraphs) == (6, ())


def test_grouped_paging_counts_documents(engine: Any) -> None:
    first, second = engine.search("girafe savane", group=True, limit=1), engine.search(
        "girafe savane", group=True, limit=1, page=2)
    assert first.total == second.total == 2
    assert [hit.source for hit in first.hits + second.hits] == [SPREAD, SINGLE]
    assert engine.search("girafe savane", group=True, limit=1, page=3).hits == ()
