"""What an update has to do: the corpus folder compared with the serving generation's manifest.

Each corpus file's SHA-256 is compared with the digest the manifest
recorded for it; only the files that are new or changed are extracted (in
an :class:`~indexer.formats.pool.ExtractionPool`).  Writing the changes is
:mod:`indexer.update`'s part.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .corpus import Document, RawFile, SkippedFile, document_of, load_file, walk_skipped
from .formats.pool import ExtractionPool
from .manifest import file_entry

__all__ = ["UpdatePlan", "plan_update"]


@dataclass
class UpdatePlan:
    """What the corpus folder holds compared with the serving generation."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def plan_update(corpus: Path, files: list[Path], indexed: dict[str, dict[str, Any]]) -> UpdatePlan:
    """Sort the corpus files into added, changed, removed and unchanged, extracting only what changed.

    The digest decides: an unchanged file is hashed, never extracted.  The
    changed ones go through an extraction pool (its workers start only if
    one of them is not a small text).
    """
    plan = UpdatePlan(skipped=list(walk_skipped(files)))
    # What was sent to the pool, without its bytes (the pool holds those while it needs them).
    sent: deque[tuple[RawFile, bool]] = deque()

    def changed_files() -> Iterator[tuple[str, bytes]]:
        for path in files:
            loaded = load_file(path, corpus)
            if isinstance(loaded, SkippedFile):
                plan.skipped.append(loaded)
                continue
            before = indexed.get(loaded.doc_id)
            if before is not None and before.get("digest") == loaded.digest:
                plan.files[loaded.doc_id] = before
                plan.unchanged += 1
                continue
            sent.append((replace(loaded, data=b""), before is None))
            yield loaded.doc_id, loaded.data

    with ExtractionPool() as pool:
        for _, result in pool.extract_all(changed_files()):
            raw, new = sent.popleft()
            parsed = document_of(raw, result)
            if isinstance(parsed, SkippedFile):
                plan.skipped.append(parsed)
                continue
            if parsed.warning:
                plan.warnings.append((parsed.doc_id, parsed.warning))
            (plan.added if new else plan.changed).append(parsed.doc_id)
            plan.documents.append(parsed)
            plan.files[parsed.doc_id] = file_entry(parsed)
    plan.removed = [doc_id for doc_id in indexed if doc_id not in plan.files]
    plan.skipped.sort(key=lambda item: item.doc_id)
    return plan
