"""Build a large French plain-text corpus from Debian documentation packages.

The benchmarks of fr-search need a big, real, reproducible body of French
prose. Debian ships plenty of it as translated documentation, so this script:

1. downloads each package of ``PACKAGES`` with ``apt-get download`` into a
   cache folder (nothing is installed; ``apt-get update`` is run once if a
   look-up or download fails; a package apt cannot provide is skipped with a
   warning);
2. unpacks it with ``dpkg-deb -x`` into a temporary folder, and the HTML
   members of any JavaHelp jar in it beside the jar;
3. selects its French pages by path, per package: HTML (``.html``, ``.htm``,
   ``.xhtml``, ``.html.gz``), GNOME Mallard ``.page`` files and man pages;
4. turns every page into paragraphs: HTML and Mallard with ``html.parser``
   (script, style, head, nav and other page chrome skipped, block elements
   such as p, div, li, h1-h6, pre, tr, dd, dt, blockquote and br ending a
   paragraph, whitespace collapsed except in ``pre``), man pages with a
   small reader of the man(7) roff macros (the few mdoc(7) pages are left
   out);
5. drops paragraphs with fewer than ``MIN_PARAGRAPH_LETTERS`` letters
   (navigation crumbs, labels), pages that do not look French (French
   function words must outnumber English ones), the English paragraphs of
   the French pages (untranslated parts) and pages whose text repeats an
   earlier page of the same package;
6. writes one UTF-8 file per page, ``OUT/<package>/<flattened path>.txt``:
   the page title (``<title>``, else the first heading; a man page's NAME
   line) on the first line, a blank line, then the paragraphs separated by
   one blank line;
7. prints files, paragraphs and MB (10^6 bytes) per package and in total,
   and exits 1 if the total is below ``TARGET_PARAGRAPHS`` (150 000).

Output is deterministic: files are processed in sorted order and the same
package versions give byte-identical output. ``--out`` is wiped and rebuilt
on every run (it must be missing, empty, or an earlier output of this
script, recognised by its ``.frsearch-corpus`` marker file, which lists the
package versions used).

Packages used, Debian 12 "bookworm" (about 161 600 paragraphs, 7 200 files,
24 MB in all):

- libreoffice-help-fr (43 000 paragraphs): LibreOffice help;
- manpages-fr, manpages-fr-dev (39 000): Linux and GNU manual pages;
- lilypond-doc-html-fr (18 000): LilyPond manuals, split pages only;
- scilab-doc-fr (12 000): Scilab help, from its JavaHelp jar;
- gimp-help-fr (10 000): GIMP user manual;
- Debian project documentation (15 000): debian-reference-fr,
  debian-handbook (``fr-FR`` only), harden-doc (``fr-FR`` only),
  developers-reference-fr, maint-guide-fr, debian-faq-fr,
  installation-guide-amd64 (``fr`` only), debian-edu-doc-fr (bookworm
  manual), debian-history, aptitude-doc-fr, ubuntu-packaging-guide-html-fr;
- French man pages of Debian tools (10 000): devscripts, debhelper,
  dpkg-dev, po4a, apt, dpkg, man-db, debconf-doc, adduser;
- GNOME help, French ``.page`` files only (11 000): gnome-user-docs,
  gnome-devel-docs, evolution-common, orca, evince-common, seahorse,
  shotwell-common, gedit-common, eog, gnome-terminal-data,
  gnome-calculator, gnome-system-monitor, gnome-boxes, pitivi,
  zenity-common, totem-common, file-roller, brasero-common, simple-scan;
- texworks-help-fr, gosa-help-fr (1 100): TeXworks manual, GOsa² help.

Looked at and left out: kicad-doc-fr and linuxcnc-doc-fr (their HTML pages
are mostly English), lilypond-doc-pdf-fr, expeyes-doc-fr and
eyes17-manuals-fr (PDF), debian-edu-doc-legacy-fr (older editions of the
same manual), aisleriot (DocBook, not HTML).

This file is the command line and the build loop; the steps live beside it:
``corpus_packages`` (``PACKAGES``), ``corpus_debs`` (steps 1-2),
``corpus_sources`` (3), ``corpus_markup``, ``corpus_roff`` and
``corpus_pages`` (4-5, with ``corpus_text``), ``corpus_output`` (6).

Usage::

    python bench/corpus.py [--out DIR] [--cache DIR]

Defaults: ``--out /tmp/frsearch-bench/corpus``,
``--cache /tmp/frsearch-bench/debs``. Needs Debian's ``apt-get``,
``apt-cache`` and ``dpkg-deb``, and only the standard library of
Python 3.11. Downloads about 200 MB of packages on the first run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_debs import AptCache, unpack, unpack_jars, warn  # noqa: E402
from corpus_output import PackageStats, output_names, prepare_out_dir, write_marker, write_pages  # noqa: E402
from corpus_packages import PACKAGES, PackageSpec  # noqa: E402
from corpus_pages import Page, convert_page  # noqa: E402
from corpus_sources import PageSource, select_pages  # noqa: E402
from locations import BENCH_DIR, CORPUS_DIR  # noqa: E402

DEFAULT_OUT = CORPUS_DIR
DEFAULT_CACHE = BENCH_DIR / "debs"
TARGET_PARAGRAPHS = 150_000
BYTES_PER_MB = 1_000_000
# Pages handed to a worker process at a time: enough to make the hand-over cheap.
PAGES_PER_TASK = 16


def convert_pages(
    pages: list[PageSource], navigation: frozenset[str], executor: ProcessPoolExecutor
) -> Iterator[Page | None]:
    """Convert pages in parallel, yielding results in input order."""
    return executor.map(partial(convert_page, navigation=navigation), pages, chunksize=PAGES_PER_TASK)


def build_package(
    spec: PackageSpec, deb: Path, out: Path, executor: ProcessPoolExecutor
) -> PackageStats:
    """Unpack one package and write its French pages under ``out/<package>``."""
    stats = PackageStats(spec.name)
    package_dir = out / spec.name
    package_dir.mkdir()
    with tempfile.TemporaryDirectory(prefix="frsearch-deb-") as tmp:
        root = Path(tmp)
        unpack(deb, root)
        unpack_jars(root)
        pages = select_pages(root, spec)
        converted = convert_pages(pages, spec.navigation, executor)
        write_pages(package_dir, zip(output_names(pages), converted, strict=True), stats)
    if stats.files == 0:
        package_dir.rmdir()
    return stats


def format_row(stats: PackageStats) -> str:
    """One line of the summary table."""
    return (
        f"{stats.name:<32} {stats.files:>7} {stats.paragraphs:>10} "
        f"{stats.size_bytes / BYTES_PER_MB:>8.1f} {stats.not_french:>9} {stats.duplicates:>6}"
    )


def print_header() -> None:
    """Print the summary table's column names."""
    print(f"{'package':<32} {'files':>7} {'paragraphs':>10} {'MB':>8} {'not-fr':>9} {'dups':>6}")


def build_corpus(out: Path, cache: Path) -> PackageStats:
    """Build the whole corpus and return its total counts."""
    prepare_out_dir(out)
    apt = AptCache(cache)
    total = PackageStats("TOTAL")
    used: list[PackageStats] = []
    print_header()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as executor:
        for spec in PACKAGES:
            fetched = apt.fetch(spec.name)
            if fetched is None:
                warn(f"package {spec.name} is not available, skipped")
                continue
            deb, version = fetched
            stats = build_package(spec, deb, out, executor)
            stats.version = version
            used.append(stats)
            total.add(stats)
            print(format_row(stats), flush=True)
    write_marker(out, used)
    print(format_row(total))
    return total


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"corpus folder, wiped and rebuilt (default {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"folder for the downloaded .deb files (default {DEFAULT_CACHE})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point: build the corpus and report its size."""
    args = parse_args(argv)
    started = time.monotonic()
    total = build_corpus(args.out.resolve(), args.cache.resolve())
    print(f"built {args.out} in {time.monotonic() - started:.0f} s")
    if total.paragraphs < TARGET_PARAGRAPHS:
        warn(f"only {total.paragraphs} paragraphs, below the target of {TARGET_PARAGRAPHS}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
