"""Check that a generation is whole before an update builds on it.

An update reuses the serving generation's files as they are: a damaged one
(a truncated segment, a manifest cut short, a lost vocabulary) would carry
its damage into every later generation, and "up to date" would be a lie.
:func:`generation_damage` checks, cheaply, what an update relies on:

* the manifest parses and lists each indexed file with its digest and
  paragraph count;
* every index file the build recorded in the manifest is there, with its
  size and CRC-32 (a truncated, missing or altered file; the vocabulary is
  one of them);
* the vocabulary parses;
* Whoosh opens the generation, and it holds as many paragraphs as the
  manifest lists.

A damaged generation is rebuilt in full.  A generation whose manifest
records no checksums (written by an older version) is rebuilt too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from .manifest import MANIFEST_FILE, file_crc32
from .errors import IndexCorruptError
from .vocabulary import VOCABULARY_FILE

__all__ = ["generation_damage", "read_error"]


def _load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as source:
        return json.load(source)


def _manifest_damage(manifest: Any) -> str | None:
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return f"{MANIFEST_FILE} lists no files"
    for doc_id, entry in manifest["files"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("paragraphs"), int):
            return f"{MANIFEST_FILE} has no paragraph count for {doc_id}"
    return None


def _files_damage(generation: Path, sums: Any) -> str | None:
    if not isinstance(sums, dict):
        return "its manifest records no index files"
    for name, recorded in sums.items():
        path = generation / name
        try:
            size = path.stat().st_size
            if size != recorded[0]:
                return f"index file {name} has {size} bytes instead of {recorded[0]}"
            if file_crc32(path) != recorded[1]:
                return f"index file {name} does not hold the bytes written (checksum)"
        except FileNotFoundError:
            return f"index file {name} is missing"
        except (OSError, IndexError, TypeError) as error:
            return f"index file {name} cannot be checked ({error})"
    return None


def _count_damage(generation: Path, manifest: dict[str, Any]) -> str | None:
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        held = searcher.doc_count()
    listed = sum(entry["paragraphs"] for entry in manifest["files"].values())
    if held != listed:
        return f"the index holds {held} paragraphs, its manifest lists {listed}"
    return None


def generation_damage(generation: Path) -> str | None:
    """Return what is wrong with *generation*, or None when an update may build on it."""
    try:
        manifest = _load_json(generation / MANIFEST_FILE)
    except FileNotFoundError:
        return f"{MANIFEST_FILE} is missing"
    except (OSError, ValueError) as error:
        return f"{MANIFEST_FILE} is unreadable ({error})"
    problem = _manifest_damage(manifest) or _files_damage(generation, manifest.get("index_files"))
    if problem:
        return problem
    try:
        _load_json(generation / VOCABULARY_FILE)
    except (OSError, ValueError) as error:
        return f"{VOCABULARY_FILE} is unreadable ({error})"
    try:
        return _count_damage(generation, manifest)
    except Exception as error:  # noqa: BLE001 - damaged files make Whoosh raise anything
        return f"Whoosh cannot read the index ({type(error).__name__}: {error})"


def read_error(index_dir: str | os.PathLike[str], error: BaseException) -> IndexCorruptError:
    """Return the one-line error for an index that raised *error* while it was opened or searched.

    Damaged files make Whoosh raise whatever their bytes lead to
    (``struct.error``, ``EOFError``, ``UnicodeDecodeError`` ...).
    """
    return IndexCorruptError(
        f"the index in {index_dir} cannot be read ({type(error).__name__}: {error}); "
        f"rebuild it: python -m indexer rebuild --index {index_dir}"
    )
