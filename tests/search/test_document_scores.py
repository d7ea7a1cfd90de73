"""Grouped results rank documents as wholes: BM25F over all of a document's paragraphs."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import indexer
from indexer.analysis import french_analyzer
from indexer.search.matches import group_page
from indexer.settings import RankingSettings

RANKING = RankingSettings()
COOCCURRENCE_WEIGHT, DOCUMENT_B, DOCUMENT_K1, TITLE_BOOST = (
    RANKING.cooccurrence_weight, RANKING.document_b, RANKING.document_k1, RANKING.title_boost,
)

from corpus_writing import write_corpus

# A section about disk encryption, which names it in each of its paragraphs;
# a long miscellany whose one short paragraph names it twice; a note that
# holds both query words, in different paragraphs.
CORPUS = {
    "chiffrement.txt": (
        "Protéger ses données\n\n"
        "Le chiffrement protège les données personnelles contre le vol de l’ordinateur portable.\n\n"
        "Avec LUKS, le chiffrement de la partition demande une phrase de passe au démarrage.\n\n"
        "Une sauvegarde reste indispensable : le chiffrement ne protège pas contre la panne.\n"
    ),
    "divers.txt": (
        "Notes diverses sur l’administration\n\n"
        "Le chiffrement, toujours le chiffrement.\n\n"
        "La rotation des journaux évite que le répertoire /var ne se remplisse pendant les vacances.\n\n"
        "Les mises à jour de sécurité s’installent chaque nuit grâce à unattended-upgrades.\n\n"
        "Le pare-feu filtre les connexions entrantes ; seules SSH et HTTPS restent ouvertes.\n\n"
        "Une imprimante réseau se configure depuis l’interface web de CUPS sur le port 631.\n\n"
        "Le fuseau horaire se règle avec timedatectl, et l’horloge suit NTP.\n"
    ),
    "disques.txt": (
        "Préparer un disque neuf\n\n"
        "On partitionne le disque avec fdisk, puis on crée le système de fichiers.\n\n"
        "Le chiffrement se choisit avant de copier la moindre donnée.\n"
    ),
}


def built_index(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]) -> indexer.SearchIndex:
    """Write *files* as a corpus, index it and open the index."""
    corpus = write_corpus(tmp_path_factory.mktemp("corpus"), dict(files))
    index_dir = tmp_path_factory.mktemp("index")
    indexer.build_index(corpus, index_dir)
    return indexer.open_index(index_dir)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    return built_index(tmp_path_factory, CORPUS)


def test_a_document_about_the_word_beats_a_passing_mention(index: indexer.SearchIndex) -> None:
    paragraphs = index.search("chiffrement", limit=10)
    # The miscellany's short paragraph is the densest passage...
    assert (paragraphs.hits[0].source, paragraphs.hits[0].paragraph) == ("divers.txt", 2)
    documents = index.search("chiffrement", limit=10, group=True)
    # ...but the section that is about encryption is the best document.
    assert documents.hits[0].source == "chiffrement.txt"
    assert documents.total == 3


def test_a_document_holding_every_word_comes_before_one_holding_some(index: indexer.SearchIndex) -> None:
    result = index.search("chiffrement du disque", limit=10, group=True)
    # Its two words sit in different paragraphs: no single paragraph holds both.
    assert [hit.source for hit in result.hits][0] == "disques.txt"
    assert result.hits[0].other_paragraphs


def test_each_document_is_shown_by_its_best_paragraph_with_the_others_listed(index: indexer.SearchIndex) -> None:
    result = index.search("chiffrement", limit=10, group=True)
    flat = index.search("chiffrement", limit=100)
    for hit in result.hits:
        own = [h for h in flat.hits if h.source == hit.source]
        assert hit.paragraph == own[0].paragraph
        assert sorted(hit.other_paragraphs) == sorted(h.paragraph for h in own[1:])


def test_document_scores_are_bm25_over_whole_documents(index: indexer.SearchIndex) -> None:
    """The scores equal BM25 plus the pair bonus, computed here from the stored paragraphs."""
    query = "chiffrement protège données"
    analyzer = french_analyzer()
    wanted = [token.text for token in analyzer(query)]
    documents = {source: index.document(source) for source in index.sources()}
    body = {s: [t.text for p in d.paragraphs for t in analyzer(p.text)] for s, d in documents.items() if d}
    title = {s: [t.text for t in analyzer(d.title)] for s, d in documents.items() if d}
    count = len(body)

    def bm25(frequency: float, length: float, average: float, holding: int) -> float:
        idf = math.log(1 + (count - holding + 0.5) / (holding + 0.5))
        norm = DOCUMENT_K1 * (1 - DOCUMENT_B + DOCUMENT_B * length / average)
        return idf * frequency * (DOCUMENT_K1 + 1) / (frequency + norm)

    expected: dict[str, float] = {}
    for source in body:
        total, held = 0.0, 0
        for term in wanted:
            for words, boost in ((body, 1.0), (title, TITLE_BOOST)):
                holding = sum(term in w for w in words.values())
                frequency = words[source].count(term) * boost
                if frequency:
                    average = sum(len(w) for w in words.values()) / count
                    total += bm25(frequency, len(words[source]), average, holding)
            held += any(term in words[source] for words in (body, title))
        expected[source] = total * held / len(wanted)

    # Plus, for each pair of query words found in one paragraph, a share of the pair's IDF.
    paragraph_terms = {
        s: [{t.text for t in analyzer(p.text)} for p in d.paragraphs] for s, d in documents.items() if d
    }
    for i, first in enumerate(wanted):
        for second in wanted[i + 1 :]:
            together = {s for s, ps in paragraph_terms.items() if any({first, second} <= p for p in ps)}
            idf = math.log(1 + (count - len(together) + 0.5) / (len(together) + 0.5))
            for source in together:
                expected[source] += COOCCURRENCE_WEIGHT * idf

    with index.reading() as (generation, searcher):
        _, page = group_page(generation, searcher, generation.queries.analyse(query), 100, 1)
        got = {searcher.stored_fields(docnum)["source"]: score for docnum, score, _ in page}
    assert got == pytest.approx({name: value for name, value in expected.items() if value > 0}, rel=1e-5)


def test_weighted_terms_leave_out_excluded_words_and_keep_typo_weights(index: indexer.SearchIndex) -> None:
    terms = index.analyse("chifrement disque -partition")
    texts = {(term.field, term.text): (term.boost, term.group) for term in terms.terms}
    assert terms.groups == 2
    assert ("text", "partit") not in texts and ("text", "partition") not in texts
    exact = texts[("text", "disqu")]
    fuzzy = texts[("text", "chiffr")]  # "chifrement" is one letter away from the corpus word
    assert exact[0] == 1.0 and fuzzy[0] < 1.0 and fuzzy[1] != exact[1]


def test_stop_words_do_not_count_as_query_words(index: indexer.SearchIndex) -> None:
    """« le chiffrement du disque » is two words: a paragraph holding both gets the all-words rank."""
    assert index.analyse("le chiffrement du disque").groups == 2


REFERENCE_CORPUS = {
    # Discusses the backup policy, among much else.
    "sauvegarde.txt": (
        "Organisation du service\n\n"
        "Une copie hebdomadaire sur un disque externe suffit pour la plupart des postes de travail.\n\n"
        "Les comptes inutilisés sont désactivés après trois mois ; les mots de passe expirent chaque année.\n\n"
        "La politique de sauvegarde fixe ce qu’on garde, où et combien de temps.\n"
    ),
    # Only points to it.
    "renvois.txt": (
        "Avant une mise à jour\n\n"
        "Lisez d’abord Section 10.2, « Politique de sauvegarde ».\n"
    ),
    # The same two words, in one paragraph or in two.
    "ensemble.txt": (
        "Notes du lundi\n\n"
        "La restauration d’une sauvegarde se teste sur une machine de secours.\n\n"
        "Le disque externe reste au bureau la nuit.\n"
    ),
    "separes.txt": (
        "Notes du mardi\n\n"
        "La restauration se teste sur une machine.\n\n"
        "La sauvegarde se lance la nuit.\n"
    ),
}


@pytest.fixture(scope="module")
def reference_index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    return built_index(tmp_path_factory, REFERENCE_CORPUS)


def test_a_cross_reference_ranks_below_the_text_it_points_to(reference_index: indexer.SearchIndex) -> None:
    result = reference_index.search("politique de sauvegarde", limit=10, group=True)
    sources = [hit.source for hit in result.hits]
    assert sources.index("sauvegarde.txt") < sources.index("renvois.txt")
    # The reference is still found, and an exact phrase finds it.
    phrase = reference_index.search('"politique de sauvegarde"', limit=10)
    assert {hit.source for hit in phrase.hits} == {"sauvegarde.txt", "renvois.txt"}


def test_words_used_together_in_a_paragraph_rank_first(reference_index: indexer.SearchIndex) -> None:
    result = reference_index.search("restauration sauvegarde", limit=10, group=True)
    sources = [hit.source for hit in result.hits]
    assert sources.index("ensemble.txt") < sources.index("separes.txt")


def test_grouped_results_follow_an_update(tmp_path: Path) -> None:
    """Paragraphs replaced by an incremental update no longer count for their document."""
    corpus = write_corpus(tmp_path / "corpus", dict(CORPUS))
    indexer.build_index(corpus, tmp_path / "index")
    (corpus / "chiffrement.txt").write_text("Protéger ses données\n\nUne sauvegarde chaque semaine.\n", encoding="utf-8")
    (corpus / "divers.txt").unlink()
    indexer.update_index(corpus, tmp_path / "index")
    index = indexer.open_index(tmp_path / "index")
    result = index.search("chiffrement", limit=10, group=True)
    assert [hit.source for hit in result.hits] == ["disques.txt"] and result.total == 1
    assert result.hits[0].other_paragraphs == ()
    assert index.search("sauvegarde", group=True).hits[0].source == "chiffrement.txt"
