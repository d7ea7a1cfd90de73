"""Plain text: the encoding found, blank lines between paragraphs, the first line as title.

UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such.  Any
other text goes to ``charset-normalizer``, limited to the encodings French
texts are written in, so that its answer is one of them and never a Central
European or Cyrillic code page that happens to decode the same bytes.  A
NUL byte means a binary file unless the text is UTF-16 or UTF-32 without a
BOM.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from ..errors import UnreadableDocument
from ..paragraphs import split_paragraphs
from .document import Block, Extracted, clean_text, shorten_title

__all__ = ["FRENCH_ENCODINGS", "decode_text", "read_text"]

# The encodings charset-normalizer may choose between (Python codec names).
# Latin-1 is left out: cp1252 reads every Latin-1 letter the same way and
# also has « œ », « € » and the typographic apostrophe.
FRENCH_ENCODINGS = (
    "cp1252",
    "iso8859_15",
    "mac_roman",
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
)
_WIDE = ("utf_16", "utf_32")


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """Return the text of *raw*, with ``\\n`` line ends, and a warning naming the encoding when it was not UTF-8.

    >>> decode_text("Réseau\\r\\n".encode("cp1252"))
    ('Réseau\\n', 'pas en UTF-8, lu comme cp1252')

    :raises UnreadableDocument: for a binary file or an unknown encoding.
    """
    text, warning = _decode(raw)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warning


def _decode(raw: bytes) -> tuple[str, str | None]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as error:
            raise UnreadableDocument(f"UTF-16 invalide ({error.reason})") from error
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig"), None
        except UnicodeDecodeError:
            pass
    # French in UTF-16 or UTF-32 always has NUL bytes, and an 8-bit text never
    # does: choosing the family first keeps a short cp1252 text from passing
    # for UTF-16.
    wide = b"\x00" in raw
    candidates = [name for name in FRENCH_ENCODINGS if name.startswith(_WIDE) == wide]
    guess = charset_normalizer.from_bytes(raw, cp_isolation=candidates).best()
    if guess is None:
        if wide:
            raise UnreadableDocument("fichier binaire (octets NUL)")
        raise UnreadableDocument("encodage inconnu (ni UTF-8 ni un codage français connu)")
    return str(guess), f"pas en UTF-8, lu comme {guess.encoding}"


def read_text(data: bytes, name: str) -> Extracted:
    """Read a plain text file: one block per paragraph (a run of non-blank lines), the first line as title.

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: for a binary file or an unknown encoding.
    """
    text, warning = decode_text(data)
    blocks = tuple(Block(clean_text(p.text)) for p in split_paragraphs(text))
    first_line = next((line for line in text.split("\n") if line.strip()), None)
    return Extracted("txt", shorten_title(first_line), blocks, warning)
