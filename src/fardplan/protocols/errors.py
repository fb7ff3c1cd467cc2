"""The one error of the protocol import: what was refused, where, and a stable code.

The message is English (the library's language); ``describe("sv")`` gives the Swedish that the
command prints, and ``code`` lets the web layer choose its own translated wording.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "sv"]

CODES = frozenset(
    {
        "empty",  # nothing but whitespace
        "not_a_protocol",  # no paragraph sign, decision heading or diary number
        "not_text",  # binary data that is neither text nor a PDF (a Word file, an image)
        "not_a_pdf",  # named .pdf without a PDF's header
        "corrupt_pdf",  # a PDF that cannot be read (truncated, broken)
        "encrypted",  # a PDF that needs a password to open
        "no_text_layer",  # scanned pages: images, no text
        "too_large",  # bytes over the limit
        "too_many_pages",
        "too_long",  # characters over the limit after extraction
        "too_slow",  # the PDF's extraction ran past its time
    }
)


class ProtocolError(ValueError):
    """Input the protocol import refuses. ``code`` is one of :data:`CODES`; ``pages`` the
    pages (from 1) the refusal is about, when it is about pages."""

    def __init__(self, code: str, message: str, swedish: str, pages: tuple[int, ...] = ()) -> None:
        if code not in CODES:
            raise ValueError(f"unknown protocol error code {code!r}")
        super().__init__(message)
        self.code, self.message, self.swedish, self.pages = code, message, swedish, pages

    def describe(self, language: Language = "en") -> str:
        return self.swedish if language == "sv" else self.message


def page_list(pages: tuple[int, ...], limit: int = 10) -> str:
    """Return ``"2, 3, 5"``, or the first ``limit`` pages and ``…`` for more."""
    shown = ", ".join(str(page) for page in pages[:limit])
    return shown + (", …" if len(pages) > limit else "")
