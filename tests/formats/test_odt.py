"""OpenDocument reader: headings with levels, paragraphs, lists, tables, title from the metadata."""

from __future__ import annotations

import io
import zipfile

from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.odt import read_odt

from .makers import make_odt

BLOCKS = (
    Block("1 Installation", heading_level=1),
    Block("Le cœur du système est prêt."),
    Block("1.1 Réseau", heading_level=2),
    Block("Adresse de la passerelle"),
    Block("Serveur de noms"),
    Block("Port"),
    Block("8080"),
)


def test_blocks_and_meta_title() -> None:
    extracted = read_odt(make_odt(), "guide.odt")
    assert (extracted.kind, extracted.title, extracted.blocks) == ("odt", "Guide réseau", BLOCKS)


def test_without_meta_title_the_first_heading() -> None:
    assert read_odt(make_odt(title=None), "guide.odt").title == "1 Installation"


def test_sections() -> None:
    paragraphs = to_paragraphs(extract(make_odt(), "guide.odt"))
    assert [(p.text, p.section) for p in paragraphs][:2] == [
        ("Le cœur du système est prêt.", "1 Installation"),
        ("Adresse de la passerelle", "1 Installation › 1.1 Réseau"),
    ]


def test_an_empty_xml_member_is_no_reason_to_refuse() -> None:
    # As in the ODT files LibreOffice and pandoc write.
    out = io.BytesIO(make_odt())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("Configurations2/accelerator/current.xml", b"")
    assert extract(out.getvalue(), "guide.odt").title == "Guide réseau"
