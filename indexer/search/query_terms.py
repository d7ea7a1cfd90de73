"""The terms a parsed query looks for, with their boosts and word groups (for ranking and highlighting)."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from .coordination import Coordinated

__all__ = ["WeightedTerms", "weighted_terms", "positive_terms"]

# Nodes whose second part only filters (a source: restriction) or excludes:
# their terms are not looked for.
_FILTERING = (wq.AndNot, wq.Require)


@dataclass(frozen=True)
class WeightedTerms:
    """The terms a query looks for: ``(field, text, boost, group)``, and how many word groups."""

    terms: tuple[tuple[str, str, float, int], ...]
    groups: int


def weighted_terms(node: wq.Query) -> WeightedTerms:
    """Return the positive terms of *node* with their boosts and word groups.

    Excluded terms (``-mot``, ``NOT``) and document filters (``source:``) are
    left out; a phrase counts as its words; a typo-tolerant or prefix
    alternative keeps its lower boost and the group of the word it stands for.
    """
    coordinated = _coordinated(node)
    if coordinated is not None:
        group_of_term, groups = coordinated.group_of_term, coordinated.groups
    else:
        group_of_term, groups = {}, 1
    found: dict[tuple[str, str], tuple[float, int]] = {}

    def walk(current: wq.Query, boost: float) -> None:
        if isinstance(current, wq.Not):
            return
        if isinstance(current, _FILTERING):
            walk(current.a, boost * current.boost)
            return
        if current.is_leaf():
            weight = boost * float(getattr(current, "boost", 1.0))
            for fieldname, raw in current.terms(phrases=True):
                text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                group = group_of_term.get((fieldname, text), 0)
                best = found.get((fieldname, text))
                if best is None or best[0] < weight:
                    found[(fieldname, text)] = (weight, group)
            return
        for child in current.children():
            walk(child, boost * float(getattr(current, "boost", 1.0)))

    walk(node, 1.0)
    return WeightedTerms(
        tuple((fieldname, text, weight, group) for (fieldname, text), (weight, group) in found.items()),
        max(groups, 1),
    )


def _coordinated(node: wq.Query) -> Coordinated | None:
    """Return the coordination wrapper of *node* (at its top, or in front of an exclusion or filter)."""
    while isinstance(node, (wq.AndNot, wq.AndMaybe, wq.Require)):
        node = node.a
    return node if isinstance(node, Coordinated) else None


def positive_terms(node: wq.Query, fieldname: str) -> set[str]:
    """Return the terms of *fieldname* that the query looks for (not the excluded ones)."""
    return {text for field, text, _, _ in weighted_terms(node).terms if field == fieldname}
