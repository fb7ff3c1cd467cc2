"""Every limit of the protocol import, in one place.

A protocol extract is a few pages of text: a file past these limits is a mistake or an attack,
and refusing it early keeps a request's cost bounded (memory, pages parsed, seconds spent).
"""

from __future__ import annotations

MAX_PDF_BYTES = 10_000_000  # a long extract with scanned signatures stays well under this
MAX_TEXT_BYTES = 1_000_000  # some 300 pages of plain text
MAX_PAGES = 100
MAX_CHARACTERS = 1_000_000  # of text, pasted or extracted from a PDF
MAX_LINES = 20_000  # a protocol of 300 pages has fewer; each line costs a few regexes
MAX_PDF_SECONDS = 20.0  # wall clock for a PDF's text extraction, checked between pages

# A real PDF ends with %%EOF, possibly followed by a little junk; one that does not is truncated.
PDF_END_WINDOW = 2048
PDF_HEADER_WINDOW = 1024  # where a PDF's %PDF- header may stand (as readers accept it)
