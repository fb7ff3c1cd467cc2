"""The type of a basis file is judged by its bytes; the size is bounded before reading."""

from __future__ import annotations

import io

import pytest

from fardplan.web.decisions import uploads
from fardplan.web.decisions.uploads import MAX_BASIS_BYTES, UploadRefused, safe_name, sniff
from tests.web.decisions import files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.PDF, uploads.PDF),
        (files.docx_bytes(), uploads.DOCX),
        (files.xlsx_bytes(), uploads.XLSX),
        (files.odt_bytes(), uploads.ODT),
        (files.TEXT, uploads.TXT),
        ("\ufeffMed BOM\r\n\tindrag".encode(), uploads.TXT),
    ],
    ids=["pdf", "docx", "xlsx", "odt", "txt", "txt-bom"],
)
def test_it_finds_each_accepted_type_by_content(content: bytes, expected: uploads.FileType) -> None:
    stream = io.BytesIO(content)
    assert sniff(stream, len(content)) == expected
    assert stream.tell() == 0  # rewound for the storage to read it


@pytest.mark.parametrize(
    "content",
    [files.EXE, files.HTML, files.plain_zip_bytes(), b"\xff\xfe\x00b\x00a", b"PK\x03\x04broken"],
    ids=["exe", "html-with-nul", "zip", "utf16", "broken-zip"],
)
def test_it_refuses_anything_else_whatever_its_name(content: bytes) -> None:
    with pytest.raises(UploadRefused) as refused:
        sniff(io.BytesIO(content), len(content))
    assert refused.value.code == "wrong_type"


class NeverRead(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("a file over the limit must not be read")


def test_it_refuses_a_file_over_the_limit_before_reading_it() -> None:
    with pytest.raises(UploadRefused) as refused:
        sniff(NeverRead(), MAX_BASIS_BYTES + 1)
    assert refused.value.code == "too_large"


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(UploadRefused) as refused:
        sniff(io.BytesIO(b""), 0)
    assert refused.value.code == "empty"


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("Målbild Nära vård.pdf", uploads.PDF, "Målbild Nära vård.pdf"),
        ("rapport.exe", uploads.PDF, "rapport.exe.pdf"),
        ("C:\\Users\\x\\Avsikt.DOCX", uploads.DOCX, "Avsikt.DOCX"),
        ("../../etc/passwd", uploads.TXT, "passwd.txt"),
        ("bad\x00\nname.txt", uploads.TXT, "badname.txt"),
        ("", uploads.ODT, "underlag.odt"),
        ("x" * 300 + ".pdf", uploads.PDF, "x" * 196 + ".pdf"),
    ],
)
def test_it_offers_a_safe_name(name: str, file_type: uploads.FileType, expected: str) -> None:
    assert safe_name(name, file_type) == expected
