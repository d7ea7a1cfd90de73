"""The speed bench's query sets: each shape holds its syntax, and every set is the same from run to run."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bench.engines import documents
from bench.query_sets import (
    PREFIX_LETTERS,
    QUESTION_WORDS,
    SHAPES,
    as_question,
    build_query_sets,
    compound_question,
    find_compounds,
    phrases_of,
    sample_corpus,
    split_sentences,
)

SENTENCE = ("Sur Debian GNU/Linux, une carte sans-fil se configure comme les systèmes ext2/ext3, "
            "c'est-à-dire avec /usr/share/doc, --help, 1/2, archive.tar-gz et apt-get.")


@pytest.fixture(scope="module")
def seeds_sets(seeds_dir: Path) -> dict[str, list[str]]:
    return build_query_sets(sample_corpus(documents(seeds_dir)), ["Comment quitter l’invite ?"], seed=5)


def test_compounds_are_found_and_paths_options_fractions_and_file_names_are_not() -> None:
    assert find_compounds(SENTENCE) == ["GNU/Linux", "sans-fil", "ext2/ext3", "c'est-à-dire", "apt-get"]


def test_compound_question_keeps_its_compound_behind_a_question_word() -> None:
    rng = random.Random(3)
    for compound in find_compounds(SENTENCE):
        question = compound_question(SENTENCE, compound, rng)
        assert question is not None and compound in question
        assert question.startswith(QUESTION_WORDS) and question.endswith(" ?")
        # 6-12 words of the sentence, plus the question word(s) and the question mark.
        assert 6 <= len(question.split()) - 2 <= 12 + 2


def test_a_question_loses_the_syntax_of_other_shapes() -> None:
    words = '«Voir» "ceci" -r fichier* OR title:truc http://a.b sans-fil'.split()
    question = as_question(words, random.Random(1), keep="sans-fil")
    body = question.split(" ", 1)[1]
    assert not re.search(r'["«»*:]| -| OR ', body), question
    assert "sans-fil" in question and "fichier" in question


def test_phrases_are_letter_words_that_do_not_start_or_end_with_a_short_word() -> None:
    sentence = "Le système de fichiers racine se monte en lecture seule au démarrage."
    words = sentence.split(" ")
    found = [" ".join(words[first : first + size]) for first, size in phrases_of(sentence, random.Random(2))]
    assert found
    for phrase in found:
        parts = phrase.split()
        assert 2 <= len(parts) <= 3 and len(parts[0]) >= 4 and len(parts[-1]) >= 4
        assert all(part.isalpha() for part in parts)


def test_sentences_are_split_after_their_end_mark() -> None:
    assert split_sentences("Un.  Deux\ntrois ! Quatre ?") == ["Un.", "Deux trois !", "Quatre ?"]


def test_every_shape_holds_its_syntax(seeds_sets: dict[str, list[str]]) -> None:
    assert list(seeds_sets) == list(SHAPES) and all(seeds_sets.values())
    assert seeds_sets["natural"] == ["Comment quitter l’invite ?"]
    assert all(find_compounds(text) and text.endswith(" ?") for text in seeds_sets["compound"])
    assert all(text.count('"') == 2 for text in seeds_sets["phrase"])
    assert any(text.startswith('"') for text in seeds_sets["phrase"])
    assert any(text.endswith(" ?") for text in seeds_sets["phrase"])
    low, high = PREFIX_LETTERS
    assert all(re.fullmatch(rf"[^\W\d_]{{{low},{high}}}\*( \w+)?", text) for text in seeds_sets["prefix"])
    assert all(re.fullmatch(r"\w+ \w+ -\w+", text) for text in seeds_sets["exclusion"])
    assert all(re.fullmatch(r"\w+( OR \w+){1,2}", text) for text in seeds_sets["or"])
    assert all(re.fullmatch(r"title:\w+( \w+)?", text) for text in seeds_sets["field"])
    assert all(len(set(texts)) == len(texts) for texts in seeds_sets.values())


def test_sets_are_the_same_whatever_the_reading_order_and_for_one_shape_alone(
    seeds_dir: Path, seeds_sets: dict[str, list[str]]
) -> None:
    backwards = sample_corpus(reversed(list(documents(seeds_dir))))
    assert build_query_sets(backwards, ["Comment quitter l’invite ?"], seed=5) == seeds_sets
    alone = build_query_sets(backwards, [], seed=5, shapes=["phrase", "compound"])
    assert alone == {"phrase": seeds_sets["phrase"], "compound": seeds_sets["compound"]}
    assert build_query_sets(backwards, [], seed=6, shapes=["phrase"])["phrase"] != seeds_sets["phrase"]


def test_an_unknown_shape_is_refused_by_name(seeds_dir: Path) -> None:
    with pytest.raises(ValueError, match="unknown query shape 'quoted'"):
        build_query_sets(sample_corpus(documents(seeds_dir)), [], seed=5, shapes=["quoted"])
