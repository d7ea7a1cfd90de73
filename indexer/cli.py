"""Command line: ``python -m indexer rebuild | update | watch | search | stats``.

Every command turns an :class:`IndexerError` into one line on standard error
and exit status 1; a bad option gives click's usage message and status 2.
What the corpus wrote — file names, titles, text — reaches the terminal
through :mod:`indexer.terminal` only (no escape sequence gets through).
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import asdict
from html import unescape
from typing import Any, NoReturn

import click

from .build import build_index
from .errors import IndexerError
from .integrity import read_error
from .search.results import Hit
from .search import MAX_LIMIT, open_index
from .terminal import terminal_json, terminal_line, terminal_text
from .update import UpdateReport, update_index
from .watch import DEBOUNCE_SECONDS, CorpusWatcher

__all__ = ["cli"]

DEFAULT_CORPUS = "seeds"
DEFAULT_INDEX = "index"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _say(line: str, err: bool = False) -> None:
    """Print one line; the names it holds show their control characters escaped."""
    click.echo(terminal_line(line), err=err)


def _fail(error: Exception) -> NoReturn:
    """Print *error* as one ``error:`` line and exit with status 1."""
    _say(f"error: {error}", err=True)
    sys.exit(1)


index_option = click.option(
    "--index", "index_dir", default=DEFAULT_INDEX, show_default=True,
    type=click.Path(file_okay=False), help="Index directory.",
)
corpus_option = click.option(
    "--corpus", "corpus_dir", default=DEFAULT_CORPUS, show_default=True,
    type=click.Path(file_okay=False), help="Folder of documents to index (PDF, DOCX, ODT, HTML, EPUB, Markdown, text).",
)
wait_option = click.option(
    "--wait", default=0.0, show_default=True, type=click.FloatRange(min=0),
    help="Seconds to wait for another rebuild or update to finish.",
)
follow_links_option = click.option(
    "--follow-links", is_flag=True,
    help="Also index what symbolic links leading outside the corpus folder point to (skipped by default).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """French paragraph search: build an index of a folder of texts and search it."""


@cli.command()
@corpus_option
@index_option
@wait_option
@follow_links_option
def rebuild(corpus_dir: str, index_dir: str, wait: float, follow_links: bool) -> None:
    """Build the index from the corpus; the previous index serves until it is done."""
    try:
        report = build_index(corpus_dir, index_dir, progress=True, lock_wait=wait, follow_links=follow_links)
    except IndexerError as error:
        _fail(error)
    for line in report.summary():
        _say(line)


@cli.command()
@corpus_option
@index_option
@wait_option
@follow_links_option
def update(corpus_dir: str, index_dir: str, wait: float, follow_links: bool) -> None:
    """Index the files added or changed since the last build or update, drop the removed ones.

    Unchanged files keep their paragraph numbers.  With no index yet, builds it.
    """
    try:
        report = update_index(corpus_dir, index_dir, lock_wait=wait, follow_links=follow_links)
    except IndexerError as error:
        _fail(error)
    for line in report.summary():
        _say(line)


@cli.command()
@corpus_option
@index_option
@click.option("--debounce", default=DEBOUNCE_SECONDS, show_default=True, type=click.FloatRange(min=0),
              help="Seconds of quiet after a change before the index is updated.")
@follow_links_option
def watch(corpus_dir: str, index_dir: str, debounce: float, follow_links: bool) -> None:
    """Follow the corpus folder and update the index shortly after files change (Ctrl-C stops)."""

    def on_update(report: UpdateReport) -> None:
        for line in report.summary():
            _say(line)

    def on_error(error: Exception) -> None:
        _say(f"error: {error}", err=True)

    watcher = CorpusWatcher(corpus_dir, index_dir, on_update=on_update, on_error=on_error, debounce=debounce,
                            follow_links=follow_links)
    try:
        watcher.start()
    except (IndexerError, OSError) as error:
        _fail(error)
    _say(f"watching {corpus_dir} for changes; Ctrl-C stops")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        watcher.stop()


def _terminal_snippet(snippet_html: str, color: bool) -> str:
    """Render an HTML snippet for a terminal: marked words in bold yellow when *color*, else in brackets.

    The text is made safe before any style is added: the styles are the only escape sequences printed.
    """
    pieces = []
    # split() alternates text outside and inside <mark>.
    for position, piece in enumerate(_MARK.split(snippet_html)):
        text = terminal_text(unescape(_TAG.sub("", piece)))
        if position % 2:
            text = click.style(text, fg="yellow", bold=True) if color else f"[{text}]"
        pieces.append(text)
    return "".join(pieces)


def location_line(hit: Hit) -> str:
    """Return where a hit lies, for a terminal: its format, page and section.

    >>> location_line(Hit("guide.pdf", "Guide", 4, 1.0, "", "", page=12, section="3 Installation › 3.2 Réseau", kind="pdf"))
    '[pdf] p. 12 · 3 Installation › 3.2 Réseau'
    """
    parts = [f"p. {hit.page}"] if hit.page is not None else []
    if hit.section:
        parts.append(terminal_line(hit.section))
    where = " · ".join(parts)
    return f"[{hit.kind}] {where}" if where else f"[{hit.kind}]"


@cli.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, MAX_LIMIT),
              help="Number of paragraphs to show.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1), help="Page of results.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@index_option
def search(query: str, limit: int, page: int, as_json: bool, index_dir: str) -> None:
    """Search the index and print the best paragraphs."""
    try:
        result = open_index(index_dir).search(query, limit=limit, page=page)
    except IndexerError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001 - damaged index files make Whoosh raise anything
        _fail(read_error(index_dir, error))
    if as_json:
        payload: dict[str, Any] = {
            "query": result.query,
            "total": result.total,
            "page": result.page,
            "took_ms": result.took_ms,
            "suggestion": result.suggestion,
            "partial": result.partial,
            "notes": list(result.notes),
            "hits": [
                {key: value for key, value in asdict(hit).items() if key != "text"}
                for hit in result.hits
            ],
        }
        click.echo(terminal_json(payload))
        return
    color = sys.stdout.isatty()
    _say(f"{result.total} paragraphs ({result.took_ms:.1f} ms)")
    if result.partial:
        _say("partial results: " + "; ".join(result.notes or ("the search ran out of time",)))
    if result.suggestion:
        _say(f"did you mean: {result.suggestion}")
    first = (result.page - 1) * result.limit
    for rank, hit in enumerate(result.hits, start=first + 1):
        title = terminal_text(hit.title).replace("\n", " ")
        heading = click.style(title, bold=True) if color else title
        click.echo(f"\n{rank}. {heading} — {terminal_line(hit.source)} § {hit.paragraph}  (score {hit.score:.2f})")
        click.echo("   " + location_line(hit))
        click.echo("   " + _terminal_snippet(hit.snippet, color))


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(index_dir: str, as_json: bool) -> None:
    """Show the index's documents, paragraphs, distinct terms, size and build time."""
    try:
        info = open_index(index_dir).stats()
    except IndexerError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001 - damaged index files make Whoosh raise anything
        _fail(read_error(index_dir, error))
    if as_json:
        click.echo(terminal_json(asdict(info)))
        return
    _say(f"index:      {info.path}")
    _say(f"documents:  {info.documents}")
    _say(f"paragraphs: {info.paragraphs}")
    _say(f"terms:      {info.terms}")
    _say(f"size:       {info.size_bytes / 1e6:.2f} MB")
    _say(f"built at:   {info.built_at}")
