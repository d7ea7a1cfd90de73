"""Word reader: body order, heading styles, table cells, title from the core properties."""

from __future__ import annotations

import io

import docx

from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.docx import read_docx

from .makers import make_docx


def test_blocks_in_body_order_with_headings_and_cells() -> None:
    extracted = read_docx(make_docx(), "guide.docx")
    assert extracted.kind == "docx"
    assert extracted.title == "Guide d’installation"
    assert extracted.blocks == (
        Block("Manuel de l’œuvre"),
        Block("3 Installation", heading_level=1),
        Block("La sécurité du système repose sur une configuration soignée."),
        Block("3.2 Réseau", heading_level=2),
        Block("Les paramètres « IP » se règlent à l’écran."),
        Block("Paramètre"),
        Block("Valeur"),
        Block("Cellule fusionnée"),  # once, though it spans two columns
        Block("4 Usage", heading_level=1),
        Block("Lancer le service."),
    )


def test_sections_and_numbers() -> None:
    paragraphs = to_paragraphs(extract(make_docx(), "guide.docx"))
    assert [(p.number, p.section) for p in paragraphs] == [
        (1, None),
        (2, "3 Installation"),
        (3, "3 Installation › 3.2 Réseau"),
        (4, "3 Installation › 3.2 Réseau"),
        (5, "3 Installation › 3.2 Réseau"),
        (6, "3 Installation › 3.2 Réseau"),
        (7, "4 Usage"),
    ]


def test_without_core_title_the_title_style_then_the_first_heading() -> None:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Introduction", 1)
    document.add_paragraph("Premier paragraphe.")
    out = io.BytesIO()
    document.save(out)
    assert read_docx(out.getvalue(), "a.docx").title == "Introduction"
    document.add_paragraph("Rapport annuel", style="Title")
    out = io.BytesIO()
    document.save(out)
    assert read_docx(out.getvalue(), "a.docx").title == "Rapport annuel"
