"""Build an index from a corpus directory: ``build_index(corpus_dir, index_dir)``.

The new index is written as a new generation beside the serving one and
swapped in only when complete (see :mod:`indexer.store`): a failed or
interrupted build leaves the previous index serving.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tqdm import tqdm
from whoosh import index as whoosh_index

from . import store
from .corpus import Document, SkippedFile, list_corpus_files, read_corpus
from .schema import build_schema
from .vocabulary import VocabularyCounter

__all__ = ["BuildReport", "build_index", "MANIFEST_FILE", "read_manifest"]

MANIFEST_FILE = "manifest.json"
# Memory the Whoosh writer may use for its sorting pool before spilling to disk.
WRITER_LIMIT_MB = 256


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


def _manifest(
    corpus_dir: Path, documents: dict[str, dict[str, Any]], report: BuildReport, analysis: dict[str, bool]
) -> dict[str, Any]:
    return {
        "analysis": analysis,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus_dir": str(corpus_dir.resolve()),
        "documents": report.documents,
        "paragraphs": report.paragraphs,
        "files": documents,
        "skipped": {skipped.doc_id: skipped.reason for skipped in report.skipped},
    }


def read_manifest(generation: Path) -> dict[str, Any]:
    """Return the manifest a build wrote into *generation* (empty when missing)."""
    try:
        with open(generation / MANIFEST_FILE, encoding="utf-8") as source:
            manifest: dict[str, Any] = json.load(source)
            return manifest
    except FileNotFoundError:
        return {}


def build_index(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    progress: bool = False,
    stemming: bool = True,
    accent_folding: bool = True,
    lock_wait: float = 0.0,
) -> BuildReport:
    """Index every paragraph of the texts in *corpus_dir* into *index_dir*.

    :param progress: show a progress bar on standard error when it is a terminal.
    :param stemming: see :func:`indexer.analysis.french_analyzer` (off only for measurements).
    :param accent_folding: see :func:`indexer.analysis.french_analyzer` (off only for measurements).
    :param lock_wait: seconds to wait for another build or update to finish.
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    :raises IndexLockedError: when another build or update is writing *index_dir*.
    """
    started = time.perf_counter()
    corpus = Path(corpus_dir)
    files = list_corpus_files(corpus)
    with store.writer_lock(index_dir, wait=lock_wait):
        previous = store.current_generation(index_dir)
        # Generations left by killed builds are unused: drop them first.
        store.prune(index_dir, keep=previous)
        generation = store.new_generation(index_dir)
        try:
            report, documents = _write_generation(
                corpus, files, generation, progress, build_schema(stemming, accent_folding)
            )
            report = BuildReport(
                str(corpus), str(index_dir), report.documents, report.paragraphs,
                report.skipped, report.warnings, time.perf_counter() - started,
            )
            with open(generation / MANIFEST_FILE, "w", encoding="utf-8") as out:
                analysis = {"stemming": stemming, "accent_folding": accent_folding}
                json.dump(_manifest(corpus, documents, report, analysis), out, ensure_ascii=False, indent=1)
            store.publish(index_dir, generation)
        except BaseException:
            store.prune(index_dir, keep=previous)
            raise
        store.prune(index_dir, keep=previous)
    return report


def _write_generation(
    corpus: Path, files: list[Path], generation: Path, progress: bool, schema: Any
) -> tuple[BuildReport, dict[str, dict[str, Any]]]:
    """Index the corpus into the empty folder *generation*."""
    index = whoosh_index.create_in(str(generation), schema)
    writer = index.writer(limitmb=WRITER_LIMIT_MB)
    vocabulary = VocabularyCounter()
    skipped: list[SkippedFile] = []
    warnings: list[tuple[str, str]] = []
    documents: dict[str, dict[str, Any]] = {}
    paragraph_count = 0
    bar = tqdm(total=len(files), unit="file", disable=None if progress else True, leave=False)
    try:
        for item in read_corpus(corpus, files):
            bar.update(1)
            if isinstance(item, SkippedFile):
                skipped.append(item)
                continue
            if item.warning:
                warnings.append((item.doc_id, item.warning))
            _add_document(writer, item, vocabulary)
            documents[item.doc_id] = {"digest": item.digest, "paragraphs": len(item.paragraphs)}
            paragraph_count += len(item.paragraphs)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        bar.close()
    vocabulary.vocabulary().save(generation)
    report = BuildReport(str(corpus), str(generation), len(documents), paragraph_count,
                         tuple(skipped), tuple(warnings))
    return report, documents


def _add_document(writer: Any, document: Document, vocabulary: VocabularyCounter) -> None:
    for paragraph in document.paragraphs:
        writer.add_document(
            source=document.doc_id,
            number=paragraph.number,
            title=document.title,
            text=paragraph.text,
        )
        vocabulary.add(paragraph.text)
    vocabulary.add(document.title)
