"""The French analysis chain of :mod:`indexer.analysis`, written as OpenSearch index settings.

The same steps, built from the same constants (apostrophes, elided
prefixes, stop words, word pattern), so that an OpenSearch index and a
Whoosh index of the same folder hold the same terms::

    char_filter  every apostrophe (’ ʼ ‘) written '     (Lucene's elision knows only ' and ’)
    tokenizer    pattern: the Python word pattern, its classes spelled for Java
    lowercase
    elision      our prefixes (l d j m n s t c qu jusqu lorsqu ...)
    pattern_replace  dots of acronyms removed ("o.n.u" -> "onu")
    stop         our stop list, accented and accent-free forms
    snowball     French: the Lucene build of the same Snowball algorithm
    asciifolding accents removed, œ -> oe, æ -> ae

What OpenSearch does not give: the lower weight of words inside a
cross-reference (Whoosh token boosts; OpenSearch has no per-token weight at
index time), and accent folding of letters outside Latin scripts
(``asciifolding`` leaves Greek accents alone, and folds a few letters that
Unicode does not decompose, such as ``ø``).  The README's OpenSearch
section lists the measured differences.

>>> settings = french_index_settings()
>>> settings["analysis"]["analyzer"][FRENCH_ANALYZER]["filter"][0]
'lowercase'
"""

from __future__ import annotations

import json
from typing import Any

from .analysis import _WORD_PATTERN, APOSTROPHES, ELIDED_PREFIXES, FRENCH_STOP_WORDS

__all__ = [
    "FRENCH_ANALYZER",
    "INDEX_PATTERN",
    "french_index_settings",
    "french_index_template",
    "java_word_pattern",
]

# Name of the analyzer in the index settings, used by the mappings.
FRENCH_ANALYZER = "fr_search_french"
# Indexes the template applies to (one per generation, behind an alias).
INDEX_PATTERN = "fr-search-*"

_APOSTROPHE_FILTER = "fr_search_apostrophes"
_TOKENIZER = "fr_search_words"
_ELISION = "fr_search_elision"
_ACRONYM = "fr_search_acronym"
_STOP = "fr_search_stop"
_STEMMER = "fr_search_snowball"

# Python's re classes written as Java classes of the same characters: Python's
# \w is letters, numbers (², ½ included) and "_", without combining marks;
# Java's \w, even in Unicode mode, takes marks and leaves out ² and ½.
_JAVA_CLASSES = (
    (r"[^\W\d_]", r"[\p{L}\p{Nl}\p{No}]"),  # letters and non-decimal numbers
    (r"[^\W_]", r"[\p{L}\p{N}]"),
    (r"\w", r"[\p{L}\p{N}_]"),
)


def java_word_pattern(pattern: str = _WORD_PATTERN) -> str:
    r"""Return *pattern* (a Python ``re`` pattern) with its word classes written for Java.

    :raises ValueError: when the pattern uses a class this translation does not know.

    >>> java_word_pattern(r"\w+(?:'\w+)*")
    "[\\p{L}\\p{N}_]+(?:'[\\p{L}\\p{N}_]+)*"
    """
    for python, java in _JAVA_CLASSES:
        pattern = pattern.replace(python, java)
    for escape in (r"\w", r"\W", r"\d", r"\D", r"\b", r"\s"):
        if escape in pattern:
            raise ValueError(f"word pattern uses {escape}, which has no Java translation here")
    return pattern


def french_index_settings() -> dict[str, Any]:
    """Return the ``settings`` of an index analysed like :func:`indexer.analysis.french_analyzer`.

    Every list is sorted, so that the JSON is the same from one run to the next.
    """
    canonical = APOSTROPHES[0]
    return {
        "analysis": {
            "char_filter": {
                _APOSTROPHE_FILTER: {
                    "type": "mapping",
                    "mappings": [f"{mark}=>{canonical}" for mark in APOSTROPHES[1:]],
                },
            },
            "tokenizer": {
                _TOKENIZER: {"type": "pattern", "pattern": java_word_pattern(), "group": 0},
            },
            "filter": {
                _ELISION: {"type": "elision", "articles": sorted(ELIDED_PREFIXES), "articles_case": True},
                _ACRONYM: {"type": "pattern_replace", "pattern": r"\.", "replacement": ""},
                _STOP: {"type": "stop", "stopwords": sorted(FRENCH_STOP_WORDS), "ignore_case": False},
                _STEMMER: {"type": "snowball", "language": "French"},
            },
            "analyzer": {
                FRENCH_ANALYZER: {
                    "type": "custom",
                    "char_filter": [_APOSTROPHE_FILTER],
                    "tokenizer": _TOKENIZER,
                    "filter": ["lowercase", _ELISION, _ACRONYM, _STOP, _STEMMER, "asciifolding"],
                },
            },
        },
    }


def french_index_template() -> dict[str, Any]:
    """Return an index template: the French analysis and the fields of :func:`indexer.schema.build_schema`.

    One OpenSearch document per paragraph, as in the Whoosh index.
    """
    text = {"type": "text", "analyzer": FRENCH_ANALYZER}
    return {
        "index_patterns": [INDEX_PATTERN],
        "template": {
            "settings": french_index_settings(),
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "source": {"type": "keyword"},
                    "number": {"type": "integer"},
                    "title": text,
                    "text": text,
                },
            },
        },
    }


def main() -> None:
    """Print the index template as JSON (``opensearch/french-template.json`` is this output)."""
    print(json.dumps(french_index_template(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
