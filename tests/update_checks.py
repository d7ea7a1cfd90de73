"""Reading an index back in the update tests: documents, hits and saved files, by a unique module name."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import indexer
from indexer import store

__all__ = ["CLIMAT_V2", "NEW_FILE", "SEEDS", "file_hashes", "hit_set", "opened", "saved", "snapshot"]

CLIMAT_V2 = (
    "Le climat en Asie-Pacifique\n\n"
    "Les ornithorynques d’Australie supportent mal la sécheresse.\n\n"
    "L’O.N.U. publie chaque année un rapport sur les émissions.\n"
)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NEW_FILE = "Les tamanoirs\n\nLe tamanoir mange des fourmis dans la savane.\n"


@contextmanager
def opened(index_dir: Path) -> Iterator[indexer.SearchIndex]:
    """Open the index in *index_dir* for the length of a ``with`` block."""
    idx = indexer.open_index(index_dir)
    try:
        yield idx
    finally:
        idx.close()


def snapshot(index_dir: Path) -> dict[str, tuple[str, tuple[tuple[int, str], ...]]]:
    """Every indexed document as (title, ((number, text), ...)), by id."""
    documents = {}
    with opened(index_dir) as idx:
        for source in idx.sources():
            stored = idx.document(source)
            assert stored is not None, source
            documents[source] = (stored.title, tuple((p.number, p.text) for p in stored.paragraphs))
    return documents


def hit_set(index_dir: Path, query: str) -> set[tuple[str, int]]:
    """The (document, paragraph) pairs that *query* finds, up to 100."""
    with opened(index_dir) as idx:
        result = idx.search(query, limit=100)
    return {(hit.source, hit.paragraph) for hit in result.hits}


def saved(index_dir: Path, name: str) -> dict[str, object]:
    """The JSON file *name* of the serving generation, parsed."""
    generation = store.require_current_generation(index_dir)
    return json.loads((generation / name).read_text(encoding="utf-8"))


def file_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file directly in *folder*, by name."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir() if path.is_file()}
