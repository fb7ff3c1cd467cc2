"""Small files of every accepted type, and some that only pretend to be one."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    stream = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Tjänsteskrivelse")
    document.save(stream)
    return stream.getvalue()


def xlsx_bytes() -> bytes:
    stream = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Kommun", "Beslut"])  # type: ignore[union-attr]
    workbook.save(stream)
    return stream.getvalue()


def odt_bytes() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return stream.getvalue()


def plain_zip_bytes() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("program.exe", b"MZ\x90\x00")
    return stream.getvalue()


TEXT = "Avsiktsförklaring Nära vård\nUndertecknad av länets huvudmän.\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
HTML = b"<html><script>alert(1)</script></html>\x00"
