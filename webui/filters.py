"""Jinja filters that write numbers the French way."""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app", "french_number", "french_milliseconds", "plural"]

# French groups thousands with a narrow no-break space (U+202F).
_THOUSANDS_SEPARATOR = "\u202f"


def french_number(value: int) -> str:
    """Return *value* with French thousands separators.

    >>> french_number(1234567) == "1\\u202f234\\u202f567"
    True
    """
    return f"{value:,}".replace(",", _THOUSANDS_SEPARATOR)


def french_milliseconds(value: float) -> str:
    """Return a duration in milliseconds, with a decimal comma below 10 ms.

    >>> french_milliseconds(3.14159), french_milliseconds(42.7)
    ('3,1 ms', '43 ms')
    """
    if value < 10:
        return f"{value:.1f}".replace(".", ",") + " ms"
    return f"{french_number(round(value))} ms"


def plural(count: int, singular: str, plural_form: str) -> str:
    """Return the word for *count* things; French uses the singular for 0 and 1.

    >>> plural(0, "paragraphe", "paragraphes"), plural(2, "paragraphe", "paragraphes")
    ('paragraphe', 'paragraphes')
    """
    return singular if count < 2 else plural_form


def init_app(app: Flask) -> None:
    """Register the filters on *app*'s Jinja environment."""
    app.add_template_filter(french_number, "fr_number")
    app.add_template_filter(french_milliseconds, "fr_ms")
    app.add_template_filter(plural, "plural")
