"""The vocabulary's file beside the index: ``vocabulary.json``, written durably, read back."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["VOCABULARY_FILE", "read_payload", "write_payload"]

VOCABULARY_FILE = "vocabulary.json"
_FORMAT_VERSION = 1


def write_payload(directory: str | os.PathLike[str], counts: dict[str, int], terms: dict[str, str]) -> None:
    """Write the word counts and the terms' spellings into *directory*, synced to disk."""
    payload = {"version": _FORMAT_VERSION, "counts": counts, "terms": terms}
    path = Path(directory) / VOCABULARY_FILE
    with open(path, "w", encoding="utf-8") as out:
        # json.dumps, unlike json.dump, runs the C encoder.
        out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        out.flush()
        os.fsync(out.fileno())


def read_payload(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the saved vocabulary's JSON payload (empty counts when there is none)."""
    try:
        with open(Path(directory) / VOCABULARY_FILE, encoding="utf-8") as source:
            payload: dict[str, Any] = json.load(source)
            return payload
    except FileNotFoundError:
        return {"counts": {}}
