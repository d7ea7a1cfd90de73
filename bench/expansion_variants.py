"""Relevance of the expansion rules and of the query-side ideas of issue 12, on both dev sets.

Adds variants to :mod:`bench.relevance` (same corpora, same scoring) and runs it:

* ``project``: the defaults;
* ``expansion-off``: every rule of :class:`~indexer.settings.ExpansionSettings` off (typo alternatives
  of any first letter and language, short words expanded, compounds not joined), as before the rules;
* ``question-words``: interrogatives left out of queries of several words;
* ``question-weight-<W>``: interrogatives weighing *W* in queries of several words;
* ``document-b-<B>``: document-level BM25 length normalisation *B* (grouped ranking);
* ``coordination-2``, ``pairs-1.0``: coordination exponent 2, pair bonus at a whole IDF (help-like sentences);
* ``document-k1-<K1>``, ``paragraph-b-<B>``: BM25 saturation of documents, length normalisation of paragraphs.

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
# Weights of interrogatives tried in queries of several words.
QUESTION_WEIGHTS_TRIED = (0.2, 0.5)

relevance.VARIANTS.update({
    "expansion-off": replace(_DEFAULTS, expansion=ExpansionSettings(
        same_first_letter=False, foreign_zipf_margin=0.0, short_word_chars=0, joined_compounds=False,
        question_word_weight=1.0)),
    "question-words": replace(_DEFAULTS, expansion=ExpansionSettings(question_word_weight=0.0)),
})
relevance.VARIANTS.update({
    f"question-weight-{w}": replace(_DEFAULTS, expansion=ExpansionSettings(question_word_weight=w))
    for w in QUESTION_WEIGHTS_TRIED
})
relevance.VARIANTS.update({
    f"document-b-{b}": replace(_DEFAULTS, ranking=RankingSettings(document_b=b)) for b in DOCUMENT_B_TRIED
})

relevance.VARIANTS.update({
    "coordination-2": replace(_DEFAULTS, ranking=RankingSettings(coordination_exponent=2.0)),
    "pairs-1.0": replace(_DEFAULTS, ranking=RankingSettings(cooccurrence_weight=1.0)),
    "document-k1-0.9": replace(_DEFAULTS, ranking=RankingSettings(document_k1=0.9)),
    "document-k1-2.0": replace(_DEFAULTS, ranking=RankingSettings(document_k1=2.0)),
    "paragraph-b-0.9": replace(_DEFAULTS, ranking=RankingSettings(bm25_b=0.9)),
})

if __name__ == "__main__":
    relevance.main()
