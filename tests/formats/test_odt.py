"""OpenDocument reader: headings with levels, paragraphs, lists, tables, title from the metadata."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from odf.namespaces import OFFICENS
from odf.opendocument import load

from indexer.errors import UnreadableDocument
from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.odt import read_odt

from .makers import make_docx, make_odt, replace_member

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


def pandoc_shaped(data: bytes) -> bytes:
    """Return the ODT *data* written the way pandoc 2.17 writes its files.

    Its ``styles.xml`` declares its namespaces one per line after the
    first, and its ``content.xml`` is indented, so that a blank sits
    between ``office:body`` and ``office:text``.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles, content = archive.read("styles.xml"), archive.read("content.xml")
    head, first, rest = styles.partition(b" xmlns:")
    data = replace_member(data, "styles.xml", head + first + rest.replace(b" xmlns:", b"\nxmlns:"))
    return replace_member(data, "content.xml", content.replace(b"><", b">\n    <"))


def test_an_odt_shaped_as_pandoc_writes_it_is_read_and_nothing_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    shaped = pandoc_shaped(make_odt())
    # The shape is the one odfpy's own load() fails on, printing the XML.
    assert getattr(load(io.BytesIO(shaped)).text, "qname", None) != (OFFICENS, "text")
    assert "SAX FAILED" in capsys.readouterr().out
    extracted = read_odt(shaped, "guide.odt")
    assert (extracted.title, extracted.blocks) == ("Guide réseau", BLOCKS)
    assert capsys.readouterr() == ("", "")


def test_a_document_other_than_text_is_refused() -> None:
    with zipfile.ZipFile(io.BytesIO(make_odt())) as archive:
        content = archive.read("content.xml")
    spreadsheet = content.replace(b"<office:text", b"<office:spreadsheet").replace(b"</office:text>", b"</office:spreadsheet>")
    with pytest.raises(UnreadableDocument, match="pas de texte dans content.xml"):
        read_odt(replace_member(make_odt(), "content.xml", spreadsheet), "tableur.odt")


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (apt-get install pandoc)")
def test_an_odt_written_by_pandoc(tmp_path: Path) -> None:
    source = tmp_path / "guide.md"
    source.write_text(
        "---\ntitle: Guide de l’œuvre\n---\n\n# 1 Installation\n\nLa sécurité du système est prête.\n\n"
        "## 1.1 Réseau\n\n- Adresse de la passerelle\n- Serveur de noms\n",
        encoding="utf-8",
    )
    target = tmp_path / "guide.odt"
    subprocess.run(["pandoc", str(source), "-o", str(target)], check=True, capture_output=True)
    paragraphs = to_paragraphs(extract(target.read_bytes(), "guide.odt"))
    assert [(p.text, p.section) for p in paragraphs][1:] == [
        ("La sécurité du système est prête.", "1 Installation"),
        ("Adresse de la passerelle", "1 Installation › 1.1 Réseau"),
        ("Serveur de noms", "1 Installation › 1.1 Réseau"),
    ]
    assert extract(target.read_bytes(), "guide.odt").title == "Guide de l’œuvre"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_an_odt_written_by_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "guide.docx"
    source.write_bytes(make_docx())
    profile = (tmp_path / "profile").as_uri()  # its own profile: runs at the same time do not share one
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=120,
    )
    extracted = extract((tmp_path / "guide.odt").read_bytes(), "guide.odt")
    assert extracted.title == "Guide d’installation"
    assert [(p.text, p.section) for p in to_paragraphs(extracted)][1:3] == [
        ("La sécurité du système repose sur une configuration soignée.", "3 Installation"),
        ("Les paramètres « IP » se règlent à l’écran.", "3 Installation › 3.2 Réseau"),
    ]
