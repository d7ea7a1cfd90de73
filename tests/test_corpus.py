"""Reading a corpus directory: encodings, skipped files, ids and titles."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from indexer.corpus import Document, SkippedFile, list_corpus_files, make_title, read_corpus
from indexer.corpus_files import OUTSIDE_FILE_LINK, OUTSIDE_FOLDER_LINK, UNSUPPORTED, relative_id, skipped_lines
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
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    items = read(tmp_path)

    assert set(items) == {
        "blank.md", "bom.txt", "crlf.txt", "empty.txt", "image.txt", "nfd.txt",
        "undecodable.txt", "utf16.txt", "utf8.txt", "windows.txt", "photo.jpg",
    }
    for name in ("utf8.txt", "bom.txt", "windows.txt", "utf16.txt", "crlf.txt", "nfd.txt"):
        document = items[name]
        assert isinstance(document, Document), name
        assert document.title == "Sécurité régionale"
        assert [p.text for p in document.paragraphs] == [
            "Sécurité régionale", "La coopération entre États progresse.",
        ]
    assert items["windows.txt"].warning == "pas en UTF-8, lu comme cp1252"
    assert items["utf8.txt"].warning is None
    assert items["image.txt"] == SkippedFile("image.txt", "fichier binaire (octets NUL)")
    assert items["empty.txt"] == SkippedFile("empty.txt", "document vide (aucun texte)")
    assert items["blank.md"] == SkippedFile("blank.md", "document vide (aucun texte)")
    assert items["undecodable.txt"] == SkippedFile(
        "undecodable.txt", "encodage inconnu (ni UTF-8 ni un codage français connu)"
    )
    assert items["photo.jpg"] == SkippedFile("photo.jpg", UNSUPPORTED)


def test_documents_know_their_kind_size_and_date(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Réseau\n\nL'adresse du serveur.\n", encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    document = read(tmp_path)["notes.md"]
    assert isinstance(document, Document)
    assert (document.kind, document.size, document.mtime) == ("md", path.stat().st_size, 1_700_000_000)
    # A Markdown heading is the section of what follows, not a paragraph.
    assert [(p.text, p.section) for p in document.paragraphs] == [("L'adresse du serveur.", "Réseau")]


def test_many_files_of_unknown_formats_are_counted_per_suffix(tmp_path: Path) -> None:
    for number in range(30):
        (tmp_path / f"photo-{number}.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "Makefile").write_text("all:\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    listed = list_corpus_files(tmp_path)
    assert [path.name for path in listed] == ["a.txt"]
    assert skipped_lines(listed.skipped) == [
        f"  1 fichiers (sans extension): {UNSUPPORTED}", f"  30 fichiers .jpg: {UNSUPPORTED}",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(TEXT, encoding="utf-8")
    secret.chmod(0)
    assert read(tmp_path)["secret.txt"] == SkippedFile("secret.txt", "lecture impossible (Permission denied)")


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


# -- the walk: links, unreadable folders, names ------------------------------


def make_linked_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """Return a corpus whose links lead inside and outside it, and the outside folder."""
    outside = tmp_path / "dehors"
    (outside / "sous-dossier").mkdir(parents=True)
    (outside / "secret.txt").write_text(TEXT, encoding="utf-8")
    (outside / "sous-dossier" / "x.txt").write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "notes" / "b.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "fuite.txt").symlink_to(outside / "secret.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "relatif.txt").symlink_to("../dehors/secret.txt")
    (corpus / "dossier-dehors").symlink_to(outside, target_is_directory=True)
    (corpus / "interne.txt").symlink_to("a.txt")
    (corpus / "raccourci").symlink_to("notes", target_is_directory=True)
    return corpus, outside


def test_links_leaving_the_corpus_are_skipped_with_their_reason(tmp_path: Path) -> None:
    corpus, _ = make_linked_corpus(tmp_path)
    listed = list_corpus_files(corpus)
    # Links inside the corpus are fine; a folder link is not walked again.
    assert [relative_id(path, corpus) for path in listed] == ["a.txt", "interne.txt", "notes/b.txt"]
    assert {item.doc_id: item.reason for item in listed.skipped} == {
        "dossier-dehors/": OUTSIDE_FOLDER_LINK,
        "fuite.txt": OUTSIDE_FILE_LINK,
        "passwd.txt": OUTSIDE_FILE_LINK,
        "relatif.txt": OUTSIDE_FILE_LINK,
    }
    items = list(read_corpus(corpus))
    assert [item.doc_id for item in items if isinstance(item, Document)] == ["a.txt", "interne.txt", "notes/b.txt"]
    assert {item.doc_id for item in items if isinstance(item, SkippedFile)} == {
        "dossier-dehors/", "fuite.txt", "passwd.txt", "relatif.txt",
    }


def test_follow_links_indexes_what_they_lead_to(tmp_path: Path) -> None:
    corpus, _ = make_linked_corpus(tmp_path)
    listed = list_corpus_files(corpus, follow_links=True)
    assert [relative_id(path, corpus) for path in listed] == [
        "a.txt", "dossier-dehors/secret.txt", "dossier-dehors/sous-dossier/x.txt", "fuite.txt",
        "interne.txt", "notes/b.txt", "passwd.txt", "relatif.txt",
    ]
    assert listed.skipped == ()


def test_followed_links_cannot_loop(tmp_path: Path) -> None:
    corpus, outside = make_linked_corpus(tmp_path)
    (outside / "boucle").symlink_to(outside, target_is_directory=True)
    (outside / "sous-dossier" / "retour").symlink_to(corpus, target_is_directory=True)
    (outside / "sous-dossier" / "encore").symlink_to(outside, target_is_directory=True)
    ids = [relative_id(path, corpus) for path in list_corpus_files(corpus, follow_links=True)]
    assert len(ids) == len(set(ids)) == 8


def _deep_folder(root: Path, min_length: int) -> tuple[int, int]:
    """Create folders under *root* until the path is at least *min_length* long; return (fd, length)."""
    descriptor = os.open(root, os.O_RDONLY)
    length = len(str(root))
    name = "d" * 200
    while length < min_length:
        os.mkdir(name, dir_fd=descriptor)
        inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
        os.close(descriptor)
        descriptor, length = inner, length + 1 + len(name)
    return descriptor, length


def _write_at(descriptor: int, name: str) -> None:
    handle = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
    os.write(handle, TEXT.encode("utf-8"))
    os.close(handle)


def test_paths_over_the_system_limit_are_reported(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_PATH_MAX")
    (tmp_path / "court.txt").write_text(TEXT, encoding="utf-8")
    deep = tmp_path / "profond"
    deep.mkdir()
    descriptor, length = _deep_folder(deep, limit + 10)  # this folder cannot be listed by its path
    _write_at(descriptor, "perdu.txt")
    os.close(descriptor)
    near = tmp_path / "presque"
    near.mkdir()
    descriptor, length = _deep_folder(near, limit - 250)
    assert length < limit - 1
    _write_at(descriptor, "f" * 240 + ".txt")  # the folder can be listed, the file's path is too long
    os.close(descriptor)

    items = {item.doc_id: item for item in read_corpus(tmp_path)}
    assert isinstance(items["court.txt"], Document)
    skipped = {doc_id: item.reason for doc_id, item in items.items() if isinstance(item, SkippedFile)}
    assert len(skipped) == 2, skipped
    folder = next(doc_id for doc_id in skipped if doc_id.startswith("profond/"))
    assert folder.endswith("/") and skipped[folder] == "dossier non lu (File name too long)"
    long_file = next(doc_id for doc_id in skipped if doc_id.startswith("presque/"))
    assert long_file.endswith(".txt") and skipped[long_file] == "lecture impossible (File name too long)"


@pytest.mark.parametrize(
    "name", ["ligne\nbrisée.txt", "\x1b]0;PWNED\x07.txt", "tab\tulation.txt", "efface\x1b[2J.md", "c1\x9b.txt"],
    ids=["newline", "window-title", "tab", "clear-screen", "c1"],
)
def test_names_with_control_characters_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / "propre.txt").write_text(TEXT, encoding="utf-8")
    items = read(tmp_path)
    assert items[name] == SkippedFile(name, "nom de fichier avec un caractère de contrôle ; renommez le fichier")
    assert isinstance(items["propre.txt"], Document)
