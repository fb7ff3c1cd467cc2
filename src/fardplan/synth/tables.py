"""The contract's tables (shared spec care-data.md) as Arrow schemas, and array → table helpers.

Text columns are written dictionary-encoded without the Arrow schema in the file, so every
reader (pyarrow, DuckDB, Spark) sees plain ``string``; :data:`CONTRACT` is what they read back.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from fardplan.contract import TABLES as CONTRACT_TABLES
from fardplan.contract import arrow_schema
from fardplan.synth.types import AnyArray, BoolArray, IntArray

_STR = pa.string()
_DICT = pa.dictionary(pa.int32(), pa.string())

# The exact schemas, from the one definition of the contract that the engine checks against.
CONTRACT: dict[str, pa.Schema] = {name: arrow_schema(name) for name in CONTRACT_TABLES}
TABLES = tuple(CONTRACT)


def write_schema(table: str) -> pa.Schema:
    """Return the schema used while writing: the contract with text columns as dictionaries."""
    return pa.schema(
        [pa.field(f.name, _DICT if f.type == _STR else f.type) for f in CONTRACT[table]]
    )


def text(indices: IntArray, dictionary: pa.Array) -> pa.DictionaryArray:
    """Return a dictionary column; index -1 becomes null."""
    mask = indices < 0
    idx = pa.array(np.where(mask, 0, indices).astype(np.int32), mask=mask if mask.any() else None)
    return pa.DictionaryArray.from_arrays(idx, dictionary)


def constant_text(value: str, n: int) -> pa.DictionaryArray:
    return text(np.zeros(n, dtype=np.int64), pa.array([value]))


def dates(days: IntArray, nullable: bool = True) -> pa.Array:
    """Return a date32 column from day numbers. With ``nullable``, -1 becomes null: event dates
    are never 1969-12-31, but birth dates can be, so they are written with ``nullable=False``."""
    mask = days == -1 if nullable else np.zeros(days.size, dtype=bool)
    values = pa.array(days.astype(np.int32), mask=mask if mask.any() else None)
    return values.view(pa.date32())


def ints(values: AnyArray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64))


def bools(values: BoolArray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=bool))


def table(name: str, columns: dict[str, pa.Array]) -> pa.Table:
    """Return a table of ``name`` in write order; raises KeyError for a missing column."""
    schema = write_schema(name)
    return pa.Table.from_arrays([columns[f.name] for f in schema], schema=schema)
