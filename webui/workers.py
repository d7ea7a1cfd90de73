"""Serve one listening socket from several waitress processes.

Python runs one thread at a time per process, and a search is CPU work, so
one process uses one core however many threads it has.  With ``workers > 1``
the parent opens the socket, forks that many children, and each child serves
it with its own waitress threads and its own index handles (opened after the
fork: file positions must not be shared between processes; the parent closes
its own index first, see :func:`webui.searcher.close_index`, so no child
inherits a reader pin the parent would then hold forever).  The kernel
hands each new connection to one waiting child.  The parent only watches:
it restarts a child that dies and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import waitress
from flask import Flask

import indexer

from . import searcher
from .serving import BACKLOG

__all__ = ["listen", "serve_workers", "warm_up_in_background"]

# Seconds between two looks for a rebuild's new generation by an idle process.
FOLLOW_SECONDS = 1.0
# A child that dies sooner than this after its start is not restarted in a loop.
_MIN_CHILD_LIFETIME_SECONDS = 1.0


def listen(host: str, port: int) -> socket.socket:
    """Return a listening TCP socket bound to *host*:*port* (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def _run_child(make_app: Callable[[], Flask], sock: socket.socket, threads: int, options: dict[str, Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    app = make_app()
    warm_up_in_background(app)
    waitress.serve(app, sockets=[sock], threads=threads, _quiet=True, **options)


def warm_up_in_background(app: Flask) -> None:
    """Open *app*'s index and read its vocabulary in a background thread, so the first visitors don't wait.

    The thread then follows rebuilds: a process that gets no request (the
    kernel may hand every connection to another worker) would otherwise keep
    the generation it opened, and its files, until its next search.
    """

    def warm_up_and_follow() -> None:
        with app.app_context():
            try:
                searcher.get_index().warm_up()
            except indexer.IndexerError:
                pass  # no index yet: requests say so and retry
            while True:
                time.sleep(FOLLOW_SECONDS)
                try:
                    searcher.get_index().refresh()
                except (indexer.IndexerError, OSError):
                    pass  # a rebuild in progress or no index: the next look tries again

    threading.Thread(target=warm_up_and_follow, name="warm-up", daemon=True).start()


def _fork(make_app: Callable[[], Flask], sock: socket.socket, threads: int, options: dict[str, Any]) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            _run_child(make_app, sock, threads, options)
        finally:
            os._exit(0)
    return pid


def serve_workers(
    make_app: Callable[[], Flask], sock: socket.socket, workers: int, threads: int,
    options: dict[str, Any] | None = None,
) -> None:
    """Serve *sock* from *workers* forked processes until SIGINT or SIGTERM.

    :param make_app: builds the application in each child, after the fork.
    :param options: more waitress settings (see :func:`webui.serving.waitress_options`).
    """
    options = options or {}
    children = {_fork(make_app, sock, threads, options): time.monotonic() for _ in range(workers)}
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while children:
        try:
            pid, _ = os.wait()
        except ChildProcessError:
            break
        started = children.pop(pid, None)
        if started is None or stopping:
            continue
        if time.monotonic() - started < _MIN_CHILD_LIFETIME_SECONDS:
            print(f"worker {pid} died at start; not restarting it", file=sys.stderr)
            continue
        children[_fork(make_app, sock, threads, options)] = time.monotonic()
    sock.close()
