"""File locks that die with their process, and that forked children do not keep.

Every lock here is an advisory ``flock``.  The kernel attaches it to the
open file, not to the process, and drops it when the last descriptor of that
open file is closed: a killed process never leaves a stale lock behind.

``fork`` copies descriptors, and with them a share of each lock.  Whoosh's
multiprocess writer forks its indexing processes while the writer lock is
held; when the parent was killed with ``kill -9``, those children (blocked
on a queue nobody fills any more) slept forever and kept the lock.  So the
writer lock registers its descriptor while held, and a fork handler runs in
every child: it points each such descriptor at ``/dev/null`` (the child
gives up its share of the lock, and the number stays valid, so nothing the
child closes later can hit another file), then asks the kernel to kill the
child when its parent dies (``PR_SET_PDEATHSIG`` on Linux).

Shared locks (the readers' pins on a generation) are left to children on
purpose: a forked reader may go on reading the generation it inherited.
Descriptors are opened ``O_CLOEXEC``, so no program started with ``exec``
ever holds a lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from .errors import IndexLockedError, index_write_error

__all__ = ["LOCK_FILE", "HeldLock", "writer_lock", "acquire_exclusive", "acquire_shared", "release", "try_exclusive"]

LOCK_FILE = ".lock"
# Seconds between two attempts to take a lock when waiting for it.
_LOCK_POLL_SECONDS = 0.1
# linux/prctl.h: deliver a signal to this process when its parent dies.
_PR_SET_PDEATHSIG = 1

_registry_lock = threading.Lock()
# Descriptors of the writer locks this process holds, with the holder's pid.
_writer_fds: dict[int, int] = {}


def _in_forked_child() -> None:
    """Fork handler: drop the child's share of the writer locks and tie its life to the parent's."""
    held = dict(_writer_fds)
    if not held:
        return
    _writer_fds.clear()
    null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    try:
        for fd in held:
            os.dup2(null, fd, inheritable=False)
    finally:
        os.close(null)
    _die_with_parent(next(iter(held.values())))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent exits (no effect elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        return
    # The parent may have died between the fork and the prctl call.
    if os.getppid() != parent:
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_in_forked_child)


def _open(path: Path, create: bool) -> int:
    flags = os.O_CLOEXEC | os.O_NOFOLLOW
    flags |= (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY
    return os.open(path, flags, 0o644)


def acquire_exclusive(path: Path, wait: float) -> int | None:
    """Take the writer lock on *path* (created if needed); return its descriptor, None if still held.

    :param wait: seconds to keep trying while another process holds it.
    :raises OSError: when the lock file cannot be opened.
    """
    fd = _open(path, create=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                return None
            time.sleep(_LOCK_POLL_SECONDS)
    with _registry_lock:
        _writer_fds[fd] = os.getpid()
    return fd


def release(fd: int) -> None:
    """Release and close a lock taken by :func:`acquire_exclusive` or :func:`try_exclusive`."""
    with _registry_lock:
        _writer_fds.pop(fd, None)
    os.close(fd)


def try_exclusive(path: Path) -> int | None:
    """Take an exclusive lock on the existing file *path* without waiting; None when it is held.

    The descriptor is not registered for forks: it is held only for the
    moment of a removal.

    :raises OSError: when *path* cannot be opened (``FileNotFoundError`` when it is gone).
    """
    fd = _open(path, create=False)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def acquire_shared(path: Path) -> int | None:
    """Take a shared lock on the existing file *path* without waiting; None while an exclusive one is held.

    The lock lasts until the returned descriptor is closed; closing it is all
    a holder needs to do (an explicit unlock would also drop the share a
    forked child holds through the same open file).

    :raises OSError: when *path* cannot be opened (``FileNotFoundError`` when it is gone).
    """
    fd = _open(path, create=False)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def writer_lock(index_dir: str | os.PathLike[str], wait: float = 0.0) -> Iterator[None]:
    """Hold the index's writer lock for the duration of the block.

    An ``OSError`` raised in the block (a full disk, a read-only folder) is
    turned into an :class:`IndexWriteError` naming the index directory.

    :param wait: seconds to wait for another writer to finish; 0 fails at once.
    :raises IndexLockedError: when another build or update keeps the lock.
    :raises IndexWriteError: when the index cannot be written.
    """
    root = Path(index_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = acquire_exclusive(root / LOCK_FILE, wait)
    except OSError as error:
        raise index_write_error(root, error) from error
    if fd is None:
        raise IndexLockedError(
            f"another rebuild or update is writing {root}; wait for it to finish "
            "and run the command again, or pass --wait SECONDS"
        )
    try:
        yield
    except OSError as error:
        raise index_write_error(root, error) from error
    finally:
        release(fd)


class HeldLock:
    """A lock held through one descriptor on a file of *path*'s folder; closing it releases the lock."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    @property
    def closed(self) -> bool:
        """Whether the lock was released (or there was nothing to hold)."""
        return self._fd is None

    def close(self) -> None:
        """Release the lock (closing it twice is harmless)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> HeldLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
