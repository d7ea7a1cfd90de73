"""The French analysis chain, shared by indexing, querying and highlighting.

The chain, in order::

    tokenizer  words with accented letters and digits; acronyms with dots (O.N.U.);
               words of a cross-reference ("Section 2.7, « Titre »") weigh less
    lowercase
    elision    l’, d’, qu’, jusqu’ ... removed before any apostrophe (' ’ ʼ ‘)
    acronym    "o.n.u." -> "onu"
    stop       French stop words, accented and accent-free forms
    foreign    (a setting, off by default) English words marked to be kept as written
    stem       Snowball French (snowballstemmer), on the *accented* word; marked words left alone
    fold       accents removed, œ -> oe, æ -> ae

Stemming comes before folding on purpose: Snowball's French rules read the
accents (``-ité``, ``-é``, ``-ée``), so stemming a folded word splits families
(``employé``/``employer``).  Folding the stem afterwards makes the index terms
accent-free.

English words of a French corpus (« Secure Boot », « install ») would get
French stems shared with French words (``secure`` and ``sécurité`` both
``secur``).  With ``AnalysisSettings.unstemmed_foreign_words`` a word more
English than French by wordfreq (:func:`indexer.language.is_foreign`, the
expansions' rule and margin) and rare in French (``foreign_french_ceiling``)
is indexed as written, accents folded; queries run the same chain.

Queries typed without accents are handled one level up, by restoring their
accents from the index's own vocabulary before this chain runs (see
:mod:`indexer.vocabulary`).

A cross-reference quotes the title of *another* section ("voir Section 2.7.9,
« Compte de l’administrateur »"): its words say what that section is about,
not this paragraph.  They are indexed (a phrase search still finds the
reference) at ``cross_reference_weight`` of a normal occurrence
(:class:`~indexer.settings.AnalysisSettings`).

>>> [t.text for t in french_analyzer()("L’ONU a renforcé la coopération régionale.")]
['onu', 'renforc', 'cooper', 'regional']
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterator

import snowballstemmer
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.stopwords import stoplists

from .language import is_foreign
from .settings import AnalysisSettings, ExpansionSettings

__all__ = [
    "APOSTROPHES",
    "ELIDED_PREFIXES",
    "FRENCH_STOP_WORDS",
    "fold_accents",
    "stem_french",
    "french_analyzer",
    "surface_analyzer",
    "QUERY_OPERATORS",
    "CrossReferenceTokenizer",
    "cross_reference_spans",
    "ElisionFilter",
    "AcronymFilter",
    "AccentFoldingFilter",
    "ForeignWordFilter",
    "FrenchStemFilter",
]

APOSTROPHES = "'’ʼ‘"
ELIDED_PREFIXES = frozenset(
    "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()
)

# A word: letters and digits, possibly joined by apostrophes (elisions,
# "aujourd’hui"); or an acronym written with dots ("O.N.U.").  Hyphens and
# other punctuation separate words, so "Asie-Pacifique" yields both parts.
_WORD_PATTERN = (
    r"(?:\w+[" + APOSTROPHES + r"])?(?:[^\W\d_]\.){2,}(?![^\W_])"
    r"|\w+(?:[" + APOSTROPHES + r"]\w+)*"
)

# A numbered reference to a part of a document followed by its quoted title.
_CROSS_REFERENCE = re.compile(
    r"\b(?:[Ss]ections?|[Cc]hapitres?|[Pp]arties|[Pp]artie|[Aa]nnexes?|[Tt]ableaux?|[Ff]igures?|[Ee]xemples?)"
    r"\s+(?:[0-9]+|[IVXLC]+|[A-Z])(?:\.[0-9]+)*\.?\s*,?\s*"
    # The quoted title, which may itself quote a word: « Fichiers « Release » »
    r"«(?:[^«»]|«[^«»]{0,100}»){1,300}»"
)
# The operators of the query language: never a word to accent, correct or explain.
QUERY_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold_accents(text: str) -> str:
    """Return *text* without diacritics, with œ/æ spelled out.

    >>> fold_accents("Sécurité cœur Ægée")
    'Securite coeur AEgee'
    """
    if text.isascii():
        return text  # nothing to fold: most words, and most of a vocabulary's load time
    decomposed = unicodedata.normalize("NFD", text.translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


# Whoosh's French list lacks a few of the most frequent function words.
_MORE_STOP_WORDS = frozenset("a les ils elles cet cette leurs dont où".split())
FRENCH_STOP_WORDS = frozenset(stoplists["fr"]) | _MORE_STOP_WORDS
# Accent-free spellings too, for queries typed without accents.
FRENCH_STOP_WORDS |= frozenset(fold_accents(word) for word in FRENCH_STOP_WORDS)

# Distinct words whose stem the stem filter remembers.
_STEM_CACHE_SIZE = 100_000

# snowballstemmer's stemmer objects keep state between calls: one per thread.
# With PyStemmer installed (a dependency) snowballstemmer hands out its C
# implementation of the same Snowball rules: the stems are identical (checked
# on the 61 103 words of the benchmark corpus), about 20 times faster.
_stemmers = threading.local()


def stem_french(word: str) -> str:
    """Return the Snowball French stem of a lowercase word.

    A module-level function so that the schema, which holds it, can be
    pickled into the index.

    >>> stem_french("coopérations"), stem_french("développement")
    ('cooper', 'développ')
    """
    stemmer = getattr(_stemmers, "french", None)
    if stemmer is None:
        stemmer = _stemmers.french = snowballstemmer.stemmer("french")
    return str(stemmer.stemWord(word))


class ElisionFilter(Filter):  # type: ignore[misc]
    """Drops a French elided article or pronoun (l’, qu’, jusqu’ ...) from the front of a token."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            for index, char in enumerate(text):
                if char in APOSTROPHES:
                    if text[:index] in ELIDED_PREFIXES and index + 1 < len(text):
                        token.text = text[index + 1 :]
                        if hasattr(token, "startchar"):
                            token.startchar += index + 1
                    break
            # Remaining apostrophes ("aujourd’hui") are spelled one way.
            for apostrophe in APOSTROPHES[1:]:
                token.text = token.text.replace(apostrophe, "'")
            yield token


