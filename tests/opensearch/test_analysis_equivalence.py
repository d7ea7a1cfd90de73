"""The French analyzer of the OpenSearch template against the project's chain, on a real node.

Needs the test node (NODE_URL, ``make opensearch``); skipped when none answers.
"""

from __future__ import annotations

import copy
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.opensearch_analysis import compare, corpus_texts, distinct_words, request, scratch_index
from indexer.opensearch_analysis import FRENCH_ANALYZER, french_index_template

from opensearch_support import NODE_URL  # type: ignore[import-not-found]

pytestmark = pytest.mark.opensearch

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# Share of the seeds' distinct words that must get identical terms.
MIN_IDENTICAL_SHARE = 0.99


@pytest.fixture(scope="module")
def node() -> str:
    try:
        request(NODE_URL + "/")
    except (urllib.error.URLError, OSError) as error:
        pytest.skip(f"no OpenSearch node answers on {NODE_URL} ({error}); start one with make opensearch")
    return NODE_URL


@pytest.fixture(scope="module")
def index(node: str) -> Iterator[str]:
    """An index created from the template: a template OpenSearch refused would fail here."""
    with scratch_index(node) as name:
        yield name


def test_seed_words_get_the_same_terms(node: str, index: str) -> None:
    words = distinct_words(corpus_texts(SEEDS))
    assert len(words) > 1000
    result = compare(words, node, index)
    assert result.identical_share >= MIN_IDENTICAL_SHARE, result.differences[:20]


# Each sentence needs one step of the chain to be translated right.
SENTENCES = {
    "elision-curly": "L’ONU et l’Union s’engagent jusqu’à demain",
    "elision-modifier-letter": "lʼarbre dʼabord",
    "elision-left-quote": "l‘école qu‘il",
    "elision-uppercase": "L'Administrateur D'ailleurs QU'IL",
    "apostrophe-inside": "aujourd’hui presqu’île",
    "acronym": "L’O.N.U. et l'U.E. à l'O.M.S.",
    "hyphen-digits": "Asie-Pacifique 2.7.9 1er x86_64 mot_clé",
    "stop-words-accent-free": "deja ou a été où déjà être etre",
    "stem-then-fold": "employé employer sécurité sécurités Sécurité",
    "ligatures": "Cœur œuvre Æther",
    "cross-reference": "voir Section 2.7, « Compte de l’administrateur »",
    "punctuation": "«Bonjour», (dit-il) ; « voilà »... [réseau]",
}


@pytest.mark.parametrize("text", SENTENCES.values(), ids=SENTENCES.keys())
def test_sentence_terms_are_identical(node: str, index: str, text: str) -> None:
    # Word by word: the comparison maps each token back to its word.
    result = compare(text.split(), node, index)
    assert result.differences == ()


def test_without_the_apostrophe_filter_elisions_differ(node: str) -> None:
    """Lucene's elision knows only ' and ’: the char filter is what makes ʼ and ‘ work."""
    body = copy.deepcopy(french_index_template()["template"])
    del body["settings"]["analysis"]["analyzer"][FRENCH_ANALYZER]["char_filter"]
    with scratch_index(node, body) as bare:
        result = compare(["lʼarbre", "l‘école", "l’arbre"], node, bare)
    assert [word for word, _, _ in result.differences] == ["lʼarbre", "l‘école"]
