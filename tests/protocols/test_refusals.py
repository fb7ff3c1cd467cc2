"""Bad input is refused with a clear message and a stable code, and nothing else happens."""

from __future__ import annotations

from pathlib import Path

import pytest

from fardplan.protocols import ProtocolError, parse_protocol_file, parse_protocol_text
from fardplan.protocols.bounds import MAX_CHARACTERS, MAX_LINES, MAX_PDF_BYTES, MAX_TEXT_BYTES
from fardplan.protocols.pdf import read_pdf
from tests.protocols.pdfs import blank_pdf, encrypted_pdf, joined_pdf, scanned_pdf

ROOT = Path(__file__).resolve().parents[2]
RECIPE = """Kanelbullar

Deg: 50 g jäst, 150 g smör, 5 dl mjölk, 1 dl socker, 15 dl vetemjöl.
Fyllning: 100 g smör, 1 dl socker, 1 msk kanel.

Smält smöret, häll i mjölken och värm till fingervarmt. Baka ut och grädda i 225 grader.
"""


def refusal(data: bytes, filename: str = "") -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol_file(data, filename=filename)
    return caught.value


@pytest.fixture(scope="module")
def extract_pdf(rendered: dict[tuple[str, int], Path]) -> bytes:
    return rendered["timra-kommunfullmaktige-17.txt", 11].read_bytes()


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n ", "\ufeff \n".encode()])
def test_an_empty_file_is_refused(data: bytes) -> None:
    error = refusal(data, "utdrag.txt")
    assert error.code == "empty"
    assert str(error) == "the file utdrag.txt is empty"
    assert error.describe("sv") == "filen utdrag.txt är tom"


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(ProtocolError, match="empty") as caught:
        parse_protocol_text(" \n\u00a0\n")
    assert caught.value.code == "empty"


@pytest.mark.parametrize(
    "text",
    [
        RECIPE,
        (ROOT / "README.md").read_text(encoding="utf-8"),
        "Protokollsutdrag\nSammanträdesdatum 2021-01-25\nKommunfullmäktige\nSida 1 (2)\n",
    ],
    ids=["recipe", "readme", "page-header-only"],
)
def test_a_text_that_is_not_a_protocol_is_refused(text: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol_text(text)
    assert caught.value.code == "not_a_protocol"
    assert "paragraph (§)" in str(caught.value) and "diary number" in str(caught.value)
    assert "paragraf (§)" in caught.value.describe("sv")


def test_a_scanned_pdf_is_refused_naming_its_pages() -> None:
    error = refusal(scanned_pdf(pages=2), "skannad.pdf")
    assert (error.code, error.pages) == ("no_text_layer", (1, 2))
    assert str(error).startswith("pages 1, 2 of the PDF have no text layer")
    assert error.describe("sv").startswith("sidorna 1, 2 i PDF:en saknar textlager")


def test_a_scanned_page_among_pages_of_text_is_refused(extract_pdf: bytes) -> None:
    error = refusal(joined_pdf(extract_pdf, scanned_pdf(pages=1)))
    pages = error.pages
    assert error.code == "no_text_layer" and len(pages) == 1 and pages[0] > 1
    assert error.describe("sv").startswith(f"sidan {pages[0]} i PDF:en saknar textlager")


def test_a_pdf_of_blank_pages_is_refused() -> None:
    error = refusal(blank_pdf(pages=2))
    assert (error.code, error.pages) == ("no_text_layer", (1, 2))
    assert str(error) == "the PDF has no text on any page"


def test_a_file_named_pdf_that_is_not_one_is_refused() -> None:
    error = refusal(b"Detta \xe4r ingen PDF", "utdrag.PDF")
    assert error.code == "not_a_pdf"
    assert "utdrag.PDF is named .pdf but is not a PDF" in str(error)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_pdf_is_refused(extract_pdf: bytes, cut: float) -> None:
    error = refusal(extract_pdf[: int(len(extract_pdf) * cut)])
    assert error.code == "corrupt_pdf" and "truncated" in str(error)


def test_a_corrupt_pdf_is_refused() -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    error = refusal(data)
    assert error.code == "corrupt_pdf"
    assert str(error).startswith("the PDF cannot be read")


def test_an_encrypted_pdf_is_refused(extract_pdf: bytes) -> None:
    error = refusal(encrypted_pdf(extract_pdf, user_password="hemligt"))
    assert error.code == "encrypted"
    assert error.describe("sv") == "PDF:en är krypterad med lösenord; spara den igen utan lösenord"


def test_a_pdf_over_the_size_limit_is_refused_before_it_is_read() -> None:
    error = refusal(b"%PDF-1.7\n" + b"0" * MAX_PDF_BYTES)
    assert error.code == "too_large"
    assert f"at most {MAX_PDF_BYTES:,}" in str(error)


def test_a_text_over_the_size_limit_is_refused() -> None:
    error = refusal(b"\xa7 1 Beslut " * (MAX_TEXT_BYTES // 10 + 1), "utdrag.txt")
    assert error.code == "too_large"
    assert "en text-fil får vara högst 1,0 MB" in error.describe("sv")


def test_a_pdf_of_too_many_pages_is_refused() -> None:
    error = refusal(blank_pdf(pages=101))
    assert error.code == "too_many_pages"
    assert str(error) == "the PDF has 101 pages; an extract may have at most 100"


def test_a_pdf_that_takes_too_long_is_stopped_between_pages(extract_pdf: bytes) -> None:
    ticks = iter(range(0, 1000, 15))  # 15 s pass at each look: 30 s before page 2
    with pytest.raises(ProtocolError) as caught:
        read_pdf(extract_pdf, clock=lambda: float(next(ticks)))
    assert (caught.value.code, caught.value.pages) == ("too_slow", (2,))
    assert "more than 20 seconds (stopped before page 2)" in str(caught.value)


def test_a_text_over_the_character_or_line_limit_is_refused() -> None:
    for text in ("§ 1 " * (MAX_CHARACTERS // 4 + 1), "§ 1\n" * MAX_LINES):
        with pytest.raises(ProtocolError) as caught:
            parse_protocol_text(text)
        assert caught.value.code == "too_long"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x06\x00word/document.xml"],
    ids=["png", "docx"],
)
def test_a_binary_file_that_is_neither_text_nor_pdf_is_refused(data: bytes) -> None:
    error = refusal(data, "utdrag.docx")
    assert error.code == "not_text"
    assert "save the extract as PDF or copy its text" in str(error)


def test_an_unknown_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown protocol error code"):
        ProtocolError("oops", "x", "x")
