"""Read a results file back (``fardplan compute --out``) and refuse one that is not one.

A results file is a user's file like any other: it may be truncated, corrupt, edited or of
another program. Whatever is wrong is refused by name (file, column, what was found), as
``EngineError``, never as a reader's raw message.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fardplan.engine.errors import EngineError
from fardplan.engine.schema import RESULT_SCHEMA

# The kinds of column a results file must have (``_kind``); any number width will do.
_KINDS_SV = {"text": "text", "number": "tal", "true/false": "sant/falskt"}


def read_results(path: Path) -> pa.Table:
    """Return the results in ``path``, cast to ``RESULT_SCHEMA``.

    Raises ``EngineError`` naming the file when it cannot be read as Parquet, and the columns
    that are missing or of another kind (the ``suppressed`` flag included).
    """
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as error:
        raise EngineError(
            f"{path.name}: not a readable Parquet file (truncated or corrupt: {_short(error)})",
            f"{path.name}: ingen läsbar Parquet-fil (avkortad eller skadad: {_short(error)})",
        ) from None
    problems, problems_sv = [], []
    for field in RESULT_SCHEMA:
        kind = _kind(field.type)
        if field.name not in table.column_names:
            problems.append(f"column {field.name} missing")
            problems_sv.append(f"kolumnen {field.name} saknas")
        elif _kind(table.schema.field(field.name).type) != kind:
            found = table.schema.field(field.name).type
            problems.append(f"column {field.name} has type {found}, not {kind}")
            problems_sv.append(f"kolumnen {field.name} har typen {found}, inte {_KINDS_SV[kind]}")
    if problems:
        raise EngineError(
            f"{path.name} is not a results file of fardplan compute: {'; '.join(problems)}",
            f"{path.name} är ingen resultatfil från fardplan compute: {'; '.join(problems_sv)}",
        )
    try:
        return table.select(RESULT_SCHEMA.names).cast(RESULT_SCHEMA)
    except pa.ArrowException as error:  # a fractional denominator, say
        raise EngineError(
            f"{path.name}: a column does not hold what a results file holds ({_short(error)})",
            f"{path.name}: en kolumn innehåller inte det en resultatfil har ({_short(error)})",
        ) from None


def _kind(arrow_type: pa.DataType) -> str:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "text"
    if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type):
        return "number"
    return "true/false" if pa.types.is_boolean(arrow_type) else str(arrow_type)


def _short(error: BaseException, limit: int = 120) -> str:
    """Return the first line of ``error``'s message, cut to ``limit`` characters."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["read_results"]
