"""Hostile zip-based documents: zip bombs, « billion laughs », files that are no archive or are damaged."""

from __future__ import annotations

import random

import pytest

from indexer.errors import UnreadableDocument
from indexer.formats import extract

from .makers import make_docx, make_epub, make_odt, replace_member, with_billion_laughs, with_bomb

MAKERS = {"docx": make_docx, "odt": make_odt, "epub": make_epub}
XML_MEMBERS = {
    "docx": ("word/document.xml", "w:document"),
    "odt": ("content.xml", "office:document-content"),
    "epub": ("EPUB/content.opf", "package"),
}


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableDocument) as refused:
        extract(data, name)
    return refused.value.reason


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_zip_bomb_is_refused_before_inflating(kind: str) -> None:
    reason = refusal(with_bomb(MAKERS[kind]()), f"bombe.{kind}")
    assert reason == f"{kind.upper()} refusé : media/bombe.bin compressé plus de 200 fois (bombe zip ?)"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_billion_laughs_is_refused(kind: str) -> None:
    member, root = XML_MEMBERS[kind]
    reason = refusal(with_billion_laughs(MAKERS[kind](), member, root), f"rires.{kind}")
    assert reason == f"{kind.upper()} refusé : {member} déclare des entités XML (bombe XML ?)"


def test_an_epub_chapter_declaring_entities_is_refused() -> None:
    reason = refusal(with_billion_laughs(make_epub(), "EPUB/c1.xhtml", "html"), "rires.epub")
    assert reason == "EPUB refusé : EPUB/c1.xhtml déclare des entités XML (bombe XML ?)"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_random_bytes_and_truncated_archives_are_refused(kind: str) -> None:
    noise = random.Random(kind).randbytes(5000)
    assert refusal(noise, f"bruit.{kind}") == f"{kind.upper()} illisible (pas une archive zip valide)"
    whole = MAKERS[kind]()
    assert refusal(whole[: len(whole) // 2], f"tronqué.{kind}") == f"{kind.upper()} illisible (pas une archive zip valide)"


def test_a_zip_that_is_no_word_document_and_a_broken_xml_member() -> None:
    odt = make_odt()
    assert refusal(odt, "déguisé.docx") == "DOCX illisible (pas de word/document.xml dans l'archive)"
    broken = replace_member(make_docx(), "word/document.xml", b"<w:document><unclosed>")
    assert refusal(broken, "cassé.docx").startswith("DOCX illisible : word/document.xml n'est pas du XML valide")
