"""The French analysis chain, in isolation: token lists for real French text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.analysis import fold_accents, french_analyzer, stem_french, surface_analyzer
from indexer.search.query import QueryBuilder
from indexer.settings import AnalysisSettings

CROSS_REFERENCE_WEIGHT = AnalysisSettings().cross_reference_weight
from indexer.schema import build_schema
from indexer.vocabulary import Vocabulary



def tokens(text: str) -> list[str]:
    return [token.text for token in french_analyzer()(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L’ONU a renforcé la coopération régionale.", ["onu", "renforc", "cooper", "regional"]),
        ("l'ONU", ["onu"]),
        ("lʼONU", ["onu"]),
        ("l‘ONU", ["onu"]),
        ("d’Afrique et d'Afrique", ["afriqu", "afriqu"]),
        ("jusqu’à lorsqu’il puisqu’elle quoiqu’on presqu’île quelqu’un", ["ile"]),
        ("qu’il m’a dit qu’ils n’étaient pas là", ["dit", "la"]),
        ("aujourd’hui", ["aujourd'hui"]),
        ("O.N.U. et ONU", ["onu", "onu"]),
        ("Asie-Pacifique", ["asi", "pacif"]),
        ("COVID-19 en 2023", ["covid", "19", "2023"]),
        ("cœur, Cœur et coeur", ["coeur", "coeur", "coeur"]),
        ("ex æquo", ["ex", "aequo"]),
        ("Les sécurités et la Sécurité", ["secur", "secur"]),
    ],
    ids=[
        "sentence", "apostrophe", "modifier-letter", "left-quote", "elision-d", "long-elisions",
        "pronouns", "inner-apostrophe", "acronym", "hyphen", "digits", "oe-ligature", "ae-ligature",
        "plural-and-case",
    ],
)
def test_token_lists(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_stop_words_are_removed_with_or_without_accents() -> None:
    assert tokens("Il était une fois, il etait une fois") == tokens("fois fois")


@pytest.mark.parametrize(
    "family",
    [
        ["coopération", "coopérations"],
        ["développement", "développements"],
        ["sécurité", "sécurités", "Sécurité"],
        ["organisation", "organisations"],
        ["régional", "régionale", "régionales", "régionaux"],
        ["employé", "employés"],
    ],
    ids=lambda family: family[0],
)
def test_word_families_share_a_term(family: list[str]) -> None:
    assert len({tuple(tokens(word)) for word in family}) == 1


def test_stemming_reads_accents_before_folding() -> None:
    # Snowball's French rules need the accents: the folded spelling stems differently.
    assert stem_french("sécurité") != stem_french("securite")
    assert fold_accents(stem_french("sécurité")) == tokens("sécurité")[0]


def test_surface_analyzer_keeps_words_as_written() -> None:
    assert [t.text for t in surface_analyzer()("L’Initiative d'O.N.U. à Genève")] == [
        "initiative", "onu", "à", "genève",
    ]


def _accented_seed_words(seeds: Path) -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(seeds.iterdir()))
    words = sorted({w.lower() for w in re.findall(r"[^\W\d_]{5,}", text) if w != fold_accents(w)})
    return words


@pytest.fixture(scope="module")
def seed_queries(seeds_dir: Path) -> QueryBuilder:
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.iterdir())]
    return QueryBuilder(build_schema(), Vocabulary.from_texts(texts))


def test_every_accented_seed_word_meets_its_accent_free_form(
    seed_queries: QueryBuilder, seeds_dir: Path
) -> None:
    """Typed with or without accents, every accented seed word searches the same terms."""
    words = _accented_seed_words(seeds_dir)
    assert len(words) >= 30

    def terms(text: str) -> frozenset[str]:
        return seed_queries.analyse(text).field_terms("text")

    misses = [word for word in words if not terms(word) or terms(fold_accents(word)) != terms(word)]
    assert misses == []


def test_without_accent_restoration_accent_free_words_miss(seeds_dir: Path) -> None:
    """Why the vocabulary is needed: the bare chain stems accent-free words apart."""
    words = _accented_seed_words(seeds_dir)
    misses = [w for w in words if tokens(fold_accents(w)) != tokens(w)]
    assert len(misses) * 10 > len(words)  # 76 of 325 on the seeds


def test_stems_come_from_snowball_french() -> None:
    """The fast C stemmer, when present, gives exactly the pure-Python Snowball stems."""
    from snowballstemmer import french_stemmer

    reference = french_stemmer.FrenchStemmer()
    words = ["coopérations", "développements", "sécurité", "régionales", "employés", "interprétation"]
    assert [stem_french(w) for w in words] == [reference.stemWord(w) for w in words]


@pytest.mark.parametrize(
    ("text", "referenced"),
    [
        ("Voir Section 2.7.9, « Compte de l’administrateur » avant d’installer.", ["compt", "administr"]),
        ("(consultez Section 2.5.3, « Fichiers « Release » au niveau de l’archive »)", ["releas", "archiv"]),
        ("Le Chapitre IV « Réseau » décrit le pare-feu.", ["reseau"]),
        ("Le Tableau 9.21, « Liste des paquets de sauvegarde » les compare.", ["list", "paquet", "sauvegard"]),
    ],
)
def test_words_of_a_cross_reference_weigh_less(text: str, referenced: list[str]) -> None:
    weights = {token.text: token.boost for token in french_analyzer()(text, boosts=True)}
    assert all(weights[term] == CROSS_REFERENCE_WEIGHT for term in referenced)
    ordinary = [term for term in weights if term not in referenced and not term.isdigit()]
    assert ordinary and all(weights[term] in (1.0, CROSS_REFERENCE_WEIGHT) for term in ordinary)
    assert any(weights[term] == 1.0 for term in ordinary)


def test_quoted_words_without_a_reference_keep_their_weight() -> None:
    text = "La commande « od -t x1 » affiche la section 2 du disque « en hexadécimal »."
    assert {token.boost for token in french_analyzer()(text, boosts=True)} == {1.0}
