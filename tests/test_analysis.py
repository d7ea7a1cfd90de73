"""The French analysis chain, in isolation: token lists for real French text."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from whoosh.fields import TEXT

import indexer
from corpus_writing import write_corpus
from indexer import language
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


# The margin the analysis shares with the query-side expansions.
FOREIGN_MARGIN = indexer.IndexSettings().expansion.foreign_zipf_margin
FOREIGN_WORDS_KEPT = indexer.IndexSettings(indexer.AnalysisSettings(unstemmed_foreign_words=True))
FRENCH_CEILING = FOREIGN_WORDS_KEPT.analysis.foreign_french_ceiling


def foreign_aware_tokens(text: str, ceiling: float = FRENCH_CEILING) -> list[str]:
    analyzer = french_analyzer(foreign_margin=FOREIGN_MARGIN, foreign_french_ceiling=ceiling)
    return [token.text for token in analyzer(text)]


@pytest.mark.parametrize(
    ("text", "kept", "stemmed"),
    [
        ("Le Secure Boot protège le démarrage", ["secure", "boot", "proteg", "demarrag"],
         ["secur", "boot", "proteg", "demarrag"]),
        # « files » is more English than French, but common in French (Zipf 3.7): French.
        ("les files d'attente", ["fil", "attent"], ["fil", "attent"]),
        # Snowball makes « install » of « installation »: the English word, kept, has the same spelling.
        ("une installation propre avec install", ["install", "propr", "install"],
         ["install", "propr", "install"]),
        ("un shell sane, sans peine", ["shel", "sane", "san", "pein"], ["shel", "san", "san", "pein"]),
    ],
    ids=["secure-boot", "files", "install", "sane"],
)
def test_english_words_are_kept_as_written(text: str, kept: list[str], stemmed: list[str]) -> None:
    assert foreign_aware_tokens(text) == kept
    # The setting off (the default) gives the chain as it was.
    assert tokens(text) == stemmed
    # French words get the same terms either way.
    french = [word for word in re.findall(r"\w+", text)
              if not language.is_foreign(word, FOREIGN_MARGIN, FRENCH_CEILING)]
    assert [foreign_aware_tokens(word) for word in french] == [tokens(word) for word in french]


@pytest.mark.parametrize("family", [["option", "options"], ["file", "files"], ["archive", "archives"], ["distant", "distante"]],
                         ids=lambda family: family[0])
def test_french_words_common_in_english_keep_their_family(family: list[str]) -> None:
    assert len({tuple(foreign_aware_tokens(word)) for word in family}) == 1
    # Without the French ceiling the rule splits them.
    assert len({tuple(foreign_aware_tokens(word, ceiling=float("inf"))) for word in family}) == 2


def test_the_language_of_a_word_is_decided_once() -> None:
    before = language._foreign.cache_info()
    foreign_aware_tokens("Le Firmware, le firmware et le firmware")
    after = language._foreign.cache_info()
    assert after.misses - before.misses <= 1
    assert after.hits - before.hits >= 2


def test_the_cached_index_time_path_keeps_english_words_too() -> None:
    field = build_schema(FOREIGN_WORDS_KEPT)["text"]
    text = "Le Secure Boot protège la sécurité du démarrage."
    stock = copy.deepcopy(field)
    stock.__class__ = TEXT
    written = sorted(field.index(text))
    assert written == sorted(stock.index(text))
    assert {term for term, *_ in written} >= {b"secure", b"secur"}


SECURITY_CORPUS = {
    "boot.txt": "Démarrage\n\nLe Secure Boot protège le démarrage de la machine.\n",
    "poste.txt": (
        "Poste\n\nLa sécurité du poste dépend des mises à jour.\n\n"
        "Un réseau sécurisé chiffre les échanges.\n\nLes sécurités du noyau se cumulent.\n"
    ),
}


@pytest.fixture(scope="module")
def security_indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, indexer.SearchIndex]:
    built = {}
    for kept in (False, True):
        directory = tmp_path_factory.mktemp(f"security-{kept}")
        settings = FOREIGN_WORDS_KEPT if kept else indexer.IndexSettings()
        indexer.build_index(write_corpus(directory / "corpus", dict(SECURITY_CORPUS)), directory / "index",
                            settings=settings)
        built[kept] = indexer.open_index(directory / "index")
    return built


def found(index: indexer.SearchIndex, text: str) -> set[tuple[str, int]]:
    return {(hit.source, hit.paragraph) for hit in index.search(text).hits}


@pytest.mark.parametrize("typed", ["securite", "sécurité"])
def test_a_french_word_no_longer_finds_an_english_one(
    security_indexes: dict[bool, indexer.SearchIndex], typed: str
) -> None:
    french = {("poste.txt", 2), ("poste.txt", 4)}
    english = ("boot.txt", 2)
    # Before: « secure » shared the stem of « sécurité » (« sécurisé », stemmed apart, was never found).
    assert found(security_indexes[False], typed) == french | {english}
    assert found(security_indexes[True], typed) == french
    snippets = " ".join(hit.snippet for hit in security_indexes[True].search(typed).hits)
    assert "<mark>sécurité</mark>" in snippets and "Secure" not in snippets


def test_an_english_word_typed_finds_itself(security_indexes: dict[bool, indexer.SearchIndex]) -> None:
    assert found(security_indexes[True], "secure") == {("boot.txt", 2)}
    assert found(security_indexes[True], "sécurisé") == {("poste.txt", 3)}


def test_the_setting_is_saved_and_older_manifests_read_it_off() -> None:
    assert indexer.IndexSettings.from_manifest(FOREIGN_WORDS_KEPT.to_manifest()) == FOREIGN_WORDS_KEPT
    assert not indexer.IndexSettings.from_manifest({"analysis": {"stemming": True}}).analysis.unstemmed_foreign_words
    assert not indexer.IndexSettings.from_manifest({}).analysis.unstemmed_foreign_words
