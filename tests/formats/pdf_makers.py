"""PDF files written with fpdf2: manuals with running headers and footers, a scan without text, a locked file."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF
from PIL import Image

from .makers import FONT, pdf_writer

__all__ = ["LINE_MM", "Heading", "write_manual", "scanned_pdf", "locked_pdf"]

# Height of a body line, in millimetres.
LINE_MM = 6
# Size of the running header and footer, in points.
RUNNING_SIZE = 9
BODY_SIZE = 11


@dataclass(frozen=True)
class Heading:
    """A heading of a manual's page, in a font of *size* points."""

    text: str
    size: int


# A paragraph is given as the lines it is written on (a hyphen may end one).
Paragraph = Sequence[str]


class _Manual(FPDF):
    def __init__(self, header_text: str, footer_text: str) -> None:
        super().__init__()
        self._header_text = header_text
        self._footer_text = footer_text

    def header(self) -> None:
        self.set_font("dejavu", size=RUNNING_SIZE)
        self.cell(0, 8, self._header_text, align="C")
        self.ln(14)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("dejavu", size=RUNNING_SIZE)
        self.cell(0, 8, self._footer_text.format(page=self.page_no()), align="C")


def write_manual(pages: Sequence[Sequence[Heading | Paragraph]], title: str, header: str, footer: str) -> bytes:
    """Return a PDF of *pages*, each a list of headings and paragraphs, under a running *header* and *footer*.

    :param title: the title of the document's metadata.
    :param footer: the footer's text, where ``{page}`` stands for the page number
        (and ``{{nb}}`` for fpdf2's count of pages).
    """
    pdf = _Manual(header, footer)
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_title(title)
    for page in pages:
        pdf.add_page()
        for block in page:
            if isinstance(block, Heading):
                pdf.set_font("dejavu", size=block.size)
                pdf.multi_cell(0, block.size * 0.6, block.text)
                pdf.ln(4)
                pdf.set_font("dejavu", size=BODY_SIZE)
            else:
                pdf.multi_cell(0, LINE_MM, "\n".join(block))
                pdf.ln(LINE_MM)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """Return a one-page PDF holding a grey image and no text layer, as a scan does."""
    image = io.BytesIO()
    Image.new("L", (200, 100), color=200).save(image, format="PNG")
    pdf = pdf_writer()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    return bytes(pdf.output())


def locked_pdf() -> bytes:
    """Return a PDF that opens only with its user password."""
    pdf = pdf_writer()
    pdf.add_page()
    pdf.cell(text="Texte confidentiel")
    pdf.set_encryption(owner_password="propriétaire", user_password="lecteur")
    return bytes(pdf.output())
