"""The cached index-time analysis writes the postings of Whoosh's stock analyzer path, and the same vocabulary."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema

from corpus_writing import write_corpus
from indexer.analysis import french_analyzer
from indexer.corpus import Document, read_corpus
from indexer.fast_field import FastText
from indexer.schema import build_schema
from indexer.settings import AnalysisSettings, IndexSettings
from indexer.vocabulary import VocabularyCounter
from indexer.writing import add_document

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
TEXT_FIELDS = ("title", "section", "text")

# Pieces the generated corpus mixes into its sentences: cross-references
# (lower weight), elisions with every apostrophe, acronyms, hyphen and slash
# compounds, numbers, capitals and stop words at a paragraph's start.
PIECES = [
    "voir Section 2.7.9, « Compte de l’administrateur »", "le Chapitre IV « Les « Release » du système »",
    "l’ONU", "L'O.N.U.", "d’Asie-Pacifique", "qu’il", "jusqu‘à", "aujourd’hui", "lorsqu'elle", "GNU/Linux",
    "ext2/ext3", "c'est-à-dire", "Sécurité", "SÉCURITÉ", "sécurités", "cœur", "Ægée", "1999", "x86_64",
    "Le", "la", "et", "où", "dont", "n'", "l’", "Annexe B, « Tableaux »", "Figure 3 « Schéma »",
]


def generated_corpus(directory: Path, seed: int = 16, documents: int = 60) -> Path:
    """Write Markdown documents whose sections and paragraphs shuffle the seeds' words with :data:`PIECES`."""
    words = " ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.iterdir())).split()
    chance = random.Random(seed)
    files: dict[str, str | bytes] = {}
    for number in range(documents):
        lines = [" ".join(chance.choices(words, k=chance.randint(2, 8))), ""]
        for _ in range(chance.randint(1, 4)):
            lines += ["## " + " ".join(chance.choices(words + PIECES, k=chance.randint(1, 5))), ""]
            for _ in range(chance.randint(1, 6)):
                sentence = chance.choices(words, k=chance.randint(5, 80)) + chance.choices(PIECES, k=chance.randint(0, 6))
                chance.shuffle(sentence)
                lines += [" ".join(sentence), ""]
        files[f"gen/doc{number:03d}.md"] = "\n".join(lines)
    return write_corpus(directory, files)


def stock_schema(schema: Schema) -> Schema:
    """Return *schema* with its FastText fields turned into Whoosh's TEXT fields of the same settings."""
    stock = copy.deepcopy(schema)
    for name in TEXT_FIELDS:
        stock[name].__class__ = TEXT
    return stock


def write_index(directory: Path, schema: Schema, documents: list[Document]) -> VocabularyCounter:
    """Index *documents* into a new Whoosh index in *directory* with *schema*; return the counted vocabulary."""
    directory.mkdir()
    writer = whoosh_index.create_in(str(directory), schema).writer()
    vocabulary = VocabularyCounter()
    for document in documents:
        add_document(writer, document, vocabulary)
    writer.commit()
    return vocabulary


def postings_of(directory: Path) -> dict[str, Any]:
    """Return every term of the text fields with its doc frequency and postings (doc, weight, positions bytes)."""
    found: dict[str, Any] = {}
    with whoosh_index.open_dir(str(directory)).reader() as reader:
        for name in TEXT_FIELDS:
            for term in reader.lexicon(name):
                postings = reader.postings(name, term)
                rows = []
                while postings.is_active():
                    rows.append((postings.id(), postings.weight(), postings.value()))
                    postings.next()
                found[f"{name}:{term.decode('utf-8')}"] = (reader.doc_frequency(name, term), rows)
            found[f"{name} lengths"] = [reader.doc_field_length(doc, name) for doc in range(reader.doc_count_all())]
        found["stored"] = list(reader.all_stored_fields())
    return found


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    corpus = tmp_path_factory.mktemp("corpus")
    for path in SEEDS_DIR.iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    generated_corpus(corpus)
    read = [item for item in read_corpus(corpus) if isinstance(item, Document)]
    assert len(read) == 62 and sum(len(document.paragraphs) for document in read) > 500
    return read


OTHER_ANALYSIS = IndexSettings(analysis=AnalysisSettings(stemming=False, cross_reference_weight=0.25))


@pytest.mark.parametrize("settings", [IndexSettings(), OTHER_ANALYSIS], ids=["defaults", "unstemmed"])
def test_postings_match_the_stock_analyzer_path(settings: IndexSettings, documents: list[Document],
                                                tmp_path: Path) -> None:
    schema = build_schema(settings)
    assert all(isinstance(schema[name], FastText) for name in TEXT_FIELDS)
    fast_vocabulary = write_index(tmp_path / "fast", schema, documents)
    stock_vocabulary = write_index(tmp_path / "stock", stock_schema(schema), documents)
    fast, stock = postings_of(tmp_path / "fast"), postings_of(tmp_path / "stock")
    assert fast.keys() == stock.keys()
    different = [key for key in fast if fast[key] != stock[key]]
    assert different == []
    assert fast_vocabulary.counts == stock_vocabulary.counts
    # The corpus exercises what the weights and positions depend on.
    text_rows = [row for key, value in fast.items() if key.startswith("text:") for row in value[1]]
    reduced = [weight for _, weight, _ in text_rows if weight != int(weight)]
    assert reduced, "no cross-reference weight in the corpus"
    assert any(key.startswith("section:") for key in fast)


def test_stock_whoosh_reads_the_index_and_queries_use_the_chain(documents: list[Document], tmp_path: Path) -> None:
    schema = build_schema()
    write_index(tmp_path / "fast", schema, documents)
    index = whoosh_index.open_dir(str(tmp_path / "fast"))
    field = index.schema["text"]
    # Query-time analysis is the chain's own, unchanged.
    assert field.analyzer == french_analyzer()
    assert list(field.process_text("L’ONU a renforcé la coopération")) == ["onu", "renforc", "cooper"]
    from whoosh.qparser import QueryParser

    with index.searcher() as searcher:
        hits = searcher.search(QueryParser("text", index.schema).parse('"cœur"'), limit=None)
        assert len(hits) > 0 and all("cœur" in hit["text"].lower() for hit in hits)


def test_a_text_given_to_the_field_is_analysed_like_the_chain() -> None:
    field = build_schema()["text"]
    text = "Voir Section 2.7, « Compte de l’administrateur » : l’administrateur gère les comptes."
    stock = copy.deepcopy(field)
    stock.__class__ = TEXT
    assert sorted(field.index(text)) == sorted(stock.index(text))
    assert sorted(field.index(text)) == sorted(field.index(text))
