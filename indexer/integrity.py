"""Check that a generation is whole before an update builds on it.

An update reuses the serving generation's files as they are: a damaged one
(a truncated segment, a manifest cut short, a lost vocabulary) would carry
its damage into every later generation, and "up to date" would be a lie.
:func:`generation_damage` checks, cheaply, what an update relies on:

* the manifest parses and lists each indexed file with its digest and
  paragraph count;
* every index file the build recorded in the manifest is there, with its
  size (a truncated or missing segment file);
* the vocabulary parses;
* Whoosh opens the generation, and its paragraphs, counted per document
  from the stored fields, are the ones the manifest lists.

A damaged generation is rebuilt in full.  Bytes changed in place inside a
posting list, sizes unchanged, are beyond these checks.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from .build import MANIFEST_FILE
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


def _files_damage(generation: Path, sizes: Any) -> str | None:
    if not isinstance(sizes, dict):
        return None  # built before sizes were recorded
    for name, size in sizes.items():
        try:
            actual = (generation / name).stat().st_size
        except OSError:
            return f"index file {name} is missing"
        if actual != size:
            return f"index file {name} has {actual} bytes instead of {size}"
    return None


def _stored_damage(generation: Path, files: dict[str, Any]) -> str | None:
    with whoosh_index.open_dir(str(generation)).searcher() as searcher:
        stored = Counter(fields["source"] for fields in searcher.all_stored_fields())
    expected = {doc_id: entry["paragraphs"] for doc_id, entry in files.items() if entry["paragraphs"]}
    if dict(stored) != expected:
        return (f"the index holds {sum(stored.values())} paragraphs of {len(stored)} files, "
                f"the manifest {sum(expected.values())} of {len(expected)}")
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
        return _stored_damage(generation, manifest["files"])
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
