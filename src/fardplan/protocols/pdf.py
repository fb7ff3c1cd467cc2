"""The text layer of a PDF, page by page, within bounds.

pypdf's layout mode keeps the page's reading order and its blank lines between paragraphs
(plain mode puts a page's running header after its text and joins paragraphs), so the text
of a PDF cuts into the same paragraphs as the extract's text.

A hostile or broken PDF can make pypdf slow or raise anything from deep inside, so the
extraction is bounded (pages, seconds between pages, characters) and every failure of pypdf
becomes a :class:`ProtocolError` naming the page.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError

from fardplan.protocols.bounds import MAX_CHARACTERS, MAX_PAGES, MAX_PDF_SECONDS, PDF_END_WINDOW
from fardplan.protocols.errors import ProtocolError, page_list

Clock = Callable[[], float]


def read_pdf(data: bytes, *, clock: Clock = time.monotonic) -> str:
    """Return the text of the PDF ``data``, its pages joined by line breaks.

    Raise :class:`ProtocolError`: "corrupt_pdf" for a truncated (no ``%%EOF``) or unreadable
    PDF, "encrypted" for one that needs a password, "too_many_pages" past :data:`MAX_PAGES`,
    "too_slow" past :data:`MAX_PDF_SECONDS`, "too_long" past :data:`MAX_CHARACTERS`, and
    "no_text_layer" when a page is scanned (an image without text) or no page has text.
    """
    if b"%%EOF" not in data[-PDF_END_WINDOW:]:
        raise _corrupt(
            "the PDF ends before its end marker (%%EOF): it is truncated",
            "PDF:en tar slut före sitt slutmärke (%%EOF): den är avkortad",
        )
    reader = _open(data)
    pages = _pages(reader)
    started = clock()
    texts: list[str] = []
    scanned: list[int] = []
    length = 0
    for number, page in enumerate(pages, start=1):
        if clock() - started > MAX_PDF_SECONDS:
            raise ProtocolError(
                "too_slow",
                f"reading the PDF's text took more than {MAX_PDF_SECONDS:.0f} seconds "
                f"(stopped before page {number})",
                f"att läsa PDF:ens text tog mer än {MAX_PDF_SECONDS:.0f} sekunder "
                f"(avbrutet före sidan {number})",
                (number,),
            )
        text = _page_text(page, number)
        if not text.strip() and _has_image(page):
            scanned.append(number)
        texts.append(text)
        length += len(text)
        if length > MAX_CHARACTERS:
            raise ProtocolError(
                "too_long",
                f"the PDF has more than {MAX_CHARACTERS:,} characters of text (at page {number})",
                f"PDF:en har mer än {MAX_CHARACTERS:,} tecken text (vid sidan {number})".replace(
                    ",", " "
                ),
                (number,),
            )
    _refuse_scans(scanned, texts)
    return "\n".join(texts)


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        return reader
    except ProtocolError:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file
        raise _unreadable("the PDF", "PDF:en", error) from None


def _decrypt(reader: PdfReader) -> None:
    """Open a PDF protected only against changes (an empty user password) as any viewer does;
    refuse one that needs a password to be read."""
    try:
        opened = bool(reader.decrypt(""))  # PasswordType.NOT_DECRYPTED is 0
    except DependencyError:
        opened = False
    if not opened:
        raise ProtocolError(
            "encrypted",
            "the PDF is encrypted with a password; save it again without one",
            "PDF:en är krypterad med lösenord; spara den igen utan lösenord",
        )


def _pages(reader: PdfReader) -> list[PageObject]:
    try:
        count = len(reader.pages)
    except Exception as error:
        raise _unreadable("the PDF's pages", "PDF:ens sidor", error) from None
    if count > MAX_PAGES:
        raise ProtocolError(
            "too_many_pages",
            f"the PDF has {count} pages; an extract may have at most {MAX_PAGES}",
            f"PDF:en har {count} sidor; ett utdrag får ha högst {MAX_PAGES}",
        )
    if count == 0:
        raise _corrupt("the PDF has no pages", "PDF:en har inga sidor")
    try:
        return [reader.pages[index] for index in range(count)]
    except Exception as error:
        raise _unreadable("the PDF's pages", "PDF:ens sidor", error) from None


def _page_text(page: PageObject, number: int) -> str:
    try:
        return str(page.extract_text(extraction_mode="layout"))
    except Exception:  # layout mode fails on some fonts: plain mode may not
        pass
    try:
        return str(page.extract_text())
    except Exception as error:
        raise _unreadable(f"page {number} of the PDF", f"sidan {number} i PDF:en", error) from None


def _has_image(page: PageObject) -> bool:
    """True when the page draws an image (directly or in a form): a scan, if it has no text."""
    try:
        return _holds_image(page.get("/Resources"), depth=0)
    except Exception:  # a broken resource dictionary: no image found
        return False


def _holds_image(resources: Any, depth: int) -> bool:
    if resources is None or depth > 3:
        return False
    objects = resources.get_object().get("/XObject")
    if objects is None:
        return False
    for reference in objects.get_object().values():
        item = reference.get_object()
        if item.get("/Subtype") == "/Image":
            return True
        if item.get("/Subtype") == "/Form" and _holds_image(item.get("/Resources"), depth + 1):
            return True
    return False


def _refuse_scans(scanned: list[int], texts: list[str]) -> None:
    empty = tuple(n for n, text in enumerate(texts, start=1) if not text.strip())
    if scanned:
        pages = tuple(scanned)
        english, swedish = ("page", "sidan") if len(pages) == 1 else ("pages", "sidorna")
        shown = page_list(pages)
        raise ProtocolError(
            "no_text_layer",
            f"{english} {shown} of the PDF {'has' if len(pages) == 1 else 'have'} no text layer "
            "(a scanned image); export the extract as PDF from its source, or run text "
            "recognition (OCR) first",
            f"{swedish} {shown} i PDF:en saknar textlager (en inskannad bild); exportera "
            "utdraget som PDF från originalet, eller kör textigenkänning (OCR) först",
            pages,
        )
    if len(empty) == len(texts):
        raise ProtocolError(
            "no_text_layer",
            "the PDF has no text on any page",
            "PDF:en har ingen text på någon sida",
            empty,
        )


def _corrupt(english: str, swedish: str) -> ProtocolError:
    return ProtocolError("corrupt_pdf", english, swedish)


def _unreadable(what: str, swedish: str, error: Exception) -> ProtocolError:
    kind = type(error).__name__
    return _corrupt(f"{what} cannot be read ({kind})", f"{swedish} går inte att läsa ({kind})")
