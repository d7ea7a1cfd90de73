"""The layout of an index directory, and how a new index replaces the old one.

An index directory holds complete indexes side by side, one per build
("generations", ``gen-*`` folders), and a ``CURRENT`` file naming the one
that serves.  A build writes a new generation while readers keep using the
current one, then replaces ``CURRENT`` with an atomic rename: a reader sees
the old index or the new one, never a mix, and a build that fails or is
killed only leaves an unused folder that a later build removes.

Only what the indexer provably made is ever removed: each generation gets,
as its folder is made, a marker file (:data:`MARKER_FILE`) holding the
folder's name; a folder without it (a user's ``gen-2023``, a generation
copied under another name) is never touched (see also :mod:`indexer.layout`).

Readers pin the generation they read (:func:`pin_generation`): a shared
``flock`` on the generation's :data:`READERS_FILE`.  :func:`prune` takes an
exclusive lock on that file before removing a generation and skips one that
a reader in any process holds; it never removes the serving generation nor
the one it is asked to keep.

An update starts its generation as a copy of the serving one made of hard
links (:func:`link_generation`): Whoosh never rewrites a file it has
written, so the serving generation stays byte for byte as it was.  Files
the indexer rewrites (manifest, vocabulary) are never linked.

One writer at a time holds ``.lock`` (see :mod:`indexer._locks`: released
by the kernel when its process dies, and not kept by forked children).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import _locks
from ._locks import LOCK_FILE, writer_lock
from .errors import GenerationGoneError, IndexCorruptError, IndexNotFoundError

__all__ = [
    "CURRENT_FILE",
    "LOCK_FILE",
    "MARKER_FILE",
    "READERS_FILE",
    "GenerationPin",
    "current_generation",
    "is_generation",
    "link_generation",
    "new_generation",
    "pin_generation",
    "prune",
    "publish",
    "require_current_generation",
    "staged_generation",
    "writer_lock",
]

CURRENT_FILE = "CURRENT"
GENERATION_PREFIX = "gen-"
#: In every generation the indexer made: the generation's folder name.
MARKER_FILE = ".fr-search-generation"
#: In every generation: readers hold a shared lock on it (see :func:`pin_generation`).
READERS_FILE = ".readers"
# Generation names are read back from CURRENT: at most this long, one path segment.
_MAX_NAME_CHARS = 200


def _generation_name(raw: bytes) -> str | None:
    """Return the generation name *raw* (the bytes of CURRENT) holds, None when it holds none."""
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    plain = name.startswith(GENERATION_PREFIX) and len(name) <= _MAX_NAME_CHARS
    return name if plain and "/" not in name and "\0" not in name and name != ".." else None


def current_generation(index_dir: str | os.PathLike[str]) -> Path | None:
    """Return the folder of the generation that serves, or None when there is none (or CURRENT is unreadable)."""
    root = Path(index_dir)
    try:
        raw = (root / CURRENT_FILE).read_bytes()
    except OSError:
        return None
    name = _generation_name(raw)
    generation = root / name if name is not None else None
    return generation if generation is not None and generation.is_dir() else None


def require_current_generation(index_dir: str | os.PathLike[str]) -> Path:
    """Return the serving generation's folder.

    :raises IndexCorruptError: when ``CURRENT`` exists but names no generation.
    :raises IndexNotFoundError: when *index_dir* holds no built index.
    """
    generation = current_generation(index_dir)
    if generation is not None:
        return generation
    fix = f"run python -m indexer rebuild --index {index_dir}"
    if os.path.lexists(Path(index_dir) / CURRENT_FILE):
        raise IndexCorruptError(f"the index in {index_dir} is damaged: {CURRENT_FILE} names no generation; {fix}")
    raise IndexNotFoundError(f"no index in {index_dir}; {fix}")


def is_generation(path: Path) -> bool:
    """Return whether *path* is a generation folder the indexer made (its marker names it)."""
    if path.is_symlink() or not path.is_dir():
        return False
    marker = path / MARKER_FILE
    try:
        if marker.is_symlink() or not marker.is_file():
            return False
        return marker.read_text(encoding="utf-8").strip() == path.name
    except (OSError, UnicodeDecodeError):
        return False


def _create_file(path: Path, content: bytes) -> None:
    with open(path, "xb") as out:
        out.write(content)


def new_generation(index_dir: str | os.PathLike[str]) -> Path:
    """Create and return a new generation folder, empty but for its marker and readers' file."""
    root = Path(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    name = f"{GENERATION_PREFIX}{time.time_ns():020d}-{os.getpid()}"
    generation = root / name
    generation.mkdir()
    try:
        _create_file(generation / MARKER_FILE, (name + "\n").encode("utf-8"))
        _create_file(generation / READERS_FILE, b"")
    except BaseException:
        # The folder was made a moment ago by this call: it is ours to remove.
        for leftover in (READERS_FILE, MARKER_FILE):
            with contextlib.suppress(FileNotFoundError):
                (generation / leftover).unlink()
        generation.rmdir()
        raise
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
    """Make *generation* the serving index, atomically and durably.

    A ``CURRENT`` that is a folder (never written by the indexer) cannot be
    replaced by a rename: it is moved aside under a new name, not removed.
    """
    root = Path(index_dir)
    _fsync_tree(generation)
    pending = root / (CURRENT_FILE + ".new")
    with open(pending, "w", encoding="utf-8") as out:
        out.write(generation.name + "\n")
        out.flush()
        os.fsync(out.fileno())
    target = root / CURRENT_FILE
    if target.is_dir() and not target.is_symlink():
        target.rename(root / f"{CURRENT_FILE}.moved-aside-{time.time_ns()}")
    os.replace(pending, target)
    _fsync_directory(root)


def _remove_generation(path: Path) -> None:
    """Remove the generation *path* unless a reader pins it; a failure leaves it for a later prune."""
    readers = path / READERS_FILE
    try:
        fd = _locks.try_exclusive(readers)
    except FileNotFoundError:
        fd = -1  # no readers' file: no reader can pin it any more
    except OSError:
        return
    if fd is None:
        return  # pinned
    try:
        with contextlib.suppress(FileNotFoundError):
            readers.unlink()
        for entry in path.iterdir():
            if entry.name == MARKER_FILE:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        # The marker goes last: a removal cut short stays recognisable as ours.
        (path / MARKER_FILE).unlink()
        path.rmdir()
    except OSError:
        pass
    finally:
        if fd >= 0:
            _locks.release(fd)


def prune(index_dir: str | os.PathLike[str], keep: Path | None = None) -> None:
    """Remove the generations made by the indexer, but the current one, *keep* and the pinned ones.

    Call it with the writer lock held.
    """
    root = Path(index_dir)
    current = current_generation(root)
    wanted = {path.name for path in (current, keep) if path is not None}
    for path in sorted(root.glob(GENERATION_PREFIX + "*")):
        if path.name not in wanted and is_generation(path):
            _remove_generation(path)


@contextlib.contextmanager
def staged_generation(index_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a new generation folder, then publish it if the block succeeds.

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
    """Fill the new generation *target* with hard links to the index files of *source* (but *exclude*).

    The marker and readers' file are the generation's own, never linked.
    Where the file system has no hard links, the files are copied.
    """
    left_out = set(exclude) | {MARKER_FILE, READERS_FILE}
    for path in source.iterdir():
        if path.name not in left_out and path.is_file():
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)


class GenerationPin(_locks.HeldLock):
    """A reader's hold on a generation: :func:`prune` leaves it in place until :meth:`close`."""


def pin_generation(path: str | os.PathLike[str]) -> GenerationPin:
    """Pin the generation folder *path* for reading; hold the pin as long as its files are read.

    The pin is a shared ``flock`` on a descriptor opened ``O_CLOEXEC`` and
    read-only (a reader needs no write access): programs started with
    ``exec`` never hold it, but a child made by ``fork`` shares it until
    the child closes its copy too.  Generations built before markers
    existed are never pruned, so their pin holds nothing.

    :raises GenerationGoneError: when the generation is being removed or is
        gone: read ``CURRENT`` again and pin the generation it names.
    """
    generation = Path(path)
    readers = generation / READERS_FILE
    gone = GenerationGoneError(f"generation {generation} is gone; read {CURRENT_FILE} again")
    try:
        fd = _locks.acquire_shared(readers)
    except FileNotFoundError:
        if generation.is_dir() and not is_generation(generation):
            return GenerationPin(generation, None)
        raise gone from None
    except OSError as error:
        raise gone from error
    if fd is None:
        raise gone
    # A pruner may have unlinked the file between our open and our lock.
    try:
        same = os.path.samestat(os.fstat(fd), os.stat(readers))
    except OSError:
        same = False
    if not same:
        os.close(fd)
        raise gone
    return GenerationPin(generation, fd)
