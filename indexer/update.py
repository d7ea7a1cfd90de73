"""Bring an index in line with its corpus folder: ``update_index(corpus_dir, index_dir)``.

An update compares each corpus file's SHA-256 with the digest the serving
generation's manifest recorded for it (:mod:`indexer.update_plan`):

* a new file is read and its paragraphs indexed (*added*);
* a file whose bytes differ has its old paragraphs deleted and its new ones
  indexed (*changed*; a new date alone changes nothing);
* a file that is gone, or can no longer be read, has its paragraphs deleted
  (*removed*);
* every other file is left as it is, paragraph numbers included, so links
  to its paragraphs stay valid; it is never extracted again, whatever its
  format (a 60 MB PDF costs one hash).

The new generation starts as hard links to the serving one's Whoosh files
(see :mod:`indexer.store`), so only the changed documents cost work; it is
published the way a build is, atomically, under the same writer lock.  The
vocabulary is updated by subtracting the words of the deleted paragraphs
(read back from the index) and adding those of the new ones, so it ends up
equal to a rebuild's.  With no index yet, or one whose layout (fields,
columns, analysis chain) is not the one this version builds, an update is a
full build.

Deleted paragraphs stay in their Whoosh segment, marked deleted, until a
rebuild writes the index anew; they are never found.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from . import store
from .backends import is_opensearch_location, opensearch_backend
from .build import build_locked
from .manifest import MANIFEST_FILE, WHOOSH_LOCK_FILE, make_manifest, read_manifest, write_manifest
from .corpus import SkippedFile, check_corpus_dir, exclude_index, list_corpus_files
from .corpus_files import skipped_lines
from .integrity import generation_damage
from .layout import check_layout
from .schema import build_schema
from .settings import IndexSettings
from .update_plan import UpdatePlan, plan_update
from .vocabulary import VOCABULARY_FILE, VocabularyCounter
from .writing import COMPOUND_SEGMENTS, WRITER_LIMIT_MB, add_document, document_sections

__all__ = ["UpdateReport", "update_index"]


@dataclass(frozen=True)
class UpdateReport:
    """What an update did: the documents added, changed and removed (ids), and the totals after it.

    ``rebuilt`` is true when a full build was made instead (every document
    is then *added*): there was no index to update, or ``damage`` says what
    was wrong with the one there was.
    """

    corpus_dir: str
    index_dir: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    skipped: tuple[SkippedFile, ...] = ()
    warnings: tuple[tuple[str, str], ...] = field(default=())
    seconds: float = 0.0
    documents: int = 0
    paragraphs: int = 0
    rebuilt: bool = False
    damage: str = ""

    @property
    def changes(self) -> int:
        """Number of documents added, changed or removed."""
        return len(self.added) + len(self.changed) + len(self.removed)

    def summary(self) -> list[str]:
        """Return what the update did as lines for a terminal: counts, then the ids.

        >>> print("\\n".join(UpdateReport("seeds", "index", changed=("a.txt",), unchanged=1,
        ...                                documents=2, paragraphs=9, seconds=0.25).summary()))
        updated index from seeds in 0.25 s: 0 added, 1 changed, 0 removed, 1 unchanged (2 documents, 9 paragraphs)
          changed: a.txt
        """
        totals = f"({self.documents} documents, {self.paragraphs} paragraphs)"
        if self.rebuilt:
            before = (f"the index in {self.index_dir} was damaged ({self.damage}): rebuilt it"
                      if self.damage else f"no index in {self.index_dir} yet: built it")
            lines = [f"{before} from {self.corpus_dir} in {self.seconds:.2f} s {totals}"]
        elif not self.changes:
            lines = [f"{self.index_dir} is up to date with {self.corpus_dir} {totals}"]
        else:
            lines = [
                f"updated {self.index_dir} from {self.corpus_dir} in {self.seconds:.2f} s: "
                f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged {totals}"
            ]
            for label, doc_ids in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
                lines += [f"  {label}: {doc_id}" for doc_id in doc_ids]
        lines += [f"warning: {doc_id}: {warning}" for doc_id, warning in self.warnings]
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} files:")
            lines += skipped_lines(self.skipped)
        return lines


def update_index(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    lock_wait: float = 0.0,
    follow_links: bool = False,
) -> UpdateReport:
    """Index the files of *corpus_dir* added, changed or removed since *index_dir* was written.

    Publishes a new generation only when something changed.

    :param lock_wait: seconds to wait for another build or update to finish.
    :param follow_links: see :func:`indexer.build.build_index`.
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    :raises UnsafeLayoutError: when *index_dir* is *corpus_dir* or contains it.
    :raises IndexLockedError: when another build or update is writing *index_dir*.
    :raises IndexWriteError: when the new index cannot be written (the previous one still serves).
    """
    if is_opensearch_location(index_dir):
        updated: UpdateReport = opensearch_backend().update_opensearch_index(
            corpus_dir, index_dir, follow_links=follow_links)
        return updated
    started = time.perf_counter()
    corpus = check_corpus_dir(corpus_dir)
    check_layout(corpus, index_dir)
    with store.writer_lock(index_dir, wait=lock_wait):
        # Listed once the lock is held: after a wait, the folder may have changed.
        listed = list_corpus_files(corpus, follow_links=follow_links)
        files = exclude_index(listed, corpus, index_dir)
        previous = store.current_generation(index_dir)
        damage = generation_damage(previous) if previous is not None else None
        manifest = read_manifest(previous) if previous is not None and damage is None else {}
        if previous is None or damage is not None or not _updatable(previous, manifest):
            report = _full_build(corpus, files, index_dir, manifest, damage or "")
        else:
            plan = plan_update(corpus, files, manifest["files"])
            skipped = {item.doc_id: item.reason for item in plan.skipped}
            written = make_manifest(corpus, plan.files, skipped, IndexSettings.from_manifest(manifest))
            if plan.added or plan.changed or plan.removed or any(
                written[key] != manifest.get(key) for key in ("skipped", "unsupported")
            ):
                with store.staged_generation(index_dir) as generation:
                    _write_update(plan, previous, generation)
                    write_manifest(generation, written)
            report = UpdateReport(
                str(corpus), str(index_dir),
                added=tuple(plan.added), changed=tuple(plan.changed), removed=tuple(plan.removed),
                unchanged=plan.unchanged, skipped=tuple(plan.skipped), warnings=tuple(plan.warnings),
                documents=len(plan.files),
                paragraphs=sum(int(entry["paragraphs"]) for entry in plan.files.values()),
            )
    return replace(report, seconds=time.perf_counter() - started)


def _updatable(generation: Path, manifest: dict[str, Any]) -> bool:
    """Return whether *generation* can take new documents as this version would index them."""
    if not isinstance(manifest.get("files"), dict):
        return False
    try:
        stored = whoosh_index.open_dir(str(generation)).schema
    except (OSError, whoosh_index.EmptyIndexError):
        return False
    return _layout(stored) == _layout(build_schema(IndexSettings.from_manifest(manifest)))


def _layout(schema: Any) -> list[tuple[object, ...]]:
    """Describe a schema by what decides how documents are written: fields, columns, analysis chain."""
    return [
        (
            name,
            type(field).__name__,
            field.stored,
            type(field.column_type).__name__,
            type(field.format).__name__,
            tuple(type(step).__name__ for step in getattr(getattr(field, "analyzer", None), "items", ())),
        )
        for name, field in sorted(schema.items())
    ]


def _full_build(
    corpus: Path, files: list[Path], index_dir: str | os.PathLike[str], manifest: dict[str, Any], damage: str
) -> UpdateReport:
    """Build the whole index (there is none to update, or *damage* says why not); every document counts as added."""
    built = build_locked(corpus, files, index_dir, settings=IndexSettings.from_manifest(manifest))
    generation = store.require_current_generation(index_dir)
    added = tuple(read_manifest(generation).get("files", {}))
    return UpdateReport(
        str(corpus), str(index_dir), added=added, skipped=built.skipped, warnings=built.warnings,
        documents=built.documents, paragraphs=built.paragraphs, rebuilt=True, damage=damage,
    )


def _write_update(plan: UpdatePlan, previous: Path, generation: Path) -> None:
    """Fill *generation* with *previous* plus the plan's changes (index and vocabulary)."""
    store.link_generation(previous, generation, exclude={MANIFEST_FILE, VOCABULARY_FILE, WHOOSH_LOCK_FILE})
    vocabulary = VocabularyCounter.load(previous)
    index = whoosh_index.open_dir(str(generation))
    stale = plan.changed + plan.removed
    if stale or plan.documents:
        writer = index.writer(limitmb=WRITER_LIMIT_MB, compound=COMPOUND_SEGMENTS)
        try:
            with writer.searcher() as searcher:
                for doc_id in stale:
                    _forget_words(searcher, doc_id, vocabulary)
                    writer.delete_by_term("source", doc_id, searcher=searcher)
            for document in plan.documents:
                add_document(writer, document, vocabulary)
            writer.commit()
        except BaseException:
            # A writer whose commit failed is closed: cancelling it raises
            # "This writer is closed", which would hide the error that matters.
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
    vocabulary.save(generation, index.schema["text"].analyzer)


def _forget_words(searcher: Any, doc_id: str, vocabulary: VocabularyCounter) -> None:
    """Subtract the words of the indexed document *doc_id* from *vocabulary*, as the build counted them."""
    stored = list(searcher.documents(source=doc_id))
    for fields in stored:
        vocabulary.remove(fields["text"])
    if stored:
        vocabulary.remove(stored[0]["title"])
    for section in document_sections(fields.get("section") for fields in stored):
        vocabulary.remove(section)
