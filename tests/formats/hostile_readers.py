"""Readers that misbehave on purpose, for the extraction pool's tests (imported by its worker processes)."""

from __future__ import annotations

import os
import signal
import time

from indexer.formats import Extracted, extract

HANG_SECONDS = 600


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
