"""opensearch/french-template.json is generated from the Python chain's own constants."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from indexer.analysis import APOSTROPHES, ELIDED_PREFIXES, FRENCH_STOP_WORDS
from indexer.opensearch_analysis import FRENCH_ANALYZER, french_index_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "opensearch" / "french-template.json"


def test_committed_template_is_the_generated_one() -> None:
    """A change to the stop list or the elisions must be carried to the template file."""
    assert json.loads(TEMPLATE.read_text(encoding="utf-8")) == french_index_template()


def test_generator_prints_the_template() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "indexer.opensearch_analysis"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert json.loads(printed) == french_index_template()


def test_template_carries_our_lists() -> None:
    analysis = french_index_template()["template"]["settings"]["analysis"]
    filters = analysis["filter"]
    assert set(filters["fr_search_stop"]["stopwords"]) == FRENCH_STOP_WORDS
    assert set(filters["fr_search_elision"]["articles"]) == ELIDED_PREFIXES
    mapped = {rule.split("=>")[0] for rule in analysis["char_filter"]["fr_search_apostrophes"]["mappings"]}
    assert mapped == set(APOSTROPHES) - {"'"}
    chain = analysis["analyzer"][FRENCH_ANALYZER]["filter"]
    # Stemming comes before folding, as in the Python chain.
    assert chain.index("fr_search_snowball") < chain.index("asciifolding")

