"""HTML and XHTML reader: title, sections, block elements, dropped page furniture, charsets."""

from __future__ import annotations

import codecs

import pytest

from indexer.errors import UnreadableDocument
from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.html import read_html

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="{charset}"><title>Guide de l’administrateur</title>
<style>p {{ color: red }}</style><script>var secret = "ne pas indexer";</script></head>
<body>
<header>En-tête du site</header>
<nav><a href="/">Accueil</a> <a href="/plan">Plan</a></nav>
<h1>3 Installation</h1>
<p>Le c&oelig;ur du <b>système</b> se configure&nbsp;: l&#8217;été, l&rsquo;œuvre.</p>
<h2>3.2 Réseau</h2>
<ul><li>Adresse <em>IP</em></li><li>Passerelle</li></ul>
<table><tr><th>Paramètre</th><td>Valeur par défaut</td></tr></table>
<h2>3.3 Sécurité</h2>
<div>Un pare-feu<br>protège la machine.</div>
<p hidden>Texte caché</p>
<footer>Pied de page © 2024</footer>
</body></html>
"""
BLOCKS = (
    Block("3 Installation", heading_level=1),
    Block("Le cœur du système se configure : l’été, l’œuvre."),
    Block("3.2 Réseau", heading_level=2),
    Block("Adresse IP"),
    Block("Passerelle"),
    Block("Paramètre"),
    Block("Valeur par défaut"),
    Block("3.3 Sécurité", heading_level=2),
    Block("Un pare-feu protège la machine."),
)


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252"])
def test_blocks_title_and_charset_from_meta(charset: str) -> None:
    extracted = read_html(PAGE.format(charset=charset).encode(charset), "guide.html")
    assert extracted.title == "Guide de l’administrateur"
    assert extracted.blocks == BLOCKS
    assert extracted.kind == "html"
    assert extracted.warning is None


def test_latin9_page_keeps_its_oe() -> None:
    page = PAGE.replace("’", "'").replace("&#8217;", "'").replace("&rsquo;", "'")
    extracted = read_html(page.format(charset="iso-8859-15").encode("iso-8859-15"), "guide.htm")
    assert extracted.blocks[1].text == "Le cœur du système se configure : l'été, l'œuvre."


def test_sections_become_paths_and_headings_are_not_paragraphs() -> None:
    paragraphs = to_paragraphs(extract(PAGE.format(charset="utf-8").encode(), "guide.html"))
    assert [(p.number, p.text, p.section) for p in paragraphs] == [
        (1, "Le cœur du système se configure : l’été, l’œuvre.", "3 Installation"),
        (2, "Adresse IP", "3 Installation › 3.2 Réseau"),
        (3, "Passerelle", "3 Installation › 3.2 Réseau"),
        (4, "Paramètre", "3 Installation › 3.2 Réseau"),
        (5, "Valeur par défaut", "3 Installation › 3.2 Réseau"),
        (6, "Un pare-feu protège la machine.", "3 Installation › 3.3 Sécurité"),
    ]


def test_bom_wins_over_a_wrong_meta_and_xhtml_declaration_is_read() -> None:
    page = PAGE.format(charset="iso-8859-1")
    assert read_html(codecs.BOM_UTF8 + page.encode("utf-8"), "a.html").blocks == BLOCKS
    xhtml = '<?xml version="1.0" encoding="windows-1252"?>\n' + PAGE.format(charset="windows-1252").split("\n", 1)[1]
    assert read_html(xhtml.encode("cp1252"), "a.xhtml").blocks == BLOCKS


def test_undeclared_charset_is_utf8_else_guessed_with_a_warning() -> None:
    page = "<html><body><h1>Été</h1><p>Le cœur de l’œuvre à Noël, dit l’élève.</p></body></html>"
    assert read_html(page.encode("utf-8"), "a.html").warning is None
    guessed = read_html(page.encode("cp1252"), "a.html")
    assert guessed.title == "Été"  # no <title>: the first h1
    assert guessed.blocks[1].text == "Le cœur de l’œuvre à Noël, dit l’élève."
    assert guessed.warning == "pas en UTF-8, lu comme cp1252"


def nested(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "<p>Au fond du puits.</p>" + "</div>" * depth).encode()


def test_deep_nesting_is_read_up_to_the_parser_limit_then_refused() -> None:
    assert read_html(nested(200), "a.html").blocks == (Block("Au fond du puits."),)
    # libxml2 stops at 256 levels: the page then holds no text, and never exhausts the stack.
    with pytest.raises(UnreadableDocument, match="document vide"):
        extract(nested(100_000), "a.html")


def test_a_page_without_text_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="document vide"):
        extract(b"<html><head><title>Vide</title></head><body><nav>Menu</nav></body></html>", "vide.html")
    with pytest.raises(UnreadableDocument):
        extract(b"", "rien.html")
