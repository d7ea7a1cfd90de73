"""Where the benchmarks keep what they build: one folder under /tmp, the bench corpus in it.

Run-time files only: every script may wipe and rebuild its own part, and
``bench/corpus.py`` writes the corpus that the speed, completion and
OpenSearch benchmarks read.
"""

from __future__ import annotations

from pathlib import Path

BENCH_DIR = Path("/tmp/frsearch-bench")
# Built by bench/corpus.py.
CORPUS_DIR = BENCH_DIR / "corpus"
