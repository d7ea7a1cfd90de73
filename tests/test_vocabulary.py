"""The corpus vocabulary: accent restoration, prefixes, typos, persistence."""

from __future__ import annotations

from pathlib import Path

from indexer.analysis import fold_accents
from indexer.typos import allowed_edits, transpositions
from indexer.vocabulary import Vocabulary

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

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


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def test_close_words_are_every_word_of_the_same_first_letter_within_the_edits() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    vocab = Vocabulary.from_texts(texts)
    folded = sorted({fold_accents(word.lower()) for word in vocab.counts})
    # Typed words: corpus words with a letter dropped, doubled, changed or two swapped.
    probes = []
    for number, word in enumerate(folded[::7]):
        cut = 1 + number % max(1, len(word) - 1)
        probes += [word[:cut] + word[cut + 1 :], word[:cut] + word[cut - 1 :], word[:cut] + "x" + word[cut + 1 :],
                   word[:cut - 1] + word[cut : cut + 1] + word[cut - 1 : cut] + word[cut + 1 :]]
    corrected = 0
    for probe in probes:
        edits = allowed_edits(probe)
        expected = {
            word for word in folded
            if word != probe and word[:1] == probe[:1] and (_levenshtein(probe, word) <= edits if edits else False)
        }
        if edits:
            expected |= {word for word in transpositions(probe) if word in folded and word != probe}
        found = {fold_accents(word.lower()) for word in vocab.close_words(probe)}
        assert found == expected, probe
        corrected += bool(found)
    assert corrected > 200
