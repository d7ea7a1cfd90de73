"""Bring an OpenSearch index in line with its corpus folder: ``update_opensearch_index(corpus, location)``.

The serving index is changed in place (see :mod:`indexer.opensearch.indexing`):
files are compared by SHA-256 with the digests its meta document recorded;
a changed or removed file's paragraphs are deleted by id, a new or changed
file's paragraphs indexed, all in bulk requests; the vocabulary loses the
words of the deleted paragraphs (read back from the index) and gains those
of the new ones.  With no index behind the alias yet, an update is a build.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch, helpers

from ..corpus import Document, SkippedFile, check_corpus_dir, list_corpus_files, load_file, parse_file, walk_skipped
from ..errors import IndexWriteError
from ..manifest import file_entry
from ..paragraphs import Paragraph
from ..update import UpdateReport
from ..vocabulary import VocabularyCounter
from . import client as cluster
from .build_lock import rebuild_lock
from .indexing import (
    build_opensearch_index, bulk_index, count_words, counter_of, file_fields, meta_fields, paragraph_actions,
    paragraph_id, vocabulary_payload,
)
from .location import Location, parse_location
from .whole_documents import deletion_action, document_action

__all__ = ["update_opensearch_index"]

# Paragraphs read back per request when a changed file's old words are subtracted.
SCAN_BATCH = 1000


def update_opensearch_index(corpus_dir: str | Path, location: str, *, follow_links: bool = False) -> UpdateReport:
    """Index the files of *corpus_dir* added, changed or removed since the index of *location* was written.

    :raises ValueError: when *location* is not an OpenSearch location.
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    :raises SearchClusterError: when the cluster is unreachable, red, or refuses a request.
    :raises IndexWriteError: when paragraphs were refused, or a rebuild or another update is running.
    """
    started = time.perf_counter()
    place = parse_location(location)
    corpus = check_corpus_dir(corpus_dir)
    client = cluster.connect(place)
    try:
        cluster.check_health(client, place)
        serving = cluster.aliased_indices(client, place)
        meta = cluster.read_meta(client, place, serving[-1]) if serving else {}
        fields = _fields(meta)
        if not serving or not isinstance(fields.get("files"), dict):
            built = build_opensearch_index(corpus, location, follow_links=follow_links)
            added = tuple(_fields(cluster.read_meta(client, place, cluster.serving_index(client, place)))["files"])
            return UpdateReport(str(corpus), location, added=added, skipped=built.skipped, warnings=built.warnings,
                                seconds=time.perf_counter() - started, documents=built.documents,
                                paragraphs=built.paragraphs, rebuilt=True)
        # Held while the serving index changes: no rebuild moves the alias meanwhile (see build_lock).
        with rebuild_lock(client, place, "update"):
            serving = cluster.aliased_indices(client, place)
            if not serving:
                raise IndexWriteError(f"the index of {place} was deleted during the update; run it again")
            meta = cluster.read_meta(client, place, serving[-1])
            report = _update(client, place, corpus, serving[-1], meta, _fields(meta), follow_links)
    finally:
        client.close()
    return replace(report, seconds=time.perf_counter() - started)


def _fields(meta: dict[str, Any]) -> dict[str, Any]:
    """Return the recorded files, skipped files and counts of a meta document (empty when unreadable)."""
    try:
        fields: dict[str, Any] = json.loads(meta.get("payload") or "{}")
    except ValueError:
        return {}
    return fields


def _update(
    client: OpenSearch, place: Location, corpus: Path, name: str, meta: dict[str, Any], fields: dict[str, Any],
    follow_links: bool,
) -> UpdateReport:
    indexed: dict[str, dict[str, Any]] = fields["files"]
    files: dict[str, dict[str, Any]] = {}
    documents: list[Document] = []
    added: list[str] = []
    changed: list[str] = []
    warnings: list[tuple[str, str]] = []
    listed = list_corpus_files(corpus, follow_links=follow_links)
    skipped: list[SkippedFile] = list(walk_skipped(listed))
    unchanged = 0
    for path in listed:
        loaded = load_file(path, corpus)
        if isinstance(loaded, SkippedFile):
            skipped.append(loaded)
            continue
        before = indexed.get(loaded.doc_id)
        if before is not None and before.get("digest") == loaded.digest:
            files[loaded.doc_id] = before
            unchanged += 1
            continue
        parsed = parse_file(loaded)
        if isinstance(parsed, SkippedFile):
            skipped.append(parsed)
            continue
        if parsed.warning:
            warnings.append((parsed.doc_id, parsed.warning))
        (added if before is None else changed).append(parsed.doc_id)
        documents.append(parsed)
        files[parsed.doc_id] = file_entry(parsed)
    removed = [doc_id for doc_id in indexed if doc_id not in files]
    skipped_map = {item.doc_id: item.reason for item in skipped}
    if added or changed or removed or skipped_map != fields.get("skipped"):
        counter = counter_of(meta)
        stale = {doc_id: int(indexed[doc_id].get("paragraphs", 0)) for doc_id in changed + removed}
        _forget_words(client, place, name, list(stale), counter)
        # A paragraph already gone (an earlier update stopped half-way) is no error.
        # Generations written before document indices existed have none to maintain.
        whole = fields.get("documents_index")
        bulk_index(client, place, _actions(name, stale, documents, counter, whole), ignore_status=(404,))
        with cluster.cluster_errors(place, "update"):
            client.indices.refresh(index=f"{name},{whole}" if whole else name)
        cluster.write_meta(client, place, name,
                           vocabulary_payload(meta_fields(corpus, files, tuple(skipped), whole), counter))
    return UpdateReport(
        str(corpus), place.describe(), added=tuple(added), changed=tuple(changed), removed=tuple(removed),
        unchanged=unchanged, skipped=tuple(skipped), warnings=tuple(warnings), documents=len(files),
        paragraphs=sum(int(entry["paragraphs"]) for entry in files.values()),
    )


def _actions(name: str, stale: dict[str, int], documents: list[Document],
             counter: VocabularyCounter, whole: str | None) -> Iterator[dict[str, Any]]:
    """Yield the deletions of the stale paragraphs, then the new paragraphs (counting their words).

    :param whole: the document index, whose entries follow their paragraphs.
    """
    for doc_id, count in stale.items():
        for number in range(1, count + 1):
            yield {"_op_type": "delete", "_index": name, "_id": paragraph_id(doc_id, number)}
        if whole:
            yield deletion_action(whole, doc_id)
    for document in documents:
        count_words(counter, document)
        yield from paragraph_actions(name, document)
        if whole:
            yield document_action(whole, document, file_fields(document))


def _forget_words(client: OpenSearch, place: Location, name: str, doc_ids: list[str],
                  counter: VocabularyCounter) -> None:
    """Subtract the words of the indexed paragraphs of *doc_ids* from *counter*, as the build counted them."""
    with cluster.cluster_errors(place, "update"):
        for doc_id in doc_ids:
            stored = [hit["_source"] for hit in helpers.scan(
                client, index=name, size=SCAN_BATCH, _source=["number", "text", "title", "section"],
                query={"query": {"term": {"source": doc_id}}},
            )]
            if not stored:
                continue
            stored.sort(key=lambda fields: int(fields["number"]))
            paragraphs = tuple(Paragraph(int(f["number"]), f["text"], section=f.get("section")) for f in stored)
            count_words(counter, Document(doc_id, stored[0]["title"], paragraphs, ""), remove=True)
