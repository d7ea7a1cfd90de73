"""Every format end to end: built, updated and searched through the library, the CLI and the JSON API.

One corpus of real documents (see ``formats_corpus.py``) is built once for
the module; the update tests work on their own copies.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import store
from indexer.cli import cli
from webui import create_app

from formats_corpus import FOUND, HOSTILE, write_documents, write_hostile

DOCUMENTS = sorted({source for source, _, _, _ in FOUND.values()})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, indexer.BuildReport]:
    base = tmp_path_factory.mktemp("formats")
    corpus = write_hostile(write_documents(base / "corpus"))
    report = indexer.build_index(corpus, base / "index")
    return corpus, base / "index", report


@pytest.fixture(scope="module")
def index(built: tuple[Path, Path, indexer.BuildReport]) -> indexer.SearchIndex:
    return indexer.open_index(built[1])


def test_every_format_is_indexed_and_every_hostile_file_skipped_with_its_reason(
    built: tuple[Path, Path, indexer.BuildReport], index: indexer.SearchIndex
) -> None:
    _, index_dir, report = built
    assert {item.doc_id: item.reason for item in report.skipped} == HOSTILE
    assert index.sources() == DOCUMENTS
    generation = store.current_generation(index_dir)
    assert generation is not None
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"]["manuel/guide.pdf"]
    assert entry["kind"] == "pdf" and entry["size"] > 0 and entry["mtime"] > 0
    assert manifest["unsupported"] == {".jpg": 1}
    assert "piège/photo.jpg" not in manifest["skipped"]


@pytest.mark.parametrize("query", list(FOUND), ids=[kind for _, _, _, kind in FOUND.values()])
def test_a_query_without_accents_finds_the_paragraph_with_its_page_and_section(
    index: indexer.SearchIndex, query: str
) -> None:
    source, page, section, kind = FOUND[query]
    best = index.search(query).hits[0]
    assert (best.source, best.page, best.section, best.kind) == (source, page, section, kind)
    assert "<mark>" in best.snippet


def test_the_stored_pdf_keeps_pages_sections_and_clean_words(index: indexer.SearchIndex) -> None:
    stored = index.document("manuel/guide.pdf")
    assert stored is not None and stored.kind == "pdf"
    assert stored.title == "Manuel de l’administrateur"
    assert [(p.page, p.section) for p in stored.paragraphs] == [
        (1, "1 Installation"), (2, "1 Installation"), (3, "2 Configuration › 2.1 Réseau"),
    ]
    # Hyphenation and the ligature undone; headers, footers and headings are not paragraphs.
    assert stored.paragraphs[0].text == "La sécurité du système repose sur une configuration soignée."
    assert "Asie-Pacifique" in stored.paragraphs[2].text
    assert not any("édition 2024" in p.text or p.text.startswith("Page ") for p in stored.paragraphs)


def test_a_section_word_finds_the_paragraphs_it_names(index: indexer.SearchIndex) -> None:
    # « Aigoual » is only in the heading above the paragraph.
    best = index.search("aigoual").hits[0]
    assert (best.source, best.paragraph) == ("pages/sentiers.html", 2)


def test_the_cli_shows_the_format_page_and_section(built: tuple[Path, Path, indexer.BuildReport]) -> None:
    result = CliRunner().invoke(cli, ["search", "messagerie electronique", "--index", str(built[1])])
    assert result.exit_code == 0, result.output
    assert "manuel/guide.pdf § 3" in result.output
    assert "[pdf] p. 3 · 2 Configuration › 2.1 Réseau" in result.output
    as_json = CliRunner().invoke(cli, ["search", "crepes", "--json", "--index", str(built[1])])
    hit = json.loads(as_json.output)["hits"][0]
    assert (hit["kind"], hit["page"], hit["section"]) == ("md", None, "Cuisine › Desserts")


def test_the_rebuild_summary_names_each_skipped_file(tmp_path: Path) -> None:
    corpus = write_hostile(tmp_path / "corpus")
    (corpus / "a.txt").write_text("Un texte lisible.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert f"skipped {len(HOSTILE)} files:" in result.output
    for name, reason in HOSTILE.items():
        assert f"  {name}: {reason}\n" in result.output


def test_the_api_returns_page_section_kind_and_the_original_link(built: tuple[Path, Path, indexer.BuildReport]) -> None:
    corpus, index_dir, _ = built
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus)})
    with app.test_client() as client:
        hit = client.get("/api/search", query_string={"q": "messagerie electronique"}).get_json()["hits"][0]
        page = client.get("/api/doc/manuel/guide.pdf").get_json()
    assert (hit["source"], hit["page"], hit["section"], hit["kind"]) == (
        "manuel/guide.pdf", 3, "2 Configuration › 2.1 Réseau", "pdf",
    )
    assert hit["file_url"] == "/file/manuel/guide.pdf#page=3"
    assert hit["url"].endswith("#p3")
    assert page["kind"] == "pdf" and page["file_url"] == "/file/manuel/guide.pdf"
    assert [(p["page"], p["section"]) for p in page["paragraphs"]][2] == (3, "2 Configuration › 2.1 Réseau")


def test_update_skips_hostile_files_and_never_extracts_an_unchanged_file_again(tmp_path: Path) -> None:
    corpus, index_dir = write_documents(tmp_path / "corpus"), tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    # A new date alone is no change: the digest decides.
    pdf = corpus / "manuel" / "guide.pdf"
    os.utime(pdf, (1_600_000_000, 1_600_000_000))
    write_hostile(corpus)
    shutil.copy(corpus / "guide.odt", corpus / "copie.odt")
    report = indexer.update_index(corpus, index_dir)
    assert report.added == ("copie.odt",) and report.changed == () and report.removed == ()
    assert report.unchanged == len(DOCUMENTS)
    assert {item.doc_id: item.reason for item in report.skipped} == HOSTILE
    idx = indexer.open_index(index_dir)
    try:
        best = idx.search("messagerie electronique").hits[0]
        assert (best.source, best.page) == ("manuel/guide.pdf", 3)
        assert {hit.source for hit in idx.search("coeur systeme pret").hits} >= {"guide.odt", "copie.odt"}
    finally:
        idx.close()
    # A damaged version of an indexed document removes it, with the reason.
    pdf.write_bytes(pdf.read_bytes()[:2000])
    damaged = indexer.update_index(corpus, index_dir)
    assert damaged.removed == ("manuel/guide.pdf",)
    assert ("manuel/guide.pdf", "PDF illisible (fichier endommagé ou pas un PDF)") in {
        (item.doc_id, item.reason) for item in damaged.skipped
    }
