"""Highlighted snippets: marks on every variant, escaping, whole words, length."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.analysis import french_analyzer
from indexer.search import snippets
from indexer.search.snippets import SNIPPET_MAX_CHARS, highlight_html, make_snippet

ANALYZER = french_analyzer()
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
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


# Written words the chain changes in every way: elisions with both apostrophes,
# acronyms, cross-references, stop words, accents, ligatures, English words.
TRICKY = (
    "L’ONU et l'O.N.U. : qu’on s’en souvienne jusqu’à aujourd’hui. Voir Section 2.7, « Compte "
    "et sécurité » ; le cœur des élèves, the software update, c'est-à-dire GNU/Linux."
)


def _chain_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    return [
        (token.startchar, token.endchar)
        for token in ANALYZER(text, chars=True, mode="index", removestops=False)
        if token.text in terms and not token.stopped
    ]


def test_remembered_words_mark_what_the_whole_chain_marks() -> None:
    texts = [TRICKY] + [
        paragraph for path in sorted(SEEDS.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n") if paragraph.strip()
    ]
    compared = 0
    for number, text in enumerate(texts):
        terms = sorted({token.text for token in ANALYZER(text, mode="index") if not token.stopped})
        # Every term, and one term in three, so that marks are also left out.
        for chosen in (set(terms), set(terms[number % 3 :: 3])):
            expected = _chain_spans(text, chosen)
            assert snippets._match_spans(text, chosen, ANALYZER) == expected, text[:80]
            compared += len(expected)
    assert compared > 1_000
    # An elided article is not marked, only the word after it.
    assert highlight_html("L’ONU", {"onu"}, ANALYZER) == "L’<mark>ONU</mark>"


def test_an_analyzer_without_a_regex_tokenizer_is_run_whole() -> None:
    # Not the French chain: no word is remembered, the analyzer marks what it yields.
    from whoosh.analysis import IDTokenizer, LowercaseFilter

    assert highlight_html("Paix & Co", {"paix & co"}, IDTokenizer() | LowercaseFilter()) == "<mark>Paix &amp; Co</mark>"
