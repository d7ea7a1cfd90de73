"""EPUB reader: chapters in spine order through the HTML reader, chapter titles as section roots."""

from __future__ import annotations

from indexer.formats import Block, extract, to_paragraphs
from indexer.formats.epub import read_epub

from .makers import make_epub


def test_chapters_in_spine_order_with_book_title() -> None:
    extracted = read_epub(make_epub(), "tour.epub")
    assert extracted.kind == "epub"
    assert extracted.title == "Le Tour du monde en quatre-vingts jours"
    assert extracted.blocks == (
        Block("Chapitre premier", section="Chapitre premier", heading_level=1),
        Block("Phileas Fogg était un homme énigmatique.", section="Chapitre premier"),
        Block("Le pari", section="Chapitre premier", heading_level=2),
        Block("Il paria vingt mille livres : c’était beaucoup.", section="Chapitre premier"),
        Block("Chapitre II", section="Chapitre II", heading_level=1),
        Block("Passepartout s’installe à Londres.", section="Chapitre II"),
    )


def test_the_chapter_is_the_root_and_its_own_heading_is_not_repeated() -> None:
    paragraphs = to_paragraphs(extract(make_epub(), "tour.epub"))
    assert [(p.number, p.section) for p in paragraphs] == [
        (1, "Chapitre premier"),
        (2, "Chapitre premier › Le pari"),
        (3, "Chapitre II"),
    ]
