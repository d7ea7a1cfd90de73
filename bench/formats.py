"""Extraction speed per document format, on real French manuals from Debian packages.

The corpus is made under ``/tmp/frsearch-bench/formats`` from Debian
packages fetched with ``apt-get download`` and unpacked with ``dpkg-deb -x``
(nothing is installed): the French PDFs and EPUBs of ``debian-reference-fr``
and ``debian-edu-doc-fr`` (whose EPUBs are packed inside a folder, not valid
as shipped: the bench moves their members to the root), the French HTML pages of ``gimp-help-fr`` and
``debian-handbook``; DOCX and ODT files are made from the French HTML
chapters of ``debian-handbook`` with pandoc (skipped, and said, when pandoc
is missing).

For each format, every file goes through :class:`indexer.formats.pool.ExtractionPool`
(one worker per core, as a build runs it) and the script prints pages/s
(PDF), MB/s and paragraphs/s.  On the same PDFs, in the same run, it times
``pdftotext`` (poppler-utils, one process per core) as a reference, and a
whole ``indexer.build_index`` of the PDFs (extraction plus indexing), with
one extraction worker per core as a build has them and with one worker in
all (the main process and Whoosh's indexing processes share the cores).

Each figure is the best of ``--repeat`` runs (wall-clock time), with the CPU
time of that run (the process and its children: workers, ``pdftotext``):
on a machine that other work shares, CPU time still compares.

Usage::

    python bench/formats.py [--work DIR] [--handbook-chapters 40] [--repeat 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2

import indexer
import indexer.build
from indexer.errors import UnreadableDocument
from indexer.formats import kind_of, to_paragraphs
from indexer.formats.pool import ExtractionPool

DEFAULT_WORK = Path("/tmp/frsearch-bench/formats")
PACKAGES = ("debian-reference-fr", "debian-edu-doc-fr", "gimp-help-fr", "debian-handbook")
# Where each package keeps its French documents, inside the unpacked tree.
PDF_AND_EPUB = ("usr/share/debian-reference", "usr/share/doc/debian-edu-doc-fr")
HTML_FOLDERS = ("usr/share/gimp/2.0/help/fr", "usr/share/doc/debian-handbook/html/fr-FR")
HANDBOOK = "usr/share/doc/debian-handbook/html/fr-FR"
FORMATS = ("pdf", "epub", "html", "docx", "odt")
_MB = 1e6


def unpack(work: Path) -> Path:
    """Fetch the packages into *work* (once) and unpack them; return the unpacked tree."""
    debs, tree = work / "debs", work / "extracted"
    debs.mkdir(parents=True, exist_ok=True)
    if not list(debs.glob("*.deb")):
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
    if not tree.exists():
        for deb in sorted(debs.glob("*.deb")):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
    return tree


def make_corpus(tree: Path, corpus: Path, chapters: int) -> None:
    """Copy the French documents into *corpus*, one folder per format; convert handbook chapters with pandoc."""
    for folder in PDF_AND_EPUB:
        for path in sorted((tree / folder).glob("*")):
            if path.suffix in (".pdf", ".epub"):
                target = corpus / path.suffix[1:] / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
                if path.suffix == ".epub":
                    rerooted_epub(target)
    for folder in HTML_FOLDERS:
        for path in sorted((tree / folder).rglob("*.html")):
            target = corpus / "html" / folder.split("/")[3] / path.relative_to(tree / folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    if shutil.which("pandoc") is None:
        print("pandoc is missing (apt-get install pandoc): no DOCX nor ODT measured", file=sys.stderr)
        return
    pages = sorted((tree / HANDBOOK).glob("*.html"), key=lambda p: -p.stat().st_size)[:chapters]
    for kind in ("docx", "odt"):
        (corpus / kind).mkdir(parents=True, exist_ok=True)
        for page in pages:
            subprocess.run(["pandoc", "-f", "html", "-t", kind, "-o", str(corpus / kind / (page.stem + "." + kind)),
                            str(page)], check=True, capture_output=True)


def rerooted_epub(path: Path) -> None:
    """Move the members of an EPUB packed inside a folder (debian-edu-doc-fr's are) to the archive's root.

    Such a file is not a valid EPUB (``META-INF/container.xml`` must be at
    the root) and the reader refuses it; the bench measures the book.
    """
    with zipfile.ZipFile(path) as source:
        names = source.namelist()
        if "META-INF/container.xml" in names:
            return
        prefix = next((name[: -len("META-INF/container.xml")] for name in names
                       if name.endswith("/META-INF/container.xml")), None)
        if prefix is None:
            return
        members = [(name[len(prefix):], source.read(name)) for name in names
                   if name.startswith(prefix) and not name.endswith("/")]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in sorted(members, key=lambda member: member[0] != "mimetype"):
            target.writestr(name, data)


def pdf_pages(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        document = pypdfium2.PdfDocument(str(path))
        count += len(document)
        document.close()
    return count


def cpu_seconds() -> float:
    """Return the CPU time of this process and of its children waited for so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """Run *run* *repeat* times; return the wall-clock seconds of the fastest run and its CPU seconds."""
    runs = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), cpu_seconds()
        run()
        runs.append((time.perf_counter() - started, cpu_seconds() - cpu))
    return min(runs)


