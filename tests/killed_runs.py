"""Running the indexer in a child process and feeding it seed sentences, for the kill tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

__all__ = ["RUN_TIMEOUT_SECONDS", "SEED", "SEEDS", "seed_sentences", "start_run"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = 20240611
# A run that takes longer than this has hung.
RUN_TIMEOUT_SECONDS = 60.0


def seed_sentences() -> list[str]:
    """Every sentence of 30 to 200 characters in the seed texts."""
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    found = re.findall(r"[A-ZÀ-Ý][^.!?\n]{30,200}[.!?]", text)
    assert len(found) > 100
    return found


def start_run(command: str, corpus: Path, index_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """Start ``python -m indexer *command*`` on *corpus* and *index_dir*, its errors written to *log*."""
    with open(log, "wb") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", "indexer", command, "--corpus", str(corpus), "--index", str(index_dir)],
            stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT,
        )
