"""Find a dataset's tables on disk, read their schemas and open them in an Ibis backend.

A dataset is a folder with one Parquet file (``contacts.parquet``) or one folder of Parquet files
(``contacts/``) per table of the contract.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from fardplan.contract import TABLES
from fardplan.engine.errors import DatasetError, Violation


def locate(data_dir: Path) -> dict[str, Path]:
    """Return each contract table's file or folder; ``DatasetError`` lists the missing ones."""
    if not data_dir.is_dir():
        rule, rule_sv = f"{data_dir} is not a folder", f"{data_dir} är ingen mapp"
        raise DatasetError([Violation("(dataset)", None, rule, 0, (), rule_sv)])
    found: dict[str, Path] = {}
    missing: list[Violation] = []
    for table in TABLES:
        file, folder = data_dir / f"{table}.parquet", data_dir / table
        if file.is_file():
            found[table] = file
        elif folder.is_dir() and any(folder.rglob("*.parquet")):
            found[table] = folder
        else:
            listed = f"{file.name} or {folder.name}/"
            listed_sv = f"{file.name} eller {folder.name}/"
            missing.append(
                Violation(
                    table,
                    None,
                    f"table missing: no {listed}",
                    0,
                    (),
                    f"tabellen saknas: varken {listed_sv} finns",
                )
            )
    if missing:
        raise DatasetError(missing)
    return found


def read_schema(path: Path, table: str = "(dataset)") -> pa.Schema:
    """Return the Arrow schema of a Parquet file or folder (its first file's; no rows are read).

    Raises ``DatasetError`` naming ``table`` and the file when its footer cannot be read.

    Read from the footer with ``pyarrow.parquet``: ``pyarrow.dataset`` would import pandas
    wherever it is installed, a third of a second of every command's start-up (a compute or
    an export still imports it later, through Ibis's conversion to Arrow or ``pa.array``).
    """
    files = parquet_files(path)
    return open_parquet(files[0], table).schema_arrow if files else pa.schema([])


def open_parquet(file: Path, table: str) -> pq.ParquetFile:
    """Return ``file`` opened (its footer read); ``DatasetError`` naming ``table`` and the file
    when it is no Parquet file, empty, truncated or its footer corrupt."""
    try:
        return pq.ParquetFile(file)
    except (OSError, pa.ArrowException) as error:
        raise DatasetError([unreadable(table, file, error)]) from None


def unreadable(
    table: str, file: Path, error: BaseException, group: int | None = None, column: str = ""
) -> Violation:
    """Return the finding that ``file`` of ``table`` cannot be read (in row ``group``, if
    known, and ``column``)."""
    reason = short_reason(error)
    part = part_sv = ""
    if group is not None:
        part, part_sv = f" (row group {group})", f" (radgrupp {group})"
    return Violation(
        table,
        column or None,
        f"{file.name}{part}: not a readable Parquet file (truncated or corrupt: {reason})",
        0,
        (),
        f"{file.name}{part_sv}: ingen läsbar Parquet-fil (avkortad eller skadad: {reason})",
    )


def short_reason(error: BaseException, limit: int = 120) -> str:
    """Return the first line of ``error``'s message, cut to ``limit`` characters."""
    text = str(error).strip()
    line = text.splitlines()[0] if text else type(error).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


def table_rows(paths: dict[str, Path]) -> dict[str, int]:
    """Return each table's number of rows, from the footers of all its files.

    Every file's footer is read, so a corrupt or truncated file anywhere in a folder is
    refused here by name (``DatasetError``), before any query reads it.
    """
    return {
        table: sum(open_parquet(file, table).metadata.num_rows for file in parquet_files(path))
        for table, path in paths.items()
    }


def find_unreadable(paths: dict[str, Path]) -> Violation | None:
    """Return the first part of the dataset that cannot be read, or None when all can.

    Reads every column chunk of the contract's columns, one at a time: what a failed query
    leaves unsaid (which file, row group and column). Costly, so only run once a query failed.
    """
    for table, path in paths.items():
        names = [column.name for column in TABLES[table]]
        for file in parquet_files(path):
            parquet = open_parquet(file, table)
            for group in range(parquet.metadata.num_row_groups):
                for name in names:
                    try:
                        parquet.read_row_group(group, columns=[name])
                    except (OSError, pa.ArrowException) as error:
                        return unreadable(table, file, error, group, name)
    return None


