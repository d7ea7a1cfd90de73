"""Relevance of the expansion rules and of the query-side ideas of issue 12, on both dev sets.

Adds variants to :mod:`bench.relevance` (same corpora, same scoring) and runs it:

* ``project``: the defaults;
* ``expansion-off``: every rule of :class:`~indexer.settings.ExpansionSettings` off (typo alternatives
  of any first letter and language, short words expanded, compounds not joined), as before the rules;
* ``question-words``: interrogatives left out of queries of several words;
* ``document-b-<B>``: document-level BM25 length normalisation *B* (grouped ranking).

Usage::

    python bench/expansion_variants.py --variants project,expansion-off,question-words [--sets dev,help]
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relevance  # noqa: E402

from indexer.settings import ExpansionSettings, IndexSettings, RankingSettings  # noqa: E402

_DEFAULTS = IndexSettings()
# Document-level length normalisations tried (grouped ranking).
DOCUMENT_B_TRIED = (0.3, 0.5, 0.9)

relevance.VARIANTS.update({
    "expansion-off": replace(_DEFAULTS, expansion=ExpansionSettings(
        same_first_letter=False, foreign_zipf_margin=0.0, short_word_chars=0, joined_compounds=False)),
    "question-words": replace(_DEFAULTS, expansion=ExpansionSettings(question_words_as_stop_words=True)),
})
relevance.VARIANTS.update({
    f"document-b-{b}": replace(_DEFAULTS, ranking=RankingSettings(document_b=b)) for b in DOCUMENT_B_TRIED
})

if __name__ == "__main__":
    relevance.main()
