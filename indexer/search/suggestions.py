"""What the results line says about the query: a correction when it helps, unknown and excluded words.

The rule of « Vouliez-vous dire » (:func:`worth_suggesting`): a correction
is offered only when the words as typed find at most :data:`FEW_RESULTS`
matches by themselves (without typo tolerance) and the corrected query finds
something where they find nothing, or else at least :data:`SUGGESTION_GAIN`
times as many, and at least :data:`MIN_EXTRA_RESULTS` more.  The correction replaces each
unknown word by the closest corpus word that the expansion rules allow,
written as the corpus writes it (accents included); a wildcard word and a
field name are never changed.  A word with no close corpus word is said to
be unknown instead (:func:`unknown_words`).
"""

from __future__ import annotations

import re

from ..analysis import FRENCH_STOP_WORDS, QUERY_OPERATORS
from ..settings import ExpansionSettings
from ..vocabulary import Vocabulary
from .expansion_rules import allowed_alternative
from .query_fields import split_sources

__all__ = ["FEW_RESULTS", "SUGGESTION_GAIN", "MIN_EXTRA_RESULTS", "MIN_SUGGESTED_CHARS", "excluded_words",
           "stop_words_only", "suggestion", "unknown_words", "worth_suggesting"]

# A query finding more matches than this needs no correction.
FEW_RESULTS = 5
# The correction must find this many times as many matches ...
SUGGESTION_GAIN = 2.0
# ... and at least this many more.
MIN_EXTRA_RESULTS = 3
# Words shorter than this are never corrected by the suggestion.
MIN_SUGGESTED_CHARS = 3
# Only the first words are looked at, as the query itself searches only its first words.
MAX_LOOKED_UP_WORDS = 64
# A word as typed, with what follows it: "*" (a wildcard) or ":" (a field name) leave it alone.
_WORD = re.compile(r"(?<![\w*])(\w+)(?=([*:]?))")
# An excluded word: "-mot" after a space or at the start, or "NOT mot".
_EXCLUDED = re.compile(r"(?:(?:^|(?<=[\s(]))-|\bNOT\s+)(\w[\w-]*)")


def _typed_words(text: str) -> list[tuple[re.Match[str], bool]]:
    """Return the word matches of *text* (without ``source:`` clauses), each with whether it may be corrected."""
    words = []
    for match in _WORD.finditer(text):
        fixed = bool(match.group(2)) or match.group(1) in QUERY_OPERATORS or match.group(1).isdigit()
        words.append((match, not fixed))
    return words[:MAX_LOOKED_UP_WORDS]


def suggestion(vocabulary: Vocabulary, text: str, rules: ExpansionSettings | None = None) -> str | None:
    """Return *text* with its unknown words replaced by close corpus words (accented as the corpus writes them), or None.

    Whether it is worth offering is :func:`worth_suggesting`'s decision.

    >>> suggestion(Vocabulary({"imprimante": 4, "réseau": 9}), "imprimantte reseau")
    'imprimante réseau'
    >>> suggestion(Vocabulary({"sécurité": 4, "secure": 9}), "sécur*") is None
    True
    """
    rules = rules or ExpansionSettings()
    text = split_sources(text)[0] if "source:" in text or "dossier:" in text else text
    pieces: list[str] = []
    position = 0
    changed = False
    for match, correctable in _typed_words(text):
        word = match.group(1)
        replacement = word
        if correctable and len(word) >= MIN_SUGGESTED_CHARS:
            if word in vocabulary:
                spelled = vocabulary.spelling(word)
                replacement = spelled if spelled != word.lower() else word
            else:
                close = [other for other in vocabulary.close_words(word) if allowed_alternative(word, other, rules)]
                if close:
                    replacement, changed = close[0], True
        pieces.append(text[position:match.start(1)] + replacement)
        position = match.end(1)
    pieces.append(text[position:])
    return "".join(pieces).strip() if changed else None


def worth_suggesting(total: int, corrected_total: int) -> bool:
    """Return whether a correction finding *corrected_total* matches helps a query finding *total*.

    >>> worth_suggesting(132, 400), worth_suggesting(0, 1), worth_suggesting(2, 3), worth_suggesting(2, 5)
    (False, True, False, True)
    """
    if total > FEW_RESULTS:
        return False
    if total == 0:
        # Anything found is more than nothing.
        return corrected_total > 0
    return corrected_total >= max(total * SUGGESTION_GAIN, total + MIN_EXTRA_RESULTS)


def unknown_words(vocabulary: Vocabulary, text: str, rules: ExpansionSettings | None = None) -> tuple[str, ...]:
    """Return the words of *text* the corpus does not hold and that have no close corpus word either.

    >>> unknown_words(Vocabulary({"imprimante": 4}), "xyzzyqwert imprimantte title:paix")
    ('xyzzyqwert', 'paix')
    """
    rules = rules or ExpansionSettings()
    unknown: list[str] = []
    for match, correctable in _typed_words(split_sources(text)[0]):
        word = match.group(1)
        if not correctable or word in vocabulary or word.lower() in FRENCH_STOP_WORDS or word in unknown:
            continue
        if not any(allowed_alternative(word, other, rules) for other in vocabulary.close_words(word)):
            unknown.append(word)
    return tuple(unknown)


def excluded_words(text: str) -> tuple[str, ...]:
    """Return the words *text* excludes (``-mot``, ``NOT mot``), as typed.

    >>> excluded_words("tar -xvf NOT gzip Asie-Pacifique")
    ('xvf', 'gzip')
    """
    found: list[str] = []
    for match in _EXCLUDED.finditer(split_sources(text)[0]):
        if match.group(1) not in found:
            found.append(match.group(1))
    return tuple(found)


def stop_words_only(text: str) -> bool:
    """Return whether every word of *text* is a French stop word (the query searches nothing).

    >>> stop_words_only("le la les"), stop_words_only("le réseau"), stop_words_only("?")
    (True, False, False)
    """
    words = [word.lower() for word in re.findall(r"\w+", split_sources(text)[0])]
    return bool(words) and all(word in FRENCH_STOP_WORDS for word in words)
