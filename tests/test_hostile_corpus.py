"""Hostile corpus files: each is indexed or skipped with its reason, the rest is always indexed.

One corpus holds every oddity at once, next to 10 000 tiny files, and is
built once; the cases that need their own set-up (a file removed while the
build reads it, a file the build may not read) have their own small corpus.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import build as build_module
from indexer.cli import cli
from indexer.corpus import MAX_PARAGRAPH_CHARS, CorpusFiles
from indexer.formats import MAX_BYTES
from indexer.corpus_files import OUTSIDE_FILE_LINK

TEXT = "Sécurité régionale\n\nLa coopération entre États progresse.\n"
TINY_FILES = 10_000
# Far more than the tiny files need, small next to what a hang would take.
TINY_BUILD_SECONDS = 120.0
NOBODY = 65534

LONG_SENTENCE = "Le fleuve charrie des alluvions vers la mer pendant des siècles. "
LONG_PARAGRAPH = "Le chapitre sans fin. " + LONG_SENTENCE * (5 * MAX_PARAGRAPH_CHARS // len(LONG_SENTENCE))

# Indexed: name -> the word a search finds it by.
INDEXED = {
    "utf8.txt": "coopération",
    "utf16 avec BOM.txt": "coopération",
    "windows-1252.txt": "coopération",
    "mal encodé.txt": "emporter",
    "Été 2023/carnet d’été.md": "coopération",
    "espaces   multiples .txt": "coopération",
    "très long paragraphe.txt": "alluvions",
}
SKIPPED = {
    "indécodable.txt": "encodage inconnu (ni UTF-8 ni un codage français connu)",
    "nul au début.txt": "fichier binaire (octets NUL)",
    "nul plus loin.txt": "fichier binaire (octets NUL)",
    "vide.txt": "document vide (aucun texte)",
    "blanc.md": "document vide (aucun texte)",
    "énorme.txt": f"fichier trop gros (50.0 Mio ; limite {MAX_BYTES['txt'] / 2**20:.1f} Mio pour txt)",
    "boucle-a.txt": "lecture impossible (Too many levels of symbolic links)",
    "boucle-b.txt": "lecture impossible (Too many levels of symbolic links)",
    "lien cassé.txt": "lecture impossible (No such file or directory)",
    "tube.txt": "pas un fichier ordinaire",
    "zéros.txt": OUTSIDE_FILE_LINK,
    "caf\ufffd.txt": "nom de fichier invalide (pas en UTF-8) ; renommez le fichier",
    "ligne\nbrisée.txt": "nom de fichier avec un caractère de contrôle ; renommez le fichier",
}


def _make_hostile_corpus(root: Path) -> None:
    root.mkdir()

    def write(name: str, data: bytes) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    write("utf8.txt", TEXT.encode("utf-8"))
    write("utf16 avec BOM.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    write("windows-1252.txt", TEXT.encode("cp1252"))
    # A stray byte in a UTF-8 text: read as cp1252 (accents garbled, words found), with a warning.
    write("mal encodé.txt", "Notes\n\nUn café crème à emporter.\n".encode("utf-8") + b"\xff\n")
    write("indécodable.txt", b"Texte\n\ncaf\xe9 \x81\x8d\x8f\n")
    write("Été 2023/carnet d’été.md", TEXT.encode("utf-8"))
    write("espaces   multiples .txt", TEXT.encode("utf-8"))
    write("ligne\nbrisée.txt", TEXT.encode("utf-8"))
    write("très long paragraphe.txt", LONG_PARAGRAPH.encode("utf-8"))
    write("nul au début.txt", b"\x00\x01" + TEXT.encode("utf-8"))
    write("nul plus loin.txt", TEXT.encode("utf-8") * 400 + b"\x00" + TEXT.encode("utf-8"))
    write("vide.txt", b"")
    write("blanc.md", " \n\u00a0\n\t\n".encode("utf-8"))
    # 50 MB in a single paragraph.
    with open(root / "énorme.txt", "wb") as out:
        block = ("mot " * 256).encode("ascii")
        for _ in range(50 * 2**20 // len(block)):
            out.write(block)
    (root / "boucle-a.txt").symlink_to("boucle-b.txt")
    (root / "boucle-b.txt").symlink_to("boucle-a.txt")
    (root / "dossier-boucle").symlink_to(root, target_is_directory=True)
    (root / "lien cassé.txt").symlink_to(root / "nulle-part.txt")
    os.mkfifo(root / "tube.txt")
    (root / "zéros.txt").symlink_to("/dev/zero")
    (root / os.fsdecode(b"caf\xe9.txt")).write_bytes(TEXT.encode("utf-8"))
    (root / "un dossier.txt").mkdir()  # a folder with a corpus suffix is only a folder
    tiny = root / "minuscules"
    tiny.mkdir()
    for number in range(TINY_FILES):
        (tiny / f"note-{number:05d}.txt").write_text(f"Note {number} sur la paix durable.", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, indexer.BuildReport, float]:
    base = tmp_path_factory.mktemp("hostile")
    corpus, index_dir = base / "corpus", base / "index"
    _make_hostile_corpus(corpus)
    started = time.perf_counter()
    report = indexer.build_index(corpus, index_dir)
    return corpus, index_dir, report, time.perf_counter() - started


@pytest.fixture(scope="module")
def hostile_index(hostile: tuple[Path, Path, indexer.BuildReport, float]) -> Iterator[indexer.SearchIndex]:
    idx = indexer.open_index(hostile[1])
    yield idx
    idx.close()


def test_every_oddity_is_indexed_or_skipped_with_its_reason(
    hostile: tuple[Path, Path, indexer.BuildReport, float], hostile_index: indexer.SearchIndex,
) -> None:
    _, _, report, seconds = hostile
    assert {item.doc_id: item.reason for item in report.skipped} == SKIPPED
    assert report.warnings == (
        ("mal encodé.txt", "pas en UTF-8, lu comme cp1252"), ("windows-1252.txt", "pas en UTF-8, lu comme cp1252"),
    )
    assert report.documents == len(INDEXED) + TINY_FILES
    assert seconds < TINY_BUILD_SECONDS
    sources = set(hostile_index.sources())
    assert set(INDEXED) <= sources
    assert not any(source.startswith("dossier-boucle/") for source in sources)


@pytest.mark.parametrize("name", sorted(INDEXED), ids=lambda name: name.encode("ascii", "replace").decode())
def test_indexed_oddities_are_found(hostile_index: indexer.SearchIndex, name: str) -> None:
    idx = hostile_index
    stored = idx.document(name)
    assert stored is not None
    found = {hit.source for page in (1, 2) for hit in idx.search(INDEXED[name], limit=100, page=page).hits}
    assert name in found or INDEXED[name] == "coopération"  # seven files share that word
    assert idx.search(f'"{INDEXED[name]}"').total > 0


def test_a_huge_paragraph_is_cut_into_searchable_pieces(hostile_index: indexer.SearchIndex) -> None:
    idx = hostile_index
    stored = idx.document("très long paragraphe.txt")
    assert stored is not None
    assert len(stored.paragraphs) >= 5
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in stored.paragraphs)
    # Cut after a sentence: nothing is lost but the spaces between pieces.
    assert " ".join(p.text for p in stored.paragraphs) == LONG_PARAGRAPH.strip()
    assert all(p.text.endswith(".") for p in stored.paragraphs)
    started = time.perf_counter()
    result = idx.search("alluvions", limit=10)
    assert result.hits and time.perf_counter() - started < 5


def test_the_tiny_files_are_all_there(hostile_index: indexer.SearchIndex) -> None:
    idx = hostile_index
    stored = idx.document("minuscules/note-09999.txt")
    assert stored is not None and stored.paragraphs[0].text == "Note 9999 sur la paix durable."
    assert idx.search("paix durable").total >= TINY_FILES


def test_the_manifest_is_valid_json_with_every_reason(hostile: tuple[Path, Path, indexer.BuildReport, float]) -> None:
    generation = indexer.store.require_current_generation(hostile[1])  # type: ignore[attr-defined]
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["skipped"] == SKIPPED


def test_an_update_of_the_hostile_corpus_changes_nothing_and_is_quick(
    hostile: tuple[Path, Path, indexer.BuildReport, float],
) -> None:
    corpus, index_dir, _, _ = hostile
    report = indexer.update_index(corpus, index_dir)
    assert report.changes == 0 and report.unchanged == len(INDEXED) + TINY_FILES
    assert {item.doc_id: item.reason for item in report.skipped} == SKIPPED


def test_the_cli_lists_the_reasons_and_does_not_crash(
    hostile: tuple[Path, Path, indexer.BuildReport, float], tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["update", "--corpus", str(hostile[0]), "--index", str(hostile[1])])
    assert result.exit_code == 0, result.output
    assert f"skipped {len(SKIPPED)} files:" in result.output
    assert "  tube.txt: pas un fichier ordinaire" in result.output
    assert "  caf\ufffd.txt: nom de fichier invalide (pas en UTF-8) ; renommez le fichier" in result.output
    # The name is shown with its newline escaped, on one line.
    assert "  ligne\\nbrisée.txt: nom de fichier avec un caractère de contrôle ; renommez le fichier\n" in result.output


def test_a_file_removed_while_the_build_reads_it(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seeds_copy / "éphémère.txt").write_text(TEXT, encoding="utf-8")
    real_list = build_module.list_corpus_files

    def list_then_remove(corpus: Path, **options: bool) -> CorpusFiles:
        files = real_list(corpus, **options)
        # The file was there when listed and is gone when read.
        (seeds_copy / "éphémère.txt").unlink()
        return files

    monkeypatch.setattr(build_module, "list_corpus_files", list_then_remove)
    report = indexer.build_index(seeds_copy, tmp_path / "index")
    assert [(item.doc_id, item.reason) for item in report.skipped] == [
        ("éphémère.txt", "lecture impossible (No such file or directory)")
    ]
    assert report.documents == 2


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temp folder every user may enter (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="frsearch-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _build_as_nobody(corpus: Path, index_dir: Path) -> dict[str, object]:
    """Run build_index in a child process that has given up root, and return its report.

    The child is forked, not started anew: it keeps the interpreter and the
    modules already loaded, which an unprivileged user could not read from
    root's home.
    """
    indexer.build_index(corpus, index_dir.parent / "warm-up")  # load every module the build needs
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            report = indexer.build_index(corpus, index_dir)
            payload = {"documents": report.documents, "skipped": {s.doc_id: s.reason for s in report.skipped}}
            status = 0
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            payload = {"error": repr(error)}
        os.write(writer, json.dumps(payload).encode("utf-8"))
        os._exit(status)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        answer = json.loads(pipe.read().decode("utf-8"))
    os.waitpid(pid, 0)
    return answer  # type: ignore[no-any-return]


def test_a_file_without_read_permission_is_skipped(shared_tmp: Path) -> None:
    corpus, index_dir = shared_tmp / "corpus", shared_tmp / "index"
    corpus.mkdir(mode=0o755)
    (corpus / "public.txt").write_text(TEXT, encoding="utf-8")
    secret = corpus / "secret.txt"
    secret.write_text(TEXT, encoding="utf-8")
    secret.chmod(0)
    if os.geteuid() == 0:
        # Root reads anything: the build runs as an unprivileged user instead.
        index_dir.mkdir()
        os.chown(index_dir, NOBODY, NOBODY)
        report = _build_as_nobody(corpus, index_dir)
        assert report == {"documents": 1, "skipped": {"secret.txt": "lecture impossible (Permission denied)"}}
    else:
        built = indexer.build_index(corpus, index_dir)
        assert (built.documents, [(s.doc_id, s.reason) for s in built.skipped]) == (
            1, [("secret.txt", "lecture impossible (Permission denied)")],
        )
    idx = indexer.open_index(index_dir)
    assert idx.sources() == ["public.txt"]
    idx.close()
