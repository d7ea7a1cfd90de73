"""Highlighted snippets: marks on every variant, escaping, whole words, length."""

from __future__ import annotations

import re

from indexer.analysis import french_analyzer
from indexer.search.snippets import SNIPPET_MAX_CHARS, highlight_html, make_snippet

ANALYZER = french_analyzer()
SECURITY = {"secur"}  # the index term of sécurité / sécurités / Sécurité


def test_marks_every_inflection_and_escapes_the_rest() -> None:
    html = highlight_html("La Sécurité & les sécurités <b>nationales</b>.", SECURITY, ANALYZER)
    assert html == (
        "La <mark>Sécurité</mark> &amp; les <mark>sécurités</mark> &lt;b&gt;nationales&lt;/b&gt;."
    )


def test_script_in_text_is_escaped() -> None:
    html = make_snippet("Sécurité <script>alert(1)</script> garantie.", SECURITY, ANALYZER)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>Sécurité</mark>" in html


def test_elided_word_marks_only_the_word() -> None:
    assert highlight_html("l’ONU", {"onu"}, ANALYZER) == "l’<mark>ONU</mark>"


def test_long_paragraph_is_cut_between_words_around_the_match() -> None:
    text = ("Une phrase de remplissage sans intérêt particulier. " * 12) + (
        "Ici la sécurité collective apparaît enfin. " + "Encore du texte qui suit la phrase. " * 12
    )
    snippet = make_snippet(text, SECURITY, ANALYZER)
    plain = re.sub(r"</?mark>", "", snippet)
    assert "<mark>sécurité</mark>" in snippet
    assert len(plain) <= SNIPPET_MAX_CHARS + 10
    for piece in plain.replace("…", " ").split():
        assert piece in text, piece  # no word is cut


def test_several_sentences_are_joined_with_an_ellipsis() -> None:
    text = (
        "La sécurité est un thème. " + "Rien à voir ici du tout. " * 20 + "La sécurité revient à la fin."
    )
    snippet = make_snippet(text, SECURITY, ANALYZER)
    assert snippet.count("<mark>") == 2
    assert " … " in snippet


def test_no_match_gives_the_start_of_the_text() -> None:
    assert make_snippet("Premier mot. Second mot.", {"absent"}, ANALYZER).startswith("Premier mot.")
