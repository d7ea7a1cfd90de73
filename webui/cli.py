"""Command line: ``python -m webui`` builds the index when there is none, then serves it.

The server is waitress, a production WSGI server; Flask's development server
and debug mode are never used.  With ``--watch``, a :class:`indexer.CorpusWatcher`
follows the corpus folder in the same process and updates the index shortly
after files change; the served index follows each update by itself.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click
import waitress

import indexer

from . import create_app, searcher
from .auth import MIN_TOKEN_CHARS
from .health import check_index
from .hosts import allowed_hosts
from .serving import IDLE_TIMEOUT_SECONDS, BadHost, is_loopback, waitress_options
from .workers import listen, serve_workers, warm_up_in_background

__all__ = ["serve", "TOKEN_ENVVAR"]

# Read by --token: an environment variable does not show in `ps` as an argument does.
TOKEN_ENVVAR = "FR_SEARCH_TOKEN"


def _build(corpus_dir: str, index_dir: str) -> None:
    click.echo(f"no index in {index_dir}: building it from {corpus_dir}")
    report = indexer.build_index(corpus_dir, index_dir, progress=True)
    # Names come from the corpus: their control characters are shown escaped.
    for line in report.summary():
        click.echo(indexer.terminal_line(line))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; off loopback an access token is required.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--index", "index_dir", default="index", show_default=True,
              type=click.Path(file_okay=False), help="Index directory.")
@click.option("--corpus", "corpus_dir", default="seeds", show_default=True,
              type=click.Path(file_okay=False), help="Corpus to index when there is no index yet.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(min=1),
              help="Worker threads answering requests.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Server processes sharing the port (searches are CPU work: one per core).")
@click.option("--watch", is_flag=True,
              help="Follow the corpus folder and update the index shortly after files change.")
@click.option("--allowed-host", "allowed_host", multiple=True, metavar="NAME",
              help="Another name clients use for this server (Host header); repeatable.")
@click.option("--token", envvar=TOKEN_ENVVAR, show_envvar=True, metavar="TOKEN",
              help=f"Access token every page and API call needs (at least {MIN_TOKEN_CHARS} characters; "
                   "prefer the environment variable: the command line is visible to other users).")
@click.option("--no-token", "no_token", is_flag=True,
              help="Serve off loopback without an access token: anyone who reaches the port reads everything.")
@click.option("--secure-cookies", is_flag=True,
              help="Mark the login cookie Secure (when a reverse proxy serves the site over https).")
@click.option("--idle-timeout", default=IDLE_TIMEOUT_SECONDS, show_default=True, type=click.IntRange(min=1),
              help="Seconds after which a connection that sends nothing is closed.")
def serve(
    host: str, port: int, index_dir: str, corpus_dir: str, threads: int, workers: int, watch: bool,
    allowed_host: tuple[str, ...], token: str | None, no_token: bool, secure_cookies: bool, idle_timeout: int,
) -> None:
    """Serve the French search web UI and its JSON API."""
    config = {"INDEX_DIR": index_dir, "CORPUS_DIR": corpus_dir, "SECURE_COOKIES": secure_cookies,
              **_access_config(host, allowed_host, token, no_token)}
    options = waitress_options(idle_timeout)
    app = create_app(config)
    try:
        # Open the shared index now: errors show here, not to the first visitor.
        with app.app_context():
            _open_index(corpus_dir, index_dir)
        if workers > 1:
            sock = listen(host, port)
            # Children open their own index: the parent, which only watches
            # them, must not hold (and hand down) a reader pin forever.
            with app.app_context():
                searcher.close_index()
        else:
            server = waitress.create_server(app, host=host, port=port, threads=threads, **options)
    except (indexer.IndexerError, OSError) as error:
        _fail(str(error))
    watcher = _start_watching(corpus_dir, index_dir) if watch else None
    try:
        if workers > 1:
            click.echo(f"Serving on http://{_url_host(host)}:{sock.getsockname()[1]} ({workers} processes)")
            # Each process opens its own index after the fork (see webui.workers).
            serve_workers(lambda: create_app(config), sock, workers, threads, options)
            return
        warm_up_in_background(app)
        click.echo(f"Serving on http://{_url_host(host)}:{server.effective_port}")
        server.run()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        if watcher is not None:
            watcher.stop()


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _access_config(host: str, extra_hosts: tuple[str, ...], token: str | None, no_token: bool) -> dict[str, Any]:
    """Return the Host and token settings for *host*, or exit with one line when they are unsafe."""
    try:
        loopback = is_loopback(host)
    except BadHost as error:
        _fail(str(error))
    token = token or None
    if token is not None and no_token:
        _fail("--token and --no-token contradict each other: give one of them")
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        _fail(f"the access token is too short: at least {MIN_TOKEN_CHARS} characters "
              '(python -c "import secrets; print(secrets.token_urlsafe(32))" makes one)')
    if not loopback and token is None and not no_token:
        _fail(f"--host {host} can be reached from other machines: give an access token "
              f"(--token or {TOKEN_ENVVAR}), or --no-token to serve without one")
    if not loopback and token is None:
        click.echo(f"WARNING: serving {host} with no access token: anyone who can reach this port "
                   "can read every indexed document", err=True)
    wildcard = host.strip("[]") in ("0.0.0.0", "::")
    hosts = allowed_hosts(host, loopback or wildcard, extra_hosts)
    if wildcard and not extra_hosts:
        click.echo(f"note: answering requests for {', '.join(hosts)} only; add the names clients use "
                   "with --allowed-host", err=True)
    return {"ALLOWED_HOSTS": hosts, "ACCESS_TOKEN": token}


def _open_index(corpus_dir: str, index_dir: str) -> None:
    """Open the index (building it when there is none) and search it once; exit with one line if it is damaged."""
    try:
        searcher.get_index()
    except indexer.IndexNotFoundError:
        _build(corpus_dir, index_dir)
    except Exception as error:  # a damaged index raises anything: say so in one line, not a traceback
        _damaged(corpus_dir, index_dir, error)
    try:
        check_index(searcher.get_index())
    except indexer.IndexNotFoundError:
        raise
    except Exception as error:
        _damaged(corpus_dir, index_dir, error)


def _damaged(corpus_dir: str, index_dir: str, error: Exception) -> NoReturn:
    detail = str(error).strip()
    reason = f"{type(error).__name__}: {detail.splitlines()[0]}" if detail else type(error).__name__
    _fail(f"the index in {index_dir} cannot be read ({reason}); "
          f"rebuild it: python -m indexer rebuild --corpus {corpus_dir} --index {index_dir}")


def _start_watching(corpus_dir: str, index_dir: str) -> indexer.CorpusWatcher:
    """Start updating the index from the corpus folder in the background; report each update."""

    def on_update(report: indexer.UpdateReport) -> None:
        if report.changes or report.rebuilt:
            click.echo("\n".join(report.summary()))

    def on_error(error: Exception) -> None:
        click.echo(f"error: update failed: {error}", err=True)

    watcher = indexer.CorpusWatcher(corpus_dir, index_dir, on_update=on_update, on_error=on_error)
    try:
        watcher.start()
    except (indexer.IndexerError, OSError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"watching {corpus_dir}: changes reach the index about {watcher.debounce:g} s after they stop")
    return watcher
