"""Reading a corpus directory: encodings, skipped files, ids and titles."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from indexer.corpus import Document, SkippedFile, list_corpus_files, make_title, read_corpus
from indexer.errors import CorpusNotFoundError

TEXT = "Sécurité régionale\n\nLa coopération entre États progresse.\n"


def read(directory: Path) -> dict[str, Document | SkippedFile]:
    return {item.doc_id: item for item in read_corpus(directory)}


def test_encodings_and_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "utf8.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    (tmp_path / "windows.txt").write_bytes(TEXT.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(TEXT.encode("utf-16"))
    (tmp_path / "crlf.txt").write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "nfd.txt").write_bytes(
        __import__("unicodedata").normalize("NFD", TEXT).encode("utf-8")
    )
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\u00a0\n", encoding="utf-8")
    (tmp_path / "undecodable.txt").write_bytes(b"caf\xe9 \x81\x8d")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    items = read(tmp_path)

    assert set(items) == {
        "blank.md", "bom.txt", "crlf.txt", "empty.txt", "image.txt", "nfd.txt",
        "undecodable.txt", "utf16.txt", "utf8.txt", "windows.txt",
    }
    for name in ("utf8.txt", "bom.txt", "windows.txt", "utf16.txt", "crlf.txt", "nfd.txt"):
        document = items[name]
        assert isinstance(document, Document), name
        assert document.title == "Sécurité régionale"
        assert [p.text for p in document.paragraphs] == [
            "Sécurité régionale", "La coopération entre États progresse.",
        ]
    assert items["windows.txt"].warning == "not UTF-8, decoded as cp1252"
    assert items["utf8.txt"].warning is None
    assert items["image.txt"] == SkippedFile("image.txt", "binary file (NUL bytes)")
    assert items["empty.txt"] == SkippedFile("empty.txt", "empty file (no text)")
    assert items["blank.md"] == SkippedFile("blank.md", "empty file (no text)")
    assert items["undecodable.txt"] == SkippedFile("undecodable.txt", "neither UTF-8 nor cp1252")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(TEXT, encoding="utf-8")
    secret.chmod(0)
    assert read(tmp_path)["secret.txt"] == SkippedFile("secret.txt", "Permission denied")


def test_dangling_symlink_and_link_loop_are_harmless(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    items = read(tmp_path)
    assert isinstance(items["a.txt"], Document)
    assert isinstance(items["gone.txt"], SkippedFile)
    assert not any(doc_id.startswith("loop/") for doc_id in items)


def test_nested_folders_sorted_ids_with_slashes(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.md", "a/b/c.txt", "Été 2023/notes.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT, encoding="utf-8")
    ids = [item.doc_id for item in read_corpus(tmp_path)]
    assert ids == ["a/b/c.txt", "a/z.md", "b.txt", "Été 2023/notes.txt"]
    assert [p.name for p in list_corpus_files(tmp_path)] == ["c.txt", "z.md", "b.txt", "notes.txt"]


def test_digest_changes_with_content(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    before = read(tmp_path)["a.txt"].digest
    path.write_text(TEXT + "\nUne phrase de plus.\n", encoding="utf-8")
    assert read(tmp_path)["a.txt"].digest != before


def test_missing_corpus_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="nowhere"):
        list(read_corpus(tmp_path / "nowhere"))


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n  Histoire et société  \nsuite", "Histoire et société"),
        ("## Recettes\n\ntexte", "Recettes"),
        ("mot " * 100, ("mot " * 30).strip() + "…"),
    ],
    ids=["first-line-trimmed", "markdown-heading", "long-line-cut-at-word"],
)
def test_title(text: str, title: str) -> None:
    assert make_title(text) == title
    assert len(make_title(text)) <= 121


def test_seed_documents(seeds_dir: Path) -> None:
    items = read(seeds_dir)
    assert [d.title for d in items.values()] == [
        "Histoire et société",
        "Renforcer la coopération, la confiance et le dialogue pour la paix et la sécurité internationales",
    ]
