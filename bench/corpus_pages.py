"""One page of the bench corpus read, whatever its markup, and kept if it is French prose.

Part of ``bench/corpus.py``.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, replace

from corpus_markup import HTML_PROFILE, MALLARD_PROFILE, extract_page
from corpus_roff import extract_man_page
from corpus_sources import PageSource, page_kind
from corpus_text import decode_markup, is_real_paragraph, looks_english, looks_french


@dataclass(frozen=True)
class Page:
    """The text of one converted page."""

    title: str
    paragraphs: tuple[str, ...]


def read_source(source: PageSource) -> str:
    """Read a page's text, gunzipping ``.gz`` files."""
    raw = source.file.read_bytes()
    if source.relative.endswith(".gz"):
        raw = gzip.decompress(raw)
    return decode_markup(raw)


def extract_source(
    source: PageSource, navigation: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """Return the title and raw paragraphs of a page, whatever its markup;
    ``navigation`` adds HTML classes or ids to skip."""
    text = read_source(source)
    kind = page_kind(source.relative)
    if kind == "man":
        return extract_man_page(text)
    if kind == "mallard":
        return extract_page(text, MALLARD_PROFILE)
    markers = HTML_PROFILE.skip_markers | navigation
    return extract_page(text, replace(HTML_PROFILE, skip_markers=markers))


def convert_page(source: PageSource, navigation: frozenset[str] = frozenset()) -> Page | None:
    """Turn one page into a ``Page``, or None if it is not French prose.

    The page must look French as a whole; then its paragraphs that look
    English (untranslated parts of a translation) are dropped too.
    """
    title, paragraphs = extract_source(source, navigation)
    real = [p for p in paragraphs if is_real_paragraph(p)]
    if not real or not looks_french(real):
        return None
    kept = tuple(p for p in real if not looks_english(p))
    fallback = source.relative.rsplit("/", 1)[-1].split(".")[0]
    return Page(title=title or fallback, paragraphs=kept)
