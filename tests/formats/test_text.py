"""Plain text reader: encodings found by charset-normalizer, the behaviours kept from the corpus reader."""

from __future__ import annotations

import codecs

import pytest

from indexer.errors import UnreadableDocument
from indexer.formats import Block, extract
from indexer.formats.text import read_text

TEXT = "Sécurité régionale\n\nLe cœur de l’œuvre coûte 5 € à Noël,\ndit-elle à l’élève.\n"
LONG = (
    "Les élèves développaient leurs connaissances ; le développement de l'enfant était suivi. "
    "Jusqu'à présent, aucune école n'avait fermé, même à Noël où l'on célèbre la fête.\n"
)
BLOCKS = (Block("Sécurité régionale"), Block("Le cœur de l’œuvre coûte 5 € à Noël, dit-elle à l’élève."))


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "crlf"],
)
def test_unicode_texts_are_read_without_warning(raw: bytes) -> None:
    extracted = read_text(raw, "a.txt")
    assert extracted.blocks == BLOCKS
    assert extracted.title == "Sécurité régionale"
    assert extracted.kind == "txt"
    assert extracted.warning is None


@pytest.mark.parametrize(
    ("text", "encoding", "found"),
    [
        (TEXT, "cp1252", "cp1252"),
        (TEXT.replace("’", "'"), "iso8859_15", "iso8859_15"),
        (LONG, "mac_roman", "mac_roman"),
        (LONG, "utf-16-le", "utf_16_le"),
        (LONG, "utf-16-be", "utf_16_be"),
    ],
    ids=["cp1252", "latin9-with-oe-and-euro", "macroman", "utf16le-no-bom", "utf16be-no-bom"],
)
def test_legacy_encodings_are_found_and_named(text: str, encoding: str, found: str) -> None:
    extracted = read_text(text.encode(encoding), "a.txt")
    assert [block.text for block in extracted.blocks] == [" ".join(p.split("\n")).strip() for p in text.split("\n\n")]
    assert extracted.warning == f"pas en UTF-8, lu comme {found}"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "fichier binaire (octets NUL)"),
        (b"\x00\x01" + TEXT.encode("utf-8"), "fichier binaire (octets NUL)"),
        (TEXT.encode("utf-8") * 400 + b"\x00" + TEXT.encode("utf-8"), "fichier binaire (octets NUL)"),
        (b"Texte\n\ncaf\xe9 \x81\x8d\x8f\n", "encodage inconnu (ni UTF-8 ni un codage français connu)"),
    ],
    ids=["png", "nul-first", "nul-later", "undecodable"],
)
def test_binary_and_undecodable_files_are_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        read_text(raw, "a.txt")
    assert refused.value.reason == reason


def test_an_empty_or_blank_file_is_refused() -> None:
    for raw in (b"", " \n\u00a0\n\t\n".encode("utf-8")):
        with pytest.raises(UnreadableDocument, match="document vide"):
            extract(raw, "vide.txt")


def test_a_short_cp1252_text_never_passes_for_utf16() -> None:
    assert read_text("Réseau\r\n".encode("cp1252"), "a.txt").blocks == (Block("Réseau"),)