class AcronymFilter(Filter):  # type: ignore[misc]
    """Writes dotted acronyms without their dots, so that "O.N.U." meets "ONU"."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if "." in token.text:
                token.text = token.text.replace(".", "")
            yield token


class AccentFoldingFilter(Filter):  # type: ignore[misc]
    """Removes diacritics from token texts with :func:`fold_accents`."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold_accents(token.text)
            yield token


class ForeignWordFilter(Filter):  # type: ignore[misc]
    """Marks the tokens that are English words and not French ones (``token.foreign``), for :class:`FrenchStemFilter`.

    :param margin: the Zipf margin of :func:`~indexer.language.is_foreign`.
    :param french_ceiling: its French frequency ceiling (a word at least this frequent in French is French).
    """

    def __init__(self, margin: float = ExpansionSettings().foreign_zipf_margin,
                 french_ceiling: float = AnalysisSettings().foreign_french_ceiling) -> None:
        self.margin, self.french_ceiling = margin, french_ceiling

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        margin, ceiling = self.margin, self.french_ceiling
        for token in tokens:
            # Whoosh reuses one token object: the mark is set on every token.
            token.foreign = is_foreign(token.text, margin, ceiling)
            yield token


class FrenchStemFilter(StemFilter):  # type: ignore[misc]
    """Whoosh's stem filter with :func:`stem_french`, leaving the tokens :class:`ForeignWordFilter` marked as written."""

    def __init__(self) -> None:
        super().__init__(stemfn=stem_french, cachesize=_STEM_CACHE_SIZE)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = self._stem
        for token in tokens:
            if not token.stopped and not getattr(token, "foreign", False):
                token.text = stem(token.text)
            yield token


