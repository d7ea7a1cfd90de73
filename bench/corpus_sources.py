"""Which files of an unpacked package are pages of the bench corpus, and of what markup.

Part of ``bench/corpus.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus_packages import COMMON_EXCLUDE, PackageSpec

# Page files worth converting, longest suffix first.
PAGE_SUFFIXES = (".html.gz", ".xhtml", ".html", ".htm", ".page")
MALLARD_SUFFIX = ".page"
# Manual pages: ``man1/ls.1.gz`` and the like.
MAN_PAGE_RE = re.compile(r"(^|/)man[1-9n][^/]*/[^/]+\.[1-9n][^/.]*(\.gz)?$")


@dataclass(frozen=True)
class PageSource:
    """A page file and its path relative to the unpacked package root."""

    file: Path
    relative: str


def page_kind(relative: str) -> str | None:
    """Classify a path as "html", "mallard" or "man" page, or None."""
    lowered = relative.lower()
    if MAN_PAGE_RE.search(lowered):
        return "man"
    suffix = page_suffix(lowered)
    if suffix is None:
        return None
    return "mallard" if suffix == MALLARD_SUFFIX else "html"


def page_suffix(name: str) -> str | None:
    """Return the markup suffix ``name`` ends with, or None."""
    lowered = name.lower()
    return next((s for s in PAGE_SUFFIXES if lowered.endswith(s)), None)


def candidate_sources(root: Path) -> Iterator[PageSource]:
    """Yield every page file of an unpacked package, in sorted order."""
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        if page_kind(relative) is not None:
            yield PageSource(path, relative)


def select_pages(root: Path, spec: PackageSpec) -> list[PageSource]:
    """List the French pages of an unpacked package, in sorted order."""
    include = re.compile(spec.include)
    exclude = re.compile(f"{spec.exclude}|{COMMON_EXCLUDE}")
    return [
        source
        for source in candidate_sources(root)
        if include.search(source.relative) and not exclude.search(source.relative)
    ]

