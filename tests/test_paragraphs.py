"""Splitting a text into numbered paragraphs."""

from __future__ import annotations

import pytest

from indexer.paragraphs import Paragraph, split_paragraphs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un.\n\nDeux.", ["Un.", "Deux."]),
        ("Une ligne\ncoupée en deux\n\nSuite", ["Une ligne coupée en deux", "Suite"]),
        ("A\n \t \nB", ["A", "B"]),
        ("A\n\u00a0\nB", ["A", "B"]),
        ("A\n\u202f\u2003\nB", ["A", "B"]),
        ("\n\n\nA\n\n\n\nB\n\n", ["A", "B"]),
        ("   indentée  \n  aussi ", ["indentée aussi"]),
        ("", []),
        (" \n\u00a0\n", []),
    ],
    ids=["blank-line", "hard-wrap", "spaces-tabs", "nbsp", "narrow-nbsp-em-space", "many-blanks",
         "indent", "empty", "only-blank"],
)
def test_split(text: str, expected: list[str]) -> None:
    assert [p.text for p in split_paragraphs(text)] == expected


def test_numbers_start_at_one_in_order() -> None:
    assert split_paragraphs("a\n\nb\n\nc") == [Paragraph(1, "a"), Paragraph(2, "b"), Paragraph(3, "c")]


def test_numbers_are_stable_for_unchanged_text(seeds_dir) -> None:
    text = (seeds_dir / "003_f1f74f28f6e10c66.txt").read_text(encoding="utf-8")
    assert split_paragraphs(text) == split_paragraphs(text)
    first = split_paragraphs(text)
    assert first[0].number == 1 and first[-1].number == len(first)
    assert first[0].text.startswith("Renforcer la coopération")
