"""Writing test corpora: a module of its own, so that tests in subfolders import it by a unique name."""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_corpus"]


def write_corpus(directory: Path, files: dict[str, str | bytes]) -> Path:
    """Write *files* (relative path -> text or bytes) under *directory* and return it."""
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory
