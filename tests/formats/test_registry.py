"""The registry of readers by suffix, the size limits per kind, and paragraphs numbered from blocks."""

from __future__ import annotations

import pytest

from indexer.errors import UnreadableDocument
from indexer.formats import MAX_BYTES, SUFFIXES, Block, Extracted, extract, kind_of, to_paragraphs
from indexer.paragraphs import Paragraph


def test_every_suffix_has_a_kind_and_a_limit() -> None:
    assert SUFFIXES == (".pdf", ".docx", ".odt", ".html", ".htm", ".xhtml", ".epub", ".md", ".markdown", ".txt")
    assert {kind_of("x" + suffix.upper()) for suffix in SUFFIXES} == set(MAX_BYTES)
    assert MAX_BYTES["pdf"] > 60 * 2**20 > MAX_BYTES["txt"]


def test_a_file_over_its_kind_limit_is_refused_without_reading() -> None:
    with pytest.raises(UnreadableDocument, match=r"fichier trop gros \(10\.0 Mio ; limite 10\.0 Mio pour txt\)"):
        extract(b"a" * (MAX_BYTES["txt"] + 1), "grand.txt")


def test_an_unknown_suffix_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="photo.jpg"):
        extract(b"", "photo.jpg")


def test_deeper_heading_closes_only_deeper_ones_and_roots_reset_headings() -> None:
    blocks = (
        Block("Avant-propos"),
        Block("1 Réseau", heading_level=1),
        Block("1.1 Adresses", heading_level=2),
        Block("1.1.1 IPv6", heading_level=3),
        Block("Un."),
        Block("1.2 Routes", heading_level=2),
        Block("Deux.", page=4),
        Block("Trois.", section="Annexe"),
    )
    assert to_paragraphs(Extracted("pdf", None, blocks)) == (
        Paragraph(1, "Avant-propos"),
        Paragraph(2, "Un.", section="1 Réseau › 1.1 Adresses › 1.1.1 IPv6"),
        Paragraph(3, "Deux.", page=4, section="1 Réseau › 1.2 Routes"),
        Paragraph(4, "Trois.", section="Annexe"),
    )
