"""Which corpus words a typed word may reach: the rules of :class:`~indexer.settings.ExpansionSettings`.

Snowball conflates words that are not variants of each other (« fil » and
the English « file », « sécurité » and « secure », the adverb « comment » and
the verb « commentez »), and typo tolerance can land on any word a letter or
two away.  These rules decide what a typed word is said to match (the
« Recherché » line) and which typo alternatives it is searched with:

* a word of at most ``short_word_chars`` letters, or a stop word, is never expanded;
* an alternative starts with the typed word's first letter, accents ignored;
* an alternative never crosses into another language: by wordfreq's Zipf
  frequencies, a word is English when its English frequency exceeds its
  French one by ``foreign_zipf_margin`` (:func:`indexer.language.is_foreign`,
  the rule the analysis chain shares);
* an interrogative (:data:`QUESTION_WORDS`) is invariable: it stands only
  for itself.

>>> is_foreign("secure", 0.4), is_foreign("sécurité", 0.4)
(True, False)
"""

from __future__ import annotations

import re

from ..analysis import FRENCH_STOP_WORDS, fold_accents
from ..language import is_foreign
from ..settings import ExpansionSettings

__all__ = ["QUESTION_WORDS", "is_foreign", "expandable", "allowed_alternative", "listed_variants",
           "without_question_words"]

# French interrogatives, accent-free: invariable words whose Snowball stem is
# shared with verbs (« comment » / « commentez »).
QUESTION_WORDS = frozenset(
    "comment pourquoi quand combien quoi ou quel quelle quels quelles lequel laquelle lesquels lesquelles".split()
)
_WORD = re.compile(r"(?<![\w:\"*-])(\w+)(?![\w:*-])")


def expandable(word: str, settings: ExpansionSettings) -> bool:
    """Return whether *word* may reach words other than its own spelling (not short, not a stop word)."""
    lowered = word.lower()
    return len(fold_accents(lowered)) > settings.short_word_chars and lowered not in FRENCH_STOP_WORDS


def allowed_alternative(typed: str, candidate: str, settings: ExpansionSettings) -> bool:
    """Return whether *candidate* (a corpus word) may stand for the typed word *typed*.

    >>> allowed_alternative("sécurité", "secure", ExpansionSettings())
    False
    >>> allowed_alternative("imprimantte", "imprimante", ExpansionSettings())
    True
    """
    typed_folded, candidate_folded = fold_accents(typed.lower()), fold_accents(candidate.lower())
    if typed_folded == candidate_folded:
        return True
    if not candidate_folded or not typed_folded:
        return False
    if settings.same_first_letter and typed_folded[0] != candidate_folded[0]:
        return False
    margin = settings.foreign_zipf_margin
    return is_foreign(typed, margin) == is_foreign(candidate, margin)


def listed_variants(typed: str, words: list[str], settings: ExpansionSettings) -> list[str]:
    """Return the corpus *words* sharing *typed*'s index term that are variants of it (same order).

    Its own spellings are always kept; an interrogative, a short word or a
    stop word keeps only them; other words must pass :func:`allowed_alternative`.

    >>> listed_variants("fil", ["fil", "file", "fils"], ExpansionSettings())
    ['fil']
    >>> listed_variants("comment", ["comment", "commentez"], ExpansionSettings())
    ['comment']
    """
    folded = fold_accents(typed.lower())
    own = [word for word in words if fold_accents(word.lower()) == folded]
    if folded in QUESTION_WORDS or not expandable(typed, settings):
        return own
    return [word for word in words if word in own or allowed_alternative(typed, word, settings)]


def without_question_words(text: str) -> str:
    """Return *text* without its interrogatives, when it has other words to search and no quoted phrase.

    >>> without_question_words("Comment configurer le réseau")
    ' configurer le réseau'
    >>> without_question_words("comment")
    'comment'
    """
    if '"' in text:
        return text
    words = [match.group(1) for match in _WORD.finditer(text)]
    content = [word for word in words
               if fold_accents(word.lower()) not in QUESTION_WORDS and word.lower() not in FRENCH_STOP_WORDS]
    if not content:
        return text
    return _WORD.sub(lambda match: "" if fold_accents(match.group(1).lower()) in QUESTION_WORDS else match.group(0),
                     text)
