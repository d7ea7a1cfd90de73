"""Markdown reader: headings as sections, front matter title, Markdown marks gone from the text."""

from __future__ import annotations

from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.markdown import read_markdown

NOTE = """---
title: "Carnet d’été"
date: 2024-07-14
---
# Recettes

Le **bœuf** bourguignon mijote *lentement* ;
il est [peut-être](https://exemple.fr) meilleur le lendemain.

## Desserts

- Les crêpes demandent de la farine.
- Des œufs et du `lait`.

### Variantes

> Une crêpe flambée.
"""


def test_blocks_and_front_matter_title() -> None:
    extracted = read_markdown(NOTE.encode("utf-8"), "carnet.md")
    assert extracted.kind == "md"
    assert extracted.title == "Carnet d’été"
    assert extracted.blocks == (
        Block("Recettes", heading_level=1),
        Block("Le bœuf bourguignon mijote lentement ; il est peut-être meilleur le lendemain."),
        Block("Desserts", heading_level=2),
        Block("Les crêpes demandent de la farine."),
        Block("Des œufs et du lait."),
        Block("Variantes", heading_level=3),
        Block("Une crêpe flambée."),
    )


def test_sections_follow_heading_levels() -> None:
    paragraphs = to_paragraphs(extract(NOTE.encode("utf-8"), "carnet.markdown"))
    assert [p.section for p in paragraphs] == [
        "Recettes",
        "Recettes › Desserts",
        "Recettes › Desserts",
        "Recettes › Desserts › Variantes",
    ]


def test_without_front_matter_the_first_heading_is_the_title_and_cp1252_is_named() -> None:
    extracted = read_markdown("## Été indien\n\nLa saison s’étire à Noël.\n".encode("cp1252"), "a.md")
    assert extracted.title == "Été indien"
    assert extracted.warning == "pas en UTF-8, lu comme cp1252"
    assert extracted.blocks[1] == Block("La saison s’étire à Noël.")