def cross_reference_spans(value: str) -> list[tuple[int, int]]:
    """Return the (start, end) character spans of the cross-references in *value*, in order.

    >>> cross_reference_spans("Voir Section 2.7, « Compte » ici.")
    [(5, 28)]
    """
    return [match.span() for match in _CROSS_REFERENCE.finditer(value)] if "«" in value else []


class CrossReferenceTokenizer(RegexTokenizer):  # type: ignore[misc]
    """Whoosh's regex tokenizer, giving the words of cross-references a lower weight (token boost)."""

    # Pickled with the index's schema; an index pickled before the weight
    # was a setting unpickles with the default.
    weight = AnalysisSettings().cross_reference_weight

    def __init__(self, expression: re.Pattern[str], weight: float = AnalysisSettings().cross_reference_weight) -> None:
        super().__init__(expression)
        self.weight = weight

    def __call__(self, value: str, chars: bool = False, start_char: int = 0, **kwargs: object) -> Iterator[Token]:
        spans = cross_reference_spans(value)
        if not spans:
            yield from super().__call__(value, chars=chars, start_char=start_char, **kwargs)
            return
        starts = [start for start, _ in spans]
        for token in super().__call__(value, chars=True, start_char=start_char, **kwargs):
            offset = token.startchar - start_char
            # The last reference starting at or before the token (spans never overlap).
            last = bisect.bisect_right(starts, offset) - 1
            inside = last >= 0 and offset < spans[last][1]
            token.boost = self.weight if inside else 1.0
            yield token


def _tokenizer(cross_reference_weight: float = AnalysisSettings().cross_reference_weight) -> RegexTokenizer:
    return CrossReferenceTokenizer(re.compile(_WORD_PATTERN), cross_reference_weight)


def surface_analyzer(cross_reference_weight: float = AnalysisSettings().cross_reference_weight) -> CompositeAnalyzer:
    """Return the chain up to the words as written: tokenize, lowercase, elision, acronyms.

    Used to build the vocabulary of real words (for accent restoration,
    suggestions, prefix and fuzzy matching).

    >>> [t.text for t in surface_analyzer()("L’Initiative d'O.N.U.")]
    ['initiative', 'onu']
    """
    return _tokenizer(cross_reference_weight) | LowercaseFilter() | ElisionFilter() | AcronymFilter()


def french_analyzer(
    stemming: bool = True, accent_folding: bool = True,
    cross_reference_weight: float = AnalysisSettings().cross_reference_weight,
    foreign_margin: float = 0.0, foreign_french_ceiling: float = AnalysisSettings().foreign_french_ceiling,
) -> CompositeAnalyzer:
    """Return the French analyzer used for every text field, at index and query time.

    :param stemming: apply the Snowball French stemmer (turned off only to
        measure its effect).
    :param accent_folding: fold accents after stemming (turned off only to
        measure its effect).
    :param cross_reference_weight: weight of the words inside a cross-reference.
    :param foreign_margin: when above 0 (and stemming), English words by
        :func:`~indexer.language.is_foreign` with this margin and *foreign_french_ceiling* are not stemmed.

    >>> [t.text for t in french_analyzer()("Les sécurités et la Sécurité")]
    ['secur', 'secur']
    """
    chain = surface_analyzer(cross_reference_weight) | StopFilter(stoplist=FRENCH_STOP_WORDS, minsize=1)
    if stemming and foreign_margin > 0:
        chain = chain | ForeignWordFilter(foreign_margin, foreign_french_ceiling) | FrenchStemFilter()
    elif stemming:
        chain = chain | StemFilter(stemfn=stem_french, cachesize=_STEM_CACHE_SIZE)
    if accent_folding:
        chain = chain | AccentFoldingFilter()
    return chain
