"""Command line: ``python -m webui`` builds the index when there is none, then serves it.

The server is waitress, a production WSGI server; Flask's development server
and debug mode are never used.  With ``--watch``, a :class:`indexer.CorpusWatcher`
follows the corpus folder in the same process and updates the index shortly
after files change; the served index follows each update by itself.
"""

from __future__ import annotations

import sys

import click
import waitress

import indexer
from indexer.terminal import terminal_line

from . import create_app, searcher
from .workers import listen, serve_workers, warm_up_in_background

__all__ = ["serve"]


def _build(corpus_dir: str, index_dir: str) -> None:
    click.echo(f"no index in {index_dir}: building it from {corpus_dir}")
    report = indexer.build_index(corpus_dir, index_dir, progress=True)
    click.echo(
        f"indexed {report.documents} documents, {report.paragraphs} paragraphs "
        f"from {corpus_dir} into {index_dir} in {report.seconds:.2f} s"
    )
    # Names come from the corpus: their control characters are shown escaped.
    for doc_id, warning in report.warnings:
        click.echo(terminal_line(f"warning: {doc_id}: {warning}"))
    for skipped in report.skipped:
        click.echo(terminal_line(f"skipped: {skipped.doc_id}: {skipped.reason}"))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
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
def serve(
    host: str, port: int, index_dir: str, corpus_dir: str, threads: int, workers: int, watch: bool
) -> None:
    """Serve the French search web UI and its JSON API."""
    config = {"INDEX_DIR": index_dir, "CORPUS_DIR": corpus_dir}
    app = create_app(config)
    try:
        # Open the shared index now: errors show here, not to the first visitor.
        with app.app_context():
            try:
                searcher.get_index()
            except indexer.IndexNotFoundError:
                _build(corpus_dir, index_dir)
                searcher.get_index()
        if workers > 1:
            sock = listen(host, port)
        else:
            server = waitress.create_server(app, host=host, port=port, threads=threads)
    except (indexer.IndexerError, OSError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    watcher = _start_watching(corpus_dir, index_dir) if watch else None
    if workers > 1:
        click.echo(f"Serving on http://{host}:{sock.getsockname()[1]} ({workers} processes)")
        try:
            # Each process opens its own index after the fork (see webui.workers).
            serve_workers(lambda: create_app(config), sock, workers, threads)
        finally:
            if watcher is not None:
                watcher.stop()
        return
    warm_up_in_background(app)
    click.echo(f"Serving on http://{host}:{server.effective_port}")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        if watcher is not None:
            watcher.stop()


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
