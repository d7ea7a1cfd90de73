"""The layout of an index directory, and how a new index replaces the old one.

An index directory holds complete indexes side by side, one per build
("generations", ``gen-*`` folders), and a ``CURRENT`` file naming the one
that serves.  A build writes a new generation while readers keep using the
current one, then replaces ``CURRENT`` with an atomic rename: a reader sees
the old index or the new one, never a mix, and a build that fails or is
killed only leaves an unused folder that the next build removes.  The
previous generation is kept so that searches in flight can finish.

An update starts its generation as a copy of the serving one made of hard
links (:func:`link_generation`): Whoosh never rewrites a file it has
written (segments are write-once, and each commit writes a new table of
contents under a new name), so the update's writer only adds files and
removes its own links, and the serving generation stays byte for byte as it
was.  Files the indexer rewrites (manifest, vocabulary) are never linked.

One writer at a time holds ``.lock`` (an advisory ``flock``, released by the
kernel when its process dies, so a crash never leaves a stale lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import IndexLockedError, IndexNotFoundError

__all__ = [
    "CURRENT_FILE",
    "current_generation",
    "new_generation",
    "publish",
    "prune",
    "staged_generation",
    "link_generation",
    "writer_lock",
    "require_current_generation",
]

CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
GENERATION_PREFIX = "gen-"
# Seconds between two attempts to take the writer lock when waiting for it.
_LOCK_POLL_SECONDS = 0.1


def current_generation(index_dir: str | os.PathLike[str]) -> Path | None:
    """Return the folder of the generation that serves, or None when there is none."""
    root = Path(index_dir)
    try:
        name = (root / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    generation = root / name
    return generation if name.startswith(GENERATION_PREFIX) and generation.is_dir() else None


def require_current_generation(index_dir: str | os.PathLike[str]) -> Path:
    """Return the serving generation's folder.

    :raises IndexNotFoundError: when *index_dir* holds no built index.
    """
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexNotFoundError(
            f"no index in {index_dir}; run python -m indexer rebuild --index {index_dir}"
        )
    return generation


def new_generation(index_dir: str | os.PathLike[str]) -> Path:
    """Create and return an empty folder for a new generation."""
    root = Path(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    name = f"{GENERATION_PREFIX}{time.time_ns():020d}-{os.getpid()}"
    generation = root / name
    generation.mkdir()
    return generation


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(directory: Path) -> None:
    for path in directory.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_directory(directory)


def publish(index_dir: str | os.PathLike[str], generation: Path) -> None:
    """Make *generation* the serving index, atomically and durably."""
    root = Path(index_dir)
    _fsync_tree(generation)
    pending = root / (CURRENT_FILE + ".new")
    with open(pending, "w", encoding="utf-8") as out:
        out.write(generation.name + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(pending, root / CURRENT_FILE)
    _fsync_directory(root)


def prune(index_dir: str | os.PathLike[str], keep: Path | None = None) -> None:
    """Remove every generation but the current one and *keep*; call with the writer lock held."""
    root = Path(index_dir)
    current = current_generation(root)
    wanted = {path.name for path in (current, keep) if path is not None}
    for path in root.glob(GENERATION_PREFIX + "*"):
        if path.name not in wanted and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def staged_generation(index_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a new empty generation folder, then publish it if the block succeeds.

    Leftovers of killed writers are removed first; if the block raises, its
    folder is removed and the previous index keeps serving.  Call it with
    the writer lock held.
    """
    previous = current_generation(index_dir)
    prune(index_dir, keep=previous)
    generation = new_generation(index_dir)
    try:
        yield generation
        publish(index_dir, generation)
    except BaseException:
        prune(index_dir, keep=previous)
        raise
    prune(index_dir, keep=previous)


def link_generation(source: Path, target: Path, exclude: Iterable[str] = ()) -> None:
    """Fill the empty folder *target* with hard links to the files of *source* (but *exclude*).

    Where the file system has no hard links, the files are copied.
    """
    left_out = set(exclude)
    for path in source.iterdir():
        if path.name not in left_out and path.is_file():
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)


@contextlib.contextmanager
def writer_lock(index_dir: str | os.PathLike[str], wait: float = 0.0) -> Iterator[None]:
    """Hold the index's writer lock for the duration of the block.

    :param wait: seconds to wait for another writer to finish; 0 fails at once.
    :raises IndexLockedError: when another build or update keeps the lock.
    """
    root = Path(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    with open(root / LOCK_FILE, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"another rebuild or update is writing {root}; wait for it to finish "
                        "and run the command again, or pass --wait SECONDS"
                    ) from None
                time.sleep(_LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
