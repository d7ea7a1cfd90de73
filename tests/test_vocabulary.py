"""The corpus vocabulary: accent restoration, prefixes, typos, persistence."""

from __future__ import annotations

from pathlib import Path

from indexer.vocabulary import Vocabulary

TEXTS = [
    "La sécurité collective et la sécurité régionale.",
    "Une sécurité sécuritaire ; les secteurs de la pêche.",
    "Le péché de gourmandise et la pêche en mer.",
]


def vocabulary() -> Vocabulary:
    return Vocabulary.from_texts(TEXTS)


def test_counts_words_as_written() -> None:
    vocab = vocabulary()
    assert vocab.counts["sécurité"] == 3
    assert vocab.frequency("SECURITE") == 3
    assert "securite" in vocab and "inconnu" not in vocab


def test_accent_free_words_take_the_corpus_spelling() -> None:
    vocab = vocabulary()
    assert vocab.spelling("securite") == "sécurité"
    assert vocab.spelling("peche") == "pêche"  # the more frequent of pêche / péché
    assert vocab.spelling("péché") == "péché"  # typed accents are respected
    assert vocab.spelling("inconnu") == "inconnu"


def test_restore_accents_keeps_query_syntax() -> None:
    vocab = vocabulary()
    assert vocab.restore_accents('title:securite OR "securite regionale" -peche') == (
        'title:sécurité OR "sécurité régionale" -pêche'
    )


def test_prefix_on_real_words_accents_ignored() -> None:
    vocab = vocabulary()
    assert vocab.words_with_prefix("secu") == ["sécurité", "sécuritaire"]
    assert vocab.words_with_prefix("sécu") == ["sécurité", "sécuritaire"]
    assert vocab.words_with_prefix("sec") == ["sécurité", "secteurs", "sécuritaire"]
    assert vocab.words_with_prefix("zzz") == []


def test_close_words_for_typos() -> None:
    vocab = vocabulary()
    assert vocab.close_words("securte") == ["sécurité"]  # one letter missing
    assert vocab.close_words("sécruité") == ["sécurité"]  # two letters swapped
    assert vocab.close_words("collectivve") == ["collective"]
    assert vocab.close_words("pche") == []  # too short to correct


def test_save_and_load(tmp_path: Path) -> None:
    vocab = vocabulary()
    vocab.save(tmp_path)
    loaded = Vocabulary.load(tmp_path)
    assert loaded.counts == vocab.counts
    assert loaded.spelling("regionale") == "régionale"
    assert len(Vocabulary.load(tmp_path / "missing")) == 0
