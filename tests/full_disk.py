"""Running the indexer CLI as if the disk were full: a module of its own, imported by a unique name."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

__all__ = ["FILE_SIZE_LIMIT_BYTES", "run_with_full_disk"]

# Smaller than the seed index's postings and vocabulary files, larger than its lock and marker files.
FILE_SIZE_LIMIT_BYTES = 20_000
ROOT = Path(__file__).resolve().parent.parent


def _limit_file_size() -> None:
    # Writes past the limit fail with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT_BYTES, FILE_SIZE_LIMIT_BYTES))


def run_with_full_disk(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m indexer *args*`` in a process that cannot write a file past the size limit."""
    return subprocess.run(
        [sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True,
        preexec_fn=_limit_file_size, timeout=120,
    )
