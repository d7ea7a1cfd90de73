"""Which language a word belongs to: English words among French ones, by wordfreq's frequencies.

One rule, read by the query side (typo alternatives and listed variants never
cross from one language to the other, :mod:`indexer.search.expansion_rules`)
and by the analysis chain (an English word is indexed as written, not
stemmed as French, :class:`indexer.analysis.ForeignWordFilter`).

>>> is_foreign("secure", 0.4), is_foreign("sécurité", 0.4)
(True, False)
"""

from __future__ import annotations

import functools
import math

from wordfreq import zipf_frequency

__all__ = ["is_foreign"]

# Decisions remembered, one per distinct lowercase word and margin: French
# text repeats its words, and a build analyses hundreds of thousands of tokens.
_DECISION_CACHE_SIZE = 200_000


@functools.lru_cache(maxsize=_DECISION_CACHE_SIZE)
def _foreign(lowered: str, margin: float, french_ceiling: float) -> bool:
    french = float(zipf_frequency(lowered, "fr"))
    return french < french_ceiling and float(zipf_frequency(lowered, "en")) - french >= margin


def is_foreign(word: str, margin: float, french_ceiling: float = math.inf) -> bool:
    """Return whether *word* is more English than French by at least *margin* (Zipf scale; 0: never).

    A word wordfreq does not know in either language is not foreign.

    :param word: the word, any case, accented or not.
    :param margin: how much higher its English Zipf frequency must be than its French one.
    :param french_ceiling: a word whose French Zipf frequency reaches this is
        French too, whatever its English one (« options », « terminal »).
    """
    if margin <= 0:
        return False
    return _foreign(word.lower(), margin, french_ceiling)
