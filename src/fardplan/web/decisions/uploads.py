"""Check an uploaded decision-basis file: its size, and its type from its content.

The type is judged by the bytes, never by the name or the browser's content type, which anyone
can set: a PDF starts with ``%PDF-``; Word, Excel and OpenDocument files are ZIP archives told
apart by the parts they hold; a text file is UTF-8 without control characters. Whatever the
upload claims, it is stored and served as the type found here.
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

MAX_BASIS_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 200
# A ZIP with more parts than this is no office document we accept (and could be a trap).
MAX_ZIP_ENTRIES = 5_000
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT_CONTROLS_ALLOWED = {"\t", "\n", "\r", "\f"}


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    content_type: str
    extension: str


PDF = FileType("pdf", "PDF", "application/pdf", ".pdf")
DOCX = FileType(
    "docx",
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = FileType(
    "xlsx",
    "Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
)
ODT = FileType("odt", "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text", ".odt")
TXT = FileType("txt", "text", "text/plain; charset=utf-8", ".txt")
FILE_TYPES = (PDF, DOCX, XLSX, ODT, TXT)


class UploadRefused(ValueError):
    """The upload is too large or of a type not accepted. ``code`` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _zip_type(stream: BinaryIO) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
                return XLSX
            if entries and entries[0].filename == "mimetype" and entries[0].file_size < 100:
                with archive.open(entries[0]) as mimetype:
                    if mimetype.read(100).strip() == _ODT_MIMETYPE:
                        return ODT
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return None


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(
        unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS_ALLOWED for char in text
    )


def sniff(stream: BinaryIO, size: int) -> FileType:
    """Return the type of the file in ``stream`` (``size`` bytes, rewound afterwards).

    Raises :class:`UploadRefused` with code ``too_large`` above :data:`MAX_BASIS_BYTES`
    (before reading anything), ``empty`` for no bytes, ``wrong_type`` for anything else.
    """
    if size > MAX_BASIS_BYTES:
        raise UploadRefused("too_large")
    if size == 0:
        raise UploadRefused("empty")
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            found = _zip_type(stream)
            if found is not None:
                return found
        elif _is_text(stream.read(MAX_BASIS_BYTES + 1)):
            return TXT
    finally:
        stream.seek(0)
    raise UploadRefused("wrong_type")


def safe_name(name: str, file_type: FileType) -> str:
    """Return a file name to offer on download: the upload's base name without control
    characters, at most :data:`MAX_NAME_LENGTH` characters, ending in the found type's
    extension (a ``report.exe`` that is really a PDF downloads as ``report.exe.pdf``)."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip()
    base = base or "underlag"
    if not base.lower().endswith(file_type.extension):
        base += file_type.extension
    if len(base) > MAX_NAME_LENGTH:
        base = base[: MAX_NAME_LENGTH - len(file_type.extension)] + file_type.extension
    return base
