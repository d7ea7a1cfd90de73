"""Which page numbers a results page links to."""

from __future__ import annotations

__all__ = ["PAGE_RADIUS", "page_numbers"]

# Pages shown on each side of the current one; the first and last are always shown.
PAGE_RADIUS = 2


def page_numbers(current: int, last: int, radius: int = PAGE_RADIUS) -> list[int | None]:
    """Return the page numbers to link to, with None where pages are left out.

    >>> page_numbers(1, 3)
    [1, 2, 3]
    >>> page_numbers(7, 20)
    [1, None, 5, 6, 7, 8, 9, None, 20]
    >>> page_numbers(2, 9)
    [1, 2, 3, 4, None, 9]
    """
    shown = {1, last} | set(range(max(1, current - radius), min(last, current + radius) + 1))
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number > previous + 2:
            numbers.append(None)
        elif number == previous + 2:
            # A gap of one page is shown as that page, not as an ellipsis.
            numbers.append(previous + 1)
        numbers.append(number)
        previous = number
    return numbers
