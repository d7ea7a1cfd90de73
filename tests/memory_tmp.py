"""A temporary folder in memory (``/dev/shm``) for tests that build hundreds of generations.

Publishing a generation syncs its files to disk; on a shared disk that is
most of an update's time.  In a memory file system the sync costs nothing,
so hundreds of updates fit in a few seconds, while the index code paths stay
exactly those of a disk.  Where ``/dev/shm`` is missing, pytest's own
temporary folder is used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["memory_tmp_dir"]

SHARED_MEMORY = Path("/dev/shm")


@contextmanager
def memory_tmp_dir(fallback: Path) -> Iterator[Path]:
    """Yield a new empty folder in memory (or *fallback* when there is none); remove it afterwards."""
    if not (SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="fr-search-test-", dir=SHARED_MEMORY))
    try:
        yield folder
    finally:
        # The folder is ours: made by mkdtemp above.
        shutil.rmtree(folder, ignore_errors=True)
