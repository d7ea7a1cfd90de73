"""The extraction worker: a fresh interpreter that reads the files its pool sends it, one at a time.

The pool's side (which worker reads what, timeouts, replacing the dead) is
:mod:`indexer.formats.pool`; this module is what runs in the worker, and
our end of its socket.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection

from ..errors import UnreadableDocument
from . import extract
from .document import Extracted

__all__ = ["Result", "Worker", "death_reason", "extract_safely"]

_PR_SET_PDEATHSIG = 1
_REASON_MAX_CHARS = 200
_ReaderFn = Callable[[bytes, str], Extracted]
Result = Extracted | UnreadableDocument


def extract_safely(data: bytes, name: str, reader: _ReaderFn = extract) -> Result:
    """Return what *reader* makes of the file, or the :class:`UnreadableDocument` saying why not.

    An unexpected error of a reader's library (a bug met on a strange file)
    is a refusal with its message, not a crash of the build.
    """
    try:
        return reader(data, name)
    except UnreadableDocument as refusal:
        return refusal
    except MemoryError:
        return UnreadableDocument("mémoire dépassée")
    except RecursionError:
        return UnreadableDocument("document trop imbriqué")
    except Exception as error:  # noqa: BLE001 - any library error refuses this file only
        message = f"le lecteur a échoué ({type(error).__name__}: {error})"
        return UnreadableDocument(message[:_REASON_MAX_CHARS])


# The worker stands in an empty module for the top package before importing
# this one: the package's own __init__ would import the whole engine (Whoosh,
# the search side, numpy), some 0.25 s and 40 MiB per worker that reading
# files never uses.  Readers import what they need from its subpackages.
_PACKAGE = __name__.split(".", 1)[0]
_PACKAGE_PATH = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
_WORKER_CODE = (
    "import sys, json, types; sys.path[:] = json.loads(sys.argv[1]); "
    "package = types.ModuleType(sys.argv[4]); package.__path__ = json.loads(sys.argv[5]); "
    "sys.modules[sys.argv[4]] = package; "
    "from indexer.formats.worker import _worker_main; _worker_main(int(sys.argv[2]), int(sys.argv[3]))"
)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)


def _worker_main(descriptor: int, parent: int) -> None:
    """Run in a worker: take the limits and the reader, then read each file sent and send back the result."""
    _die_with_parent(parent)
    connection = Connection(descriptor)
    memory_bytes, reader = connection.recv()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        try:
            data, name = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(extract_safely(data, name, reader))


class Worker:
    """A worker process and our end of the socket it reads files from."""

    def __init__(self, memory_bytes: int, reader: _ReaderFn) -> None:
        # A plain subprocess rather than multiprocessing's spawn, which runs
        # the caller's main module again in each worker.
        ours, theirs = socket.socketpair()
        path = json.dumps(sys.path)
        command = [sys.executable, "-c", _WORKER_CODE, path, str(theirs.fileno()), str(os.getpid()),
                   _PACKAGE, json.dumps(_PACKAGE_PATH)]
        # A library that prints what it could not parse (odfpy dumps the
        # whole XML) must not fill the build's output: a worker has no stdout.
        self.process = subprocess.Popen(
            command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.connection.send((memory_bytes, reader))
        self.task: int | None = None
        self.deadline = 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.connection.close()


def death_reason(exitcode: int) -> str:
    """Return the refusal reason for a worker that exited with *exitcode* (negative: killed by that signal)."""
    if exitcode < 0:
        try:
            return f"le lecteur s'est arrêté (signal {signal.Signals(-exitcode).name})"
        except ValueError:
            pass
    return f"le lecteur s'est arrêté (code {exitcode})"
