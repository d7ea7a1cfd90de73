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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh import index as whoosh_index

from . import store
from .corpus import SkippedFile, exclude_index, list_corpus_files, read_corpus
from .backends import is_opensearch_location, opensearch_backend
from .errors import IndexWriteError
from .formats.pool import ExtractionPool
from .indexing_watch import IndexingWatch
from .layout import check_layout
from .corpus_files import skipped_lines
from .manifest import file_entry, make_manifest, write_manifest
from .schema import build_schema
from .settings import IndexSettings
from .vocabulary import VocabularyCounter
from .writing import add_document, writer_options

__all__ = ["BuildReport", "build_index", "build_locked", "chosen_settings"]


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

    def summary(self) -> list[str]:
        """Return what the build did as lines for a terminal: counts, warnings, skipped files.

        >>> print("\\n".join(BuildReport("seeds", "index", 2, 9, seconds=0.25).summary()))
        indexed 2 documents, 9 paragraphs from seeds into index in 0.25 s
        """
        lines = [
            f"indexed {self.documents} documents, {self.paragraphs} paragraphs "
            f"from {self.corpus_dir} into {self.index_dir} in {self.seconds:.2f} s"
        ]
        lines += [f"warning: {doc_id}: {warning}" for doc_id, warning in self.warnings]
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} files:")
            lines += skipped_lines(self.skipped)
        return lines


def chosen_settings(
    settings: IndexSettings | None, stemming: bool | None = None, accent_folding: bool | None = None
) -> IndexSettings:
    """Return *settings* (the defaults when None) with the analysis switches given by keyword applied."""
    chosen = settings or IndexSettings()
    switches = {name: value for name, value in (("stemming", stemming), ("accent_folding", accent_folding))
                if value is not None}
    return replace(chosen, analysis=replace(chosen.analysis, **switches)) if switches else chosen


def build_index(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    progress: bool = False,
    settings: IndexSettings | None = None,
    stemming: bool | None = None,
    accent_folding: bool | None = None,
    lock_wait: float = 0.0,
    follow_links: bool = False,
) -> BuildReport:
    """Index every paragraph of the texts in *corpus_dir* into *index_dir*.

    :param progress: show a progress bar on standard error when it is a terminal.
    :param settings: how to analyse and rank (:mod:`indexer.settings`; the
        measured defaults when None), saved in the index's manifest.
    :param stemming: overrides ``settings.analysis.stemming`` (off only for measurements).
    :param accent_folding: overrides ``settings.analysis.accent_folding`` (off only for measurements).
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
                              settings=chosen_settings(settings, stemming, accent_folding))
    return replace(report, seconds=time.perf_counter() - started)


def build_locked(
    corpus: Path,
    files: list[Path],
    index_dir: str | os.PathLike[str],
    *,
    progress: bool = False,
    settings: IndexSettings | None = None,
) -> BuildReport:
    """Build a whole new generation of *files* and publish it; the caller holds the writer lock.

    :param settings: saved in the manifest (the defaults when None).
    """
    settings = settings or IndexSettings()
    with store.staged_generation(index_dir) as generation:
        schema = build_schema(settings)
        report, documents = _write_generation(corpus, files, generation, progress, schema)
        skipped = {item.doc_id: item.reason for item in report.skipped}
        write_manifest(generation, make_manifest(corpus, documents, skipped, settings))
    return replace(report, index_dir=str(index_dir))


def _write_generation(
    corpus: Path, files: list[Path], generation: Path, progress: bool, schema: Any
) -> tuple[BuildReport, dict[str, dict[str, Any]]]:
    """Index the corpus into the empty folder *generation*."""
    index = whoosh_index.create_in(str(generation), schema)
    writer = index.writer(**writer_options(files))
    vocabulary = VocabularyCounter()
    skipped: list[SkippedFile] = []
    warnings: list[tuple[str, str]] = []
    documents: dict[str, dict[str, Any]] = {}
    paragraph_count = 0
    bar = tqdm(total=len(files), unit="file", disable=None if progress else True, leave=False)
    pool = ExtractionPool()
    try:
        with IndexingWatch(writer):
            for item in read_corpus(corpus, files, pool):
                bar.update(1)
                if isinstance(item, SkippedFile):
                    skipped.append(item)
                    continue
                if item.warning:
                    warnings.append((item.doc_id, item.warning))
                add_document(writer, item, vocabulary)
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
