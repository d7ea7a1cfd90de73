"""The tuning of an index, as data: how its text is analysed and how its matches are ranked.

Both are frozen dataclasses whose defaults are the measured choices (each
field's comment gives the measurement, ``make bench-relevance``).  A build
takes them (``build_index(..., settings=IndexSettings(...))``), saves them in
the generation's manifest, and the search side reads them back from there:
an index is always searched with the settings it was built with, and a
manifest written before a setting existed gets its default.

>>> IndexSettings.from_manifest({"analysis": {"stemming": False}}).analysis.stemming
False
>>> IndexSettings.from_manifest({}).ranking.bm25_k1
1.2
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["AnalysisSettings", "RankingSettings", "ExpansionSettings", "IndexSettings"]

_Settings = TypeVar("_Settings", "AnalysisSettings", "RankingSettings", "ExpansionSettings")


@dataclass(frozen=True)
class AnalysisSettings:
    """How text becomes index terms (fixed at build time)."""

    #: Snowball French stemmer (off only to measure its effect).
    stemming: bool = True
    #: Fold the stems' accents and restore the accents of queries from the
    #: corpus vocabulary (off only to measure its effect).
    accent_folding: bool = True
    #: Weight of a word inside a cross-reference (« voir Section 2.7.9, « ... » »)
    #: relative to any other occurrence: its words describe another section.
    cross_reference_weight: float = 0.1
    #: Index a word more English than French (wordfreq, with the expansions'
    #: ``foreign_zipf_margin``) as written instead of stemming it as French,
    #: so that « secure » no longer shares ``secur`` with « sécurité ».
    #: Read as off from a manifest written before it existed.  Both sets: dev
    #: 0.704 -> 0.709, help 0.801 unchanged, but dev 0.701 at a ceiling of 3.5;
    #: off (README, French handling; the OpenSearch chain has no such step).
    unstemmed_foreign_words: bool = False
    #: ... unless its French Zipf frequency reaches this: a word that common in
    #: French is French too (« options » 4.21, « terminal » 3.89; « secure » 2.81).
    foreign_french_ceiling: float = 3.0


@dataclass(frozen=True)
class RankingSettings:
    """How matching paragraphs and documents are scored."""

    #: BM25F of paragraphs: Whoosh's defaults.  On the dev set B=0.9 scored
    #: +0.008 MRR@10 at paragraph level, K1 2-3 -0.002..-0.005: too small to leave them.
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    #: BM25 of whole documents (grouped results): on the dev set K1 0.9-2 and
    #: B 0.4-0.9 all gave 0.703-0.706 MRR@10 (0.704 with these).
    document_k1: float = 1.2
    document_b: float = 0.75
    #: A match in the title (repeated on every paragraph of its document) says
    #: the whole document is about the word; written into the index at build time.
    title_boost: float = 2.0
    #: The headings above a paragraph: more than a word of it, less than the title.
    section_boost: float = 1.5
    #: Score times (matched words / query words) ** exponent.  Dev set:
    #: 0 -> 0.644, 1 -> 0.654, 2 -> 0.648 MRR@10 before the all-words bonus.
    coordination_exponent: float = 1.0
    #: Whoosh's coordination inside the parser's OR group (its CoordMatcher scale).
    coordination_scale: float = 0.9
    #: Added to paragraphs holding every query word, so that they come first;
    #: larger than any BM25F score a query can reach, subtracted for display.
    all_words_bonus: float = 100_000.0
    #: A typo-tolerant match counts this much relative to an exact one.
    fuzzy_boost: float = 0.3
    #: Share of a pair's IDF added to a document for each pair of query words
    #: found in one same paragraph.  Dev set: 0 -> 0.700, 0.25 -> 0.707,
    #: 0.5 -> 0.704, 1 -> 0.707 MRR@10.
    cooccurrence_weight: float = 0.5


@dataclass(frozen=True)
class ExpansionSettings:
    """Which corpus words a typed word may reach besides its own index term (read at query time)."""

    #: Typo tolerance only for words the corpus does not hold: a known word
    #: is what the user meant.
    fuzzy_unknown_words_only: bool = True
    #: A typo-tolerant alternative starts with the typed word's first letter
    #: (accents ignored): the first letter is rarely the mistyped one.
    same_first_letter: bool = True
    #: A word is taken for another language's when its English Zipf frequency
    #: (wordfreq) exceeds its French one by this much; a typo alternative or a
    #: listed variant never crosses from one side to the other (« secure » is
    #: not « sécurité »).  0 turns the rule off.
    foreign_zipf_margin: float = 0.4
    #: Words of at most this many letters are never expanded: no typo
    #: alternative, no variant listed, no accent restored when the corpus holds
    #: the word as typed (``e`` of « e-mail » stays ``e``).
    short_word_chars: int = 3
    #: In a query of several words, interrogatives (« comment », « pourquoi »)
    #: weigh this much relative to other words; 0 leaves them out like stop
    #: words: they say the query is a question more than what it is about.
    #: Both sets (README, French handling): 1 -> dev 0.704 / help 0.798,
    #: 0.5 -> 0.704 / 0.799, 0.2 -> 0.704 / 0.801, 0 -> 0.699 / 0.805 MRR@10.
    question_word_weight: float = 0.2
    #: A hyphenated compound (« e-mail ») is searched as its phrase and as the
    #: joined word when the corpus holds the joined word (« email »).
    joined_compounds: bool = True


@dataclass(frozen=True)
class IndexSettings:
    """Everything an index is built and searched with."""

    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    ranking: RankingSettings = field(default_factory=RankingSettings)
    expansion: ExpansionSettings = field(default_factory=ExpansionSettings)

    def to_manifest(self) -> dict[str, dict[str, Any]]:
        """Return the manifest entries that record these settings."""
        return {"analysis": dataclasses.asdict(self.analysis), "ranking": dataclasses.asdict(self.ranking),
                "expansion": dataclasses.asdict(self.expansion)}

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> IndexSettings:
        """Return the settings a manifest records; missing ones (older builds) take their defaults."""
        return cls(_read(AnalysisSettings, manifest.get("analysis")), _read(RankingSettings, manifest.get("ranking")),
                   _read(ExpansionSettings, manifest.get("expansion")))


# Fields whose value, in a manifest that does not record them, is the one
# the build had before they existed, whatever their default is now.
_FORMER_VALUES: dict[str, dict[str, Any]] = {"AnalysisSettings": {"unstemmed_foreign_words": False}}


def _read(kind: type[_Settings], saved: Any) -> _Settings:
    """Return a *kind* made of the known fields of *saved* (a manifest entry), defaults for the rest."""
    former = _FORMER_VALUES.get(kind.__name__, {})
    if not isinstance(saved, dict):
        return kind(**former)
    known = {item.name for item in dataclasses.fields(kind)}
    return kind(**{**former, **{name: value for name, value in saved.items() if name in known}})
