"""Make file names, titles and texts safe to print on a terminal.

A corpus is written by others: a file name or a text may hold escape
sequences that a terminal obeys (``\\033]0;...\\007`` sets the window title,
``\\033[2J`` clears the screen) or control characters that rewrite what was
printed.  Every command line output goes through these functions first.

* :func:`terminal_text` (titles, snippets, any text): escape sequences and
  control characters are removed; newlines and tabs stay.
* :func:`terminal_line` (names, ids, report lines): every control character
  — newlines too, and the marks that reverse the direction of text — is
  shown as an escape (``\\n``, ``\\x1b``) so that the name can still be found.
* :func:`terminal_json`: JSON whose strings hold no raw control character.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["terminal_text", "terminal_line", "terminal_json"]

# A CSI sequence (ESC [ or its 8-bit form), a string (OSC, DCS, SOS, PM,
# APC) up to its BEL or ST terminator or the end, or a two-character sequence.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 but newline and tab, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every control character, and the marks that reorder text on screen.
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What JSON leaves raw in its strings: DEL, C1 and the direction marks.
_JSON_CONTROL = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_text(text: str) -> str:
    """Return *text* without escape sequences and control characters (newlines and tabs kept).

    >>> terminal_text("\\x1b]0;PWNED\\x07Titre\\x1b[2J propre\\x00\\n")
    'Titre propre\\n'
    """
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def terminal_line(text: str) -> str:
    """Return *text* as one printable line: control characters and direction marks shown escaped.

    >>> print(terminal_line("ligne\\nbrisée\\x1b]0;x\\x07.txt"))
    ligne\\nbrisée\\x1b]0;x\\x07.txt
    """
    return _LINE_CONTROL.sub(_escape, text)


def terminal_json(payload: Any) -> str:
    """Return *payload* as indented JSON (non-ASCII letters as they are) with no raw control character.

    ``json.dumps`` escapes C0 controls itself; DEL, C1 and direction marks
    are escaped here (``\\u009b``), which JSON readers decode back.
    """
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _JSON_CONTROL.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