def parquet_files(path: Path) -> list[Path]:
    """Return a table's Parquet files: the file itself, or a folder's in name order."""
    return [path] if path.is_file() else sorted(path.rglob("*.parquet"))


def parquet_rows(path: Path) -> int:
    """Return the number of rows of a table's Parquet files, from their footers."""
    return sum(open_parquet(file, path.stem).metadata.num_rows for file in parquet_files(path))


def keys_ascending(
    path: Path | Sequence[Path], columns: tuple[str, ...], above: tuple[int, ...] | None = None
) -> bool:
    """Return True when the integer key ``columns`` are strictly ascending, row after row.

    Then no key occurs twice, which saves a hash of every key: producers usually write
    tables in key order. One column at a time is read, a million rows per batch; any null,
    non-integer key or step that is not upwards answers False (the full check then runs).
    ``path``: a table, or some of its files in order. ``above``: a key the first must exceed.
    """
    if not isinstance(path, Path) and not path:
        return True
    files = [
        pq.ParquetFile(file) for file in (parquet_files(path) if isinstance(path, Path) else path)
    ]
    # A file without an integer key (a later file of a folder may differ from the first,
    # whose schema was checked) answers False: the full check then names the fault.
    schemas = [file.schema_arrow for file in files]
    if not all(
        c in schema.names and pa.types.is_integer(schema.field(c).type)
        for schema in schemas
        for c in columns
    ):
        return False
    previous = above
    batches = (
        batch
        for file in files
        for batch in file.iter_batches(batch_size=1 << 20, columns=list(columns))
    )
    for batch in batches:
        if batch.num_rows == 0:
            continue
        if any(batch.column(c).null_count for c in columns):
            return False
        keys = [np.asarray(batch.column(c).to_numpy(), dtype=np.int64) for c in columns]
        if previous is not None and not previous < tuple(int(k[0]) for k in keys):
            return False
        if not _strictly_ascending(keys):
            return False
        previous = tuple(int(k[-1]) for k in keys)
    return True


def _strictly_ascending(keys: list[np.ndarray]) -> bool:
    """Return True when the rows of the key columns ``keys`` ascend strictly (lexicographic)."""
    ascending = np.zeros(len(keys[0]) - 1, dtype=bool)
    tied = np.ones(len(keys[0]) - 1, dtype=bool)
    for key in keys:
        ascending |= tied & (key[1:] > key[:-1])
        tied &= key[1:] == key[:-1]
    return bool(ascending.all())


def fingerprint(paths: dict[str, Path]) -> str:
    """Return a short hash of the dataset's files (names, sizes, modification times)."""
    digest = hashlib.sha256()
    for table in sorted(paths):
        files = [paths[table]] if paths[table].is_file() else sorted(paths[table].rglob("*"))
        for file in files:
            if file.is_file():
                stat = file.stat()
                digest.update(f"{table}/{file.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def open_tables(
    con: ibis.BaseBackend, paths: Mapping[str, Path] | Mapping[str, str]
) -> dict[str, ir.Table]:
    """Open every table in ``con`` with the contract's columns, integers widened to int64.

    Columns beyond the contract are ignored, so a producer may add its own. A table's path
    is a local file or folder, or a URI on a cluster's storage that Spark reads (``remote``).
    """
    tables: dict[str, ir.Table] = {}
    for table, path in paths.items():
        source = str(path)
        if isinstance(path, Path) and path.is_dir() and con.name == "duckdb":
            source = f"{path}/**/*.parquet"
        tables[table] = open_table(con, table, source)
    return tables


def open_table(con: ibis.BaseBackend, table: str, source: str | list[str]) -> ir.Table:
    """Open one table's Parquet ``source`` (a path, glob or list of files) as ``open_tables``."""
    if isinstance(source, list) and con.name != "duckdb":
        # PySpark's reader takes one path: each file is opened and their rows appended.
        parts = [open_table(con, table, file) for file in source]
        return ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    raw = con.read_parquet(source, table_name=f"src_{table}_{next(_opened)}")
    columns = {}
    for column in TABLES[table]:
        value = raw[column.name]
        if column.kind == "int":
            value = value.cast("int64")
        elif column.kind == "date":
            value = value.cast("date")
        columns[column.name] = value
    return raw.select(**columns)


_opened = itertools.count()
