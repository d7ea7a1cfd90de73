"""A folder of real documents of every format, and hostile ones, for the end-to-end tests.

Each document is written by its format's own library (fpdf2, python-docx,
odfpy, ebooklib; HTML and Markdown are text) and holds French text with
accents, « œ », a ligature, a word hyphenated across lines, running headers
and footers and headings at two levels.  :data:`FOUND` says, for a query
typed without accents, which paragraph must come first: its document,
page, section and format.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

from formats.makers import make_docx, make_epub, make_odt, with_billion_laughs, with_bomb
from formats.pdf_makers import Heading, locked_pdf, scanned_pdf, write_manual

__all__ = ["FOUND", "HOSTILE", "write_documents", "write_hostile", "make_pdf_manual"]

# query -> (document, page, section, kind): the best hit of the query.
FOUND = {
    "messagerie electronique": ("manuel/guide.pdf", 3, "2 Configuration › 2.1 Réseau", "pdf"),
    "securite configuration soignee": ("manuel/guide.pdf", 1, "1 Installation", "pdf"),
    "parametres reglent ecran": ("rapport.docx", None, "3 Installation › 3.2 Réseau", "docx"),
    "coeur systeme pret": ("guide.odt", None, "1 Installation", "odt"),
    "paria vingt mille livres": ("roman.epub", None, "Chapitre premier › Le pari", "epub"),
    "randonnee cevennes": ("pages/sentiers.html", None, "Itinéraires › Le mont Aigoual", "html"),
    "crepes farine": ("notes/cuisine.md", None, "Cuisine › Desserts", "md"),
}
# name -> the reason it is skipped.
HOSTILE = {
    "piège/bombe.docx": "DOCX refusé : media/bombe.bin compressé plus de 200 fois (bombe zip ?)",
    "piège/rires.odt": "ODT refusé : content.xml déclare des entités XML (bombe XML ?)",
    "piège/tronqué.pdf": "PDF illisible (fichier endommagé ou pas un PDF)",
    "piège/hasard.pdf": "PDF illisible (fichier endommagé ou pas un PDF)",
    "piège/protégé.pdf": "PDF protégé par un mot de passe",
    "piège/scan.pdf": "pas de texte (document numérisé ?)",
    "piège/faux.docx": "DOCX illisible (pas une archive zip valide)",
    "piège/photo.jpg": "ignoré : format non pris en charge",
}
HTML_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Sentiers des C&eacute;vennes</title>
<script>document.title = "pirat\u00e9"; fetch("/api/search?q=vol");</script></head>
<body><nav>Accueil · Plan du site</nav>
<h1>Itinéraires</h1><p>Des chemins pour tous les pas.</p>
<h2>Le mont Aigoual</h2><p>La randonnée traverse les Cévennes jusqu’au sommet.</p>
<footer>© Office du tourisme</footer></body></html>
"""
MARKDOWN = "---\ntitle: Carnet de cuisine\n---\n# Cuisine\n\n## Desserts\n\nLes crêpes demandent de la farine.\n"


def make_pdf_manual() -> bytes:
    """Return a three-page PDF manual: sections, a hyphenated word, a ligature, headers and footers."""
    return write_manual(
        [
            [
                Heading("1 Installation", 18),
                ("La sécu-", "rité du système repose sur une con\ufb01guration soignée."),
            ],
            [("Les journaux du système se lisent chaque matin.",)],
            [
                Heading("2 Configuration", 18),
                Heading("2.1 Réseau", 14),
                ("Le pare-feu protège la messagerie", "électronique des œuvres de l’Asie-", "Pacifique."),
            ],
        ],
        title="Manuel de l’administrateur",
        header="Manuel de l’administrateur — édition 2024",
        footer="Page {page}",
    )


def _write(root: Path, name: str, data: bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_documents(root: Path) -> Path:
    """Write one document of every format under *root* (the documents of :data:`FOUND`) and return *root*."""
    _write(root, "manuel/guide.pdf", make_pdf_manual())
    _write(root, "rapport.docx", make_docx())
    _write(root, "guide.odt", make_odt())
    _write(root, "roman.epub", make_epub())
    _write(root, "pages/sentiers.html", HTML_PAGE.encode("utf-8"))
    _write(root, "notes/cuisine.md", MARKDOWN.encode("utf-8"))
    return root


@functools.cache
def _hostile_files() -> dict[str, bytes]:
    """The bytes of the hostile files (made once: the zip bomb takes a moment to deflate)."""
    pdf = make_pdf_manual()
    return {
        "piège/bombe.docx": with_bomb(make_docx()),
        "piège/rires.odt": with_billion_laughs(make_odt(), "content.xml", "office:document-content"),
        "piège/tronqué.pdf": pdf[: len(pdf) // 3],
        "piège/hasard.pdf": random.Random(10).randbytes(5000),
        "piège/protégé.pdf": locked_pdf(),
        "piège/scan.pdf": scanned_pdf(),
        "piège/faux.docx": b"Ceci n'est pas une archive.",
        "piège/photo.jpg": b"\xff\xd8\xff\xe0 pas une image",
    }


def write_hostile(root: Path) -> Path:
    """Write the hostile files of :data:`HOSTILE` under *root* and return *root*."""
    for name, data in _hostile_files().items():
        _write(root, name, data)
    return root
