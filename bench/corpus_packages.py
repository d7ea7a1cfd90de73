"""The Debian packages of the bench corpus and which of their files hold French pages.

Part of ``bench/corpus.py``; the order of ``PACKAGES`` is the order of the
build, of its summary table and of the marker file's version list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# Sphinx and similar generators add pages that hold no prose.
COMMON_EXCLUDE = r"(^|/)(search|genindex|py-modindex)\.html$"
# A pattern that matches no path: the exclusion of a package that needs none.
NO_PATH = r"(?!)"


@dataclass(frozen=True)
class PackageSpec:
    """A documentation package and which of its files hold French pages.

    ``include`` and ``exclude`` are regular expressions searched in each
    file's path relative to the unpacked package root (``usr/share/...``);
    ``navigation`` names extra HTML classes or ids of page chrome to skip.
    """

    name: str
    include: str
    exclude: str = NO_PATH
    navigation: frozenset[str] = frozenset()


# One package a line: its name, the pattern of its French pages' paths and,
# where some of those pages must be left out, the pattern of theirs.  Lines
# starting with "#" say why; no pattern holds a space.
DOCUMENTATION_TABLE = r"""
# The exclusion is the "Enable JavaScript" notice.
libreoffice-help-fr              ^usr/share/libreoffice/help/fr/    /noscript\.html$
gimp-help-fr                     ^usr/share/gimp/2\.0/help/fr/
gnome-user-docs                  ^usr/share/help/fr/
lilypond-doc-html-fr             \.fr\.html$                        -big-page\.
debian-handbook                  /html/fr-FR/
debian-reference-fr              \.fr\.html$
# The single-page edition repeats every chapter.
developers-reference-fr          ^usr/share/developers-reference/fr/   /developers-reference\.html$
maint-guide-fr                   \.fr\.html$
debian-faq-fr                    /FAQ/fr/
aptitude-doc-fr                  /html/fr/
# The bullseye edition of the manual mostly repeats the bookworm one.
debian-edu-doc-fr                -bookworm-manual\.html$
texworks-help-fr                 /texworks-help/fr/
gosa-help-fr                     /fr/html/
# The single-page edition repeats every chapter.
ubuntu-packaging-guide-html-fr   ^usr/share/doc/ubuntu-packaging-guide-html-fr/   /singlehtml/
installation-guide-amd64         ^usr/share/doc/installation-guide-amd64/fr/
harden-doc                       /html/fr-FR/
debian-history                   \.fr\.html$
# Scilab's French help pages are the HTML members of a JavaHelp jar.
scilab-doc-fr                    /scilab_fr_FR_help\.jar\.d/
"""

# Page chrome of one package that the common HTML rules miss.
EXTRA_NAVIGATION: dict[str, frozenset[str]] = {
    "scilab-doc-fr": frozenset({"path"}),  # the "Scilab Help >> ..." crumbs
}

FRENCH_MAN_PAGES = r"^usr/share/man/fr/"
# The French translations of the Linux and GNU manual pages, then Debian
# tools that ship French translations of their own manual pages.
MAN_PAGE_PACKAGES = (
    "manpages-fr manpages-fr-dev devscripts debhelper dpkg-dev po4a apt dpkg "
    "man-db debconf-doc adduser"
).split()

FRENCH_MALLARD_HELP = r"^usr/share/help/fr/"
# GNOME applications that ship their Mallard help inside the package.
MALLARD_HELP_PACKAGES = (
    "evolution-common gnome-devel-docs orca evince-common seahorse "
    "shotwell-common gedit-common eog gnome-terminal-data gnome-calculator "
    "gnome-system-monitor gnome-boxes pitivi zenity-common totem-common "
    "file-roller brasero-common simple-scan"
).split()


def table_specs(table: str) -> Iterator[PackageSpec]:
    """Read the specs of a table laid out as ``DOCUMENTATION_TABLE``.

    :raises ValueError: for a line with fewer than 2 or more than 3 columns.
    """
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split()
        if not 2 <= len(columns) <= 3:
            raise ValueError(f"package table line without 2 or 3 columns: {line!r}")
        name, include, *exclude = columns
        navigation = EXTRA_NAVIGATION.get(name, frozenset())
        yield PackageSpec(name, include, exclude[0] if exclude else NO_PATH, navigation)


PACKAGES: tuple[PackageSpec, ...] = (
    *table_specs(DOCUMENTATION_TABLE),
    *(PackageSpec(name, FRENCH_MAN_PAGES) for name in MAN_PAGE_PACKAGES),
    *(PackageSpec(name, FRENCH_MALLARD_HELP) for name in MALLARD_HELP_PACKAGES),
)
