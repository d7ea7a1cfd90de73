"""The engines of ``bench/speed.py``: how each builds its index and answers one query.

* ``project``: ``indexer.build_index`` and ``indexer.open_index(dir).search(q, limit=10)``,
  ungrouped or grouped per document;
* ``baseline``: plain Whoosh as its tutorial shows it (default analyzer and
  schema, single-process writer, default ``QueryParser`` in OR mode,
  ``hit.highlights()``);
* ``tantivy`` (a native reference, when installed): tantivy-py with a French
  stemming analyzer, its lenient parser, ``SnippetGenerator`` snippets.

All engines index the same paragraphs, read by the project's corpus reader.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import indexer
from indexer.corpus import SkippedFile, read_corpus

ENGINES = ("project", "baseline", "tantivy")
LIMIT = 10


def paragraphs(corpus: Path) -> Iterator[tuple[str, int, str]]:
    """Yield (document id, paragraph number, text) for every paragraph the project indexes."""
    for document in read_corpus(corpus):
        if not isinstance(document, SkippedFile):
            for paragraph in document.paragraphs:
                yield document.doc_id, paragraph.number, paragraph.text


def documents(corpus: Path) -> Iterator[tuple[str, list[str]]]:
    """Yield (title, paragraph texts) for every document the project indexes."""
    for document in read_corpus(corpus):
        if not isinstance(document, SkippedFile):
            yield document.title, [paragraph.text for paragraph in document.paragraphs]


def build_project(corpus: Path, index: Path) -> int:
    return indexer.build_index(corpus, index).paragraphs


def build_baseline(corpus: Path, index: Path) -> int:
    from whoosh import fields, index as whoosh_index

    shutil.rmtree(index, ignore_errors=True)
    index.mkdir(parents=True)
    schema = fields.Schema(source=fields.ID(stored=True), number=fields.STORED, text=fields.TEXT(stored=True))
    writer = whoosh_index.create_in(str(index), schema).writer()
    count = 0
    for source, number, text in paragraphs(corpus):
        writer.add_document(source=source, number=number, text=text)
        count += 1
    writer.commit()
    return count


def _tantivy_index(index: Path, create: bool) -> Any:
    import tantivy

    if create:
        shutil.rmtree(index, ignore_errors=True)
        index.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_integer_field("number", stored=True)
    builder.add_text_field("text", stored=True, tokenizer_name="french")
    opened = tantivy.Index(builder.build(), path=str(index), reuse=not create)
    french = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
              .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("french"))
              .filter(tantivy.Filter.ascii_fold()).build())
    opened.register_tokenizer("french", french)
    return opened


def build_tantivy(corpus: Path, index: Path) -> int:
    import tantivy

    writer = _tantivy_index(index, create=True).writer()
    count = 0
    for source, number, text in paragraphs(corpus):
        writer.add_document(tantivy.Document(source=source, number=number, text=text))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


BUILDERS: dict[str, Callable[[Path, Path], int]] = {
    "project": build_project, "baseline": build_baseline, "tantivy": build_tantivy,
}


def open_engine(engine: str, index: Path, group: bool = False) -> Callable[[str], int]:
    """Return a function that runs one query, top 10 with snippets, and returns the number of hits.

    :param group: for the project, results grouped per document (the web UI's default).
    """
    if engine == "project":
        opened = indexer.open_index(index)
        return lambda text: len(opened.search(text, limit=LIMIT, group=group).hits)
    if engine == "baseline":
        from whoosh import index as whoosh_index
        from whoosh.qparser import OrGroup, QueryParser

        ix = whoosh_index.open_dir(str(index))
        parser = QueryParser("text", ix.schema, group=OrGroup)

        def baseline(text: str) -> int:
            query = parser.parse(text)
            with ix.searcher() as searcher:
                results = searcher.search(query, limit=LIMIT)
                return len([(hit["source"], hit["number"], hit.highlights("text")) for hit in results])

        return baseline
    import tantivy

    ti = _tantivy_index(index, create=False)
    ti.reload()
    searcher = ti.searcher()

    def native(text: str) -> int:
        query, _ = ti.parse_query_lenient(text, ["text"])
        found = searcher.search(query, LIMIT, count=True)
        snippets = tantivy.SnippetGenerator.create(searcher, query, ti.schema, "text")
        docs = [searcher.doc(address) for _, address in found.hits]
        return len([(doc["source"], snippets.snippet_from_doc(doc).to_html()) for doc in docs])

    return native
