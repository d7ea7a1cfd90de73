"""Readers that misbehave on purpose, for the extraction pool's tests (imported by its worker processes)."""

from __future__ import annotations

import os
import signal
import sys
import time

from indexer.formats import Block, Extracted, extract

HANG_SECONDS = 600
# Modules of the engine's search and indexing sides, which reading files never needs.
HEAVY_MODULES = ("whoosh", "numpy", "indexer.search", "indexer.build")


def misbehaving(data: bytes, name: str) -> Extracted:
    """Hang, crash, exhaust memory or exit when the file says so; read it with the real reader otherwise."""
    if data == b"hang":
        time.sleep(HANG_SECONDS)
    elif data == b"crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif data == b"memory":
        hog = bytearray(16 * 2**30)
        del hog
    elif data == b"exit":
        os._exit(3)
    return extract(data, name)


def chatty(data: bytes, name: str) -> Extracted:
    """Print to standard output, then name in the title the heavy modules this process has imported."""
    print(f"bavard : {name}", flush=True)
    heavy = [module for module in HEAVY_MODULES if module in sys.modules]
    return Extracted("txt", " ".join(heavy) or "léger", (Block("Un paragraphe."),))
