"""A generation's manifest: what it indexed (each file's digest, kind, size, date), from where, and its files' sums."""

from __future__ import annotations

import json
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import store
from .corpus import UNSUPPORTED, Document
from .settings import IndexSettings

__all__ = [
    "MANIFEST_FILE",
    "WHOOSH_LOCK_FILE",
    "file_crc32",
    "file_entry",
    "index_file_sums",
    "make_manifest",
    "read_manifest",
    "write_manifest",
]

MANIFEST_FILE = "manifest.json"
# Whoosh's own lock file: each generation gets a fresh one, never a shared link.
WHOOSH_LOCK_FILE = "MAIN_WRITELOCK"
# Bytes read at a time when checksumming index files.
CHECKSUM_CHUNK_BYTES = 1 << 20


def make_manifest(
    corpus_dir: Path,
    files: dict[str, dict[str, Any]],
    skipped: dict[str, str],
    settings: IndexSettings,
) -> dict[str, Any]:
    """Return the manifest of a generation: what it indexed, from where, with which settings.

    :param files: ``{doc_id: entry}`` of the indexed files (see :func:`file_entry`).
    :param skipped: ``{doc_id: reason}`` of the files left out; those of
        unknown formats are only counted per suffix (``unsupported``), so
        that a folder of photos does not fill the manifest.
    """
    unsupported: dict[str, int] = {}
    for doc_id, reason in skipped.items():
        if reason == UNSUPPORTED:
            suffix = Path(doc_id).suffix.lower() or "(sans extension)"
            unsupported[suffix] = unsupported.get(suffix, 0) + 1
    return {
        **settings.to_manifest(),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus_dir": str(corpus_dir.resolve()),
        "documents": len(files),
        "paragraphs": sum(int(entry["paragraphs"]) for entry in files.values()),
        "files": files,
        "skipped": {doc_id: reason for doc_id, reason in skipped.items() if reason != UNSUPPORTED},
        "unsupported": dict(sorted(unsupported.items())),
    }


def file_entry(document: Document) -> dict[str, Any]:
    """Return the manifest's entry for an indexed *document*: digest, paragraph count, kind, size, modification time."""
    return {
        "digest": document.digest,
        "paragraphs": len(document.paragraphs),
        "kind": document.kind,
        "size": document.size,
        "mtime": document.mtime,
    }


def write_manifest(generation: Path, manifest: dict[str, Any]) -> None:
    """Write *manifest* into *generation* (a new file, never one shared with another generation).

    Call it last: it records the size and checksum of every other file of
    the generation (``index_files``), which an update checks before reusing them.
    """
    manifest = {**manifest, "index_files": index_file_sums(generation)}
    with open(generation / MANIFEST_FILE, "w", encoding="utf-8") as out:
        # json.dumps and one write: json.dump streams through the slow pure-Python encoder.
        out.write(json.dumps(manifest, ensure_ascii=False, indent=1))


def index_file_sums(generation: Path) -> dict[str, list[int]]:
    """Return ``{name: [bytes, crc32]}`` of the files a generation's index is made of (not its manifest nor locks).

    CRC-32 reads about a gigabyte a second from the page cache, where the
    files just written are: a few milliseconds for the dev corpus's index.
    """
    left_out = {MANIFEST_FILE, store.MARKER_FILE, store.READERS_FILE, WHOOSH_LOCK_FILE}
    return {
        path.name: [path.stat().st_size, file_crc32(path)]
        for path in sorted(generation.iterdir())
        if path.name not in left_out and path.is_file()
    }


def file_crc32(path: Path) -> int:
    """Return the CRC-32 of the file *path*'s bytes."""
    crc = 0
    with open(path, "rb") as source:
        while chunk := source.read(CHECKSUM_CHUNK_BYTES):
            crc = zlib.crc32(chunk, crc)
    return crc


def read_manifest(generation: Path) -> dict[str, Any]:
    """Return the manifest a build wrote into *generation* (empty when missing)."""
    try:
        with open(generation / MANIFEST_FILE, encoding="utf-8") as source:
            manifest: dict[str, Any] = json.load(source)
            return manifest
    except FileNotFoundError:
        return {}
