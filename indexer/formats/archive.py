"""Checks run on zip-based documents (DOCX, ODT, EPUB) before any library parses them.

A zip archive says how large each member is once uncompressed, and Python's
``zipfile`` never inflates a member past that size (it fails on the CRC
instead), so the declared sizes are enough to refuse a zip bomb before
inflating anything.  XML members are parsed once with ``defusedxml``, which
refuses entity declarations (« billion laughs », external entities): the
readers' libraries then only meet XML without them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException

from ..errors import UnreadableDocument

__all__ = [
    "MAX_MEMBERS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_COMPRESSION_RATIO",
    "open_checked_zip",
    "check_xml_members",
]

# A novel-length EPUB has a few hundred members; a DOCX some twenty.
MAX_MEMBERS = 10_000
# All members together once inflated: a 60 MB document full of images stays
# well under this, a zip bomb does not.
MAX_UNCOMPRESSED_BYTES = 512 * 2**20
# Text and XML deflate 5 to 30 times; a member shrinking more than this, once
# it is large, is made of repeated bytes, the stuff of bombs.
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_FROM_BYTES = 2**20
_XML_SUFFIXES = (".xml", ".rels", ".opf", ".ncx")
_PAGE_SUFFIXES = (".xhtml", ".html", ".htm", ".svg")


def _mib(count: int) -> str:
    return f"{count / 2**20:.0f} Mio"


def open_checked_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open *data* as a zip archive after checking its members against the limits.

    :param kind: the format's name for messages (« DOCX »).
    :raises UnreadableDocument: when *data* is no zip archive or exceeds a limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError) as error:
        raise UnreadableDocument(f"{kind} illisible (pas une archive zip valide)") from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableDocument(f"{kind} refusé : {len(members)} fichiers dans l'archive (limite {MAX_MEMBERS})")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableDocument(
            f"{kind} refusé : {_mib(total)} une fois décompressé (limite {_mib(MAX_UNCOMPRESSED_BYTES)}, bombe zip ?)"
        )
    for member in members:
        if member.file_size > _RATIO_CHECK_FROM_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise UnreadableDocument(
                f"{kind} refusé : {member.filename} compressé plus de {MAX_COMPRESSION_RATIO} fois (bombe zip ?)"
            )
    return archive


def check_xml_members(archive: zipfile.ZipFile, kind: str) -> None:
    """Parse every XML member of *archive* with entity declarations refused.

    Web pages inside an EPUB need not be well-formed (the HTML reader takes
    them as they are); only their entity declarations are refused.

    :raises UnreadableDocument: for a member declaring entities, an XML
        member that is not well-formed, or a damaged member.
    """
    for info in archive.infolist():
        name, lowered = info.filename, info.filename.lower()
        # An empty member declares nothing; LibreOffice and pandoc write
        # an empty Configurations2/accelerator/current.xml into every ODT.
        if info.file_size == 0:
            continue
        strict = lowered.endswith(_XML_SUFFIXES)
        if not strict and not lowered.endswith(_PAGE_SUFFIXES):
            continue
        try:
            with archive.open(name) as member:
                defusedxml.ElementTree.parse(member, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as error:
            raise UnreadableDocument(f"{kind} refusé : {name} déclare des entités XML (bombe XML ?)") from error
        except ParseError as error:
            if strict:
                raise UnreadableDocument(f"{kind} illisible : {name} n'est pas du XML valide ({error})") from error
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise UnreadableDocument(f"{kind} illisible : {name} est endommagé dans l'archive") from error
