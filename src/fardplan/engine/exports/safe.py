"""Text cells that are safe to open in a spreadsheet (OWASP, CSV injection).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by Excel and LibreOffice: it gets a single quote in front, which they show as
text. Control characters (vertical tab, ESC, U+FFFF…) are removed: XLSX, being XML, cannot
hold them at all, and in a CSV they only hide what a cell says. Numbers are never touched,
negative ones included: only text columns go through here.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

# Every C0 control but tab, line feed and carriage return; DEL and the C1 controls; the
# non-characters U+FFFE and U+FFFF, which XML forbids.
CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
# What makes a spreadsheet read a cell as a formula, as OWASP lists it.
FORMULA_START = "^[=+\\-@\t\r]"
_CONTROL = re.compile(CONTROL)
_FORMULA_START = re.compile(FORMULA_START)


def safe_text(value: str) -> str:
    """Return ``value`` without control characters, quoted when it would start a formula."""
    cleaned = _CONTROL.sub("", value)
    return "'" + cleaned if _FORMULA_START.match(cleaned) else cleaned


def safe_cell(value: object) -> object:
    """Return a text ``value`` made safe (``safe_text``); anything else (numbers) as it is."""
    return safe_text(value) if isinstance(value, str) else value


def safe_columns(table: pa.Table) -> pa.Table:
    """Return ``table`` with every text column made safe, vectorised; other columns unchanged."""
    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            column = pc.replace_substring_regex(table.column(index), CONTROL, "")
            quoted = pc.binary_join_element_wise("'", column, "")
            column = pc.if_else(pc.match_substring_regex(column, FORMULA_START), quoted, column)
            table = table.set_column(index, field, column)
    return table
