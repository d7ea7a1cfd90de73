"""One writer at a time per alias: a lock document in ``<alias>-meta``, held under a lease.

A rebuild deletes the unfinished generations it finds, so a second rebuild
started while a first one runs would delete the first one's new index.
Before it touches anything, a rebuild therefore creates the document
:data:`LOCK_ID` with ``op_type=create``: OpenSearch lets exactly one of two
concurrent creations succeed.  The document names its holder (host, PID, a
random token) and a lease end; the holder renews the lease every
:data:`RENEW_SECONDS` from a background thread and deletes the document
when done.  An update takes the same lock (it changes the serving index in
place, and a rebuild moving the alias meanwhile would lose its changes).
A rebuild that was killed cannot delete it: the next one takes
the lock over once the lease has run out, or at once when the holder was a
process of this very host that no longer exists.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from ..errors import IndexWriteError
from . import client as cluster
from .location import Location

__all__ = ["LOCK_ID", "LEASE_SECONDS", "RENEW_SECONDS", "Lease", "rebuild_lock"]

LOCK_ID = "rebuild-lock"
# Seconds a lock stays valid without renewal: how long a rebuild killed on
# another machine keeps the next one waiting.
LEASE_SECONDS = 120
# Seconds between two renewals: several renewals fit in a lease, so one slow request loses nothing.
RENEW_SECONDS = 20


class Lease:
    """The lock as this rebuild holds it: renewed in the background until released."""

    def __init__(self, client: OpenSearch, place: Location, holder: dict[str, Any], version: dict[str, Any]) -> None:
        self.client = client
        self.place = place
        self.holder = holder
        self._version = version
        self._lost: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew_until_stopped, name="rebuild-lease", daemon=True)
        self._thread.start()

    def _renew_until_stopped(self) -> None:
        while not self._stop.wait(RENEW_SECONDS):
            try:
                self._version = _write(self.client, self.place, self.holder, self._version)
            except os_errors.ConflictError:
                self._lost = "another rebuild took the lock over after its lease ran out"
                return
            except (os_errors.ConnectionError, os_errors.TransportError):
                # A node answering late this once: the next renewal still falls inside the lease.
                continue

    def check(self) -> None:
        """Make sure the lock is still ours before the alias moves.

        :raises IndexWriteError: when another rebuild took it over.
        """
        if self._lost is not None:
            raise IndexWriteError(f"the rebuild of {self.place} stopped: {self._lost}; "
                                  "the previous index still serves")

    def release(self) -> None:
        """Stop renewing and delete the lock document, if it is still ours."""
        self._stop.set()
        self._thread.join()
        if self._lost is not None:
            return
        # Gone, taken over, or the cluster unreachable (the lease then runs out by itself):
        # nothing to report over what the rebuild itself raised or returned.
        with contextlib.suppress(os_errors.TransportError):
            self.client.delete(index=self.place.meta_index, id=LOCK_ID, **self._version)


def _holder(task: str) -> dict[str, Any]:
    return {"kind": "rebuild-lock", "task": task, "host": socket.gethostname(), "pid": os.getpid(),
            "token": uuid.uuid4().hex, "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}


# No refresh is waited for: the lock is only ever read by id, which sees every write at once.
def _write(client: OpenSearch, place: Location, holder: dict[str, Any],
           version: dict[str, Any] | None) -> dict[str, Any]:
    """Write the lock document with a fresh lease: created when *version* is None, else replaced at that version."""
    body = {**holder, "expires": time.time() + LEASE_SECONDS}
    if version is None:
        answer = client.create(index=place.meta_index, id=LOCK_ID, body=body)
    else:
        answer = client.index(index=place.meta_index, id=LOCK_ID, body=body, **version)
    return {"if_seq_no": answer["_seq_no"], "if_primary_term": answer["_primary_term"]}


def _stale(held: dict[str, Any]) -> bool:
    """Whether a lock found in place may be taken over: its lease ran out, or its process is gone."""
    if float(held.get("expires", 0)) < time.time():
        return True
    if held.get("host") != socket.gethostname():
        return False
    try:
        os.kill(int(held.get("pid", 0)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError):
        return False
    return False


def _refusal(place: Location, held: dict[str, Any]) -> IndexWriteError:
    left = max(0, round(float(held.get("expires", 0)) - time.time()))
    return IndexWriteError(
        f"another {held.get('task') or 'rebuild'} of {place} is running (process {held.get('pid')} on {held.get('host')}, "
        f"started {held.get('started')}); wait for it to finish and run the command again "
        f"(if it was killed, its lock expires in {left} s); the index that serves is untouched"
    )


def acquire(client: OpenSearch, place: Location, task: str = "rebuild") -> Lease:
    """Take the rebuild lock of *place* for *task* (``rebuild`` or ``update``, named to whoever is refused).

    :raises IndexWriteError: when another rebuild holds it.
    :raises SearchClusterError: when the cluster refuses the requests.
    """
    cluster.ensure_meta_index(client, place)
    holder = _holder(task)
    with cluster.cluster_errors(place, "rebuild lock"):
        try:
            return Lease(client, place, holder, _write(client, place, holder, None))
        except os_errors.ConflictError:
            found = client.get(index=place.meta_index, id=LOCK_ID)
        held: dict[str, Any] = found.get("_source") or {}
        if not _stale(held):
            raise _refusal(place, held)
        try:
            # At the version read: of two rebuilds taking over the same stale lock, one wins.
            version = {"if_seq_no": found["_seq_no"], "if_primary_term": found["_primary_term"]}
            return Lease(client, place, holder, _write(client, place, holder, version))
        except os_errors.ConflictError:
            raise _refusal(place, held) from None


@contextlib.contextmanager
def rebuild_lock(client: OpenSearch, place: Location, task: str = "rebuild") -> Iterator[Lease]:
    """Hold the rebuild lock of *place* for the block, releasing it however the block ends.

    :raises IndexWriteError: when another rebuild or update holds it.
    """
    lease = acquire(client, place, task)
    try:
        yield lease
    finally:
        lease.release()
