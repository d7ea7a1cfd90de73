"""Relevance of the analysis chain's optional steps, on both dev sets.

Adds variants to :mod:`bench.relevance` (same corpora, same scoring) and runs it:

* ``project``: the defaults;
* ``foreign-unstemmed``: words wordfreq takes for English indexed as written
  (:attr:`~indexer.settings.AnalysisSettings.unstemmed_foreign_words`);
* ``foreign-ceiling-<Z>``: the same with French frequency ceiling *Z*
  (``inf``: no ceiling, the expansions' rule alone).

Usage::

    python bench/analysis_variants.py --variants project,foreign-unstemmed [--sets dev,help]
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relevance  # noqa: E402

from indexer.settings import AnalysisSettings, IndexSettings  # noqa: E402

# French frequency ceilings tried around the default.
FRENCH_CEILINGS_TRIED = (2.5, 3.5, math.inf)

relevance.VARIANTS.update({
    "foreign-unstemmed": replace(IndexSettings(), analysis=AnalysisSettings(unstemmed_foreign_words=True)),
})
relevance.VARIANTS.update({
    f"foreign-ceiling-{ceiling}": replace(IndexSettings(), analysis=AnalysisSettings(
        unstemmed_foreign_words=True, foreign_french_ceiling=ceiling))
    for ceiling in FRENCH_CEILINGS_TRIED
})

if __name__ == "__main__":
    relevance.main()
