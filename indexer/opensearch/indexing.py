"""Build and update an OpenSearch index: ``build_opensearch_index(corpus, "opensearch://host:port/alias")``.

A rebuild never touches the index that serves.  It writes a new concrete
index ``<alias>-<generation>`` (the next number), checks that it holds every
paragraph, stores its vocabulary in ``<alias>-meta``, and only then moves
the alias in one ``_aliases`` request: searches see the old index until
that instant and the new one after.  The old index is deleted next.  A
rebuild that fails or is killed half-way leaves the alias where it was; its
unfinished index is deleted by the next rebuild, which removes only indices
named ``<alias>-<six digits>`` that the alias does not point to.  Two
rebuilds never run at once: the second is refused while the first holds
the lock of :mod:`indexer.opensearch.build_lock`.

An update works on the serving index in place: it compares the corpus
files' SHA-256 digests with those of the meta document, deletes the
paragraphs of changed and removed files and indexes those of new and
changed ones, in bulk requests, then stores the updated vocabulary.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy import exceptions as os_errors
from tqdm import tqdm

from ..build import BuildReport
from ..corpus import Document, SkippedFile, check_corpus_dir, list_corpus_files, read_corpus
from ..errors import IndexWriteError
from ..manifest import file_entry
from ..schema import build_schema
from ..vocabulary import VocabularyCounter
from . import client as cluster
from .build_lock import rebuild_lock
from .location import DOCUMENTS_SUFFIX, Location, parse_location
from .mapping import index_body
from .narrowing import ancestors
from .publishing import delete_meta, publish
from .whole_documents import document_action, document_index_body

__all__ = [
    "build_opensearch_index", "paragraph_id", "paragraph_actions", "bulk_index", "count_words",
    "vocabulary_payload", "counter_of", "meta_fields", "file_fields",
]

# What a paragraph repeats of its document, when the corpus reader gives it.
DOCUMENT_FIELDS = ("kind", "size", "mtime")
# Paragraphs per bulk request: about 1 MB of French text per request.
BULK_CHUNK_PARAGRAPHS = 500
# A node answering 429 (its write queue is full) gets the batch again, after
# waiting INITIAL_BACKOFF_SECONDS, then twice as long each time.
BULK_RETRIES = 5
INITIAL_BACKOFF_SECONDS = 1


def paragraph_id(source: str, number: int) -> str:
    """Return the OpenSearch ``_id`` of paragraph *number* of *source* (ids may be longer than ``_id`` allows).

    >>> paragraph_id("notes/a.txt", 3)
    'aad444b9fe124df992e4.3'
    """
    return f"{hashlib.sha1(source.encode('utf-8')).hexdigest()[:20]}.{number}"


def paragraph_actions(index_name: str, document: Document) -> Iterator[dict[str, Any]]:
    """Yield the bulk actions indexing every paragraph of *document* into *index_name*.

    The fields are those of the Whoosh index (:func:`indexer.schema.build_schema`);
    ``page`` and ``section`` only where the paragraph has them.
    """
    about = file_fields(document)
    for paragraph in document.paragraphs:
        body: dict[str, Any] = {"source": document.doc_id, "number": paragraph.number,
                                "title": document.title, "text": paragraph.text, **about}
        if getattr(paragraph, "page", None) is not None:
            body["page"] = paragraph.page
        if getattr(paragraph, "section", None):
            body["section"] = paragraph.section
        yield {"_index": index_name, "_id": paragraph_id(document.doc_id, paragraph.number), "_source": body}


def file_fields(document: Document) -> dict[str, Any]:
    """Return what each entry of *document* repeats of its file (:data:`DOCUMENT_FIELDS` it has, its folders)."""
    about = {name: getattr(document, name) for name in DOCUMENT_FIELDS if getattr(document, name, None) is not None}
    folders = ancestors(document.doc_id)
    if folders:
        about["folders"] = folders
    return about


def count_words(counter: VocabularyCounter, document: Document, remove: bool = False) -> None:
    """Add (or remove) the words of *document* to *counter* as a Whoosh build counts them.

    Paragraphs, the title once, and each distinct section path once.
    """
    step = counter.remove if remove else counter.add
    for paragraph in document.paragraphs:
        step(paragraph.text)
    step(document.title)
    sections = (getattr(paragraph, "section", None) for paragraph in document.paragraphs)
    for section in dict.fromkeys(section for section in sections if section):
        step(section)


def bulk_index(
    client: OpenSearch, location: Location, actions: Iterable[dict[str, Any]], ignore_status: tuple[int, ...] = ()
) -> int:
    """Send *actions* in bulk requests, retrying batches a busy node refused (429); return the requests sent.

    :param ignore_status: statuses of single actions that are no error (404 for a deletion).

    :raises IndexWriteError: when a paragraph is refused for another reason.
    :raises SearchClusterError: when the cluster cannot be reached.
    """
    requests = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal requests
        for position, action in enumerate(actions):
            if position % BULK_CHUNK_PARAGRAPHS == 0:
                requests += 1
            yield action

    with cluster.cluster_errors(location, "bulk indexing"):
        try:
            for _ in helpers.streaming_bulk(client, counted(), chunk_size=BULK_CHUNK_PARAGRAPHS,
                                            max_retries=BULK_RETRIES, initial_backoff=INITIAL_BACKOFF_SECONDS,
                                            yield_ok=False, ignore_status=ignore_status,
                                            request_timeout=cluster.REQUEST_TIMEOUT_SECONDS):
                pass
        except helpers.BulkIndexError as error:
            first = error.errors[0] if error.errors else {}
            raise IndexWriteError(
                f"OpenSearch at {location} refused {len(error.errors)} paragraphs (first: {json.dumps(first)[:300]}); "
                "the previous index still serves"
            ) from error
    return requests


def counter_of(meta: dict[str, Any]) -> VocabularyCounter:
    """Return a vocabulary counter holding the vocabulary of a meta document."""
    counter = VocabularyCounter()
    payload = json.loads(meta.get("payload") or "{}")
    counter.counts.update(payload.get("counts", {}))
    counter.known_terms = dict(payload.get("terms") or {})
    return counter


def vocabulary_payload(meta_fields: dict[str, Any], counter: VocabularyCounter) -> dict[str, Any]:
    """Return the meta document of a generation: *meta_fields* and the vocabulary, as one JSON text."""
    analyzer = build_schema()["text"].analyzer
    payload = {**meta_fields, "counts": dict(counter.counts), "terms": counter.terms(analyzer)}
    return {"payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":"))}


def meta_fields(corpus: Path, files: dict[str, dict[str, Any]], skipped: tuple[SkippedFile, ...],
                documents_index: str | None = None) -> dict[str, Any]:
    """Return what a generation records besides its vocabulary (as a Whoosh manifest does).

    :param documents_index: the generation's document index, when it has one.
    """
    return {
        **({"documents_index": documents_index} if documents_index else {}),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus_dir": str(corpus.resolve()),
        "documents": len(files),
        "paragraphs": sum(int(entry["paragraphs"]) for entry in files.values()),
        "files": files,
        "skipped": {item.doc_id: item.reason for item in skipped},
    }


def build_opensearch_index(
    corpus_dir: str | Path,
    location: str,
    *,
    progress: bool = False,
    shards: int = 1,
    replicas: int | None = None,
    follow_links: bool = False,
) -> BuildReport:
    """Index every paragraph of the texts in *corpus_dir* into a new generation behind the alias of *location*.

    :param location: ``opensearch://host:port/alias``.
    :param shards: primary shards of the new index.
    :param replicas: copies of each shard; by default one on a cluster of
        several nodes, none on a single node.
    :param follow_links: see :func:`indexer.build.build_index`.
    :raises ValueError: when *location* is not an OpenSearch location.
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    :raises SearchClusterError: when the cluster is unreachable, red, or refuses a request.
    :raises IndexWriteError: when paragraphs were refused or are missing (the previous index still serves).
    """
    started = time.perf_counter()
    place = parse_location(location)
    corpus = check_corpus_dir(corpus_dir)
    files = list_corpus_files(corpus, follow_links=follow_links)
    client = cluster.connect(place)
    try:
        cluster.check_health(client, place)
        # Held from before the leftovers are deleted until the alias has moved (see build_lock).
        with rebuild_lock(client, place) as lease:
            serving = cluster.aliased_indices(client, place)
            name = _create_generation(client, place, serving, shards, replicas)
            report = _fill(client, place, corpus, files, name, progress)
            lease.check()
            publish(client, place, name, serving)
    finally:
        client.close()
    return BuildReport(str(corpus), location, report.documents, report.paragraphs, report.skipped,
                       report.warnings, time.perf_counter() - started)


def _create_generation(
    client: OpenSearch, place: Location, serving: list[str], shards: int, replicas: int | None
) -> str:
    """Delete what earlier failed rebuilds left, create the next generation's index and return its name."""
    with cluster.cluster_errors(place, "rebuild"):
        existing = sorted(client.indices.get(index=f"{place.alias}-*", expand_wildcards="open,closed",
                                             allow_no_indices=True, ignore_unavailable=True))
        numbers = [n for n in (place.generation_of(name) for name in existing) if n is not None]
        for leftover in existing:
            if place.generation_of(leftover) is not None and leftover not in serving:
                client.indices.delete(index=leftover, ignore_unavailable=True)
                delete_meta(client, place, leftover)
            base = leftover.removesuffix(DOCUMENTS_SUFFIX)
            # A document index goes with its generation (and only one of ours).
            if base != leftover and place.generation_of(base) is not None and base not in serving:
                client.indices.delete(index=leftover, ignore_unavailable=True)
        name = place.generation_name(max(numbers, default=0) + 1)
        try:
            client.indices.create(index=name, body=index_body(shards, replicas, bulk_loading=True),
                                  wait_for_active_shards="1")
            client.indices.create(index=place.documents_name(name),
                                  body=document_index_body(shards, replicas, bulk_loading=True),
                                  wait_for_active_shards="1")
        except os_errors.RequestError as error:
            if "resource_already_exists" in str(error.error):
                raise IndexWriteError(f"another rebuild of {place} is creating {name}; wait for it and run "
                                      "the command again; the previous index still serves") from error
            raise
    return name


