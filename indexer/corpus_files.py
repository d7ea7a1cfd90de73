"""Find the files of a corpus folder: a walk that stays inside the folder and says what it left out.

Symbolic links are followed only where they stay inside the corpus, as
Recoll does with ``followLinks = 0``: a link whose target (resolved) lies
outside the corpus folder is skipped with its reason, so that a link to
``/etc/passwd`` is never indexed nor served.  A link to a folder inside the
corpus is not walked again (its files are indexed under their own path),
which also makes a link loop harmless.  With ``follow_links`` every link is
followed, and each outside folder is walked once, so loops end there too.

A folder the walk cannot read (no permission, a path longer than the
system allows) is reported as skipped too, with the system's reason, and so
is every file whose suffix no reader takes (:data:`UNSUPPORTED`): a folder
of photos is not silently dropped.  :func:`skipped_lines` groups those by
suffix when there are many.  Reasons are in French, as the readers' are.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CorpusFiles",
    "SkippedFile",
    "doc_id_of",
    "printable_id",
    "relative_id",
    "walk_corpus",
    "walk_skipped",
    "OUTSIDE_FILE_LINK",
    "OUTSIDE_FOLDER_LINK",
    "UNSUPPORTED",
    "UNSUPPORTED_LISTED_MAX",
    "skipped_lines",
]

OUTSIDE_FILE_LINK = "lien symbolique vers un fichier hors du corpus ; passez --follow-links pour l'indexer"
OUTSIDE_FOLDER_LINK = "lien symbolique vers un dossier hors du corpus ; passez --follow-links pour l'indexer"
UNSUPPORTED = "ignoré : format non pris en charge"
# Up to this many files of unknown formats are named one by one in a
# summary; more are counted per suffix (a folder of photos is one line).
UNSUPPORTED_LISTED_MAX = 10
_NO_SUFFIX = "(sans extension)"


@dataclass(frozen=True)
class SkippedFile:
    """A corpus file (or folder, its id ending with ``/``) left out of the index, with the reason."""

    doc_id: str
    reason: str


class CorpusFiles(list[Path]):
    """The corpus files a walk found, in sorted order; ``skipped`` holds what it left out and why."""

    def __init__(self, files: list[Path], skipped: tuple[SkippedFile, ...] = ()) -> None:
        super().__init__(files)
        self.skipped = skipped


def relative_id(path: Path, root: Path) -> str:
    """Return *path* relative to *root*, ``/``-separated, as the walk named it."""
    return path.relative_to(root).as_posix()


def printable_id(name: str) -> str:
    """Return *name* with the undecodable bytes of a file name (lone surrogates) as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def doc_id_of(path: Path, root: Path) -> str:
    """Return the id of the corpus file *path*: its path relative to *root*, ``/``-separated.

    A name that is not valid UTF-8 is shown with U+FFFD in place of its bad
    bytes (such a file is skipped, see :func:`indexer.corpus.load_file`).

    >>> doc_id_of(Path("corpus/notes/été.txt"), Path("corpus"))
    'notes/été.txt'
    """
    return printable_id(relative_id(path, root))


def walk_skipped(files: list[Path]) -> tuple[SkippedFile, ...]:
    """Return what the walk that listed *files* left out (nothing for a plain list)."""
    return files.skipped if isinstance(files, CorpusFiles) else ()


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


class _Walk:
    """One walk of a corpus folder: what it found, what it skipped, the real folders it entered."""

    def __init__(self, root: Path, suffixes: tuple[str, ...], follow_links: bool) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.suffixes = suffixes
        self.follow_links = follow_links
        self.found: list[Path] = []
        self.skipped: list[SkippedFile] = []
        self.visited = {self.real_root}

    def folder_error(self, error: OSError) -> None:
        """Report a folder the walk could not list (``os.walk``'s *onerror*)."""
        where = Path(os.fsdecode(error.filename)) if error.filename is not None else self.root
        folder_id = doc_id_of(where, self.root) if where != self.root else "."
        self.skipped.append(SkippedFile(folder_id + "/", f"dossier non lu ({error.strerror or error})"))

    def keep_folder(self, path: Path) -> bool:
        """Return whether to walk the subfolder *path* (a real folder, or a link the rules allow)."""
        if not os.path.islink(path):
            return True
        real = os.path.realpath(path)
        if _inside(real, self.real_root) or real in self.visited:
            return False
        if not self.follow_links:
            self.skipped.append(SkippedFile(doc_id_of(path, self.root) + "/", OUTSIDE_FOLDER_LINK))
            return False
        self.visited.add(real)
        return True

    def add_file(self, path: Path) -> None:
        """List the file *path* if it has a corpus suffix and is not a link leaving the corpus."""
        if not path.name.lower().endswith(self.suffixes):
            self.skipped.append(SkippedFile(doc_id_of(path, self.root), UNSUPPORTED))
            return
        if not self.follow_links and os.path.islink(path) and not _inside(os.path.realpath(path), self.real_root):
            self.skipped.append(SkippedFile(doc_id_of(path, self.root), OUTSIDE_FILE_LINK))
            return
        self.found.append(path)


def walk_corpus(root: Path, suffixes: tuple[str, ...], follow_links: bool = False) -> CorpusFiles:
    """Return the files under *root* whose names end with one of *suffixes*, sorted by id.

    The other files are in ``skipped``, with the reason :data:`UNSUPPORTED`.

    :param follow_links: follow symbolic links that lead outside *root* too.
    """
    walk = _Walk(root, suffixes, follow_links)
    for folder, dirnames, filenames in os.walk(root, onerror=walk.folder_error, followlinks=follow_links):
        dirnames[:] = sorted(name for name in dirnames if walk.keep_folder(Path(folder) / name))
        for name in filenames:
            walk.add_file(Path(folder) / name)
    found = sorted(walk.found, key=lambda path: relative_id(path, root))
    return CorpusFiles(found, tuple(sorted(walk.skipped, key=lambda item: item.doc_id)))


def _suffix(doc_id: str) -> str:
    name = doc_id.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else _NO_SUFFIX


def skipped_lines(skipped: Iterable[SkippedFile]) -> list[str]:
    """Return the lines of a summary listing *skipped*: one per file, unknown formats counted per suffix when many.

    >>> items = [SkippedFile(f"photos/{n}.jpg", UNSUPPORTED) for n in range(12)]
    >>> skipped_lines(items + [SkippedFile("a.pdf", "pas de texte (document numérisé ?)")])
    ['  a.pdf: pas de texte (document numérisé ?)', '  12 fichiers .jpg: ignoré : format non pris en charge']
    """
    items = list(skipped)
    unsupported = [item for item in items if item.reason == UNSUPPORTED]
    many = len(unsupported) > UNSUPPORTED_LISTED_MAX
    lines = [f"  {item.doc_id}: {item.reason}" for item in items if not (many and item.reason == UNSUPPORTED)]
    if many:
        counts = Counter(_suffix(item.doc_id) for item in unsupported)
        lines += [f"  {count} fichiers {suffix}: {UNSUPPORTED}" for suffix, count in sorted(counts.items())]
    return lines
