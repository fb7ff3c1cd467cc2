"""From a file's bytes to the text of a protocol extract: a PDF's text layer, or text.

A PDF is known by its ``%PDF-`` header, not its name; a file named ``.pdf`` without one is
refused. Text is UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
else Windows-1252 (what a Swedish Windows program saves). Each limit is in :mod:`bounds`.
"""

from __future__ import annotations

import codecs

from fardplan.protocols.bounds import MAX_PDF_BYTES, MAX_TEXT_BYTES, PDF_HEADER_WINDOW
from fardplan.protocols.errors import ProtocolError
from fardplan.protocols.pdf import read_pdf


def read_protocol_file(data: bytes, *, filename: str = "") -> str:
    """Return the text of a protocol extract's file; raise :class:`ProtocolError` for an empty
    file, one over its size limit, a ``.pdf`` that is no PDF, a binary file that is not text,
    and any PDF that :func:`read_pdf` refuses."""
    if not data.strip():
        raise ProtocolError(
            "empty", f"{_named(filename)}is empty", f"{_named(filename, 'sv')}är tom"
        )
    if is_pdf(data):
        _bounded(data, MAX_PDF_BYTES, "PDF", filename)
        return read_pdf(data)
    if filename.lower().endswith(".pdf"):
        raise ProtocolError(
            "not_a_pdf",
            f"{_named(filename)}is named .pdf but is not a PDF (it does not begin with %PDF-)",
            f"{_named(filename, 'sv')}heter .pdf men är ingen PDF (den börjar inte med %PDF-)",
        )
    _bounded(data, MAX_TEXT_BYTES, "text", filename)
    text = decode_text(data, filename)
    if not text.strip():  # a byte-order mark and spaces
        raise ProtocolError(
            "empty", f"{_named(filename)}is empty", f"{_named(filename, 'sv')}är tom"
        )
    return text


def is_pdf(data: bytes) -> bool:
    """True when ``data`` has a PDF header in its first kilobyte, as PDF readers accept it."""
    return b"%PDF-" in data[:PDF_HEADER_WINDOW]


def decode_text(data: bytes, filename: str = "") -> str:
    """Return ``data`` decoded: UTF-16 or UTF-8 by their byte-order marks, else UTF-8, else
    Windows-1252. Binary data (a NUL byte, a zip or Word file) is refused as "not_text"."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decoded(data, encoding, filename)
    if b"\x00" in data or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ProtocolError(
            "not_text",
            f"{_named(filename)}is neither text nor a PDF (a Word file or an image?); "
            "save the extract as PDF or copy its text",
            f"{_named(filename, 'sv')}är varken text eller PDF (en Word-fil eller en bild?); "
            "spara utdraget som PDF eller kopiera dess text",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _decoded(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ProtocolError(
            "not_text",
            f"{_named(filename)}begins as UTF-16 text but is not",
            f"{_named(filename, 'sv')}börjar som UTF-16-text men är det inte",
        ) from None


def _bounded(data: bytes, limit: int, what: str, filename: str) -> None:
    if len(data) > limit:
        raise ProtocolError(
            "too_large",
            f"{_named(filename)}has {len(data):,} bytes; a {what} file may have at most {limit:,}",
            f"{_named(filename, 'sv')}är {_megabytes(len(data))} MB; en {what}-fil får vara "
            f"högst {_megabytes(limit)} MB",
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _named(filename: str, language: str = "en") -> str:
    """``"the file x.pdf "`` or ``"the file "``: the start of a refusal."""
    word = "filen" if language == "sv" else "the file"
    return f"{word} {filename} " if filename else f"{word} "