def measure_format(paths: list[Path], repeat: int) -> dict[str, float]:
    """Extract every file of *paths* through an extraction pool; return sizes, counts and the time taken."""
    counts = {"paragraphs": 0, "refused": 0}

    def run() -> None:
        counts.update(paragraphs=0, refused=0)
        with ExtractionPool() as pool:
            for _, result in pool.extract_all((str(path), path.read_bytes()) for path in paths):
                if isinstance(result, UnreadableDocument):
                    counts["refused"] += 1
                else:
                    counts["paragraphs"] += len(to_paragraphs(result))

    seconds, cpu = best_of(repeat, run)
    return {
        "files": len(paths),
        "refused": counts["refused"],
        "mb": sum(path.stat().st_size for path in paths) / _MB,
        "paragraphs": counts["paragraphs"],
        "seconds": seconds,
        "cpu_seconds": cpu,
    }


def time_pdftotext(paths: list[Path], repeat: int) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds ``pdftotext`` takes over *paths*, one process per core."""
    out = Path(tempfile.mkdtemp(prefix="pdftotext-"))

    def one(path: Path) -> None:
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), str(out / (path.stem + ".txt"))], check=True)

    def run() -> None:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as threads:
            list(threads.map(one, paths))

    try:
        return best_of(repeat, run)
    finally:
        shutil.rmtree(out)


def time_build(corpus: Path, work: Path, repeat: int, workers: int | None = None) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds of a whole ``build_index`` of *corpus*.

    :param workers: extraction workers; one per core (what a build uses) when ``None``.
    """
    index_dir = work / "index-pdf"
    pool = getattr(indexer.build, "ExtractionPool")
    if workers is not None:
        # The same pool at another size, for this measurement only.
        setattr(indexer.build, "ExtractionPool", functools.partial(pool, workers))

    def run() -> None:
        shutil.rmtree(index_dir, ignore_errors=True)
        indexer.build_index(corpus, index_dir)

    try:
        return best_of(repeat, run)
    finally:
        setattr(indexer.build, "ExtractionPool", pool)


def print_pdf_references(row: dict[str, float], pdfs: list[Path], folder: Path, work: Path, repeat: int) -> None:
    """Time ``pdftotext`` and whole builds on the PDFs; add the figures to *row* and print them against ``pdftotext``."""
    reference, reference_cpu = time_pdftotext(pdfs, repeat)
    built, built_cpu = time_build(folder, work, repeat)
    one_worker, one_worker_cpu = time_build(folder, work, repeat, workers=1)
    row.update(pdftotext_seconds=reference, pdftotext_cpu_seconds=reference_cpu, build_seconds=built,
               build_cpu_seconds=built_cpu, build_one_worker_seconds=one_worker,
               build_one_worker_cpu_seconds=one_worker_cpu)
    print(f"\nsame {len(pdfs)} PDFs, wall-clock s (CPU s), ratio to pdftotext:")
    for label, seconds, cpu in (
        ("pdftotext", reference, reference_cpu),
        ("engine extraction", row["seconds"], row["cpu_seconds"]),
        (f"build_index, {os.cpu_count()} extraction workers", built, built_cpu),
        ("build_index, 1 extraction worker", one_worker, one_worker_cpu),
    ):
        print(f"  {label:<36}{seconds:>6.2f} ({cpu:.2f})  {seconds / reference:>5.1f}x ({cpu / reference_cpu:.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--handbook-chapters", type=int, default=40,
                        help="largest French handbook chapters converted to DOCX and to ODT")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is kept")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    corpus = args.work / "corpus"
    if not corpus.exists():
        make_corpus(unpack(args.work), corpus, args.handbook_chapters)
    figures: dict[str, dict[str, float]] = {}
    print(f"{'format':<7}{'files':>7}{'MB':>8}{'pages':>7}{'paragraphs':>11}{'s':>7}{'cpu s':>7}"
          f"{'pages/s':>9}{'MB/s':>7}{'para/s':>8}{'refused':>8}")
    for kind in FORMATS:
        paths = sorted(path for path in (corpus / kind).rglob("*") if path.is_file() and kind_of(path.name) == kind)
        if not paths:
            continue
        row = measure_format(paths, args.repeat)
        row["pages"] = pdf_pages(paths) if kind == "pdf" else 0
        figures[kind] = row
        pages, rate = (f"{row['pages']:.0f}", f"{row['pages'] / row['seconds']:.0f}") if kind == "pdf" else ("—", "—")
        print(f"{kind:<7}{row['files']:>7.0f}{row['mb']:>8.1f}{pages:>7}{row['paragraphs']:>11.0f}"
              f"{row['seconds']:>7.2f}{row['cpu_seconds']:>7.2f}{rate:>9}{row['mb'] / row['seconds']:>7.1f}"
              f"{row['paragraphs'] / row['seconds']:>8.0f}{row['refused']:>8.0f}")
    pdfs = sorted((corpus / "pdf").glob("*.pdf"))
    if pdfs and shutil.which("pdftotext") and "pdf" in figures:
        print_pdf_references(figures["pdf"], pdfs, corpus / "pdf", args.work, args.repeat)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
