"""The Debian packages of the bench corpus fetched with apt into a cache and unpacked.

Part of ``bench/corpus.py``.  Nothing is installed: ``apt-get download``
fetches a ``.deb``, ``dpkg-deb -x`` unpacks it into a folder, and the HTML
members of any JavaHelp jar in it are extracted beside the jar.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from corpus_sources import page_kind


class AptCache:
    """Finds or downloads package files into a cache folder."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._updated = False
        cache_dir.mkdir(parents=True, exist_ok=True)

    def fetch(self, name: str) -> tuple[Path, str] | None:
        """Return the .deb of the package's candidate version and that
        version, downloading it unless cached; None if apt cannot provide it.

        The first failure of a run triggers one ``apt-get update`` and a retry.
        """
        while True:
            version = self._candidate_version(name)
            if version is not None:
                deb = self._cached_deb(name, version)
                if deb is None and self._download(name):
                    deb = self._cached_deb(name, version)
                if deb is not None:
                    return deb, version
            if self._updated:
                return None
            self._update()

    def _candidate_version(self, name: str) -> str | None:
        result = run(["apt-cache", "policy", name])
        match = re.search(r"^\s*Candidate:\s*(\S+)", result.stdout, re.MULTILINE)
        if result.returncode != 0 or match is None or match.group(1) == "(none)":
            return None
        return match.group(1)

    def _cached_deb(self, name: str, version: str) -> Path | None:
        for deb in sorted(self.cache_dir.glob(f"{name}_*.deb")):
            field_result = run(["dpkg-deb", "--field", str(deb), "Package", "Version"])
            fields = dict(
                line.split(": ", 1) for line in field_result.stdout.splitlines() if ": " in line
            )
            if fields.get("Package") == name and fields.get("Version") == version:
                return deb
        return None

    def _download(self, name: str) -> bool:
        result = run(["apt-get", "download", name], cwd=self.cache_dir)
        if result.returncode != 0:
            warn(f"apt-get download {name} failed: {result.stderr.strip()}")
        return result.returncode == 0

    def _update(self) -> None:
        self._updated = True
        print("running apt-get update", flush=True)
        result = run(["apt-get", "update"])
        if result.returncode != 0:
            warn(f"apt-get update failed: {result.stderr.strip()}")


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output as text."""
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def unpack(deb: Path, into: Path) -> None:
    """Extract a package's files with ``dpkg-deb -x`` (nothing is installed)."""
    result = run(["dpkg-deb", "-x", str(deb), str(into)])
    if result.returncode != 0:
        raise RuntimeError(f"dpkg-deb -x {deb} failed: {result.stderr.strip()}")


def unpack_jars(root: Path) -> None:
    """Extract the HTML members of every jar under ``root`` into a
    ``<name>.jar.d`` folder beside it (JavaHelp keeps its pages in jars)."""
    for jar in sorted(root.rglob("*.jar")):
        if jar.is_symlink() or not jar.is_file():
            continue
        try:
            with zipfile.ZipFile(jar) as archive:
                members = [n for n in archive.namelist() if page_kind(n) == "html"]
                archive.extractall(jar.with_name(jar.name + ".d"), members)
        except zipfile.BadZipFile:
            warn(f"{jar.name} is not a valid jar, skipped")


def warn(message: str) -> None:
    """Print a warning on standard error."""
    print(f"warning: {message}", file=sys.stderr, flush=True)
