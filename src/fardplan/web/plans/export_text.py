"""Text made safe for the files a user downloads and opens (XLSX, DOCX).

- A control character (vertical tab, ESC, U+FFFF, …) cannot be written to the XML inside an
  Office file at all: one in a title made every export of the county fail. They are dropped.
- A spreadsheet treats text starting with ``=``, ``+``, ``-`` or ``@`` (or tab, CR) as a
  formula, which can run commands or leak data when the file is opened. As OWASP's
  CSV-injection guidance says, such text gets a leading single quote, so it stays text.
"""

from __future__ import annotations

import re
from typing import Any

# Control characters other than tab and line breaks, the C1 controls, the non-characters
# U+FFFE/U+FFFF and lone surrogates: invisible, and most are not allowed in XML 1.0.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def printable(text: str) -> str:
    """Return ``text`` without the characters an Office file cannot hold."""
    return _UNWRITABLE.sub("", text)


def spreadsheet_value(value: Any) -> Any:
    """Return a cell value safe to open: text printable and quoted when it would start a
    formula; any other value (number, date, None) as it is."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def unquoted(text: str) -> str:
    """Return a cell's text without the quote :func:`spreadsheet_value` added, so that an
    exported plan imports again as it was."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
