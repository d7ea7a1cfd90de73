"""The parsed query tree walked once: the terms it looks for and excludes, as an :class:`AnalysedQuery`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from whoosh import query as wq

from .coordination import Coordinated, TermKey, term_key
from .parser import SEARCH_FIELDS
from .wildcards import ExpansionBudget

__all__ = ["AnalysedQuery", "QueryTerm", "analysed"]

# Nodes whose second part only filters (a source: restriction) or excludes:
# their terms are not looked for.
_FILTERING = (wq.AndNot, wq.Require)


@dataclass(frozen=True)
class QueryTerm:
    """A term the query looks for, with its weight and the typed word (group) it stands for."""

    field: str
    text: str
    boost: float
    group: int


@dataclass(frozen=True)
class AnalysedQuery:
    """A query parsed and walked once; ``query`` is None when there is nothing to search.

    ``leaves`` are the positive terms in the tree's order (a term twice in
    the tree is there twice, as Whoosh scores it); ``plain`` says the tree is
    terms under ORs only, which the array path scores.  ``partial`` is true
    when a cap or the deadline left some wildcard or typo alternatives
    unexamined; ``notes`` say which, in words; ``examined`` counts the
    vocabulary words its wildcards looked at.  ``excluded`` are the single
    words excluded (``-apt``, ``NOT apt``): grouped results leave out every
    document holding one.
    """

    text: str
    query: wq.Query | None = None
    leaves: tuple[QueryTerm, ...] = ()
    groups: int = 1
    plain: bool = False
    notes: tuple[str, ...] = ()
    partial: bool = False
    examined: int = 0
    excluded: tuple[QueryTerm, ...] = ()

    @functools.cached_property
    def terms(self) -> tuple[QueryTerm, ...]:
        """The distinct positive terms, each with its largest weight (for document scores)."""
        found: dict[TermKey, QueryTerm] = {}
        for term in self.leaves:
            best = found.get((term.field, term.text))
            if best is None or best.boost < term.boost:
                found[(term.field, term.text)] = term
        return tuple(found.values())

    def field_terms(self, fieldname: str) -> frozenset[str]:
        """Return the terms of *fieldname* the query looks for (what snippets and highlighting mark)."""
        return frozenset(term.text for term in self.leaves if term.field == fieldname)


def _coordinated(node: wq.Query) -> Coordinated | None:
    """Return the coordination wrapper of *node* (at its top, or in front of an exclusion or filter)."""
    while isinstance(node, (wq.AndNot, wq.AndMaybe, wq.Require)):
        node = node.a
    return node if isinstance(node, Coordinated) else None


def _walk(node: wq.Query, boost: float, group_of_term: dict[TermKey, int], out: list[QueryTerm]) -> bool:
    """Append the positive terms under *node* to *out*; return whether *node* is terms under ORs only.

    Excluded terms (``-mot``, ``NOT``) and document filters (``source:``) are
    left out; a phrase counts as its words; a typo-tolerant or prefix
    alternative keeps its lower weight and the group of the word it stands for.
    """
    if isinstance(node, wq.Not):
        return False
    if isinstance(node, _FILTERING):
        _walk(node.a, boost * node.boost, group_of_term, out)
        return False
    if node.is_leaf():
        weight = boost * float(getattr(node, "boost", 1.0))
        for fieldname, raw in node.terms(phrases=True):
            key = term_key(fieldname, raw)
            out.append(QueryTerm(key[0], key[1], weight, group_of_term.get(key, 0)))
        return isinstance(node, wq.Term)
    plain = isinstance(node, (wq.Or, Coordinated)) and getattr(node, "boost", 1.0) == 1
    for child in node.children():
        child_plain = _walk(child, boost * float(getattr(node, "boost", 1.0)), group_of_term, out)
        plain = plain and child_plain
    return plain


def _excluded_terms(node: wq.Query, out: list[QueryTerm]) -> None:
    """Append to *out* the word terms that *node* excludes (excluded phrases keep per-paragraph semantics)."""
    excluded = [node.query] if isinstance(node, wq.Not) else [node.b] if isinstance(node, wq.AndNot) else []
    for part in excluded:
        if not any(isinstance(leaf, wq.Phrase) for leaf in part.leaves()) and not isinstance(part, wq.Phrase):
            out.extend(QueryTerm(*term_key(field, raw), 1.0, 0) for field, raw in part.iter_all_terms()
                       if field in SEARCH_FIELDS)
    if not node.is_leaf():
        for child in node.children():
            _excluded_terms(child, out)


def analysed(text: str, tree: wq.Query | None, budget: ExpansionBudget) -> AnalysedQuery:
    """Return the :class:`AnalysedQuery` of the parsed *tree* of *text* (the one walk of the tree)."""
    if tree is None:
        return AnalysedQuery(text, None, notes=tuple(budget.notes), partial=budget.partial, examined=budget.examined)
    coordinated = _coordinated(tree)
    group_of_term, groups = (coordinated.group_of_term, coordinated.groups) if coordinated is not None else ({}, 1)
    leaves: list[QueryTerm] = []
    plain = _walk(tree, 1.0, group_of_term, leaves) and bool(leaves)
    # The array path reads the groups of the top coordination only.
    plain = plain and (coordinated is None or coordinated is tree)
    excluded: list[QueryTerm] = []
    _excluded_terms(tree, excluded)
    return AnalysedQuery(text, tree, tuple(leaves), max(groups, 1), plain, tuple(budget.notes), budget.partial,
                         budget.examined, tuple(dict.fromkeys(excluded)))
