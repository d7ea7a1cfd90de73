"""The bench corpus folder written: its marker file, one text file per page, the counts.

Part of ``bench/corpus.py``.  Each page becomes ``<package>/<name>.txt``:
its title, a blank line, then its paragraphs separated by one blank line.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus_pages import Page
from corpus_sources import PageSource, page_suffix

# Marks a folder as built by bench/corpus.py and lists the package versions used.
MARKER_NAME = ".frsearch-corpus"


@dataclass
class PackageStats:
    """Counts for one package, or for the whole corpus."""

    name: str
    version: str = ""
    files: int = 0
    paragraphs: int = 0
    size_bytes: int = 0
    not_french: int = 0
    duplicates: int = 0

    def add(self, other: PackageStats) -> None:
        """Add another package's counts to these."""
        self.files += other.files
        self.paragraphs += other.paragraphs
        self.size_bytes += other.size_bytes
        self.not_french += other.not_french
        self.duplicates += other.duplicates


def render_page(page: Page) -> str:
    """Lay out a page: title, blank line, paragraphs separated by blank lines."""
    return page.title + "\n\n" + "\n\n".join(page.paragraphs) + "\n"


def output_names(sources: list[PageSource]) -> list[str]:
    """Name each page's output file: its path below the pages' common folder,
    with folders joined by ``__`` and the markup suffix replaced by ``.txt``."""
    if not sources:
        return []
    base = posixpath.commonpath([posixpath.dirname(s.relative) for s in sources])
    names = []
    for source in sources:
        relative = posixpath.relpath(source.relative, base)
        stem = re.sub(r"\.gz$", "", relative)
        stem = stem[: len(stem) - len(page_suffix(stem) or "")]
        names.append(re.sub(r"[^\w.+-]+", "_", stem.replace("/", "__")) + ".txt")
    if len(set(names)) != len(names):
        raise RuntimeError("two pages map to the same output file name")
    return names


def prepare_out_dir(out: Path) -> None:
    """Wipe and recreate ``out`` with its marker file, refusing to wipe a
    folder that this script did not make."""
    if out.exists():
        is_ours = (out / MARKER_NAME).is_file()
        if not is_ours and any(out.iterdir()):
            raise SystemExit(
                f"refusing to wipe {out}: not empty and not a corpus built by this script"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # Marks the folder as ours at once, so that a failed run can be redone.
    (out / MARKER_NAME).write_text("", encoding="utf-8")


def write_marker(out: Path, stats: list[PackageStats]) -> None:
    """Record which package versions the corpus was built from."""
    lines = [f"{s.name}\t{s.version}\n" for s in stats]
    (out / MARKER_NAME).write_text("".join(lines), encoding="utf-8")


def write_pages(
    package_dir: Path, named_pages: Iterable[tuple[str, Page | None]], stats: PackageStats
) -> None:
    """Write each French page once under ``package_dir``, counting in ``stats``
    the pages written, left out as not French, and left out as repeats."""
    seen: set[bytes] = set()
    for name, page in named_pages:
        if page is None:
            stats.not_french += 1
            continue
        digest = hashlib.sha256("\n\n".join(page.paragraphs).encode()).digest()
        if digest in seen:
            stats.duplicates += 1
            continue
        seen.add(digest)
        data = render_page(page).encode("utf-8")
        (package_dir / name).write_bytes(data)
        stats.files += 1
        stats.paragraphs += len(page.paragraphs)
        stats.size_bytes += len(data)
