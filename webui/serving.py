"""How the server listens: connection limits, idle timeouts, and which addresses are loopback.

Waitress's defaults (100 connections, idle ones kept two minutes) let about a
hundred idle or half-open sockets from one client keep everyone else out.
The limits here hold a thousand connections and close idle ones after
:data:`IDLE_TIMEOUT_SECONDS`; they do not make the server fit for the open
internet, where a reverse proxy with per-client limits belongs in front
(see the README's Security section).
"""

from __future__ import annotations

import ipaddress
import resource
import socket
from typing import Any

__all__ = [
    "CONNECTION_LIMIT",
    "BACKLOG",
    "IDLE_TIMEOUT_SECONDS",
    "LOOPBACK_NAMES",
    "BadHost",
    "check_host",
    "is_loopback",
    "waitress_options",
]

# Open connections one process serves at once; beyond it waitress stops
# accepting until some close.  Each costs one file descriptor and a few kB.
CONNECTION_LIMIT = 1000
# Connections the kernel queues before the server accepts them (capped by
# net.core.somaxconn).
BACKLOG = 2048
# A connection that sends nothing for this long, with no request running,
# is closed: half-open and forgotten keep-alive sockets do not pile up.
IDLE_TIMEOUT_SECONDS = 30
# How often, at most, idle connections are looked for (waitress checks on a timer).
_MAX_CLEANUP_INTERVAL_SECONDS = 10
# File descriptors kept beyond the connections: index files, the listening socket, logs.
_SPARE_FILE_DESCRIPTORS = 200
# The names a browser on this machine uses for a loopback server.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class BadHost(ValueError):
    """The address given to listen on is neither an IP address nor a name that resolves."""


def check_host(host: str) -> list[str]:
    """Return the IP addresses *host* stands for.

    :raises BadHost: with one line saying why the server cannot listen there.
    """
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise BadHost(f"cannot listen on {host!r}: not an IP address or a known host name") from None
    return sorted({str(info[4][0]) for info in infos})


def is_loopback(host: str) -> bool:
    """Return whether every address *host* stands for is a loopback one (only this machine can connect).

    :raises BadHost: when *host* is not an address or a known name.
    """
    return all(ipaddress.ip_address(address).is_loopback for address in check_host(host))


def waitress_options(idle_timeout: int = IDLE_TIMEOUT_SECONDS) -> dict[str, Any]:
    """Return the waitress settings that bound connections, for ``create_server`` and ``serve``."""
    _raise_file_limit(CONNECTION_LIMIT + _SPARE_FILE_DESCRIPTORS)
    return {
        "connection_limit": CONNECTION_LIMIT,
        "backlog": BACKLOG,
        "channel_timeout": idle_timeout,
        "cleanup_interval": max(1, min(_MAX_CLEANUP_INTERVAL_SECONDS, idle_timeout // 2)),
        # select() cannot watch descriptors past 1023; poll() has no such limit.
        "asyncore_use_poll": True,
    }


def _raise_file_limit(wanted: int) -> None:
    """Raise this process's soft limit of open files towards *wanted*, within the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
