"""PDF reader: paragraphs from lines, pages, hyphenation, ligatures, running headers and footers, titles, refusals."""

from __future__ import annotations

import random

import pytest

from indexer.errors import UnreadableDocument
from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.pdf import read_pdf

from .makers import pdf_writer
from .pdf_makers import LINE_MM, Heading, locked_pdf, scanned_pdf, write_manual


def make_manual(title: str = "Guide de sécurité") -> bytes:
    return write_manual(
        [
            [
                Heading("1 Installation", 18),
                (
                    "La sécu-",
                    "rité du système repose sur une con\ufb01guration soignée des",
                    "œuvres de l’Asie-",
                    "Pacifique.",
                ),
                Heading("1.1 Réseau", 14),
                ("Il faut peut-être un pare-feu ; c’est peut-", "être utile, dit l’af\ufb02ux des demandes."),
            ],
            [
                ("Deuxième page : la suite du réseau.",),
                Heading("2 Usage", 18),
                ("Lancer le service et véri\ufb01er les journaux.",),
            ],
            [("Troisième page, dernier paragraphe.",)],
        ],
        title=title,
        header="Guide de l’administrateur — édition 2024",
        footer="Page {page} sur {{nb}}",
    )


BLOCKS = (
    Block("1 Installation", page=1, heading_level=1),
    Block("La sécurité du système repose sur une configuration soignée des œuvres de l’Asie-Pacifique.", page=1),
    Block("1.1 Réseau", page=1, heading_level=2),
    Block("Il faut peut-être un pare-feu ; c’est peut-être utile, dit l’afflux des demandes.", page=1),
    Block("Deuxième page : la suite du réseau.", page=2),
    Block("2 Usage", page=2, heading_level=1),
    Block("Lancer le service et vérifier les journaux.", page=2),
    Block("Troisième page, dernier paragraphe.", page=3),
)


@pytest.fixture(scope="module")
def manual() -> bytes:
    return make_manual()


def test_blocks_pages_hyphens_ligatures_without_headers_and_footers(manual: bytes) -> None:
    extracted = read_pdf(manual, "guide.pdf")
    assert extracted.kind == "pdf"
    assert extracted.title == "Guide de sécurité"
    assert extracted.blocks == BLOCKS


def test_paragraphs_know_their_page_and_section(manual: bytes) -> None:
    paragraphs = to_paragraphs(extract(manual, "guide.pdf"))
    assert [(p.number, p.page, p.section) for p in paragraphs] == [
        (1, 1, "1 Installation"),
        (2, 1, "1 Installation › 1.1 Réseau"),
        (3, 2, "1 Installation › 1.1 Réseau"),
        (4, 2, "2 Usage"),
        (5, 3, "2 Usage"),
    ]


@pytest.mark.parametrize("title", ["Microsoft Word - rapport.doc", "Untitled", "", "guide_final.pdf"])
def test_meaningless_metadata_title_gives_way_to_the_first_heading(title: str) -> None:
    assert read_pdf(make_manual(title), "guide.pdf").title == "1 Installation"


def test_a_paragraph_cut_by_a_page_break_is_joined_on_its_first_page() -> None:
    pdf = pdf_writer()
    pdf.add_page()
    pdf.set_y(270)
    pdf.multi_cell(0, LINE_MM, "Le pare-feu filtre les paquets entrants")
    pdf.add_page()
    pdf.multi_cell(0, LINE_MM, "et sortants de la machine.")
    assert read_pdf(bytes(pdf.output()), "a.pdf").blocks == (
        Block("Le pare-feu filtre les paquets entrants et sortants de la machine.", page=1),
    )


def refusal(data: bytes) -> str:
    with pytest.raises(UnreadableDocument) as refused:
        extract(data, "document.pdf")
    return refused.value.reason


def test_a_scan_without_text_layer_is_refused() -> None:
    assert refusal(scanned_pdf()) == "pas de texte (document numérisé ?)"


def test_a_pdf_needing_a_password_is_refused() -> None:
    assert refusal(locked_pdf()) == "PDF protégé par un mot de passe"


def test_an_owner_password_alone_does_not_stop_reading() -> None:
    pdf = pdf_writer()
    pdf.add_page()
    pdf.cell(text="Texte lisible par tous")
    pdf.set_encryption(owner_password="propriétaire")
    assert extract(bytes(pdf.output()), "a.pdf").blocks == (Block("Texte lisible par tous", page=1),)


def test_random_bytes_and_a_truncated_pdf_are_refused(manual: bytes) -> None:
    damaged = "PDF illisible (fichier endommagé ou pas un PDF)"
    assert refusal(random.Random(7).randbytes(4000)) == damaged
    assert refusal(manual[: len(manual) // 3]) == damaged
    assert refusal(b"%PDF-1.7\n") == damaged