def _fill(client: OpenSearch, place: Location, corpus: Path, files: list[Path], name: str,
          progress: bool) -> BuildReport:
    """Index the corpus into the new index *name*, check it is complete, and store its meta document."""
    counter = VocabularyCounter()
    skipped: list[SkippedFile] = []
    warnings: list[tuple[str, str]] = []
    documents: dict[str, dict[str, Any]] = {}
    bar = tqdm(total=len(files), unit="file", disable=None if progress else True, leave=False)

    def actions() -> Iterator[dict[str, Any]]:
        for item in read_corpus(corpus, files):
            bar.update(1)
            if isinstance(item, SkippedFile):
                skipped.append(item)
                continue
            if item.warning:
                warnings.append((item.doc_id, item.warning))
            count_words(counter, item)
            documents[item.doc_id] = file_entry(item)
            yield from paragraph_actions(name, item)
            yield document_action(place.documents_name(name), item, file_fields(item))

    try:
        bulk_index(client, place, actions())
    finally:
        bar.close()
    paragraphs = sum(entry["paragraphs"] for entry in documents.values())
    whole = place.documents_name(name)
    with cluster.cluster_errors(place, "rebuild"):
        client.indices.put_settings(index=f"{name},{whole}", body={"index": {"refresh_interval": None}})
        client.indices.refresh(index=f"{name},{whole}")
        written = int(client.count(index=name)["count"])
        entries = int(client.count(index=whole)["count"])
    if written != paragraphs or entries != len(documents):
        raise IndexWriteError(f"the new index {name} holds {written} of {paragraphs} paragraphs and {entries} of "
                              f"{len(documents)} documents; run the command again; the previous index still serves")
    cluster.check_health(client, place, name)
    fields = meta_fields(corpus, documents, tuple(skipped), whole)
    cluster.write_meta(client, place, name, vocabulary_payload(fields, counter))
    return BuildReport(str(corpus), name, len(documents), paragraphs, tuple(skipped), tuple(warnings))

