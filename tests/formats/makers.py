"""Real documents of every format, written with each format's own library, and hostile variants of them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from ebooklib import epub
from fpdf import FPDF
from odf import dc
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P, Span

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n' for n in range(1, 10))
    + "]>\n"
)


def make_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Guide d’installation"
    document.add_paragraph("Manuel de l’œuvre", style="Title")
    document.add_heading("3 Installation", 1)
    document.add_paragraph("La sécurité du système repose sur une configuration soignée.")
    document.add_heading("3.2 Réseau", 2)
    document.add_paragraph("Les paramètres « IP » se règlent à l’écran.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Paramètre"
    table.cell(0, 1).text = "Valeur"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Cellule fusionnée"
    document.add_heading("4 Usage", 1)
    document.add_paragraph("Lancer le service.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt(title: str | None = "Guide réseau") -> bytes:
    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    document.text.addElement(H(outlinelevel=1, text="1 Installation"))
    paragraph = P(text="Le cœur du ")
    paragraph.addElement(Span(text="système"))
    paragraph.addText(" est prêt.")
    document.text.addElement(paragraph)
    document.text.addElement(H(outlinelevel=2, text="1.1 Réseau"))
    items = List()
    for text in ("Adresse de la passerelle", "Serveur de noms"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("Port", "8080"):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def make_epub() -> bytes:
    book = epub.EpubBook()
    book.set_identifier("tour-du-monde")
    book.set_title("Le Tour du monde en quatre-vingts jours")
    book.set_language("fr")
    first = epub.EpubHtml(title="Chapitre premier", file_name="c1.xhtml", lang="fr")
    first.content = (
        "<h1>Chapitre premier</h1><p>Phileas Fogg était un homme énigmatique.</p>"
        "<h2>Le pari</h2><p>Il paria vingt mille livres&#160;: c’était beaucoup.</p>"
    )
    second = epub.EpubHtml(title="Chapitre II", file_name="c2.xhtml", lang="fr")
    second.content = "<h1>Chapitre II</h1><p>Passepartout s’installe à Londres.</p>"
    book.add_item(first)
    book.add_item(second)
    book.toc = (epub.Link("c1.xhtml", "Chapitre premier", "c1"), epub.Link("c2.xhtml", "Chapitre II", "c2"))
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", first, second]
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """Return the zip *data* with member *name* replaced by *content*."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


def with_billion_laughs(data: bytes, name: str, root: str) -> bytes:
    """Return the zip *data* with the XML member *name* made a « billion laughs » bomb."""
    return replace_member(data, name, (BILLION_LAUGHS + f"<{root}>&lol9;</{root}>").encode())


def with_bomb(data: bytes, size: int = 64 * 2**20) -> bytes:
    """Return the zip *data* with one more member of *size* zero bytes (it deflates a thousand times)."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("media/bombe.bin", "w") as member:
        block = bytes(2**20)
        for _ in range(size // len(block)):
            member.write(block)
    return out.getvalue()


def pdf_writer() -> FPDF:
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=11)
    return pdf
