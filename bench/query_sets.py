"""Query sets of ``bench/speed.py``, one per query shape, drawn from the bench corpus itself.

Every set is seeded and deterministic: the corpus is read once into a
:class:`CorpusSample` (its word counts, its title word counts and its sorted
distinct sentences), and each shape draws from it with its own random
generator, so that re-running one shape gives the same queries as a full run.

Shapes (:data:`SHAPES`):

* ``plain``: 1-3 words of the corpus (the bench's historical short queries);
* ``natural``: the natural-language questions and task descriptions of the
  eval sets (given by the caller);
* ``compound``: corpus sentences holding a ``/`` or ``-`` compound
  (``GNU/Linux``, ``sans-fil``, ``c'est-à-dire``) cut to 6-12 words around it,
  behind a question word; some are two such questions in one query;
* ``phrase``: 2-3 consecutive corpus words in quotes, alone or inside a
  question made of their sentence;
* ``prefix`` (``sécu*``), ``exclusion`` (``a b -c``), ``or`` (``a OR b``),
  ``field`` (``title:word``).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

SHAPES = ("plain", "natural", "compound", "phrase", "prefix", "exclusion", "or", "field")
# Queries per drawn shape (plain keeps its historical size; natural is what the eval sets hold).
SHAPE_QUERIES = 120
PLAIN_QUERIES = 200
# Plain words: 4+ letters, frequent enough to match, rare enough to mean something.
WORD_COUNTS = (5, 5000)
# A title word must start at least this many document titles.
TITLE_WORD_DOCUMENTS = 2
# Sentences kept from the corpus, in words: shorter ones make poor questions.
SENTENCE_WORDS = (6, 40)
# Compound questions: window around the compound, in words, and how often one
# compound may come back (French repeats ``c'est-à-dire`` on every page).
COMPOUND_WINDOW = (6, 12)
MAX_SENTENCES_PER_COMPOUND = 3
# Share of compound queries that are two questions in one (the FAQ style of the slowest ones).
TWO_QUESTION_SHARE = 1 / 6
# Phrases: words per phrase, words of question around a phrase, and how many
# sentences are scanned to count the frequent phrases (those with long posting lists).
PHRASE_WORDS = (2, 3)
PHRASE_WINDOW = (5, 9)
PHRASE_SAMPLE_SENTENCES = 20_000
FREQUENT_PHRASES = 300
PREFIX_LETTERS = (4, 6)
QUESTION_WORDS = ("Comment", "Pourquoi", "Où", "Quand", "Que faire si")

_WORD = re.compile(r"[^\W\d_]{4,}")
_LETTERS = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A compound: parts of letters or digits (each with a letter) joined by / or -, the
# first part possibly elided (c'est-à-dire); not a path, an option, an address or a file name.
_PART = r"[^\W_]*[^\W\d_][^\W_]*"
_COMPOUND = re.compile(rf"(?<![\w/.\-:~@'’])(?:{_PART}['’])?{_PART}(?:[/-]{_PART}){{1,3}}(?![\w/\-@'’]|\.\w)")
# Characters that would turn a question into another shape (quotes, wildcards, groups, fields).
_OUTER_PUNCTUATION = "\"«»“”()[]{}<>*:;,.!?"
_OPERATORS = {"OR", "AND", "NOT"}


@dataclass(frozen=True)
class CorpusSample:
    """What the query sets are drawn from: word counts, title word counts (per document), sentences."""

    words: Counter[str]
    title_words: Counter[str]
    sentences: list[str]
    paragraphs: int


def sample_corpus(documents: Iterable[tuple[str, Iterable[str]]]) -> CorpusSample:
    """Read (title, paragraph texts) pairs once into a :class:`CorpusSample`.

    :param documents: every document's title and paragraph texts, in any order.
    """
    words: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    sentences: set[str] = set()
    count = 0
    low, high = SENTENCE_WORDS
    for title, texts in documents:
        titles.update(set(_WORD.findall(title.lower())))
        for text in texts:
            count += 1
            words.update(_WORD.findall(text.lower()))
            for sentence in split_sentences(text):
                if low <= sentence.count(" ") + 1 <= high:
                    sentences.add(sentence)
    # Sorted, so that the draw does not depend on the order files were read in.
    return CorpusSample(words, titles, sorted(sentences), count)


def split_sentences(text: str) -> list[str]:
    """Return the sentences of *text*, its white space collapsed."""
    return [part for part in _SENTENCE_END.split(_SPACES.sub(" ", text).strip()) if part]


def find_compounds(sentence: str) -> list[str]:
    """Return the ``/`` and ``-`` compounds of *sentence* (``GNU/Linux``, ``c'est-à-dire``), in order."""
    return _COMPOUND.findall(sentence)


def clean_word(word: str) -> str:
    """Return *word* without what the query language reads as syntax (quotes, ``*``, ``-`` in front, fields).

    Operators and words holding ``:`` become empty.
    """
    word = word.strip(_OUTER_PUNCTUATION).lstrip("-").replace('"', "").replace("*", "")
    return "" if word in _OPERATORS or ":" in word else word


def as_question(words: list[str], rng: random.Random, keep: str = "") -> str:
    """Return *words* behind a question word, ending with `` ?``.

    :param keep: a word left as written (its case too).
    """
    cleaned = [word if word == keep else clean_word(word) for word in words]
    cleaned = [word for word in cleaned if word]
    if cleaned and cleaned[0] != keep and cleaned[0][1:].islower():
        cleaned[0] = cleaned[0].lower()
    return f"{rng.choice(QUESTION_WORDS)} {' '.join(cleaned)} ?"


def window(words: list[str], first: int, last: int, size: int, rng: random.Random) -> list[str]:
    """Return *size* consecutive *words* (fewer if there are fewer) covering words *first*..*last*."""
    size = min(max(size, last - first + 1), len(words))
    start = rng.randint(max(0, last - size + 1), min(first, len(words) - size))
    return words[start : start + size]


def compound_question(sentence: str, compound: str, rng: random.Random) -> str | None:
    """Return a question of 6-12 words of *sentence* around *compound*, or None if cleaning loses it."""
    words = sentence.split(" ")
    at = next((i for i, word in enumerate(words) if compound in word), None)
    if at is None:
        return None
    words[at] = compound
    question = as_question(window(words, at, at, rng.randint(*COMPOUND_WINDOW), rng), rng, keep=compound)
    return question if compound in question else None


def compound_queries(sentences: list[str], number: int, rng: random.Random) -> list[str]:
    """Return *number* questions holding compounds: half slash, half hyphen, some two questions in one."""
    found = [(compound, sentence) for sentence in sentences for compound in find_compounds(sentence)]
    rng.shuffle(found)
    singles: dict[str, list[str]] = {"/": [], "-": []}
    seen: Counter[str] = Counter()
    pairs = round(number * TWO_QUESTION_SHARE)
    # Each joined query takes two slash questions: the set still ends with *number* queries.
    quota = {"/": (number - pairs) // 2 + 2 * pairs, "-": number - pairs - (number - pairs) // 2}
    for compound, sentence in found:
        kind = "/" if "/" in compound else "-"
        if len(singles[kind]) >= quota[kind] or seen[compound.lower()] >= MAX_SENTENCES_PER_COMPOUND:
            continue
        question = compound_question(sentence, compound, rng)
        if question is not None:
            seen[compound.lower()] += 1
            singles[kind].append(question)
    slash = singles["/"]
    # Two slash questions in one query, as an FAQ entry asks them.
    joined = [f"{slash[2 * i]} {slash[2 * i + 1]}" for i in range(min(pairs, len(slash) // 2))]
    return joined + slash[2 * len(joined) :] + singles["-"]


def phrases_of(sentence: str, rng: random.Random) -> list[tuple[int, int]]:
    """Return the (first word, word count) of the 2-3 word phrases of *sentence* that fit a quoted query.

    Every word is letters only; the first and the last have 4+ letters, so that a
    phrase is not two stop words (the middle one may be: ``système de fichiers``).
    """
    words = sentence.split(" ")
    plain = [bool(_LETTERS.fullmatch(word)) for word in words]
    found = []
    for first in range(len(words)):
        for size in rng.sample(PHRASE_WORDS, len(PHRASE_WORDS)):
            last = first + size - 1
            if last < len(words) and all(plain[first : last + 1]) and min(len(words[first]), len(words[last])) >= 4:
                found.append((first, size))
                break
    return found


def phrase_queries(sentences: list[str], number: int, rng: random.Random) -> list[str]:
    """Return *number* quoted phrases: half alone, half inside a question; half of each among the frequent ones."""
    sample = rng.sample(sentences, min(PHRASE_SAMPLE_SENTENCES, len(sentences)))
    where: dict[str, tuple[list[str], int, int]] = {}
    counts: Counter[str] = Counter()
    for sentence in sample:
        words = sentence.split(" ")
        for first, size in phrases_of(sentence, rng):
            phrase = " ".join(words[first : first + size]).lower()
            counts[phrase] += 1
            where.setdefault(phrase, (words, first, size))
    frequent = sorted(phrase for phrase, _ in counts.most_common(FREQUENT_PHRASES))
    rare = sorted(set(where) - set(frequent))
    chosen = rng.sample(frequent, min(number // 2, len(frequent)))
    chosen += rng.sample(rare, min(number - len(chosen), len(rare)))
    rng.shuffle(chosen)
    queries = []
    for index, phrase in enumerate(chosen):
        words, first, size = where[phrase]
        quoted = '"' + " ".join(words[first : first + size]) + '"'
        if index % 2:
            queries.append(quoted)
            continue
        around = words[:first] + [quoted] + words[first + size :]
        queries.append(as_question(window(around, first, first, rng.randint(*PHRASE_WINDOW), rng), rng, quoted))
    return queries


def vocabulary(counts: Counter[str], bounds: tuple[int, int] = WORD_COUNTS) -> list[str]:
    """Return the words counted within *bounds* (inclusive), sorted."""
    low, high = bounds
    return sorted(word for word, count in counts.items() if low <= count <= high)


def draw_queries(counts: Counter[str], bounds: tuple[int, int], number: int, seed: int,
                 sizes: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """Return *number* queries of *sizes* words drawn with *seed* from the words counted within *bounds*."""
    words = vocabulary(counts, bounds)
    rng = random.Random(seed)
    return [" ".join(rng.sample(words, rng.choice(sizes))) for _ in range(number)]


def prefix_queries(words: list[str], number: int, rng: random.Random) -> list[str]:
    """Return *number* queries ``pref*`` (4-6 letters of a corpus word), half of them with a plain word."""
    long_words = [word for word in words if len(word) > PREFIX_LETTERS[0]]
    queries = []
    for index in range(number):
        word = rng.choice(long_words)
        prefix = word[: rng.randint(PREFIX_LETTERS[0], min(PREFIX_LETTERS[1], len(word) - 1))] + "*"
        queries.append(f"{prefix} {rng.choice(words)}" if index % 2 else prefix)
    return queries


def exclusion_queries(words: list[str], number: int, rng: random.Random) -> list[str]:
    """Return *number* queries ``a b -c`` of corpus words."""
    return ["{} {} -{}".format(*rng.sample(words, 3)) for _ in range(number)]


def or_queries(words: list[str], number: int, rng: random.Random) -> list[str]:
    """Return *number* queries ``a OR b`` or ``a OR b OR c`` of corpus words."""
    return [" OR ".join(rng.sample(words, rng.choice((2, 3)))) for _ in range(number)]


def field_queries(title_words: list[str], words: list[str], number: int, rng: random.Random) -> list[str]:
    """Return *number* queries ``title:word`` of title words, half of them with a plain word."""
    return [f"title:{rng.choice(title_words)}" + (f" {rng.choice(words)}" if index % 2 else "")
            for index in range(number)]


def build_query_sets(sample: CorpusSample, natural: list[str], seed: int,
                     shapes: Iterable[str] = SHAPES) -> dict[str, list[str]]:
    """Return the query set of each of *shapes*, drawn from *sample* with *seed*, each without repeats.

    :param natural: the natural-language questions (shape ``natural``).
    :raises ValueError: for a shape not in :data:`SHAPES`.
    """
    # A small corpus (seeds/) may have no word within the bounds: then every word serves.
    words = vocabulary(sample.words) or sorted(sample.words)
    titles = [word for word, count in sorted(sample.title_words.items()) if count >= TITLE_WORD_DOCUMENTS]
    titles = titles or sorted(sample.title_words)
    makers: dict[str, Callable[[random.Random], list[str]]] = {
        "plain": lambda rng: draw_queries(sample.words, WORD_COUNTS, PLAIN_QUERIES, seed),
        "natural": lambda rng: list(natural),
        "compound": lambda rng: compound_queries(sample.sentences, SHAPE_QUERIES, rng),
        "phrase": lambda rng: phrase_queries(sample.sentences, SHAPE_QUERIES, rng),
        "prefix": lambda rng: prefix_queries(words, SHAPE_QUERIES, rng),
        "exclusion": lambda rng: exclusion_queries(words, SHAPE_QUERIES, rng),
        "or": lambda rng: or_queries(words, SHAPE_QUERIES, rng),
        "field": lambda rng: field_queries(titles, words, SHAPE_QUERIES, rng),
    }
    sets = {}
    for shape in shapes:
        if shape not in makers:
            raise ValueError(f"unknown query shape {shape!r}; the shapes are {', '.join(SHAPES)}")
        # One generator per shape, seeded by name: one shape re-run alone draws the same queries.
        sets[shape] = list(dict.fromkeys(makers[shape](random.Random(f"{seed}-{shape}"))))
    return sets
