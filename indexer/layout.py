"""Where an index directory may be, relative to its corpus folder.

An index directory that is the corpus folder, or one of its parents, would
hold the user's folders beside the index's own: it is refused.  One inside
the corpus (``corpus/.index``) is safe: the build leaves its files out of
the corpus, the watcher ignores its events, and the index removes nothing
but the generations it made (see :mod:`indexer.store`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UnsafeLayoutError

__all__ = ["check_layout", "outside_index"]


def check_layout(corpus_dir: str | os.PathLike[str], index_dir: str | os.PathLike[str]) -> None:
    """Refuse an index directory that is the corpus folder or contains it.

    An index directory inside the corpus is safe: its files are left out of
    the corpus (:func:`outside_index`) and only its own generations are ever
    removed.

    :raises UnsafeLayoutError: when *index_dir* is *corpus_dir* or one of its parents.
    """
    corpus, index = Path(corpus_dir).resolve(), Path(index_dir).resolve()
    fix = "pass an --index folder of its own, outside the corpus or in a new subfolder of it"
    if corpus == index:
        raise UnsafeLayoutError(f"the index directory {index_dir} is the corpus folder {corpus_dir}; {fix}")
    if corpus.is_relative_to(index):
        raise UnsafeLayoutError(
            f"the index directory {index_dir} contains the corpus folder {corpus_dir}; {fix}"
        )


def outside_index(
    files: list[Path], corpus_dir: str | os.PathLike[str], index_dir: str | os.PathLike[str]
) -> list[Path]:
    """Return *files* (listed under *corpus_dir*) without those inside *index_dir*."""
    corpus, index = Path(corpus_dir).resolve(), Path(index_dir).resolve()
    if not index.is_relative_to(corpus):
        return files
    inside = index.relative_to(corpus).parts
    root = Path(corpus_dir)
    return [
        path for path in files
        if not path.is_relative_to(root) or path.relative_to(root).parts[: len(inside)] != inside
    ]
