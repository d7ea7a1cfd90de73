"""Build an index from a corpus directory: ``build_index(corpus_dir, index_dir)``.

The new index is written as a new generation beside the serving one and
swapped in only when complete (see :mod:`indexer.store`): a failed or
interrupted build leaves the previous index serving.  Documents are
extracted by worker processes (:class:`~indexer.formats.pool.ExtractionPool`,
one per core) ahead of the indexing, so that reading PDFs and indexing
their paragraphs run at the same time.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh import index as whoosh_index

from . import store
from .corpus import CorpusFiles, Document, SkippedFile, exclude_index, list_corpus_files, read_corpus
from .backends import is_opensearch_location, opensearch_backend
from .errors import IndexWriteError
from .formats.pool import ExtractionPool
from .layout import check_layout
from .manifest import (
    MANIFEST_FILE, WHOOSH_LOCK_FILE, file_crc32, file_entry, index_file_sums, make_manifest, read_manifest,
    write_manifest,
)
from .schema import build_schema
from .vocabulary import VocabularyCounter

__all__ = [
    "BuildReport",
    "build_index",
    "build_locked",
    "MANIFEST_FILE",
    "WHOOSH_LOCK_FILE",
    "document_sections",
    "file_crc32",
    "file_entry",
    "index_file_sums",
    "make_manifest",
    "read_manifest",
    "write_manifest",
]

# Memory the Whoosh writer may use for its sorting pool before spilling to disk.
WRITER_LIMIT_MB = 256
# Whoosh reads a compound segment file through in-memory copies, one per
# searcher: with a searcher per serving thread that multiplied the server's
# memory.  Separate segment files are read from the page cache instead.
COMPOUND_SEGMENTS = False
# Corpora of at least this many bytes are indexed by one process per core.
PARALLEL_BUILD_FROM_BYTES = 2_000_000


@dataclass(frozen=True)
class BuildReport:
    """What a build did: counts, skipped files with reasons, warnings, time taken."""

    corpus_dir: str
    index_dir: str
    documents: int
    paragraphs: int
    skipped: tuple[SkippedFile, ...] = ()
    warnings: tuple[tuple[str, str], ...] = field(default=())
    seconds: float = 0.0


def build_index(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    progress: bool = False,
    stemming: bool = True,
    accent_folding: bool = True,
    lock_wait: float = 0.0,
    follow_links: bool = False,
) -> BuildReport:
    """Index every paragraph of the texts in *corpus_dir* into *index_dir*.

    :param progress: show a progress bar on standard error when it is a terminal.
    :param stemming: see :func:`indexer.analysis.french_analyzer` (off only for measurements).
    :param accent_folding: see :func:`indexer.analysis.french_analyzer` (off only for measurements).
    :param lock_wait: seconds to wait for another build or update to finish.
    :param follow_links: index the files that symbolic links outside the corpus lead to
        (by default they are skipped, with their reason).
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    :raises UnsafeLayoutError: when *index_dir* is *corpus_dir* or contains it.
    :raises IndexLockedError: when another build or update is writing *index_dir*.
    :raises IndexWriteError: when the new index cannot be written (the previous one still serves).
    """
    if is_opensearch_location(index_dir):
        built: BuildReport = opensearch_backend().build_opensearch_index(
            corpus_dir, index_dir, progress=progress, follow_links=follow_links)
        return built
    started = time.perf_counter()
    corpus = Path(corpus_dir)
    listed = list_corpus_files(corpus, follow_links=follow_links)
    check_layout(corpus, index_dir)
    files = exclude_index(listed, corpus, index_dir)
    with store.writer_lock(index_dir, wait=lock_wait):
        report = build_locked(corpus, files, index_dir, progress=progress,
                              analysis={"stemming": stemming, "accent_folding": accent_folding})
    return replace(report, seconds=time.perf_counter() - started)


def build_locked(
    corpus: Path,
    files: list[Path],
    index_dir: str | os.PathLike[str],
    *,
    progress: bool = False,
    analysis: dict[str, bool] | None = None,
) -> BuildReport:
    """Build a whole new generation of *files* and publish it; the caller holds the writer lock.

    :param analysis: ``{"stemming": bool, "accent_folding": bool}``; both on by default.
    """
    settings = {"stemming": True, "accent_folding": True, **(analysis or {})}
    with store.staged_generation(index_dir) as generation:
        schema = build_schema(settings["stemming"], settings["accent_folding"])
        report, documents = _write_generation(corpus, files, generation, progress, schema)
        skipped = {item.doc_id: item.reason for item in report.skipped}
        write_manifest(generation, make_manifest(corpus, documents, skipped, settings))
    return replace(report, index_dir=str(index_dir))


def _write_generation(
    corpus: Path, files: list[Path], generation: Path, progress: bool, schema: Any
) -> tuple[BuildReport, dict[str, dict[str, Any]]]:
    """Index the corpus into the empty folder *generation*."""
    index = whoosh_index.create_in(str(generation), schema)
    writer = index.writer(**_writer_options(files))
    vocabulary = VocabularyCounter()
    skipped: list[SkippedFile] = []
    warnings: list[tuple[str, str]] = []
    documents: dict[str, dict[str, Any]] = {}
    paragraph_count = 0
    bar = tqdm(total=len(files), unit="file", disable=None if progress else True, leave=False)
    pool = ExtractionPool()
    try:
        for item in read_corpus(corpus, files, pool):
            bar.update(1)
            if isinstance(item, SkippedFile):
                skipped.append(item)
                continue
            if item.warning:
                warnings.append((item.doc_id, item.warning))
            _add_document(writer, item, vocabulary)
            documents[item.doc_id] = file_entry(item)
            paragraph_count += len(item.paragraphs)
        pool.close()
        writer.commit()
    except BaseException:
        # A writer whose commit failed is closed: cancelling it raises again,
        # which would hide the error that matters.
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    finally:
        pool.close()
        bar.close()
    _check_written(generation, writer, paragraph_count)
    vocabulary.save(generation, schema["text"].analyzer)
    report = BuildReport(str(corpus), str(generation), len(documents), paragraph_count,
                         tuple(sorted(skipped, key=lambda item: item.doc_id)), tuple(warnings))
    return report, documents


def _check_written(generation: Path, writer: Any, paragraphs: int) -> None:
    """Make sure the committed index holds every paragraph.

    An indexing process of Whoosh's multiprocess writer that dies (a full
    disk, the memory killer) loses its documents without an error.

    :raises IndexWriteError: when a process failed or paragraphs are missing.
    """
    failed = [task.exitcode for task in getattr(writer, "tasks", ()) if getattr(task, "exitcode", 0)]
    written = whoosh_index.open_dir(str(generation)).doc_count_all()
    if failed or written != paragraphs:
        raise IndexWriteError(
            f"the new index in {generation.parent} is incomplete ({written} of {paragraphs} "
            f"paragraphs written; indexing processes that failed: {len(failed)}); "
            "run the command again; the previous index still serves"
        )


def _writer_options(files: list[Path]) -> dict[str, Any]:
    """Return the Whoosh writer's options: one indexing process per core for large corpora.

    Analysis is most of a build's time and Python runs it on one core per
    process; Whoosh's multiprocess writer gives each core its own segment
    (1.7x faster on the 5 000-paragraph dev corpus with 2 cores).  Small
    corpora stay in one process: starting others would cost more than it saves.
    """
    options: dict[str, Any] = {"limitmb": WRITER_LIMIT_MB, "compound": COMPOUND_SEGMENTS}
    cores = os.cpu_count() or 1
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            pass  # reported as skipped when it is read
    if cores > 1 and size >= PARALLEL_BUILD_FROM_BYTES:
        options.update(procs=cores, multisegment=True, limitmb=WRITER_LIMIT_MB // cores)
    return options


def _add_document(writer: Any, document: Document, vocabulary: VocabularyCounter) -> None:
    """Add each paragraph of *document* to the Whoosh *writer* and count its words.

    A section's words are counted once per document, as the title's: the
    heading is written once, however many paragraphs it names.
    """
    for paragraph in document.paragraphs:
        located: dict[str, Any] = {}
        if paragraph.page is not None:
            located["page"] = paragraph.page
        if paragraph.section:
            located["section"] = paragraph.section
        writer.add_document(
            source=document.doc_id,
            number=paragraph.number,
            title=document.title,
            text=paragraph.text,
            kind=document.kind,
            size=document.size,
            mtime=document.mtime,
            **located,
        )
        vocabulary.add(paragraph.text)
    vocabulary.add(document.title)
    for section in document_sections(paragraph.section for paragraph in document.paragraphs):
        vocabulary.add(section)


def document_sections(sections: Iterable[str | None]) -> list[str]:
    """Return the distinct non-empty section paths among *sections*, in their first order.

    >>> document_sections(["1 Un", "1 Un", None, "2 Deux", "1 Un"])
    ['1 Un', '2 Deux']
    """
    return list(dict.fromkeys(section for section in sections if section))
