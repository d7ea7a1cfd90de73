"""Find the original file of an indexed document, for serving it: only inside the corpus folder.

The id alone decides nothing: it must be a document the index holds (its
manifest lists it), it is joined to the corpus folder the manifest
recorded, and the path, once every symbolic link is resolved, must still lie
inside that folder and be a regular file.  A link out of the corpus (indexed
with ``--follow-links``), a ``..`` in the id, or a file removed since the
build give nothing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["OriginalFile", "original_file"]


@dataclass(frozen=True)
class OriginalFile:
    """The file an indexed document was read from: its real path, format (``kind``) and name."""

    path: Path
    kind: str
    name: str


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def original_file(manifest: dict[str, Any], source: str) -> OriginalFile | None:
    """Return the original of the indexed document *source*, or None when it cannot be served.

    :param manifest: the serving generation's manifest (``corpus_dir``, ``files``).
    """
    files = manifest.get("files")
    corpus_dir = manifest.get("corpus_dir")
    if not isinstance(files, dict) or not isinstance(corpus_dir, str) or source not in files:
        return None
    parts = PurePosixPath(source).parts
    if not parts or PurePosixPath(source).is_absolute() or any(part in ("..", ".") for part in parts):
        return None
    root = os.path.realpath(corpus_dir)
    real = os.path.realpath(os.path.join(root, *parts))
    if not _inside(real, root) or real == root:
        return None
    try:
        if not stat.S_ISREG(os.stat(real).st_mode):
            return None
    except OSError:
        return None
    entry = files[source]
    kind = entry.get("kind", "txt") if isinstance(entry, dict) else "txt"
    return OriginalFile(Path(real), str(kind), parts[-1])
